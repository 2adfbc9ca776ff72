import Foundation

/// Scores a fixed-text login sample (hold, down-down, up-down timings of the login form, ms)
/// against the user's earlier login samples.
///
/// The distance is the capped z-score Manhattan distance (``CappedZScoreDetector``: per feature
/// `min(|x − mean| / sd, 3)`, summed), which measured 7.23% EER against scaled Manhattan's 14.28%
/// on the keystroke-challenge set (`cadence evaluate keystroke`); through this type, on the
/// held-out even-numbered subjects (`cadence evaluate login`), 7.85% against 12.80%. Scaled Manhattan (Araújo et al.
/// 2005), the earlier stand-in, stays available as ``Distance/scaledManhattan`` to compare with.
///
/// Calibration: other users of a tenant type other passwords, so there is no impostor
/// population to calibrate on at run time. The capped distance per feature (0…3, whatever the
/// form's length) is mapped to a log-likelihood ratio by Platt scaling (``ScoreCalibration``)
/// fitted once on the odd-numbered keystroke-challenge subjects (``cappedZCalibration``),
/// bounded to ±3 by `3·tanh(llr / 3)` (close to the identity near 0, and no ties at the bound).
/// Scaled Manhattan keeps the earlier heuristic: with `r` the distance over the
/// 90th percentile of the user's own leave-one-out distances, `2·(r − 1)`, clamped to ±3.
public struct LoginScorer: Sendable, Codable, Hashable {
    /// How far a sample lies from the user's samples.
    public enum Distance: String, Sendable, Codable, Hashable {
        /// `Σ min(|xⱼ − meanⱼ| / sdⱼ, 3)`, sample standard deviation (n − 1) floored at 1 ms.
        case cappedZ
        /// `Σ |xⱼ − meanⱼ| / madⱼ`, mean absolute deviation floored at 1 ms.
        case scaledManhattan
    }

    /// Largest contribution of one feature to ``Distance/cappedZ``, in standard deviations
    /// (``CappedZScoreDetector``'s, chosen on the odd-numbered keystroke-challenge subjects).
    public static let cap = 3.0

    public var distance: Distance
    var means: [Double]
    var deviations: [Double]
    var typicalWorst: Double

    /// Needs at least three samples of equal length.
    public init?(samples: [FeatureVector], distance: Distance = .cappedZ) {
        guard samples.count >= 3, let width = samples.first?.count, width > 0,
            samples.allSatisfy({ $0.count == width })
        else { return nil }
        self.distance = distance
        (means, deviations) = Self.fit(samples, distance)
        var leaveOneOut: [Double] = []
        for k in samples.indices {
            var rest = samples
            rest.remove(at: k)
            let (m, d) = Self.fit(rest, distance)
            leaveOneOut.append(Self.distance(samples[k], m, d, distance))
        }
        leaveOneOut.sort()
        typicalWorst = max(leaveOneOut[min(Int(Double(leaveOneOut.count) * 0.9), leaveOneOut.count - 1)], 1e-6)
    }

    /// Platt scaling of the capped distance per feature, fitted on the odd-numbered subjects of
    /// the keystroke-challenge set (4 enrolment samples each, 5 samples of every other subject as
    /// impostors). Regenerate with `cadence evaluate login --dataset
    /// ../shared/datasets/keystroke-challenge/keystroke.csv --fit-calibration`.
    public static let cappedZCalibration = ScoreCalibration(
        slope: 9.536794399107176, intercept: -13.049227228706787)

    /// The calibrated log-likelihood ratio of one login sample; nil if its length differs.
    public func logLikelihoodRatio(_ sample: FeatureVector) -> Double? {
        guard let d = rawDistance(sample) else { return nil }
        switch distance {
        case .cappedZ:
            // Bounded smoothly, so that samples beyond the bound keep their order (no ties at ±3).
            return 3 * tanh(Self.cappedZCalibration.logLikelihoodRatio(d / Double(means.count)) / 3)
        case .scaledManhattan:
            return min(max(2 * (d / typicalWorst - 1), -3), 3)
        }
    }

    /// The uncalibrated distance of one sample (unitless); nil if its length differs.
    public func rawDistance(_ sample: FeatureVector) -> Double? {
        guard sample.count == means.count, sample.allSatisfy(\.isFinite) else { return nil }
        return Self.distance(sample, means, deviations, distance)
    }

    /// Per-feature means and spreads (ms), the spread floored at 1 ms, the SDK's resolution.
    static func fit(_ samples: [FeatureVector], _ distance: Distance) -> ([Double], [Double]) {
        let width = samples[0].count
        let n = Double(samples.count)
        var means = [Double](repeating: 0, count: width)
        for s in samples { for i in 0..<width { means[i] += s[i] / n } }
        var deviations = [Double](repeating: 0, count: width)
        switch distance {
        case .cappedZ:
            for s in samples { for i in 0..<width { deviations[i] += (s[i] - means[i]) * (s[i] - means[i]) } }
            deviations = deviations.map { n > 1 ? ($0 / (n - 1)).squareRoot() : 0 }
        case .scaledManhattan:
            for s in samples { for i in 0..<width { deviations[i] += abs(s[i] - means[i]) / n } }
        }
        return (means, deviations.map { max($0, 1) })
    }

    static func distance(_ x: FeatureVector, _ means: [Double], _ deviations: [Double], _ kind: Distance) -> Double {
        var sum = 0.0
        switch kind {
        case .cappedZ:
            for i in 0..<means.count { sum += min(abs(x[i] - means[i]) / deviations[i], cap) }
        case .scaledManhattan:
            for i in 0..<means.count { sum += abs(x[i] - means[i]) / deviations[i] }
        }
        return sum
    }
}
