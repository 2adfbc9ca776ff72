import Foundation

/// The dynamic trust model of Mondal & Bours: each scored sample moves the session's trust by a
/// penalty or a reward that depends smoothly on how genuine the sample looks.
///
/// From Mondal, S., Bours, P. (2015), *A computational approach to the continuous authentication
/// biometric system*, Information Sciences 304, 28–53, and (2017) *A study on continuous
/// authentication using a combination of keystroke and mouse biometrics*, Neurocomputing 230,
/// 1–22. With `sc` the sample's genuineness score in 0...1 (1 = surely the owner):
///
///     ΔT(sc) = min( −D + D·(1 + 1/C) / (1/C + exp(−(sc − A)/B)), C )
///     T_i    = min( max(T_{i−1} + ΔT(sc_i), 0), 100 )
///
/// `ΔT(A) = 0`; as `sc → 0` the change tends to `−D` (largest penalty), as `sc → 1` it rises to at
/// most `C` (largest reward); `B` sets how sharply it turns between the two. Trust is in 0...100
/// and starts at 100, or from the login sample (``initialTrust(loginGenuineness:)``).
///
/// Scores in Cadence are "higher = less likely the owner"; a calibrated log-likelihood ratio
/// `llr = log p(s|impostor)/p(s|genuine)` becomes `sc = 1 / (1 + exp(llr))` (equal priors).
public struct TrustModel: Sendable, Codable, Hashable {
    public var parameters: TrustParameters

    public init(parameters: TrustParameters = .standard) {
        self.parameters = parameters.sanitised
    }

    /// The change of trust for one sample of genuineness `score` (0...1), in trust points.
    public func delta(genuineness score: Double) -> Double {
        let p = parameters
        guard score.isFinite else { return -p.maximumPenalty }
        let inverseC = 1 / p.maximumReward
        let exponent = min(-(score - p.threshold) / p.width, 700)
        let value = -p.maximumPenalty + p.maximumPenalty * (1 + inverseC) / (inverseC + exp(exponent))
        return min(value, p.maximumReward)
    }

    /// Trust after one sample of genuineness `score` (0...1), from `trust` (0...100).
    public func update(_ trust: Double, genuineness score: Double) -> Double {
        min(max(trust + delta(genuineness: score), 0), 100)
    }

    /// Trust after one sample with calibrated log-likelihood ratio `llr` (positive favours an impostor).
    public func update(_ trust: Double, logLikelihoodRatio llr: Double) -> Double {
        update(trust, genuineness: Self.genuineness(logLikelihoodRatio: llr))
    }

    /// Trust at the start of a session: ``TrustParameters/initialTrust``, moved by the login sample
    /// as if it were ``TrustParameters/loginSampleWeight`` ordinary samples.
    public func initialTrust(loginGenuineness score: Double?) -> Double {
        guard let score else { return parameters.initialTrust }
        let moved = parameters.initialTrust + parameters.loginSampleWeight * delta(genuineness: score)
        return min(max(moved, 0), 100)
    }

    /// `1 / (1 + exp(llr))`: the posterior probability of the owner under equal priors, 0...1.
    public static func genuineness(logLikelihoodRatio llr: Double) -> Double {
        guard llr.isFinite else { return llr < 0 ? 1 : 0 }
        return 1 / (1 + exp(min(llr, 700)))
    }
}
