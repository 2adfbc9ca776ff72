import CadenceEngine
import Foundation

/// A step-up result the bank reported for a session, and the trust and decision it led to: a
/// point of the session's trust timeline between batches.
public struct StepUpRecord: Sendable, Hashable {
    public var sessionId: String
    public var result: StepUpResult
    public var at: Date
    /// The highest batch seq acknowledged when the step-up was applied (-1 before any batch).
    public var lastSeq: Int
    /// Trust after the step-up, 0...100.
    public var trust: Double
    public var decision: Decision
    public var reasons: [DecisionReason]

    public init(
        sessionId: String, result: StepUpResult, at: Date, lastSeq: Int, trust: Double, decision: Decision,
        reasons: [DecisionReason]
    ) {
        self.sessionId = sessionId
        self.result = result
        self.at = at
        self.lastSeq = lastSeq
        self.trust = trust
        self.decision = decision
        self.reasons = reasons
    }
}

/// Everything a step-up changes (the session's state and snapshot, and its timeline point),
/// written in one transaction against the session version it was computed from.
public struct StepUpCommit: Sendable {
    public var tenantId: String
    public var record: StepUpRecord
    /// The session version the step-up was applied to (optimistic concurrency).
    public var expectedVersion: Int
    public var state: Data
    public var snapshot: SessionSnapshot

    public init(tenantId: String, record: StepUpRecord, expectedVersion: Int, state: Data, snapshot: SessionSnapshot) {
        self.tenantId = tenantId
        self.record = record
        self.expectedVersion = expectedVersion
        self.state = state
        self.snapshot = snapshot
    }
}

/// How writing a step-up went.
public enum StepUpCommitResult: Sendable, Hashable {
    /// Written; the session is now at this version.
    case committed(version: Int)
    /// The session changed since it was read: read and apply again.
    case conflict
    /// The session has ended: nothing written.
    case ended
    /// No such session for the tenant.
    case missing
}
