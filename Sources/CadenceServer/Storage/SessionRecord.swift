import CadenceEngine
import Foundation

/// A monitored session: who, since when, its scoring state and its latest summary.
public struct SessionRecord: Sendable, Hashable, Codable {
    public var id: String
    public var tenantId: String
    public var userId: String
    /// Whether strong authentication vouched for the session (it may then feed enrolment).
    public var authenticated: Bool
    public var createdAt: Date
    /// When the session token stops being accepted.
    public var expiresAt: Date
    public var endedAt: Date?
    public var outcome: SessionOutcome?
    /// The engine's serialised per-session state (segmenter buffers, trust, evidence).
    public var state: Data
    /// The latest trust, decision, reasons and counts, as `GET /v1/sessions/{id}` reports them.
    public var snapshot: SessionSnapshot
    /// Batches acknowledged so far.
    public var batchCount: Int
    /// Events in the acknowledged batches.
    public var eventCount: Int
    /// Request-body bytes of the acknowledged batches (the per-session byte total is checked against it).
    public var byteCount: Int
    /// Highest acknowledged `seq`, -1 before the first batch.
    public var lastSeq: Int
    /// Incremented by every write; a batch commit only succeeds against the version it read.
    public var version: Int
    /// Incremented by every token renewal; only tokens of this generation are accepted.
    public var tokenGeneration: Int

    public init(
        id: String,
        tenantId: String,
        userId: String,
        authenticated: Bool,
        createdAt: Date,
        expiresAt: Date,
        endedAt: Date? = nil,
        outcome: SessionOutcome? = nil,
        state: Data,
        snapshot: SessionSnapshot,
        batchCount: Int = 0,
        eventCount: Int = 0,
        byteCount: Int = 0,
        lastSeq: Int = -1,
        version: Int = 0,
        tokenGeneration: Int = 0
    ) {
        self.id = id
        self.tenantId = tenantId
        self.userId = userId
        self.authenticated = authenticated
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.state = state
        self.snapshot = snapshot
        self.batchCount = batchCount
        self.eventCount = eventCount
        self.byteCount = byteCount
        self.lastSeq = lastSeq
        self.version = version
        self.tokenGeneration = tokenGeneration
    }
}
