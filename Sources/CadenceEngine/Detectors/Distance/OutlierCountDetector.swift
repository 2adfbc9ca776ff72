/// Outlier count (z-score) detector of Killourhy & Maxion 2009 (after Haider et al. 2000).
///
/// Training: the mean and standard deviation of each feature. Score: the number of features
/// whose absolute z-score `|xⱼ − ȳⱼ| / sⱼ` exceeds 1.96 (0…d, a count). A feature with zero
/// standard deviation is scaled by the smallest positive one.
public struct OutlierCountDetector: Detector {
    public let name = "outlier-count"

    /// The |z| above which a feature counts as an outlier (1.96 in K&M).
    public var zLimit: Double

    public init(zLimit: Double = 1.96) {
        self.zLimit = zLimit
    }

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        let stats = TrainingStatistics(genuine)
        return Model(
            mean: stats.mean, deviation: TrainingStatistics.positiveScales(stats.standardDeviation), zLimit: zLimit)
    }

    struct Model: DetectorModel {
        let mean: FeatureVector
        let deviation: FeatureVector
        let zLimit: Double

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == mean.count else { return .infinity }
            var count = 0
            for j in mean.indices where abs(sample[j] - mean[j]) / deviation[j] > zLimit { count += 1 }
            return Double(count)
        }
    }
}
