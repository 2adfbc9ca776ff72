import CadenceEngine
import Foundation

/// The body of a webhook: a session's decision changed.
public struct DecisionChange: Sendable, Hashable, Codable {
    /// Always `decision.changed`.
    public var type: String
    /// Unique id of this notification (retries carry the same id, so receivers can deduplicate).
    public var id: String
    public var tenantId: String
    public var sessionId: String
    public var userId: String
    public var previousDecision: Decision
    public var decision: Decision
    /// Trust after the batch that changed the decision, 0...100.
    public var trust: Double
    public var reasons: [DecisionReason]
    /// The batch that changed the decision.
    public var seq: Int
    public var at: Date

    public init(
        id: String = UUID().uuidString.lowercased(), tenantId: String, sessionId: String, userId: String,
        previousDecision: Decision, decision: Decision, trust: Double, reasons: [DecisionReason], seq: Int, at: Date
    ) {
        self.type = "decision.changed"
        self.id = id
        self.tenantId = tenantId
        self.sessionId = sessionId
        self.userId = userId
        self.previousDecision = previousDecision
        self.decision = decision
        self.trust = trust
        self.reasons = reasons
        self.seq = seq
        self.at = at
    }
}
