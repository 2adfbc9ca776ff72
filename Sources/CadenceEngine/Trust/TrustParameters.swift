/// Parameters of the trust model, per tenant (see ``TrustModel``).
///
/// None is fitted to a data set: the prior is a policy choice (how often a monitored session is
/// someone else's before any behaviour is seen), the half-life and the evidence needed to block
/// are in actions, and each user's own calibration comes from their enrolment sessions.
public struct TrustParameters: Sendable, Codable, Hashable {
    /// Probability, before any behaviour is seen, that a monitored session is not the owner's (0...0.5).
    public var takeoverPrior: Double
    /// Half-life of the evidence, in samples (actions or keystroke windows) of a modality: older
    /// samples count for half every this many samples, so trust follows a takeover midway.
    public var evidenceHalfLife: Double
    /// Effective samples (over both modalities) a session must hold before its trust can block it;
    /// below that, low trust challenges.
    public var minimumEvidenceToBlock: Double
    /// Effective samples a session must hold before its behaviour can challenge it (a login
    /// sample or a failed step-up can at once).
    public var minimumEvidenceToChallenge: Double
    /// How much the login sample's log-likelihood ratio counts (0 ignores it).
    public var loginSampleWeight: Double

    /// Defaults chosen on Balabit's training files only (`cadence replay --offline
    /// --held-out-training` and `scripts/trust-sweep`): the most illegal pieces detected with at
    /// most 5% of legal pieces challenged and none blocked.
    public init(
        takeoverPrior: Double = 0.025,
        evidenceHalfLife: Double = 30,
        minimumEvidenceToBlock: Double = 30,
        minimumEvidenceToChallenge: Double = 5,
        loginSampleWeight: Double = 1
    ) {
        self.takeoverPrior = takeoverPrior
        self.evidenceHalfLife = evidenceHalfLife
        self.minimumEvidenceToBlock = minimumEvidenceToBlock
        self.minimumEvidenceToChallenge = minimumEvidenceToChallenge
        self.loginSampleWeight = loginSampleWeight
    }

    public static let standard = TrustParameters()

    /// Trust before any evidence: `100 · (1 − takeoverPrior)`.
    public var initialTrust: Double { 100 * (1 - takeoverPrior) }

    /// The parameters with every value forced into its valid range (for values read from storage or a request).
    public var sanitised: TrustParameters {
        func clamp(_ v: Double, _ lo: Double, _ hi: Double, _ fallback: Double) -> Double {
            v.isFinite ? min(max(v, lo), hi) : fallback
        }
        return TrustParameters(
            takeoverPrior: clamp(takeoverPrior, 1e-6, 0.5, 0.025),
            evidenceHalfLife: clamp(evidenceHalfLife, 1, 100_000, 30),
            minimumEvidenceToBlock: clamp(minimumEvidenceToBlock, 0, 100_000, 30),
            minimumEvidenceToChallenge: clamp(minimumEvidenceToChallenge, 0, 100_000, 5),
            loginSampleWeight: clamp(loginSampleWeight, 0, 10, 1))
    }
}
