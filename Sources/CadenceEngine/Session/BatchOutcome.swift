/// What processing one batch produced: the session's trust and decision after it, and why.
public struct BatchOutcome: Sendable, Codable, Hashable {
    /// Trust after the batch, 0...100.
    public var trust: Double
    public var decision: Decision
    /// The decision before the batch; differs from ``decision`` when a webhook is due.
    public var previousDecision: Decision
    public var reasons: [DecisionReason]
    public var automation: AutomationVerdict
    /// Samples scored in this batch, per modality.
    public var scoredPointerActions: Int
    public var scoredKeystrokeWindows: Int
    /// Samples collected for the profile in this batch (pointer actions, keystroke windows).
    public var collectedSamples: Int
    /// True when the batch's seq was already processed and nothing changed.
    public var duplicate: Bool

    public var decisionChanged: Bool { decision != previousDecision }
}
