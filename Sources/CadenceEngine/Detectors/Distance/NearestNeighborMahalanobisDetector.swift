/// Nearest neighbour (Mahalanobis) detector of Killourhy & Maxion 2009 (after Cho et al. 2000).
///
/// Training: the genuine samples and their covariance matrix S. Score: the smallest squared
/// Mahalanobis distance `(x − yᵢ)ᵀ S⁻¹ (x − yᵢ)` from the test vector to any training vector
/// (unitless). With fewer samples than features S⁻¹ is a shrinkage estimate (``InverseCovariance``).
public struct NearestNeighborMahalanobisDetector: Detector {
    public let name = "nearest-neighbor-mahalanobis"

    public init() {}

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        let mean = TrainingStatistics(genuine).mean
        return Model(training: genuine, inverse: InverseCovariance(samples: genuine, mean: mean))
    }

    struct Model: DetectorModel {
        let training: [FeatureVector]
        let inverse: InverseCovariance

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == inverse.dimension else { return .infinity }
            var best = Double.infinity
            for y in training {
                best = min(best, inverse.quadraticForm((0..<y.count).map { sample[$0] - y[$0] }))
            }
            return best
        }
    }
}
