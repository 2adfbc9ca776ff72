import Foundation

/// Trust as the probability that the owner is at the keyboard, from the session's evidence.
///
/// Each modality keeps a recency-weighted mean of its samples' scores (``EvidenceAccumulator``);
/// the user's ``SessionEvidenceModel`` of that modality turns the mean and its effective count
/// into a log-likelihood ratio that grows with the evidence but is bounded by the owner's own
/// session-to-session variability, so a handful of odd actions moves trust a little and never
/// blocks. The modalities' ratios and the login sample's add up (independent evidence, naive
/// Bayes) to `llr = log p(E | someone else) / p(E | owner)`, and with the prior probability `π`
/// that a session is someone else's (``TrustParameters/takeoverPrior``):
///
///     trust = 100 · P(owner | E) = 100 / (1 + exp(llr + log(π / (1 − π))))
///
/// This replaces the penalty-reward updates of Mondal & Bours (2015, 2017), which add one bounded
/// step per sample whatever the run before it: there a long run of slightly odd samples from the
/// owner's unusual day sinks to zero, while here it is weighed against how unusual days are for
/// this owner. Trust starts at `100 · (1 − π)` (99 by default).
public struct TrustModel: Sendable, Codable, Hashable {
    public var parameters: TrustParameters

    public init(parameters: TrustParameters = .standard) {
        self.parameters = parameters.sanitised
    }

    /// Trust (0...100) given the evidence's log-likelihood ratio (positive favours someone else).
    public func trust(logLikelihoodRatio llr: Double) -> Double {
        guard !llr.isNaN else { return 0 }
        let prior = parameters.takeoverPrior
        let logOdds = llr + log(prior / (1 - prior))
        return logOdds > 700 ? 0 : 100 / (1 + exp(logOdds))
    }

    /// The log-likelihood ratio at which trust equals `trust` (0 < trust < 100).
    public func logLikelihoodRatio(atTrust trust: Double) -> Double {
        let t = min(max(trust, 1e-9), 100 - 1e-9) / 100
        let prior = parameters.takeoverPrior
        return log((1 - t) / t) - log(prior / (1 - prior))
    }

    /// `1 / (1 + exp(llr))`: the posterior probability of the owner under equal priors, 0...1.
    public static func genuineness(logLikelihoodRatio llr: Double) -> Double {
        guard llr.isFinite else { return llr < 0 ? 1 : 0 }
        return 1 / (1 + exp(min(llr, 700)))
    }
}
