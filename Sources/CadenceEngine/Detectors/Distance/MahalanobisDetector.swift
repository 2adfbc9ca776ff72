/// Mahalanobis detector of Killourhy & Maxion 2009 (after Duda, Hart & Stork 2001).
///
/// Training: the mean vector y and covariance matrix S of the genuine samples. Score:
/// `(x − y)ᵀ S⁻¹ (x − y)`, the squared Mahalanobis distance (unitless). With fewer samples than
/// features S⁻¹ is replaced by a shrinkage estimate (see ``InverseCovariance``).
public struct MahalanobisDetector: Detector {
    public let name = "mahalanobis"

    public init() {}

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        let mean = TrainingStatistics(genuine).mean
        return Model(mean: mean, inverse: InverseCovariance(samples: genuine, mean: mean))
    }

    struct Model: DetectorModel {
        let mean: FeatureVector
        let inverse: InverseCovariance

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == mean.count else { return .infinity }
            return inverse.quadraticForm((0..<mean.count).map { sample[$0] - mean[$0] })
        }
    }
}
