/// Euclidean (normed) detector of Killourhy & Maxion 2009 (after Bleha et al. 1990).
///
/// Training: the mean vector y of the genuine samples. Score: `‖x − y‖² / (‖x‖ · ‖y‖)`, the
/// squared Euclidean distance divided by the product of the two vectors' norms (unitless).
public struct EuclideanNormedDetector: Detector {
    public let name = "euclidean-normed"

    public init() {}

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        let mean = TrainingStatistics(genuine).mean
        return Model(mean: mean, meanNorm: FeatureVectorDistance.euclideanNorm(mean))
    }

    struct Model: DetectorModel {
        let mean: FeatureVector
        let meanNorm: Double

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == mean.count else { return .infinity }
            let denominator = FeatureVectorDistance.euclideanNorm(sample) * meanNorm
            let distance = FeatureVectorDistance.squaredEuclidean(sample, mean)
            return denominator > 0 ? distance / denominator : (distance > 0 ? .infinity : 0)
        }
    }
}
