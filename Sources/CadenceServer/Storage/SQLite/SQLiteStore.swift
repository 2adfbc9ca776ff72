import CadenceEngine
import Foundation
import GRDB

/// ``CadenceStore`` on one SQLite file: a GRDB `DatabasePool` in WAL mode (concurrent readers,
/// one serialised writer; blocking SQLite calls run on GRDB's own threads, off the event loops).
///
/// Durability: WAL with `synchronous=NORMAL` by default, so a committed batch survives the
/// process being killed (`kill -9`); `synchronous: .full` also survives power loss, at the cost
/// of one fsync per batch.
public struct SQLiteStore: CadenceStore {
    /// How hard SQLite pushes each commit to disk.
    public enum Synchronous: String, Sendable, CaseIterable {
        case normal = "NORMAL"
        case full = "FULL"
    }

    let pool: DatabasePool
    /// Keeps the write-ahead log short without making commits wait (see ``WALCheckpointer``).
    let checkpointer: WALCheckpointer
    /// Batch commits waiting for the writer, written together (see ``commit(_:)``).
    let commits: GroupCommit<PreparedBatchCommit, BatchCommitResult>

    /// - Parameters:
    ///   - walRestartFrames: log size, in 4 KiB frames, past which the background checkpoint makes
    ///     the log start over (see ``WALCheckpointer``).
    ///   - checkpointInterval: seconds between two background checkpoints.
    public init(
        path: String, synchronous: Synchronous = .normal, walRestartFrames: Int = 16_384,
        checkpointInterval: Double = 1
    ) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .callback(BusyWait.fine)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
            // The batch table grows with every batch; its index pages and the sessions' rows stay
            // in memory (32 MB of page cache per connection, the file mapped rather than copied
            // by pread), so a batch's commit rarely waits for the file system.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            // Deleted rows are overwritten with zeros, so an erased user leaves nothing in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // Commits never checkpoint on their own (see WALCheckpointer).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            // The log regrows to just past the restart size between two restarts: kept at twice
            // that, its file is written over in place rather than cut and extended each time.
            try db.execute(sql: "PRAGMA journal_size_limit = \(max(walRestartFrames, 256) * 4096 * 2)")
        }
        try Self.restrictToOwner(path)
        let pool = try DatabasePool(path: path, configuration: configuration)
        self.pool = pool
        checkpointer = try WALCheckpointer(
            path: path, interval: checkpointInterval, restartFrames: walRestartFrames
        ) {
            try await pool.writeWithoutTransaction { db in
                try WALCheckpoint(row: Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)"), restartMode: false)
            }
        }
        checkpointer.start()
        commits = GroupCommit { items in
            try await pool.write { db in
                items.map { item in
                    // A savepoint each: one batch's failure leaves the others of the group written.
                    var result: Result<BatchCommitResult, any Error> = .failure(CancellationError())
                    do {
                        try db.inSavepoint {
                            result = .success(try Self.write(item, db))
                            return .commit
                        }
                    } catch {
                        result = .failure(error)
                    }
                    return result
                }
            }
        }
    }

    /// Creates the database file readable and writable by its owner only (0600), or makes an
    /// existing one so, with its `-wal` and `-shm` companions: SQLite gives those the main file's
    /// mode when it creates them, so the whole database stays private to the service's user.
    static func restrictToOwner(_ path: String) throws {
        guard path != ":memory:", !path.isEmpty else { return }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        close(descriptor)
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            guard chmod(file, 0o600) == 0 else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file])
            }
        }
    }

    /// Runs the background checkpoint once, now (operators, tests).
    @discardableResult
    public func checkpoint() async throws -> WALCheckpoint {
        try await checkpointer.checkpoint()
    }

    public func migrate() async throws {
        try SQLiteMigrations.migrate(pool)
    }

    // MARK: settings

    public func setting(_ name: String) async throws -> Data? {
        try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name])
        }
    }

    public func setSetting(_ name: String, value: Data) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                arguments: [name, value])
        }
    }

    // MARK: tenants

    public func createTenant(_ tenant: Tenant, keys: [APIKeyRecord]) async throws {
        let row = try TenantRow(tenant)
        try await pool.write { db in
            try row.insert(db)
            for key in keys { try Self.insert(key, db) }
        }
    }

    public func tenant(id: String) async throws -> Tenant? {
        try await pool.read { db in try TenantRow.fetchOne(db, key: id)?.tenant() }
    }

    public func tenants() async throws -> [Tenant] {
        try await pool.read { db in try TenantRow.order(Column("id")).fetchAll(db).map { try $0.tenant() } }
    }

    public func deleteTenant(id: String) async throws -> Bool {
        let deleted = try await pool.write { db in
            // Keys, users, sessions, batches, step-ups and deliveries go with it (ON DELETE CASCADE).
            try db.execute(sql: "DELETE FROM tenant WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
        if deleted { try await truncateLog() }
        return deleted
    }

    public func credential(digest: String) async throws -> (key: APIKeyRecord, tenant: Tenant)? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM api_key WHERE digest = ? AND revokedAt IS NULL"),
                    arguments: [digest]),
                let tenant = try TenantRow.fetchOne(db, key: row["tenantId"] as String)?.tenant()
            else { return nil }
            return (try Self.key(from: row), tenant)
        }
    }

    public func addKey(_ key: APIKeyRecord) async throws {
        try await pool.write { db in try Self.insert(key, db) }
    }

    public func addKey(_ key: APIKeyRecord, maximumActive: Int) async throws -> Bool {
        try await pool.write { db in
            let active =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM api_key WHERE tenantId = ? AND role = ? AND revokedAt IS NULL",
                    arguments: [key.tenantId, key.role.rawValue]) ?? 0
            guard active < maximumActive else { return false }
            try Self.insert(key, db)
            return true
        }
    }

    public func keys(tenantId: String) async throws -> [APIKeyRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM api_key WHERE tenantId = ? ORDER BY createdAt, id", arguments: [tenantId]
            ).map(Self.key(from:))
        }
    }

    public func revokeKey(tenantId: String, id: String, at: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE api_key SET revokedAt = ? WHERE tenantId = ? AND id = ? AND revokedAt IS NULL",
                arguments: [at.timeIntervalSince1970, tenantId, id])
            return db.changesCount > 0
        }
    }

    private static func insert(_ key: APIKeyRecord, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO api_key (id, digest, tenantId, role, createdAt, revokedAt) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                key.id, key.digest, key.tenantId, key.role.rawValue, key.createdAt.timeIntervalSince1970,
                key.revokedAt?.timeIntervalSince1970,
            ])
    }

    private static func key(from row: Row) throws -> APIKeyRecord {
        let revoked: Double? = row["revokedAt"]
        return APIKeyRecord(
            id: row["id"], digest: row["digest"], tenantId: row["tenantId"],
            role: try row.storedCase(APIKeyRecord.Role.self, "role"), createdAt: date(row, "createdAt"),
            revokedAt: revoked.map(Date.init(timeIntervalSince1970:)))
    }

    /// Writes everything but the id and the creation time; an unknown tenant is left alone.
    public func updateTenant(_ tenant: Tenant) async throws {
        let row = try TenantRow(tenant)
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE tenant SET name = ?, settings = ?, webhookURL = ?, webhookSecret = ?, version = version + 1
                    WHERE id = ?
                    """,
                arguments: [row.name, row.settings, row.webhookURL, row.webhookSecret, row.id])
        }
    }

    public func updateTenant(_ tenant: Tenant, ifVersion version: Int) async throws -> Bool {
        let row = try TenantRow(tenant)
        return try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE tenant SET name = ?, settings = ?, webhookURL = ?, webhookSecret = ?, version = version + 1
                    WHERE id = ? AND version = ?
                    """,
                arguments: [row.name, row.settings, row.webhookURL, row.webhookSecret, row.id, version])
            return db.changesCount > 0
        }
    }

    public func appendAudit(_ event: AuditEvent) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO audit_event (at, actor, tenantId, action, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [event.at.timeIntervalSince1970, event.actor, event.tenantId, event.action, event.detail])
        }
    }

    public func auditEvents(tenantId: String?, limit: Int) async throws -> [AuditEvent] {
        try await pool.read { db in
            let rows =
                if let tenantId {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM audit_event WHERE tenantId = ? ORDER BY id DESC LIMIT ?",
                        arguments: [tenantId, limit])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY id DESC LIMIT ?", arguments: [limit])
                }
            return rows.map { row in
                AuditEvent(
                    at: Self.date(row, "at"), actor: row["actor"], tenantId: row["tenantId"], action: row["action"],
                    detail: row["detail"])
            }
        }
    }

    // MARK: users

    public func ensureUser(tenantId: String, userId: String, now: Date) async throws -> UserRecord {
        try await pool.write { db in
            try UserRow(newUser: userId, tenantId: tenantId, now: now).insert(db, onConflict: .ignore)
            let row = try Row.fetchOne(
                db.cachedStatement(sql: Self.userHeadColumns + " FROM user WHERE tenantId = ? AND userId = ?"),
                arguments: [tenantId, userId])
            return try Self.userHead(from: row!)
        }
    }

    public func user(tenantId: String, userId: String) async throws -> UserRecord? {
        try await pool.read { db in
            try UserRow.fetchOne(db, key: UserRow.key(tenantId: tenantId, userId: userId))?.user()
        }
    }

    public func userHead(tenantId: String, userId: String) async throws -> UserRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: Self.userHeadColumns + " FROM user WHERE tenantId = ? AND userId = ?"),
                arguments: [tenantId, userId]
            ).map(Self.userHead(from:))
        }
    }

    public func users(tenantId: String, after: String?, limit: Int) async throws -> [UserListing] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT tenantId, userId, status, createdAt, updatedAt, version, sampleCounts,
                        typeof(profile) = 'blob' AS hasProfile,
                        (SELECT COUNT(*) FROM session
                         WHERE session.tenantId = user.tenantId AND session.userId = user.userId) AS sessionCount
                    FROM user WHERE tenantId = ? AND userId > ? ORDER BY userId LIMIT ?
                    """,
                arguments: [tenantId, after ?? "", limit]
            ).map { row in UserListing(user: try Self.userHead(from: row), sessionCount: row["sessionCount"]) }
        }
    }

    public func readyUserCount(tenantId: String) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM user WHERE tenantId = ? AND " + Self.scoredWithProfile),
                arguments: [tenantId]) ?? 0
        }
    }

    /// Scored users (`ready`, `weak`) with a profile: the condition of the `user_by_cohort_rank`
    /// index, written as it is there so that SQLite uses the index.
    static let scoredWithProfile = "status IN ('ready', 'weak') AND profile IS NOT NULL"

    public func eraseUser(tenantId: String, userId: String) async throws -> ErasureReport {
        let report = try await pool.write { db in
            let batches =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM batch WHERE sessionId IN
                            (SELECT id FROM session WHERE tenantId = ? AND userId = ?)
                        """,
                    arguments: [tenantId, userId]) ?? 0
            try db.execute(
                sql: "DELETE FROM batch WHERE sessionId IN (SELECT id FROM session WHERE tenantId = ? AND userId = ?)",
                arguments: [tenantId, userId])
            try db.execute(sql: "DELETE FROM session WHERE tenantId = ? AND userId = ?", arguments: [tenantId, userId])
            let sessions = db.changesCount
            try Self.deleteBackgroundCohorts(holding: userId, tenantId: tenantId, db)
            let users = try UserRow.deleteOne(db, key: UserRow.key(tenantId: tenantId, userId: userId)) ? 1 : 0
            return ErasureReport(users: users, sessions: sessions, batches: batches)
        }
        try await truncateLog()
        return report
    }

    /// Copies the write-ahead log into the database and empties it, so the page images it held
    /// (an erased user's rows among them) are gone from the log file too. Waits for readers like
    /// any checkpoint; a reader that outlasts the wait leaves the log for the next erasure or restart.
    func truncateLog() async throws {
        try await pool.writeWithoutTransaction { db in
            _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    // MARK: sessions

    public func createSession(_ session: SessionRecord) async throws {
        let snapshot = try Self.snapshotBlob(session.snapshot)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO session (id, tenantId, userId, authenticated, createdAt, expiresAt, endedAt, outcome,
                                         decision, state, snapshot, batchCount, eventCount, byteCount, lastSeq,
                                         version, tokenGeneration)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.id, session.tenantId, session.userId, session.authenticated,
                    session.createdAt.timeIntervalSince1970, session.expiresAt.timeIntervalSince1970,
                    session.endedAt?.timeIntervalSince1970, session.outcome?.rawValue,
                    session.snapshot.decision.rawValue, session.state, snapshot,
                    session.batchCount, session.eventCount, session.byteCount, session.lastSeq, session.version,
                    session.tokenGeneration,
                ])
        }
    }

    public func session(tenantId: String, id: String) async throws -> SessionRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM session WHERE tenantId = ? AND id = ?"),
                arguments: [tenantId, id]
            )
            .map(Self.session(from:))
        }
    }

    public func sessionHead(tenantId: String, id: String) async throws -> SessionRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: Self.sessionHeadColumns + " FROM session WHERE tenantId = ? AND id = ?"),
                arguments: [tenantId, id]
            ).map(Self.session(from:))
        }
    }

    public func sessionTenantId(id: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT tenantId FROM session WHERE id = ?"), arguments: [id])
        }
    }

    public func openSessionCount(tenantId: String, userId: String, now: Date) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT COUNT(*) FROM session
                        WHERE tenantId = ? AND userId = ? AND endedAt IS NULL AND expiresAt > ?
                        """),
                arguments: [tenantId, userId, now.timeIntervalSince1970]) ?? 0
        }
    }

    public func renewSessionToken(tenantId: String, id: String, expiresAt: Date) async throws -> Int? {
        try await pool.write { db in
            try Int.fetchOne(
                db,
                sql: """
                    UPDATE session SET tokenGeneration = tokenGeneration + 1, expiresAt = ?, version = version + 1
                    WHERE tenantId = ? AND id = ? AND endedAt IS NULL
                    RETURNING tokenGeneration
                    """,
                arguments: [expiresAt.timeIntervalSince1970, tenantId, id])
        }
    }

    public func collectedSamples(sessionId: String) async throws -> [Data] {
        try await pool.read { db in
            try Data.fetchAll(
                db, sql: "SELECT samples FROM batch WHERE sessionId = ? AND samples IS NOT NULL ORDER BY id",
                arguments: [sessionId])
        }
    }

    public func sessions(tenantId: String, filter: SessionFilter, limit: Int, before: SessionCursor?) async throws
        -> [SessionRecord]
    {
        // Every condition a bind parameter; the tenant's time index (or, for one user, theirs)
        // gives the order, so a page reads its own rows and the rows the filter skips before them.
        var conditions = ["tenantId = ?"]
        var arguments: StatementArguments = [tenantId]
        if let decision = filter.decision {
            conditions.append("decision = ?")
            arguments += [decision.rawValue]
        }
        if let userId = filter.userId {
            conditions.append("userId = ?")
            arguments += [userId]
        }
        switch filter.state {
        case nil: break
        case .open: conditions.append("endedAt IS NULL")
        case .ended(let outcome):
            conditions.append("outcome = ?")
            arguments += [outcome.rawValue]
        }
        if let from = filter.createdFrom {
            conditions.append("createdAt >= ?")
            arguments += [from.timeIntervalSince1970]
        }
        if let to = filter.createdTo {
            conditions.append("createdAt < ?")
            arguments += [to.timeIntervalSince1970]
        }
        if let before {
            conditions.append("(createdAt < ? OR (createdAt = ? AND id > ?))")
            let time = before.createdAt.timeIntervalSince1970
            arguments += [time, time, before.id]
        }
        arguments += [limit]
        let statementArguments = arguments
        let sql =
            Self.sessionHeadColumns + " FROM session WHERE " + conditions.joined(separator: " AND ")
            + " ORDER BY createdAt DESC, id LIMIT ?"
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: statementArguments).map(Self.session(from:))
        }
    }

    /// Writes a scored batch. Batches that reach the writer together are written in one
    /// transaction (group commit, one savepoint each): under load a commit's fixed cost (the
    /// WAL append, the lock hand-over) is shared, and no batch is answered before it is durable.
    public func commit(_ commit: BatchCommit) async throws -> BatchCommitResult {
        let prepared = PreparedBatchCommit(
            commit: commit, snapshot: try Self.snapshotBlob(commit.snapshot),
            reasons: try Self.json(commit.batch.reasons))
        return try await commits.submit(prepared)
    }

    private static func write(_ prepared: PreparedBatchCommit, _ db: Database) throws -> BatchCommitResult {
        let commit = prepared.commit
        let snapshot = prepared.snapshot
        let reasons = prepared.reasons
        let batch = commit.batch
        // The version and whether the seq was seen, in one read. The version comes first: an
        // answer, even "duplicate", is given only against the session as it stands (a token
        // replaced by a renewal must read it again, and be refused).
        let head = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT version, endedAt IS NULL AS open,
                        EXISTS (SELECT 1 FROM batch WHERE sessionId = session.id AND seq = ?) AS seen
                    FROM session WHERE id = ?
                    """),
            arguments: [batch.seq, batch.sessionId])
        guard let head else { return .missing }
        guard head["open"] == true, head["version"] == commit.expectedVersion else { return .conflict }
        if head["seen"] == true { return .duplicate }
        if batch.seq < commit.minimumSeq { return .tooLate }
        try db.cachedStatement(
            sql: """
                UPDATE session SET state = ?, snapshot = ?, decision = ?, batchCount = batchCount + 1,
                    eventCount = eventCount + ?, byteCount = byteCount + ?, lastSeq = MAX(lastSeq, ?),
                    version = version + 1
                WHERE id = ?
                """
        ).execute(
            arguments: [
                commit.state, snapshot, commit.snapshot.decision.rawValue, batch.eventCount, commit.bodyBytes,
                batch.seq, batch.sessionId,
            ])
        try db.cachedStatement(
            sql: """
                INSERT INTO batch (sessionId, seq, receivedAt, eventCount, events, trust, decision, reasons, samples)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                batch.sessionId, batch.seq, batch.receivedAt.timeIntervalSince1970, batch.eventCount, batch.events,
                batch.trust, batch.decision.rawValue, reasons, commit.collected,
            ])
        return .committed(version: commit.expectedVersion + 1)
    }

    public func endSession(_ end: SessionEnd) async throws -> SessionEndResult {
        let snapshot = try Self.snapshotBlob(end.snapshot)
        return try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT userId, endedAt, version FROM session WHERE tenantId = ? AND id = ?",
                    arguments: [end.tenantId, end.sessionId])
            else { return .missing }
            let endedAt: Double? = row["endedAt"]
            if endedAt != nil { return .alreadyEnded }
            let version: Int = row["version"]
            if version != end.expectedVersion { return .conflict }
            let userId: String = row["userId"]
            if let profile = end.profile {
                let now = end.endedAt.timeIntervalSince1970
                if let expected = end.expectedProfileVersion {
                    try db.execute(
                        sql: """
                            UPDATE user SET profile = ?, sampleCounts = ?, status = ?, updatedAt = ?, version = version + 1
                            WHERE tenantId = ? AND userId = ? AND version = ?
                            """,
                        arguments: [
                            profile.profile, try Self.json(profile.samples), profile.status.rawValue, now, end.tenantId,
                            userId, expected,
                        ])
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO user (tenantId, userId, profile, sampleCounts, status, createdAt, updatedAt, version,
                                              cohortRank)
                            VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT(tenantId, userId) DO NOTHING
                            """,
                        arguments: [
                            end.tenantId, userId, profile.profile, try Self.json(profile.samples),
                            profile.status.rawValue, now, now, CohortRank.of(tenantId: end.tenantId, userId: userId),
                        ])
                }
                if db.changesCount == 0 { return .conflict }
            }
            try db.execute(
                sql: """
                    UPDATE session SET endedAt = ?, outcome = ?, decision = ?, state = ?, snapshot = ?,
                        version = version + 1
                    WHERE id = ?
                    """,
                arguments: [
                    end.endedAt.timeIntervalSince1970, end.outcome.rawValue, end.snapshot.decision.rawValue, end.state,
                    snapshot, end.sessionId,
                ])
            try db.execute(
                sql: "UPDATE batch SET samples = NULL WHERE sessionId = ? AND samples IS NOT NULL",
                arguments: [end.sessionId])
            return .ended
        }
    }

    public func batches(sessionId: String) async throws -> [BatchRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM batch WHERE sessionId = ? ORDER BY seq", arguments: [sessionId])
                .map(Self.batch(from:))
        }
    }

    public func timeline(sessionId: String, afterSeq: Int?, limit: Int) async throws -> [BatchRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT sessionId, seq, receivedAt, eventCount, X'' AS events, trust, decision, reasons
                    FROM batch WHERE sessionId = ? AND seq > ? ORDER BY seq LIMIT ?
                    """,
                arguments: [sessionId, afterSeq ?? Int.min, limit]
            ).map(Self.batch(from:))
        }
    }

    public func timelineBatch(sessionId: String, atOrBefore seq: Int) async throws -> BatchRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT sessionId, seq, receivedAt, eventCount, X'' AS events, trust, decision, reasons
                    FROM batch WHERE sessionId = ? AND seq <= ? ORDER BY seq DESC LIMIT 1
                    """,
                arguments: [sessionId, seq]
            ).map(Self.batch(from:))
        }
    }

    // MARK: rows

    private static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// A session's snapshot as stored: a binary blob (read on every batch; rows written as JSON
    /// text before are still read, see ``BlobCoding``).
    static func snapshotBlob(_ snapshot: SessionSnapshot) throws -> Data {
        try BlobCoding.encode(snapshot)
    }

    private static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    private static func date(_ row: Row, _ column: String) -> Date {
        Date(timeIntervalSince1970: row[column])
    }

    /// Every user column but the profile, and whether one is stored.
    static let userHeadColumns =
        "SELECT tenantId, userId, status, createdAt, updatedAt, version, sampleCounts, typeof(profile) = 'blob' AS hasProfile"

    private static func userHead(from row: Row) throws -> UserRecord {
        var user = try UserRow(row: row).user()
        user.profileOmitted = true
        user.hasProfile = row["hasProfile"]
        return user
    }

    /// Every session column but the state (read as an empty blob).
    static let sessionHeadColumns = """
        SELECT id, tenantId, userId, authenticated, createdAt, expiresAt, endedAt, outcome, batchCount, eventCount,
            byteCount, lastSeq, version, tokenGeneration, snapshot, X'' AS state
        """

    private static func session(from row: Row) throws -> SessionRecord {
        let endedAt: Double? = row["endedAt"]
        return SessionRecord(
            id: row["id"], tenantId: row["tenantId"], userId: row["userId"], authenticated: row["authenticated"],
            createdAt: date(row, "createdAt"), expiresAt: date(row, "expiresAt"),
            endedAt: endedAt.map(Date.init(timeIntervalSince1970:)),
            outcome: try row.storedCaseIfPresent(SessionOutcome.self, "outcome"),
            state: row["state"], snapshot: try BlobCoding.decode(SessionSnapshot.self, from: row["snapshot"]),
            batchCount: row["batchCount"], eventCount: row["eventCount"], byteCount: row["byteCount"],
            lastSeq: row["lastSeq"],
            version: row["version"], tokenGeneration: row["tokenGeneration"]
        )
    }

    private static func batch(from row: Row) throws -> BatchRecord {
        BatchRecord(
            sessionId: row["sessionId"], seq: row["seq"], receivedAt: date(row, "receivedAt"),
            eventCount: row["eventCount"], events: row["events"], trust: row["trust"],
            decision: try row.storedCase(Decision.self, "decision"),
            reasons: try decodeJSON([DecisionReason].self, row["reasons"]))
    }
}

/// A batch commit with its JSON columns encoded before it reaches the writer.
struct PreparedBatchCommit: Sendable {
    var commit: BatchCommit
    var snapshot: Data
    var reasons: String
}
