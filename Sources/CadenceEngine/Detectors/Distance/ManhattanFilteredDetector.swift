/// Manhattan (filtered) detector of Killourhy & Maxion 2009 (after Joyce & Gupta 1990).
///
/// Training: the mean and standard deviation of each feature; training values more than three
/// standard deviations from their feature's mean are outliers and are dropped, and each feature's
/// mean is recomputed from the values kept. Score: the Manhattan distance between the test vector
/// and that filtered mean vector (ms for timing vectors).
public struct ManhattanFilteredDetector: Detector {
    public let name = "manhattan-filtered"

    /// Values farther than this many standard deviations from the mean are dropped.
    public var outlierDeviations: Double

    public init(outlierDeviations: Double = 3) {
        self.outlierDeviations = outlierDeviations
    }

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        let stats = TrainingStatistics(genuine)
        var mean = stats.mean
        for j in mean.indices {
            let limit = outlierDeviations * stats.standardDeviation[j]
            let kept = genuine.map { $0[j] }.filter { abs($0 - stats.mean[j]) <= limit }
            if !kept.isEmpty { mean[j] = kept.reduce(0, +) / Double(kept.count) }
        }
        return MeanTemplateDetector.Model(mean: mean, norm: .manhattan)
    }
}
