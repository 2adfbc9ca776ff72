/// The Euclidean and Manhattan detectors of Killourhy & Maxion 2009 (after Duda, Hart & Stork
/// 2001): one mean template, two norms.
///
/// Training: the mean vector of the genuine samples. Score: the distance between the test vector
/// and the mean vector under ``norm``.
public struct MeanTemplateDetector: Detector {
    /// How the distance to the mean vector is measured; the raw value is the detector's name.
    public enum Norm: String, Sendable, Hashable, CaseIterable {
        /// The squared Euclidean distance `Σⱼ (xⱼ − yⱼ)²` (ms² for timing vectors).
        case euclidean
        /// The Manhattan (city-block) distance `Σⱼ |xⱼ − yⱼ|` (ms for timing vectors).
        case manhattan
    }

    public let norm: Norm

    /// `euclidean` or `manhattan`.
    public var name: String { norm.rawValue }

    public init(_ norm: Norm) {
        self.norm = norm
    }

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        return Model(mean: TrainingStatistics(genuine).mean, norm: norm)
    }

    struct Model: DetectorModel {
        let mean: FeatureVector
        let norm: Norm

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == mean.count else { return .infinity }
            switch norm {
            case .euclidean: return FeatureVectorDistance.squaredEuclidean(sample, mean)
            case .manhattan: return FeatureVectorDistance.manhattan(sample, mean)
            }
        }
    }
}
