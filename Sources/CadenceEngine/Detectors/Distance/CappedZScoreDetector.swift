/// Capped z-score Manhattan detector: Cadence's one-class improvement on scaled Manhattan for
/// few enrolment samples.
///
/// Training: the mean ȳ and sample standard deviation s of each feature (divisor n − 1). Score:
/// `Σⱼ min(|xⱼ − ȳⱼ| / sⱼ, c)` with c = 3 (unitless, 0…c·d). Scaled Manhattan (Killourhy & Maxion
/// 2009) lets one feature with a large deviation (a hesitation between two keys) dominate the
/// score; bounding each feature's contribution, as the outlier count does, but keeping the
/// distance continuous below the bound, makes the score robust to such pauses. A feature with zero
/// deviation uses the smallest positive one.
///
/// The bound c = 3 standard deviations was chosen on the odd-numbered half of the keystroke-challenge
/// subjects among {1, 2, 2.5, 3, 4, 5} and checked on the even-numbered half.
public struct CappedZScoreDetector: Detector {
    public let name = "capped-z-manhattan"

    /// Largest contribution of one feature, in standard deviations.
    public var cap: Double

    public init(cap: Double = 3) {
        self.cap = cap
    }

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        let stats = TrainingStatistics(genuine)
        return Model(mean: stats.mean, deviation: TrainingStatistics.positiveScales(stats.standardDeviation), cap: cap)
    }

    struct Model: DetectorModel {
        let mean: FeatureVector
        let deviation: FeatureVector
        let cap: Double

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == mean.count else { return .infinity }
            var sum = 0.0
            for j in mean.indices { sum += min(abs(sample[j] - mean[j]) / deviation[j], cap) }
            return sum
        }
    }
}
