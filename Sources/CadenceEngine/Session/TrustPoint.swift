/// One point of a session's trust timeline, for the dashboard chart and replay summaries.
public struct TrustPoint: Sendable, Codable, Hashable {
    /// Epoch milliseconds of the event that completed the scored sample.
    public var time: Double
    /// Trust after the sample, 0...100.
    public var trust: Double
    public var decision: Decision
    /// Which modality the sample came from.
    public var modality: Modality

    public init(time: Double, trust: Double, decision: Decision, modality: Modality) {
        self.time = time
        self.trust = trust
        self.decision = decision
        self.modality = modality
    }
}

/// A source of behavioural samples.
public enum Modality: String, Sendable, Codable, Hashable, CaseIterable {
    /// Pointer actions (mouse move, point-and-click, drag-and-drop).
    case pointer
    /// Windows of free-text keystrokes.
    case keys
    /// The fixed-text login sample.
    case login
}
