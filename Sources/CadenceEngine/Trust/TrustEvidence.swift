/// What a session's trust is computed from: each modality's running evidence, the login sample
/// and what a step-up carried over (see ``TrustModel``).
public struct TrustEvidence: Sendable, Codable, Hashable {
    public var pointer = EvidenceAccumulator()
    public var keys = EvidenceAccumulator()
    /// Log-likelihood ratio of the pointer evidence as last computed (positive = someone else).
    public var pointerLogLikelihoodRatio = 0.0
    /// Log-likelihood ratio of the keys evidence as last computed.
    public var keysLogLikelihoodRatio = 0.0
    /// The login sample's weighted log-likelihood ratio, or the level a passed step-up restored.
    public var carried = 0.0
    /// The interpretable measures behind the evidence, per modality (for explanations).
    public var pointerMeasures = DeviationTracker()
    public var keysMeasures = DeviationTracker()

    public init() {}

    /// The sum of the parts: the session's log-likelihood ratio.
    public var logLikelihoodRatio: Double { pointerLogLikelihoodRatio + keysLogLikelihoodRatio + carried }

    /// Effective samples over both modalities.
    public var effectiveSamples: Double { pointer.effectiveCount + keys.effectiveCount }

    /// Follows one sample's interpretable measures.
    mutating func track(_ sample: FeatureVector, modality: Modality, halfLife: Double) {
        switch modality {
        case .pointer: pointerMeasures.add(sample, modality: .pointer, halfLife: halfLife)
        case .keys: keysMeasures.add(sample, modality: .keys, halfLife: halfLife)
        case .login: break
        }
    }

    /// Adds one sample's score to a modality and recomputes that modality's ratio with `model`.
    mutating func add(_ score: Double, modality: Modality, model: SessionEvidenceModel, halfLife: Double) {
        switch modality {
        case .pointer:
            pointer.add(score, halfLife: halfLife)
            pointerLogLikelihoodRatio = model.logLikelihoodRatio(mean: pointer.mean, count: pointer.effectiveCount)
        case .keys:
            keys.add(score, halfLife: halfLife)
            keysLogLikelihoodRatio = model.logLikelihoodRatio(mean: keys.mean, count: keys.effectiveCount)
        case .login:
            break
        }
    }
}
