/// Scaled Manhattan detector, exactly as Killourhy & Maxion 2009 define it (after Araújo et al.
/// 2004).
///
/// Training: the mean vector ȳ of the genuine samples and the mean absolute deviation of each
/// feature, `aⱼ = (1/n) Σᵢ |yᵢⱼ − ȳⱼ|` (divisor n, deviations from the mean). Score:
/// `Σⱼ |xⱼ − ȳⱼ| / aⱼ` (unitless). A feature that never varied in training (aⱼ = 0, which K&M's
/// data never produce) is scaled by the smallest positive aⱼ instead of dividing by zero.
public struct ScaledManhattanDetector: Detector {
    public let name = "scaled-manhattan"

    public init() {}

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        let stats = TrainingStatistics(genuine)
        return Model(mean: stats.mean, scale: TrainingStatistics.positiveScales(stats.meanAbsoluteDeviation))
    }

    struct Model: DetectorModel {
        let mean: FeatureVector
        let scale: FeatureVector

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == mean.count else { return .infinity }
            var sum = 0.0
            for j in mean.indices { sum += abs(sample[j] - mean[j]) / scale[j] }
            return sum
        }
    }
}
