/// Per-tenant rules that turn a session's trust and automation verdict into a ``Decision``.
public struct Policy: Sendable, Codable, Hashable {
    /// Trust (0...100) below which the session is challenged.
    public var challengeBelow: Double
    /// Trust (0...100) below which the session is blocked.
    public var blockBelow: Double
    /// Decision when automation is suspected.
    public var onSuspiciousAutomation: Decision
    /// Decision when input is judged automated (synthetic or replayed).
    public var onAutomation: Decision
    /// Once blocked, a session stays blocked even if trust recovers.
    public var blockIsFinal: Bool

    public init(
        challengeBelow: Double = 92,
        blockBelow: Double = 25,
        onSuspiciousAutomation: Decision = .allow,
        onAutomation: Decision = .challenge,
        blockIsFinal: Bool = true
    ) {
        self.challengeBelow = challengeBelow
        self.blockBelow = blockBelow
        self.onSuspiciousAutomation = onSuspiciousAutomation
        self.onAutomation = onAutomation
        self.blockIsFinal = blockIsFinal
    }

    public static let standard = Policy()

    /// The decision for `trust` (0...100) and an automation verdict, given the previous decision.
    ///
    /// - Parameter mayBlock: whether the evidence behind `trust` is enough to block (see
    ///   ``SessionPipeline``: too few samples, or a weak profile, challenge instead).
    public func decide(
        trust: Double, automation: AutomationVerdict, previous: Decision = .allow, mayBlock: Bool = true
    ) -> (decision: Decision, reasons: [DecisionReason]) {
        var decision = Decision.allow
        var reasons: [DecisionReason] = []
        let shown = (trust * 10).rounded() / 10
        if trust < blockBelow && mayBlock {
            decision = .block
            reasons.append(DecisionReason(code: "trust-below-block", message: "trust \(shown) is below \(blockBelow)"))
        } else if trust < blockBelow {
            decision = .challenge
            reasons.append(
                DecisionReason(
                    code: "block-withheld",
                    message:
                        "trust \(shown) is below \(blockBelow), but too little reliable evidence to block: challenge"))
        } else if trust < challengeBelow {
            decision = .challenge
            reasons.append(
                DecisionReason(code: "trust-below-challenge", message: "trust \(shown) is below \(challengeBelow)"))
        }
        let automationDecision: Decision =
            switch automation.level {
            case .human: .allow
            case .suspicious: onSuspiciousAutomation
            case .automated: onAutomation
            }
        if automation.level != .human {
            reasons += automation.reasons
            decision = max(decision, automationDecision)
        }
        if blockIsFinal && previous == .block && decision != .block {
            decision = .block
            reasons.insert(DecisionReason(code: "blocked-earlier", message: "the session was blocked earlier"), at: 0)
        }
        return (decision, reasons)
    }
}
