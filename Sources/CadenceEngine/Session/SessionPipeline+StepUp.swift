/// The result of a step-up the bank ran on a session (an OTP or a re-login), as its backend verified it.
public enum StepUpResult: String, Sendable, Codable, Hashable, CaseIterable {
    /// The person proved to be the account owner.
    case passed
    /// The person failed the step-up.
    case failed
}

/// What a step-up's result does to a session, per tenant.
public struct StepUpPolicy: Sendable, Codable, Hashable {
    /// Trust (0...100) a passed step-up restores; nil: the trust model's initial trust
    /// (``TrustParameters/initialTrust``). Trust already above it is kept.
    public var restoredTrust: Double?

    public init(restoredTrust: Double? = nil) {
        self.restoredTrust = restoredTrust
    }

    public static let standard = StepUpPolicy()
}

extension SessionPipeline {
    /// Applies the result of a step-up to the session's trust and decision.
    ///
    /// `passed`: trust rises to the policy's restored level (``StepUpPolicy/restoredTrust``, else
    /// the initial trust), the automation evidence starts again (new input must show automation
    /// anew; replay fingerprints are kept; the environment counts from the next batch's report) and the policy decides again, so a session challenged
    /// for low trust continues as `allow`. A block stays a block when the policy makes blocks final.
    /// `failed`: trust drops to 0 and the session is blocked.
    /// Either way the first reason says what happened (`step-up-passed`, `step-up-failed`).
    public func stepUp(_ result: StepUpResult, state: inout SessionState, policy stepUp: StepUpPolicy = .standard) {
        let reason: DecisionReason
        switch result {
        case .passed:
            let level = stepUp.restoredTrust ?? trustModel.parameters.initialTrust
            let restored = level.isFinite ? min(max(level, 0), 100) : trustModel.parameters.initialTrust
            if restored > state.trust {
                // The person proved to be the owner: the behaviour before counts no more.
                state.trustEvidence = TrustEvidence()
                state.trustEvidence.carried = trustModel.logLikelihoodRatio(atTrust: restored)
                state.trust = restored
            }
            state.evidence = state.evidence.restartedAfterStepUp()
            state.environment = EnvironmentEvidence()
            state.automation = automationVerdict(state)
            let (decision, reasons) = policy.decide(
                trust: state.trust, automation: state.automation, previous: state.decision, mayBlock: false)
            state.decision = decision
            reason = DecisionReason(
                code: "step-up-passed",
                message: "a step-up passed: trust restored to \((state.trust * 10).rounded() / 10)")
            state.reasons = [reason] + reasons
        case .failed:
            state.trust = 0
            state.minimumTrust = 0
            state.trustEvidence.carried = 1000  // trust stays 0 whatever follows
            state.decision = .block
            reason = DecisionReason(code: "step-up-failed", message: "a step-up failed: the session is blocked")
            state.reasons = [reason] + state.reasons.filter { $0.code != "step-up-passed" }
        }
        if state.decision >= .challenge && state.samplesUntilChallenge == nil {
            state.samplesUntilChallenge = state.scoredSamples
        }
        if state.decision == .block && state.samplesUntilBlock == nil { state.samplesUntilBlock = state.scoredSamples }
    }
}
