import CadenceEngine
import Foundation
import PostgresNIO

extension PostgresStore {
    /// Every session column but the state (read as an empty blob).
    static let sessionHeadColumns = """
        id, tenant_id, user_id, authenticated, created_at, expires_at, ended_at, outcome, batch_count, event_count,
            byte_count, last_seq, version, token_generation, snapshot, ''::bytea AS state
        """

    /// Every batch column, and an empty blob for the events (in `batch_payload`): a timeline point.
    static let timelineColumns =
        "session_id, seq, received_at, event_count, ''::bytea AS events, trust, decision, reasons"

    public func createSession(_ session: SessionRecord) async throws {
        let snapshot = try BlobCoding.encode(session.snapshot)
        try await rows(
            """
            INSERT INTO session (id, tenant_id, user_id, authenticated, created_at, expires_at, ended_at, outcome,
                                 decision, state, snapshot, batch_count, event_count, byte_count, last_seq,
                                 version, token_generation)
            VALUES (\(session.id), \(session.tenantId), \(session.userId), \(session.authenticated),
                    \(session.createdAt.timeIntervalSince1970), \(session.expiresAt.timeIntervalSince1970),
                    \(session.endedAt?.timeIntervalSince1970), \(session.outcome?.rawValue),
                    \(session.snapshot.decision.rawValue), \(session.state), \(snapshot), \(session.batchCount),
                    \(session.eventCount), \(session.byteCount), \(session.lastSeq), \(session.version),
                    \(session.tokenGeneration))
            """)
    }

    public func session(tenantId: String, id: String) async throws -> SessionRecord? {
        try await row("SELECT * FROM session WHERE tenant_id = \(tenantId) AND id = \(id)").map(Self.session(from:))
    }

    public func sessionHead(tenantId: String, id: String) async throws -> SessionRecord? {
        try await row(
            "SELECT \(unescaped: Self.sessionHeadColumns) FROM session WHERE tenant_id = \(tenantId) AND id = \(id)"
        ).map(Self.session(from:))
    }

    public func sessionTenantId(id: String) async throws -> String? {
        try await row("SELECT tenant_id FROM session WHERE id = \(id)")?.value("tenant_id")
    }

    public func openSessionCount(tenantId: String, userId: String, now: Date) async throws -> Int {
        try await row(
            """
            SELECT COUNT(*) AS open FROM session
            WHERE tenant_id = \(tenantId) AND user_id = \(userId) AND ended_at IS NULL
              AND expires_at > \(now.timeIntervalSince1970)
            """
        )?.value("open") ?? 0
    }

    public func renewSessionToken(tenantId: String, id: String, expiresAt: Date) async throws -> Int? {
        try await row(
            """
            UPDATE session SET token_generation = token_generation + 1, expires_at = \(expiresAt.timeIntervalSince1970),
                version = version + 1
            WHERE tenant_id = \(tenantId) AND id = \(id) AND ended_at IS NULL
            RETURNING token_generation
            """
        )?.value("token_generation")
    }

    public func collectedSamples(sessionId: String) async throws -> [Data] {
        try await rows(
            """
            SELECT samples FROM batch_payload
            WHERE session_id = \(sessionId) AND samples IS NOT NULL ORDER BY batch_id
            """
        ).map { try $0.value("samples") }
    }

    public func sessions(tenantId: String, filter: SessionFilter, limit: Int, before: SessionCursor?) async throws
        -> [SessionRecord]
    {
        // Every condition a bind parameter: the SQL text names only columns and placeholders.
        var bindings = PostgresBindings()
        func placeholder(_ value: some PostgresNonThrowingEncodable) -> String {
            bindings.append(value)
            return "$\(bindings.count)"
        }
        var conditions = ["tenant_id = \(placeholder(tenantId))"]
        if let decision = filter.decision { conditions.append("decision = \(placeholder(decision.rawValue))") }
        if let userId = filter.userId { conditions.append("user_id = \(placeholder(userId))") }
        switch filter.state {
        case nil: break
        case .open: conditions.append("ended_at IS NULL")
        case .ended(let outcome): conditions.append("outcome = \(placeholder(outcome.rawValue))")
        }
        if let from = filter.createdFrom {
            conditions.append("created_at >= \(placeholder(from.timeIntervalSince1970))")
        }
        if let to = filter.createdTo { conditions.append("created_at < \(placeholder(to.timeIntervalSince1970))") }
        if let before {
            let time = placeholder(before.createdAt.timeIntervalSince1970)
            conditions.append("(created_at < \(time) OR (created_at = \(time) AND id > \(placeholder(before.id))))")
        }
        let sql =
            "SELECT \(Self.sessionHeadColumns) FROM session WHERE \(conditions.joined(separator: " AND "))"
            + " ORDER BY created_at DESC, id LIMIT \(placeholder(limit))"
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: bindings)).map(Self.session(from:))
    }

    /// Writes a scored batch in one statement (``BatchCommitStatement``, prepared once per
    /// connection), committed on its own: one round trip (a transaction of separate statements
    /// took six, and most of the batch's cost on either side).
    ///
    /// The statement locks the session's row first (`FOR UPDATE`), so that two nodes committing to
    /// one session at once are ordered as SQLite's one writer orders them: the second waits, then
    /// finds the version moved (conflict) and, reading again, the seq acknowledged (duplicate). The
    /// timeline row is inserted only against an open session at the expected version, the payload
    /// row (events and samples, in `batch_payload`) and the session's update only with it; the
    /// unique `(session_id, seq)` keeps the batch stored once whatever happens. A batch older than
    /// the reorder window is never written: it only learns whether its seq was stored.
    public func commit(_ commit: BatchCommit) async throws -> BatchCommitResult {
        if commit.batch.seq < commit.minimumSeq { return try await lateCommit(commit) }
        let statement = BatchCommitStatement(
            commit: commit, snapshot: try BlobCoding.encode(commit.snapshot),
            reasons: try Self.json(commit.batch.reasons))
        let answer = try await leased { [logger] connection -> BatchCommitStatement.Row? in
            var first: BatchCommitStatement.Row?
            for try await row in try await connection.execute(statement, logger: logger) where first == nil {
                first = row
            }
            return first
        }
        guard let (open, version, id) = answer else { return .missing }
        // The version comes first: an answer, even "duplicate", is given only against the session
        // as it stands (as SQLite's).
        guard open, version == commit.expectedVersion else { return .conflict }
        guard id != nil else { return .duplicate }
        return .committed(version: commit.expectedVersion + 1)
    }

    /// A batch older than the reorder window: too late, or a duplicate when its seq was stored,
    /// against the session as it stands.
    private func lateCommit(_ commit: BatchCommit) async throws -> BatchCommitResult {
        let batch = commit.batch
        guard
            let row = try await row(
                """
                SELECT version, ended_at IS NULL AS open,
                    EXISTS (SELECT 1 FROM batch WHERE session_id = \(batch.sessionId) AND seq = \(batch.seq)) AS seen
                FROM session WHERE id = \(batch.sessionId)
                """)
        else { return .missing }
        guard try row.value("open", Bool.self), try row.value("version", Int.self) == commit.expectedVersion
        else { return .conflict }
        return try row.value("seen", Bool.self) ? .duplicate : .tooLate
    }

    public func endSession(_ end: SessionEnd) async throws -> SessionEndResult {
        let snapshot = try BlobCoding.encode(end.snapshot)
        let sampleCounts = try end.profile.map { try Self.json($0.samples) }
        return try await transaction { connection in
            guard
                let row = try await Self.rows(
                    """
                    SELECT user_id, ended_at, version FROM session
                    WHERE tenant_id = \(end.tenantId) AND id = \(end.sessionId) FOR UPDATE
                    """, on: connection, logger: logger
                ).first
            else { return .missing }
            if try row.value("ended_at", Double?.self) != nil { return .alreadyEnded }
            if try row.value("version", Int.self) != end.expectedVersion { return .conflict }
            let userId = try row.value("user_id", String.self)
            if let profile = end.profile {
                let now = end.endedAt.timeIntervalSince1970
                let written =
                    if let expected = end.expectedProfileVersion {
                        try await Self.rows(
                            """
                            UPDATE end_user SET profile = \(profile.profile), sample_counts = \(sampleCounts),
                                status = \(profile.status.rawValue), updated_at = \(now), version = version + 1
                            WHERE tenant_id = \(end.tenantId) AND user_id = \(userId) AND version = \(expected)
                            RETURNING 1
                            """, on: connection, logger: logger)
                    } else {
                        try await Self.rows(
                            """
                            INSERT INTO end_user (tenant_id, user_id, profile, sample_counts, status, created_at,
                                                  updated_at, version)
                            VALUES (\(end.tenantId), \(userId), \(profile.profile), \(sampleCounts),
                                    \(profile.status.rawValue), \(now), \(now), 1)
                            ON CONFLICT (tenant_id, user_id) DO NOTHING
                            RETURNING 1
                            """, on: connection, logger: logger)
                    }
                if written.isEmpty { return .conflict }
            }
            try await connection.query(
                """
                UPDATE session SET ended_at = \(end.endedAt.timeIntervalSince1970), outcome = \(end.outcome.rawValue),
                    decision = \(end.snapshot.decision.rawValue), state = \(end.state), snapshot = \(snapshot),
                    version = version + 1
                WHERE id = \(end.sessionId)
                """, logger: logger)
            try await connection.query(
                "UPDATE batch_payload SET samples = NULL WHERE session_id = \(end.sessionId) AND samples IS NOT NULL",
                logger: logger)
            return .ended
        }
    }

    public func batches(sessionId: String) async throws -> [BatchRecord] {
        // A batch without a payload row had its events cleared by retention (as SQLite's empty blob).
        try await rows(
            """
            SELECT batch.session_id, batch.seq, batch.received_at, batch.event_count,
                COALESCE(batch_payload.events, ''::bytea) AS events, batch.trust, batch.decision, batch.reasons
            FROM batch LEFT JOIN batch_payload
                ON batch_payload.session_id = batch.session_id AND batch_payload.batch_id = batch.id
            WHERE batch.session_id = \(sessionId) ORDER BY batch.seq
            """
        ).map(Self.batch(from:))
    }

    public func timeline(sessionId: String, afterSeq: Int?, limit: Int) async throws -> [BatchRecord] {
        try await rows(
            """
            SELECT \(unescaped: Self.timelineColumns) FROM batch
            WHERE session_id = \(sessionId) AND seq > \(afterSeq ?? Int.min) ORDER BY seq LIMIT \(limit)
            """
        ).map(Self.batch(from:))
    }

    public func timelineBatch(sessionId: String, atOrBefore seq: Int) async throws -> BatchRecord? {
        try await row(
            """
            SELECT \(unescaped: Self.timelineColumns) FROM batch
            WHERE session_id = \(sessionId) AND seq <= \(seq) ORDER BY seq DESC LIMIT 1
            """
        ).map(Self.batch(from:))
    }

    static func session(from row: PostgresRandomAccessRow) throws -> SessionRecord {
        SessionRecord(
            id: try row.value("id"), tenantId: try row.value("tenant_id"), userId: try row.value("user_id"),
            authenticated: try row.value("authenticated"), createdAt: try row.date("created_at"),
            expiresAt: try row.date("expires_at"), endedAt: try row.dateIfPresent("ended_at"),
            outcome: try row.storedCaseIfPresent(SessionOutcome.self, "outcome"), state: try row.value("state"),
            snapshot: try BlobCoding.decode(SessionSnapshot.self, from: row.value("snapshot")),
            batchCount: try row.value("batch_count"), eventCount: try row.value("event_count"),
            byteCount: try row.value("byte_count"), lastSeq: try row.value("last_seq"),
            version: try row.value("version"), tokenGeneration: try row.value("token_generation"))
    }

    static func batch(from row: PostgresRandomAccessRow) throws -> BatchRecord {
        BatchRecord(
            sessionId: try row.value("session_id"), seq: try row.value("seq"), receivedAt: try row.date("received_at"),
            eventCount: try row.value("event_count"), events: try row.value("events"), trust: try row.value("trust"),
            decision: try row.storedCase(Decision.self, "decision"),
            reasons: try decodeJSON([DecisionReason].self, row.value("reasons")))
    }
}

/// The batch commit, prepared once per connection (postgres-nio keeps it by name): parsed and
/// planned once, not on every batch. What it does: ``PostgresStore/commit(_:)``.
struct BatchCommitStatement: PostgresPreparedStatement {
    static let name = "cadence_batch_commit_v1"
    static let sql = """
        WITH head AS (
            SELECT tenant_id, version, ended_at IS NULL AS open FROM session WHERE id = $1 FOR UPDATE
        ), timeline AS (
            INSERT INTO batch (session_id, seq, received_at, event_count, trust, decision, reasons)
            SELECT $1, $2, $3, $4, $5, $6, $7 FROM head WHERE head.open AND head.version = $8
            ON CONFLICT (session_id, seq) DO NOTHING
            RETURNING id
        ), payload AS (
            INSERT INTO batch_payload (batch_id, tenant_id, session_id, seq, received_at, events, samples)
            SELECT timeline.id, head.tenant_id, $1, $2, $3, $9, $10 FROM timeline, head
        ), updated AS (
            UPDATE session SET state = $11, snapshot = $12, decision = $13, batch_count = batch_count + 1,
                event_count = event_count + $4, byte_count = byte_count + $14,
                last_seq = GREATEST(last_seq, $2), version = version + 1
            WHERE id = $1 AND EXISTS (SELECT 1 FROM timeline)
        )
        SELECT head.open, head.version, (SELECT id FROM timeline) AS id FROM head
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .text, .int8, .float8, .int8, .float8, .text, .text, .int8, .bytea, .bytea, .bytea, .bytea, .text, .int8,
    ]
    typealias Row = (Bool, Int, Int?)

    var commit: BatchCommit
    var snapshot: Data
    var reasons: String

    func makeBindings() throws -> PostgresBindings {
        let batch = commit.batch
        var bindings = PostgresBindings(capacity: 14)
        bindings.append(batch.sessionId)
        bindings.append(batch.seq)
        bindings.append(batch.receivedAt.timeIntervalSince1970)
        bindings.append(batch.eventCount)
        bindings.append(batch.trust)
        bindings.append(batch.decision.rawValue)
        bindings.append(reasons)
        bindings.append(commit.expectedVersion)
        try bindings.append(batch.events)
        try bindings.append(commit.collected)
        try bindings.append(commit.state)
        try bindings.append(snapshot)
        bindings.append(commit.snapshot.decision.rawValue)
        bindings.append(commit.bodyBytes)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
