import CadenceEngine
import Foundation

/// One acknowledged batch: its events (key classes and coordinates, never characters) and the
/// trust point it produced, which makes the session's timeline.
public struct BatchRecord: Sendable, Hashable, Codable {
    public var sessionId: String
    public var seq: Int
    public var receivedAt: Date
    public var eventCount: Int
    /// The batch re-encoded in the wire format from the decoded events (unknown fields dropped).
    public var events: Data
    /// Trust after the batch, 0...100.
    public var trust: Double
    public var decision: Decision
    public var reasons: [DecisionReason]

    public init(
        sessionId: String, seq: Int, receivedAt: Date, eventCount: Int, events: Data, trust: Double,
        decision: Decision, reasons: [DecisionReason]
    ) {
        self.sessionId = sessionId
        self.seq = seq
        self.receivedAt = receivedAt
        self.eventCount = eventCount
        self.events = events
        self.trust = trust
        self.decision = decision
        self.reasons = reasons
    }
}

/// Everything one batch changes, written in one transaction before the service answers 202.
public struct BatchCommit: Sendable {
    public var batch: BatchRecord
    /// The session version the batch was scored against (optimistic concurrency).
    public var expectedVersion: Int
    /// A new seq below this one is refused as too late (an acknowledged one is still a duplicate).
    public var minimumSeq: Int
    public var state: Data
    public var snapshot: SessionSnapshot
    /// Profile samples this batch collected (the engine's serialisation), appended to the
    /// session's collected samples; nil when none.
    public var collected: Data?
    /// Bytes of the request body the batch came in, added to the session's ``SessionRecord/byteCount``.
    public var bodyBytes: Int

    public init(
        batch: BatchRecord, expectedVersion: Int, minimumSeq: Int = Int.min, state: Data, snapshot: SessionSnapshot,
        collected: Data? = nil, bodyBytes: Int = 0
    ) {
        self.batch = batch
        self.expectedVersion = expectedVersion
        self.minimumSeq = minimumSeq
        self.state = state
        self.snapshot = snapshot
        self.collected = collected
        self.bodyBytes = bodyBytes
    }
}

/// A user's serialised profile and its status, as stored.
public struct StoredProfile: Sendable, Hashable {
    public var profile: Data
    public var status: ProfileStatus
    /// Samples per modality in the profile, kept beside it so that lists need not read it.
    public var samples: [String: Int]

    public init(profile: Data, status: ProfileStatus, samples: [String: Int] = [:]) {
        self.profile = profile
        self.status = status
        self.samples = samples
    }
}

/// How a batch commit went.
public enum BatchCommitResult: Sendable, Hashable {
    /// Written; the session is now at this version.
    case committed(version: Int)
    /// A batch with this seq was already acknowledged: nothing written.
    case duplicate
    /// The seq is below ``BatchCommit/minimumSeq`` and was never acknowledged: nothing written.
    case tooLate
    /// The session changed since it was read (another batch, or it ended): read and score again.
    case conflict
    /// The session no longer exists (erased).
    case missing
}

/// Everything ending a session changes, written in one transaction.
public struct SessionEnd: Sendable {
    public var tenantId: String
    public var sessionId: String
    public var outcome: SessionOutcome
    public var endedAt: Date
    /// The session version the end was computed from (optimistic concurrency).
    public var expectedVersion: Int
    /// The session's final state and snapshot (the streams flushed).
    public var state: Data
    public var snapshot: SessionSnapshot
    /// The user's new profile, if it changed.
    public var profile: StoredProfile?
    /// The user row version the profile was computed from; nil when the user row did not exist.
    public var expectedProfileVersion: Int?

    public init(
        tenantId: String, sessionId: String, outcome: SessionOutcome, endedAt: Date, expectedVersion: Int, state: Data,
        snapshot: SessionSnapshot, profile: StoredProfile?, expectedProfileVersion: Int?
    ) {
        self.tenantId = tenantId
        self.sessionId = sessionId
        self.outcome = outcome
        self.endedAt = endedAt
        self.expectedVersion = expectedVersion
        self.state = state
        self.snapshot = snapshot
        self.profile = profile
        self.expectedProfileVersion = expectedProfileVersion
    }
}

/// How ending a session went.
public enum SessionEndResult: Sendable, Hashable {
    case ended
    /// It had ended before: nothing written.
    case alreadyEnded
    /// No such session for the tenant.
    case missing
    /// The session or the user's profile changed since they were read: read and compute again.
    case conflict
}
