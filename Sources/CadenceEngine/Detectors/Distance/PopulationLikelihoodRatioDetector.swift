import Foundation

/// Population log-likelihood-ratio detector: Cadence's best fixed-text detector on
/// keystroke-challenge.
///
/// Each feature is modelled as independent and normal twice: for the user, with the mean ȳⱼ and
/// sample standard deviation sⱼ of the genuine samples, and for the population, with the mean μⱼ
/// and standard deviation σⱼ of the impostor examples (other users' samples). The score is the
/// naive-Bayes log-likelihood ratio `log p(x | population) − log p(x | user)` with each z-score
/// clipped at c = 3 so that one hesitation cannot dominate:
///
/// `Σⱼ ½ min(|xⱼ − ȳⱼ| / sⱼ, c)² − ½ min(|xⱼ − μⱼ| / σⱼ, c)² + log(sⱼ / σⱼ)` (nats; higher = less
/// likely the user).
///
/// Features the user types unlike most people weigh more than features everyone types alike. The
/// clip c = 3 was chosen on the odd-numbered half of the keystroke-challenge subjects and checked
/// on the even-numbered half, including with population statistics taken only from the other half
/// (so no test impostor was in the population). Without impostor examples the population term is
/// dropped. A zero user deviation takes the smallest positive one (the population's when there is
/// none, e.g. a single enrolment sample).
public struct PopulationLikelihoodRatioDetector: Detector {
    public let name = "population-llr"

    /// Largest absolute z-score, in standard deviations.
    public var clip: Double

    public init(clip: Double = 3) {
        self.clip = clip
    }

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        let user = TrainingStatistics(genuine)
        let d = user.mean.count
        let usable = impostors.filter { $0.count == d && $0.allSatisfy(\.isFinite) }
        var population: (mean: FeatureVector, deviation: FeatureVector)?
        if usable.count >= 2 {
            let stats = TrainingStatistics(usable)
            population = (stats.mean, TrainingStatistics.positiveScales(stats.standardDeviation))
        }
        var deviation = user.standardDeviation
        if !deviation.contains(where: { $0 > 0 }), let population {
            deviation = population.deviation
        }
        return Model(
            mean: user.mean, deviation: TrainingStatistics.positiveScales(deviation),
            populationMean: population?.mean, populationDeviation: population?.deviation, clip: clip)
    }

    struct Model: DetectorModel {
        let mean: FeatureVector
        let deviation: FeatureVector
        let populationMean: FeatureVector?
        let populationDeviation: FeatureVector?
        let clip: Double

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == mean.count else { return .infinity }
            var sum = 0.0
            for j in mean.indices {
                let z = min(abs(sample[j] - mean[j]) / deviation[j], clip)
                sum += z * z / 2
            }
            if let populationMean, let populationDeviation {
                for j in mean.indices {
                    let z = min(abs(sample[j] - populationMean[j]) / populationDeviation[j], clip)
                    sum += log(deviation[j] / populationDeviation[j]) - z * z / 2
                }
            }
            return sum
        }
    }
}
