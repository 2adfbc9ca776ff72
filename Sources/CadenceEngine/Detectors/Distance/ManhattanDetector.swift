/// Manhattan detector of Killourhy & Maxion 2009 (after Duda, Hart & Stork 2001).
///
/// Training: the mean vector of the genuine samples. Score: the Manhattan (city-block) distance
/// `Σⱼ |xⱼ − yⱼ|` between the test vector and the mean vector (ms for timing vectors).
public struct ManhattanDetector: Detector {
    public let name = "manhattan"

    public init() {}

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        return Model(mean: TrainingStatistics(genuine).mean)
    }

    struct Model: DetectorModel {
        let mean: FeatureVector

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == mean.count else { return .infinity }
            return FeatureVectorDistance.manhattan(sample, mean)
        }
    }
}
