/// Scores a fixed-text login sample (hold, down-down, up-down timings of the login form) against
/// the user's earlier login samples with the scaled Manhattan distance (Araújo et al. 2005;
/// the best of Killourhy & Maxion 2009's detectors on their benchmark).
///
/// Other users type other passwords, so there is no impostor population to calibrate on; the
/// distance is instead related to the user's own leave-one-out distances: with `r` the distance
/// over the 90th percentile of those, the log-likelihood ratio is `2·(r − 1)`, clamped to ±3.
/// A heuristic calibration: a sample as far as the user's usual worst is neutral.
public struct LoginScorer: Sendable, Codable, Hashable {
    var means: [Double]
    var deviations: [Double]
    var typicalWorst: Double

    /// Needs at least three samples of equal length.
    public init?(samples: [FeatureVector]) {
        guard samples.count >= 3, let width = samples.first?.count, width > 0,
            samples.allSatisfy({ $0.count == width })
        else { return nil }
        (means, deviations) = Self.fit(samples)
        var leaveOneOut: [Double] = []
        for k in samples.indices {
            var rest = samples
            rest.remove(at: k)
            let (m, d) = Self.fit(rest)
            leaveOneOut.append(Self.distance(samples[k], m, d))
        }
        leaveOneOut.sort()
        typicalWorst = max(leaveOneOut[min(Int(Double(leaveOneOut.count) * 0.9), leaveOneOut.count - 1)], 1e-6)
    }

    /// The calibrated log-likelihood ratio of one login sample; nil if its length differs.
    public func logLikelihoodRatio(_ sample: FeatureVector) -> Double? {
        guard sample.count == means.count, sample.allSatisfy(\.isFinite) else { return nil }
        let r = Self.distance(sample, means, deviations) / typicalWorst
        return min(max(2 * (r - 1), -3), 3)
    }

    static func fit(_ samples: [FeatureVector]) -> ([Double], [Double]) {
        let width = samples[0].count
        let n = Double(samples.count)
        var means = [Double](repeating: 0, count: width)
        for s in samples { for i in 0..<width { means[i] += s[i] / n } }
        var deviations = [Double](repeating: 0, count: width)
        for s in samples { for i in 0..<width { deviations[i] += abs(s[i] - means[i]) / n } }
        return (means, deviations.map { max($0, 1) })  // at least 1 ms, the SDK's resolution floor
    }

    static func distance(_ x: FeatureVector, _ means: [Double], _ deviations: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<means.count { sum += abs(x[i] - means[i]) / deviations[i] }
        return sum
    }
}
