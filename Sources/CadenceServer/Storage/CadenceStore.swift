import Foundation

/// Everything the service keeps: tenants, users and their profiles, sessions, acknowledged batches.
///
/// One protocol, two implementations (SQLite now, PostgreSQL later) and one contract test suite
/// (`StoreContractTests`). Every method is one transaction. Tenants never see each other's data:
/// every user and session query names its tenant.
public protocol CadenceStore: Sendable {
    /// Creates or upgrades the schema.
    func migrate() async throws

    /// Runs `body` while no other node sharing the database runs its own: what a start writes
    /// once (the token secret, the admin key, the first tenants) is written by one node, and
    /// read by the others. SQLite, one node per file, just runs it.
    func exclusively<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T

    /// A service-wide setting (admin key digest, token signing secret), nil when unset.
    func setting(_ name: String) async throws -> Data?
    func setSetting(_ name: String, value: Data) async throws

    /// Creates the tenant with its first keys, in one transaction.
    func createTenant(_ tenant: Tenant, keys: [APIKeyRecord]) async throws
    func tenant(id: String) async throws -> Tenant?
    /// Every tenant, by id.
    func tenants() async throws -> [Tenant]
    /// Deletes the tenant and everything of it (keys, users, sessions, batches, deliveries);
    /// false when there was none.
    func deleteTenant(id: String) async throws -> Bool
    /// The active (not revoked) key with this digest, and its tenant.
    func credential(digest: String) async throws -> (key: APIKeyRecord, tenant: Tenant)?
    func addKey(_ key: APIKeyRecord) async throws
    /// Adds the key only while its tenant has fewer than `maximumActive` active keys of its
    /// role, counted and written in one transaction; false when it has that many.
    func addKey(_ key: APIKeyRecord, maximumActive: Int) async throws -> Bool
    /// The tenant's keys, revoked ones included, oldest first.
    func keys(tenantId: String) async throws -> [APIKeyRecord]
    /// Revokes the key; false when the tenant has no such active key.
    func revokeKey(tenantId: String, id: String, at: Date) async throws -> Bool
    /// Writes everything but the id and the creation time, and increments the version.
    func updateTenant(_ tenant: Tenant) async throws
    /// As ``updateTenant(_:)``, only if the stored version is still `version`; false otherwise
    /// (another write came first: read again).
    func updateTenant(_ tenant: Tenant, ifVersion version: Int) async throws -> Bool
    func appendAudit(_ event: AuditEvent) async throws
    /// The newest audit events first, of one tenant or of all.
    func auditEvents(tenantId: String?, limit: Int) async throws -> [AuditEvent]

    /// The user, created `enrolling` with no profile when new; read without the profile
    /// (``UserRecord/profileOmitted``).
    func ensureUser(tenantId: String, userId: String, now: Date) async throws -> UserRecord
    func user(tenantId: String, userId: String) async throws -> UserRecord?
    /// The user without their profile (``UserRecord/profileOmitted``): what every batch needs
    /// (status, version) without reading the profile's samples.
    func userHead(tenantId: String, userId: String) async throws -> UserRecord?
    /// A page of a tenant's users with their session counts, by user id: at most `limit` users
    /// whose id sorts after `after`, read without their profiles (``UserRecord/profileOmitted``;
    /// sample counts from their own column). No listing reads every user or any profile.
    func users(tenantId: String, after: String?, limit: Int) async throws -> [UserListing]
    /// How many of the tenant's users have a scored profile (`ready` or `weak`): the population
    /// the background cohort is drawn from.
    func readyUserCount(tenantId: String) async throws -> Int
    /// Deletes the user, their profile, their sessions and every batch of those sessions, and
    /// the background cohort snapshots that hold their profile.
    func eraseUser(tenantId: String, userId: String) async throws -> ErasureReport

    // MARK: background cohort

    /// The tenant's scored users (`ready`, `weak`) with a profile and the lowest ``CohortRank``,
    /// lowest first, with their profiles: at most `limit`, read from the head of an index range
    /// (no more rows than that are read, however many users the tenant has).
    func backgroundCandidates(tenantId: String, limit: Int) async throws -> [UserRecord]
    /// The tenant's latest background cohort snapshot without its profiles
    /// (``BackgroundCohortRecord/profiles`` empty); nil before the first.
    func latestBackgroundCohort(tenantId: String) async throws -> BackgroundCohortRecord?
    /// One snapshot with its profiles; nil when there is none of that generation (replaced twice since, or erased).
    func backgroundCohort(tenantId: String, generation: Int) async throws -> BackgroundCohortRecord?
    /// Stores the snapshot unless its generation exists (another node built it first), deletes
    /// those older than the generation before it, and returns the latest stored, with its profiles.
    func addBackgroundCohort(_ cohort: BackgroundCohortRecord) async throws -> BackgroundCohortRecord

    func createSession(_ session: SessionRecord) async throws
    func session(tenantId: String, id: String) async throws -> SessionRecord?
    /// The session without its scoring state (``SessionRecord/state`` empty): enough when the
    /// engine still holds the state of that version.
    func sessionHead(tenantId: String, id: String) async throws -> SessionRecord?
    /// The tenant a session belongs to, by the session's id alone (a CORS preflight carries no
    /// credential; the id is all it has); nil when there is no such session.
    func sessionTenantId(id: String) async throws -> String?
    /// Sessions of the user not ended and whose token has not expired at `now`.
    func openSessionCount(tenantId: String, userId: String, now: Date) async throws -> Int
    /// Renews the token of a session that has not ended: increments its token generation (the
    /// previous token stops being accepted), sets its expiry and its version (so that a node
    /// holding the previous version reads the session again). The new generation, or nil when
    /// the session does not exist or has ended.
    func renewSessionToken(tenantId: String, id: String, expiresAt: Date) async throws -> Int?
    /// The tenant's most recent sessions, newest first, without their scoring state
    /// (``SessionRecord/state`` empty, as ``sessionHead(tenantId:id:)``): a list reads no blob
    /// that grows with a session.
    /// Only those `filter` admits; with `before`, only sessions after that one in this order
    /// (`createdAt` descending, then `id` ascending): the next page of the same filter.
    func sessions(tenantId: String, filter: SessionFilter, limit: Int, before: SessionCursor?) async throws
        -> [SessionRecord]
    /// Writes a scored batch and the session's new state and snapshot, atomically.
    func commit(_ commit: BatchCommit) async throws -> BatchCommitResult
    /// The profile samples the session's committed batches collected (``BatchCommit/collected``),
    /// in commit order.
    func collectedSamples(sessionId: String) async throws -> [Data]
    /// Marks the session ended with its final state and applies the profile change, atomically;
    /// the session's collected samples are deleted with it (they are in the profile now, or unwanted).
    func endSession(_ end: SessionEnd) async throws -> SessionEndResult
    /// The session's acknowledged batches by seq, with their events.
    func batches(sessionId: String) async throws -> [BatchRecord]
    /// The session's trust timeline: its acknowledged batches by seq without their events
    /// (``BatchRecord/events`` empty), so reading a timeline costs the same however much a client sent.
    /// At most `limit` of them, with a seq above `afterSeq` when given: a page.
    func timeline(sessionId: String, afterSeq: Int?, limit: Int) async throws -> [BatchRecord]
    /// The session's batch with the highest seq not above `seq`, without its events (as
    /// ``timeline(sessionId:afterSeq:limit:)``); nil when there is none. The point before a
    /// timeline page that starts after `seq`.
    func timelineBatch(sessionId: String, atOrBefore seq: Int) async throws -> BatchRecord?

    // MARK: step-ups

    /// Writes a step-up's new session state and snapshot and its timeline point, atomically.
    func commitStepUp(_ commit: StepUpCommit) async throws -> StepUpCommitResult
    /// The session's step-ups, oldest first.
    func stepUps(sessionId: String) async throws -> [StepUpRecord]

    // MARK: webhook outbox

    /// Adds a pending delivery (ignored when one with its id exists).
    func enqueueDelivery(_ delivery: WebhookDelivery) async throws
    func delivery(id: String) async throws -> WebhookDelivery?
    /// Pending deliveries, oldest first.
    func pendingDeliveries(limit: Int) async throws -> [WebhookDelivery]
    /// Takes the lease of a pending delivery until `until`, unless another attempt holds an
    /// unexpired lease; the delivery when taken, nil otherwise.
    func claimDelivery(id: String, until: Date, now: Date) async throws -> WebhookDelivery?
    /// Records an attempt's result and releases the lease.
    func finishDeliveryAttempt(
        id: String, attempts: Int, status: WebhookDelivery.Status, nextAttemptAt: Date, now: Date
    ) async throws
    /// Deletes delivered and given-up deliveries last attempted before `before`; how many.
    func pruneDeliveries(before: Date) async throws -> Int
    /// Drops the raw events and collected samples of the tenant's batches received before
    /// `before`, and the scoring state of its sessions ended before it; timelines stay. The
    /// number of batches and sessions cleared.
    func dropRawEvents(tenantId: String, before: Date) async throws -> (batches: Int, sessions: Int)
    /// Deletes the timelines (batch rows, with any payload left) of at most `limit` of the
    /// tenant's sessions closed before `endedBefore` (ended, or never ended and their last token
    /// expired) that still keep one; their session rows and step-ups stay. Returns how many
    /// sessions lost their timeline (below `limit`: none left).
    func dropTimelines(tenantId: String, endedBefore: Date, limit: Int) async throws -> Int
    /// Where raw events are kept in partitions by day of receipt (PostgreSQL): makes the
    /// partitions of `now`'s day and the next few, and drops every partition wholly older than
    /// `before` (the oldest of all tenants' cutoffs, so it holds nothing a tenant keeps), with
    /// its events and the collected samples no open session still waits for (those move out of
    /// it); ``dropRawEvents(tenantId:before:)`` then clears what remains row by row. The
    /// partitions dropped and the batches cleared with them. SQLite keeps every batch in one
    /// table: nothing to rotate.
    func rotateRawEventPartitions(droppingBefore before: Date, now: Date) async throws
        -> (partitions: Int, batches: Int)
}

/// Where a page of a tenant's sessions ends: the last session's creation time and id.
public struct SessionCursor: Sendable, Hashable {
    public var createdAt: Date
    public var id: String

    public init(createdAt: Date, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// As the API shows it: `<seconds since 1970>_<id>`.
    public var text: String { "\(createdAt.timeIntervalSince1970)_\(id)" }

    public init?(text: String) {
        let parts = text.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let seconds = Double(parts[0]), seconds.isFinite, parts[1].utf8.count <= 128 else {
            return nil
        }
        self.init(createdAt: Date(timeIntervalSince1970: seconds), id: String(parts[1]))
    }
}

extension CadenceStore {
    public func exclusively<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await body()
    }

    /// The tenant's most recent sessions, newest first (the first page).
    public func sessions(tenantId: String, limit: Int) async throws -> [SessionRecord] {
        try await sessions(tenantId: tenantId, filter: SessionFilter(), limit: limit, before: nil)
    }

    /// A page of the tenant's sessions, unfiltered.
    public func sessions(tenantId: String, limit: Int, before: SessionCursor?) async throws -> [SessionRecord] {
        try await sessions(tenantId: tenantId, filter: SessionFilter(), limit: limit, before: before)
    }

    /// The whole trust timeline of a session.
    public func timeline(sessionId: String) async throws -> [BatchRecord] {
        try await timeline(sessionId: sessionId, afterSeq: nil, limit: Int.max)
    }
}
