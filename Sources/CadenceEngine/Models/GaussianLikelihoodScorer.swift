import Foundation

/// Naive-Bayes Gaussian likelihood ratio of a sample under the population and under the user,
/// recalibrated with Platt scaling on held-out halves so that its output is a usable
/// log-likelihood ratio (naive Bayes alone is overconfident).
///
/// A light model for modalities with few features (keystroke windows) and the fallback scorer.
public struct GaussianLikelihoodScorer: SampleScorer, Codable, Hashable {
    var userMeans: [Double]
    var userDeviations: [Double]
    var populationMeans: [Double]
    var populationDeviations: [Double]
    var calibration: ScoreCalibration

    /// The uncalibrated naive-Bayes log-likelihood ratio, divided by the number of features.
    func rawScore(_ x: FeatureVector) -> Double {
        var sum = 0.0
        let n = min(x.count, userMeans.count)
        guard n > 0 else { return 0 }
        for i in 0..<n {
            let zu = (x[i] - userMeans[i]) / userDeviations[i]
            let zp = (x[i] - populationMeans[i]) / populationDeviations[i]
            sum += 0.5 * (min(zu * zu, 100) - min(zp * zp, 100)) + log(populationDeviations[i] / userDeviations[i]) * -1
        }
        return sum / Double(n)
    }

    public func logLikelihoodRatio(_ sample: FeatureVector) -> Double {
        calibration.logLikelihoodRatio(rawScore(sample))
    }

    static func moments(_ samples: [FeatureVector], count: Int) -> (means: [Double], deviations: [Double]) {
        var means = [Double](repeating: 0, count: count)
        var squares = [Double](repeating: 0, count: count)
        for s in samples {
            for i in 0..<min(count, s.count) {
                means[i] += s[i]
                squares[i] += s[i] * s[i]
            }
        }
        let n = Double(max(samples.count, 1))
        var deviations = means
        for i in 0..<count {
            means[i] /= n
            deviations[i] = max((max(squares[i] / n - means[i] * means[i], 0)).squareRoot(), 1e-3)
        }
        return (means, deviations)
    }

    static func fit(genuine: [FeatureVector], impostors: [FeatureVector]) -> GaussianLikelihoodScorer {
        let count = genuine.first?.count ?? 0
        let u = moments(genuine, count: count)
        let p = moments(impostors, count: count)
        return GaussianLikelihoodScorer(
            userMeans: u.means, userDeviations: u.deviations, populationMeans: p.means,
            populationDeviations: p.deviations, calibration: .identity)
    }
}

/// Trains ``GaussianLikelihoodScorer``s: moments on all samples, calibration on 2-fold held-out scores.
public struct GaussianLikelihoodTrainer: ModalityTrainer {
    public init() {}

    public func train(genuine sessions: [[FeatureVector]], impostors: [[FeatureVector]]) throws -> any SampleScorer {
        let genuine = sessions.flatMap { $0 }
        let pooled = impostors.flatMap { $0 }
        guard genuine.count >= 4, pooled.count >= 4 else {
            throw DetectorError(detector: "gaussian-likelihood", reason: "too few samples to train")
        }
        // Halves by position (first / second half of each side), so neighbouring samples stay together.
        let g = (Array(genuine[..<(genuine.count / 2)]), Array(genuine[(genuine.count / 2)...]))
        let i = (Array(pooled[..<(pooled.count / 2)]), Array(pooled[(pooled.count / 2)...]))
        let a = GaussianLikelihoodScorer.fit(genuine: g.0, impostors: i.0)
        let b = GaussianLikelihoodScorer.fit(genuine: g.1, impostors: i.1)
        let heldGenuine = g.1.map(a.rawScore) + g.0.map(b.rawScore)
        let heldImpostor = i.1.map(a.rawScore) + i.0.map(b.rawScore)
        var model = GaussianLikelihoodScorer.fit(genuine: genuine, impostors: pooled)
        model.calibration = ScoreCalibration.fit(genuine: heldGenuine, impostor: heldImpostor)
        return model
    }
}
