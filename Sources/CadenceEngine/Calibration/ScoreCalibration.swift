import Foundation

/// Maps a detector's raw anomaly score to a log-likelihood ratio, per user, so that scores from
/// different modalities and detectors can be added (fused).
///
/// Platt scaling (Platt 1999): a logistic regression `P(impostor | s) = σ(a·s + b)` fitted by
/// Newton's method on held-out genuine and impostor scores, with Platt's smoothed targets. With
/// equal priors removed, `a·s + b - log(nI/nG)` is the log-likelihood ratio
/// `log p(s | impostor) / p(s | genuine)`: positive favours "someone else".
public struct ScoreCalibration: Sendable, Codable, Hashable {
    public var slope: Double
    public var intercept: Double

    public init(slope: Double, intercept: Double) {
        self.slope = slope
        self.intercept = intercept
    }

    /// The identity-like calibration: LLR = score. Useful before any fit.
    public static let identity = ScoreCalibration(slope: 1, intercept: 0)

    /// Fits on held-out scores of the genuine user and of impostors (both non-empty).
    public static func fit(genuine: [Double], impostor: [Double]) -> ScoreCalibration {
        guard !genuine.isEmpty, !impostor.isEmpty else { return .identity }
        let nG = Double(genuine.count)
        let nI = Double(impostor.count)
        // Platt's targets avoid overconfident fits on separable data.
        let tI = (nI + 1) / (nI + 2)
        let tG = 1 / (nG + 2)
        let samples = genuine.map { ($0, tG) } + impostor.map { ($0, tI) }
        // Standardise the score for a well-conditioned Newton step.
        let mean = samples.reduce(0) { $0 + $1.0 } / Double(samples.count)
        let sd = max(
            (samples.reduce(0) { $0 + ($1.0 - mean) * ($1.0 - mean) } / Double(samples.count)).squareRoot(), 1e-12)
        func crossEntropy(_ a: Double, _ b: Double) -> Double {
            var loss = 0.0
            for (s, t) in samples {
                let u = a * (s - mean) / sd + b
                // log(1 + e^u) computed stably; loss = log(1 + e^u) - t·u.
                loss += (u > 0 ? u + log1p(exp(-u)) : log1p(exp(u))) - t * u
            }
            return loss
        }
        var a = 0.0
        var b = log(nI / nG)
        for _ in 0..<50 {
            var gA = 0.0, gB = 0.0, hAA = 0.0, hAB = 0.0, hBB = 0.0
            for (s, t) in samples {
                let z = (s - mean) / sd
                let p = 1 / (1 + exp(-(a * z + b)))
                let w = max(p * (1 - p), 1e-12)
                gA += (p - t) * z
                gB += p - t
                hAA += w * z * z
                hAB += w * z
                hBB += w
            }
            hAA += 1e-9
            hBB += 1e-9
            let det = hAA * hBB - hAB * hAB
            guard det.isFinite, abs(det) > 1e-18 else { break }
            var dA = (hBB * gA - hAB * gB) / det
            var dB = (hAA * gB - hAB * gA) / det
            // Backtrack until the cross-entropy does not grow: a full Newton step can overshoot
            // and diverge on (nearly) separable scores.
            let current = crossEntropy(a, b)
            var halvings = 0
            while crossEntropy(a - dA, b - dB) > current + 1e-12 && halvings < 30 {
                dA /= 2
                dB /= 2
                halvings += 1
            }
            a -= dA
            b -= dB
            if abs(dA) + abs(dB) < 1e-10 { break }
        }
        // Undo the standardisation and remove the prior so the result is a likelihood ratio.
        let slope = a / sd
        let intercept = b - a * mean / sd - log(nI / nG)
        return ScoreCalibration(slope: slope, intercept: intercept)
    }

    /// `log p(s | impostor) / p(s | genuine)`: positive favours an impostor.
    public func logLikelihoodRatio(_ score: Double) -> Double {
        slope * score + intercept
    }
}

/// Combines calibrated evidence from several samples or modalities.
public enum ScoreFusion {
    /// Sum of log-likelihood ratios, assuming independent samples (naive Bayes fusion).
    public static func fuse(_ logLikelihoodRatios: [Double]) -> Double {
        logLikelihoodRatios.reduce(0, +)
    }

    /// Posterior probability that the samples are an impostor's, given a prior probability.
    public static func impostorProbability(logLikelihoodRatio llr: Double, prior: Double = 0.5) -> Double {
        let logOdds = llr + log(prior / (1 - prior))
        return 1 / (1 + exp(-logOdds))
    }
}
