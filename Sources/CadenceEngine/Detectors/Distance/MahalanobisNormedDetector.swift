/// Mahalanobis (normed) detector of Killourhy & Maxion 2009 (after Bleha et al. 1990).
///
/// Training: as ``MahalanobisDetector``. Score: `(x − y)ᵀ S⁻¹ (x − y) / (‖x‖ · ‖y‖)`, the squared
/// Mahalanobis distance divided by the product of the Euclidean norms of the test and mean
/// vectors (1/ms² for timing vectors).
public struct MahalanobisNormedDetector: Detector {
    public let name = "mahalanobis-normed"

    public init() {}

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        let mean = TrainingStatistics(genuine).mean
        return Model(
            base: MahalanobisDetector.Model(mean: mean, inverse: InverseCovariance(samples: genuine, mean: mean)),
            meanNorm: FeatureVectorDistance.euclideanNorm(mean))
    }

    struct Model: DetectorModel {
        let base: MahalanobisDetector.Model
        let meanNorm: Double

        func score(_ sample: FeatureVector) -> Double {
            let distance = base.score(sample)
            let denominator = FeatureVectorDistance.euclideanNorm(sample) * meanNorm
            return denominator > 0 ? distance / denominator : (distance > 0 ? .infinity : 0)
        }
    }
}
