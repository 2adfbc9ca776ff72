import CadenceEngine
import Foundation
import GRDB

/// The SQLite schema, as a sequence of migrations; never edit a shipped migration, add one.
///
/// A migration is named `v<N>-<what-it-changes>` (lowercase words joined by hyphens), numbered
/// in the order it runs. GRDB records the names of applied migrations in `grdb_migrations` and
/// runs every registered name it does not find there, so a shipped name never changes without
/// an entry in ``legacyIdentifiers``. The schema the migrations build is in `docs/schema.md`.
enum SQLiteMigrations {
    /// Names the first seven migrations shipped under, by their current names; renamed in
    /// `grdb_migrations` before migrating, so that a database made then is not migrated again.
    /// (Their bodies are as shipped: `user_v4`, `batch_v5` are the old numbers.)
    static let legacyIdentifiers: KeyValuePairs<String, String> = [
        "v1": "v1-initial",
        "v2: user profile version": "v2-user-profile-version",
        "v3: collected samples beside the batches": "v3-session-sample-table",
        "api-1-stepup-settings-outbox": "v4-step-ups-and-webhook-outbox",
        "v4: blobs last in user and session rows": "v5-blobs-last-in-user-and-session",
        "v5: batches appended in a rowid table": "v6-batches-in-rowid-order",
        "v6: collected samples in their batch's row": "v7-samples-in-batch-rows",
    ]

    /// Brings the database to the current schema: legacy migration names renamed, then every
    /// migration not applied yet run, each in its own transaction. Throws ``SchemaTooNew``, and
    /// changes nothing, when the database has a migration this version does not know (a newer
    /// Cadence migrated it): GRDB alone would run the known ones and carry on.
    static func migrate(_ writer: some DatabaseWriter) throws {
        let migrator = migrator
        try writer.write { db in
            guard try db.tableExists("grdb_migrations") else { return }
            let applied = try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
            let known = Set(migrator.migrations).union(legacyIdentifiers.map(\.key))
            let unknown = applied.subtracting(known)
            guard unknown.isEmpty else {
                throw SchemaTooNew(
                    database: "SQLite database \(writer.path)", unknownMigrations: unknown.sorted(),
                    newestKnown: migrator.migrations.last ?? "none")
            }
            for (old, new) in legacyIdentifiers {
                try db.execute(
                    sql: "UPDATE grdb_migrations SET identifier = ? WHERE identifier = ?", arguments: [new, old])
            }
        }
        try migrator.migrate(writer)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.create(table: "setting") { t in
                t.primaryKey("name", .text)
                t.column("value", .blob).notNull()
            }
            try db.create(table: "tenant") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("apiKeyDigest", .text).notNull().unique()
                t.column("settings", .text).notNull()
                t.column("webhookURL", .text)
                t.column("webhookSecret", .text)
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "user") { t in
                t.column("tenantId", .text).notNull().references("tenant", onDelete: .cascade)
                t.column("userId", .text).notNull()
                t.column("profile", .blob)
                t.column("status", .text).notNull()
                t.column("createdAt", .double).notNull()
                t.column("updatedAt", .double).notNull()
                t.primaryKey(["tenantId", "userId"])
            }
            try db.create(table: "session") { t in
                t.primaryKey("id", .text)
                t.column("tenantId", .text).notNull().references("tenant", onDelete: .cascade)
                t.column("userId", .text).notNull()
                t.column("authenticated", .boolean).notNull()
                t.column("createdAt", .double).notNull()
                t.column("expiresAt", .double).notNull()
                t.column("endedAt", .double)
                t.column("outcome", .text)
                t.column("state", .blob).notNull()
                t.column("snapshot", .text).notNull()
                t.column("batchCount", .integer).notNull()
                t.column("eventCount", .integer).notNull()
                t.column("maxSeq", .integer).notNull()
                t.column("version", .integer).notNull()
            }
            try db.create(index: "session_by_tenant_time", on: "session", columns: ["tenantId", "createdAt"])
            try db.create(index: "session_by_user", on: "session", columns: ["tenantId", "userId"])
            try db.create(table: "batch", options: [.withoutRowID]) { t in
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("seq", .integer).notNull()
                t.column("receivedAt", .double).notNull()
                t.column("eventCount", .integer).notNull()
                t.column("events", .blob).notNull()
                t.column("trust", .double).notNull()
                t.column("decision", .text).notNull()
                t.column("reasons", .text).notNull()
                t.primaryKey(["sessionId", "seq"])
            }
        }
        migrator.registerMigration("v2-user-profile-version") { db in
            try db.alter(table: "user") { t in
                t.add(column: "version", .integer).notNull().defaults(to: 0)
            }
        }
        migrator.registerMigration("v3-session-sample-table") { db in
            // Profile samples collected by each batch, kept out of the session state so the state
            // rewritten on every batch stays small; read back and deleted when the session ends.
            try db.create(table: "session_sample") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("seq", .integer).notNull()
                t.column("samples", .blob).notNull()
            }
            try db.create(index: "session_sample_by_session", on: "session_sample", columns: ["sessionId", "id"])
        }
        migrator.registerMigration("v4-step-ups-and-webhook-outbox") { db in
            // Step-up results: points of a session's trust timeline between batches.
            try db.create(table: "step_up") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("result", .text).notNull()
                t.column("at", .double).notNull()
                t.column("afterSeq", .integer).notNull()
                t.column("trust", .double).notNull()
                t.column("decision", .text).notNull()
                t.column("reasons", .text).notNull()
            }
            try db.create(index: "step_up_by_session", on: "step_up", columns: ["sessionId", "at"])
            // The webhook outbox: a decision change is a pending delivery until delivered or given up.
            try db.create(table: "webhook_delivery") { t in
                t.primaryKey("id", .text)
                t.column("tenantId", .text).notNull().references("tenant", onDelete: .cascade)
                t.column("sessionId", .text).notNull().references("session", onDelete: .cascade)
                t.column("url", .text).notNull()
                t.column("secret", .text).notNull()
                t.column("body", .blob).notNull()
                t.column("attempts", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("nextAttemptAt", .double).notNull()
                t.column("leaseUntil", .double)
                t.column("createdAt", .double).notNull()
                t.column("updatedAt", .double).notNull()
            }
            try db.create(index: "webhook_delivery_pending", on: "webhook_delivery", columns: ["status", "createdAt"])
            try db.create(index: "webhook_delivery_by_session", on: "webhook_delivery", columns: ["sessionId"])
        }
        migrator.registerMigration("v5-blobs-last-in-user-and-session") { db in
            // SQLite reads a row's columns in order: a column after a large blob is reached by
            // walking the blob's overflow pages, so every batch that read a user's status and
            // version also read their whole profile (hundreds of kilobytes). Rebuilt with the
            // blobs last, the heads the hot path reads stop at the first page.
            try db.execute(
                sql: """
                    CREATE TABLE user_v4 (
                        tenantId TEXT NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                        userId TEXT NOT NULL,
                        status TEXT NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        updatedAt DOUBLE NOT NULL,
                        version INTEGER NOT NULL DEFAULT 0,
                        profile BLOB,
                        PRIMARY KEY (tenantId, userId));
                    INSERT INTO user_v4 (tenantId, userId, status, createdAt, updatedAt, version, profile)
                        SELECT tenantId, userId, status, createdAt, updatedAt, version, profile FROM user;
                    DROP TABLE user;
                    ALTER TABLE user_v4 RENAME TO user;
                    CREATE TABLE session_v4 (
                        id TEXT PRIMARY KEY,
                        tenantId TEXT NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                        userId TEXT NOT NULL,
                        authenticated BOOLEAN NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        expiresAt DOUBLE NOT NULL,
                        endedAt DOUBLE,
                        outcome TEXT,
                        batchCount INTEGER NOT NULL,
                        eventCount INTEGER NOT NULL,
                        maxSeq INTEGER NOT NULL,
                        version INTEGER NOT NULL,
                        snapshot TEXT NOT NULL,
                        state BLOB NOT NULL);
                    INSERT INTO session_v4 (id, tenantId, userId, authenticated, createdAt, expiresAt, endedAt, outcome,
                            batchCount, eventCount, maxSeq, version, snapshot, state)
                        SELECT id, tenantId, userId, authenticated, createdAt, expiresAt, endedAt, outcome,
                            batchCount, eventCount, maxSeq, version, snapshot, state FROM session;
                    DROP TABLE session;
                    ALTER TABLE session_v4 RENAME TO session;
                    CREATE INDEX session_by_tenant_time ON session(tenantId, createdAt);
                    CREATE INDEX session_by_user ON session(tenantId, userId);
                    """)
        }
        migrator.registerMigration("v6-batches-in-rowid-order") { db in
            // Keyed by (sessionId, seq) without a rowid, every batch (events of a few kilobytes)
            // was inserted at a random place of one ever-growing B-tree. Appended in rowid order,
            // with a small unique index for the key, a commit touches the table's last page and
            // an index that stays in memory.
            try db.execute(
                sql: """
                    CREATE TABLE batch_v5 (
                        id INTEGER PRIMARY KEY,
                        sessionId TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL,
                        receivedAt DOUBLE NOT NULL,
                        eventCount INTEGER NOT NULL,
                        trust DOUBLE NOT NULL,
                        decision TEXT NOT NULL,
                        reasons TEXT NOT NULL,
                        events BLOB NOT NULL);
                    INSERT INTO batch_v5 (sessionId, seq, receivedAt, eventCount, trust, decision, reasons, events)
                        SELECT sessionId, seq, receivedAt, eventCount, trust, decision, reasons, events FROM batch
                        ORDER BY receivedAt;
                    DROP TABLE batch;
                    ALTER TABLE batch_v5 RENAME TO batch;
                    CREATE UNIQUE INDEX batch_by_session_seq ON batch(sessionId, seq);
                    """)
        }
        migrator.registerMigration("v7-samples-in-batch-rows") { db in
            // Kept in a table of their own, a batch's samples cost a second append and a second
            // index entry (a page at a random place of that index) in every commit that had any.
            try db.execute(
                sql: """
                    ALTER TABLE batch ADD COLUMN samples BLOB;
                    UPDATE batch SET samples =
                        (SELECT s.samples FROM session_sample s WHERE s.sessionId = batch.sessionId AND s.seq = batch.seq)
                        WHERE id IN (SELECT b.id FROM batch b JOIN session_sample s ON s.sessionId = b.sessionId AND s.seq = b.seq);
                    DROP TABLE session_sample;
                    """)
        }
        migrator.registerMigration("v8-last-seq") { db in
            // One name for "the highest seq acknowledged so far": the session's, and the one a
            // step-up was applied after.
            try db.execute(
                sql: """
                    ALTER TABLE session RENAME COLUMN maxSeq TO lastSeq;
                    ALTER TABLE step_up RENAME COLUMN afterSeq TO lastSeq;
                    """)
        }
        migrator.registerMigration("v9-token-generation-and-byte-count") { db in
            // A renewed token replaces the previous one: the session counts its renewals and only
            // tokens of the current generation are accepted; and it counts the bytes it was sent,
            // against the tenant's per-session total. Rebuilt rather than altered so that the new
            // columns sit before the blobs (see v5).
            try db.execute(
                sql: """
                    CREATE TABLE session_v9 (
                        id TEXT PRIMARY KEY,
                        tenantId TEXT NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                        userId TEXT NOT NULL,
                        authenticated BOOLEAN NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        expiresAt DOUBLE NOT NULL,
                        endedAt DOUBLE,
                        outcome TEXT,
                        batchCount INTEGER NOT NULL,
                        eventCount INTEGER NOT NULL,
                        byteCount INTEGER NOT NULL DEFAULT 0,
                        lastSeq INTEGER NOT NULL,
                        version INTEGER NOT NULL,
                        tokenGeneration INTEGER NOT NULL DEFAULT 0,
                        snapshot TEXT NOT NULL,
                        state BLOB NOT NULL);
                    INSERT INTO session_v9 (id, tenantId, userId, authenticated, createdAt, expiresAt, endedAt, outcome,
                            batchCount, eventCount, lastSeq, version, snapshot, state)
                        SELECT id, tenantId, userId, authenticated, createdAt, expiresAt, endedAt, outcome,
                            batchCount, eventCount, lastSeq, version, snapshot, state FROM session;
                    DROP TABLE session;
                    ALTER TABLE session_v9 RENAME TO session;
                    CREATE INDEX session_by_tenant_time ON session(tenantId, createdAt);
                    CREATE INDEX session_by_user ON session(tenantId, userId);
                    """)
        }
        migrator.registerMigration("v10-api-keys-tenant-version-audit") { db in
            // Keys move to a table of their own (several per tenant and role, revocable), the
            // tenant row gets a version for conditional writes, and operator and tenant actions
            // are kept in an audit log.
            try db.execute(
                sql: """
                    CREATE TABLE api_key (
                        id TEXT PRIMARY KEY,
                        digest TEXT NOT NULL UNIQUE,
                        tenantId TEXT NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                        role TEXT NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        revokedAt DOUBLE);
                    CREATE INDEX api_key_by_tenant ON api_key(tenantId);
                    INSERT INTO api_key (id, digest, tenantId, role, createdAt)
                        SELECT 'key_' || substr(apiKeyDigest, 1, 16), apiKeyDigest, id, 'tenant', createdAt FROM tenant;
                    CREATE TABLE tenant_v10 (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        settings TEXT NOT NULL,
                        webhookURL TEXT,
                        webhookSecret TEXT,
                        createdAt DOUBLE NOT NULL,
                        version INTEGER NOT NULL DEFAULT 0);
                    INSERT INTO tenant_v10 (id, name, settings, webhookURL, webhookSecret, createdAt)
                        SELECT id, name, settings, webhookURL, webhookSecret, createdAt FROM tenant;
                    DROP TABLE tenant;
                    ALTER TABLE tenant_v10 RENAME TO tenant;
                    CREATE TABLE audit_event (
                        id INTEGER PRIMARY KEY,
                        at DOUBLE NOT NULL,
                        actor TEXT NOT NULL,
                        tenantId TEXT,
                        action TEXT NOT NULL,
                        detail TEXT NOT NULL);
                    CREATE INDEX audit_event_by_time ON audit_event(at);
                    """)
        }
        migrator.registerMigration("v11-user-sample-counts") { db in
            // The profile's sample counts beside it, before the blob (see v5), so that the
            // dashboard's user list reads no profile. Rows written before have none: their counts
            // come from their profile until it is next written.
            try db.execute(
                sql: """
                    CREATE TABLE user_v11 (
                        tenantId TEXT NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                        userId TEXT NOT NULL,
                        status TEXT NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        updatedAt DOUBLE NOT NULL,
                        version INTEGER NOT NULL DEFAULT 0,
                        sampleCounts TEXT,
                        profile BLOB,
                        PRIMARY KEY (tenantId, userId));
                    INSERT INTO user_v11 (tenantId, userId, status, createdAt, updatedAt, version, profile)
                        SELECT tenantId, userId, status, createdAt, updatedAt, version, profile FROM user;
                    DROP TABLE user;
                    ALTER TABLE user_v11 RENAME TO user;
                    """)
        }
        migrator.registerMigration("v12-session-decision") { db in
            // The session's latest decision in a column of its own (it is inside the snapshot blob
            // otherwise), so that the dashboard's list filters by it in SQL; before the blobs (see
            // v5). A user's sessions are indexed by time too, so that one user's list is read in
            // order, page by page, without sorting all their sessions.
            try db.execute(
                sql: """
                    CREATE TABLE session_v12 (
                        id TEXT PRIMARY KEY,
                        tenantId TEXT NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                        userId TEXT NOT NULL,
                        authenticated BOOLEAN NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        expiresAt DOUBLE NOT NULL,
                        endedAt DOUBLE,
                        outcome TEXT,
                        decision TEXT NOT NULL DEFAULT 'allow',
                        batchCount INTEGER NOT NULL,
                        eventCount INTEGER NOT NULL,
                        byteCount INTEGER NOT NULL DEFAULT 0,
                        lastSeq INTEGER NOT NULL,
                        version INTEGER NOT NULL,
                        tokenGeneration INTEGER NOT NULL DEFAULT 0,
                        snapshot TEXT NOT NULL,
                        state BLOB NOT NULL);
                    INSERT INTO session_v12 (id, tenantId, userId, authenticated, createdAt, expiresAt, endedAt,
                            outcome, decision, batchCount, eventCount, byteCount, lastSeq, version, tokenGeneration,
                            snapshot, state)
                        SELECT id, tenantId, userId, authenticated, createdAt, expiresAt, endedAt, outcome,
                            COALESCE(
                                (SELECT decision FROM step_up
                                 WHERE sessionId = session.id AND lastSeq >= session.lastSeq
                                 ORDER BY at DESC, id DESC LIMIT 1),
                                (SELECT decision FROM batch WHERE sessionId = session.id ORDER BY seq DESC LIMIT 1),
                                'allow'),
                            batchCount, eventCount, byteCount, lastSeq, version, tokenGeneration, snapshot, state
                        FROM session;
                    DROP TABLE session;
                    ALTER TABLE session_v12 RENAME TO session;
                    CREATE INDEX session_by_tenant_time ON session(tenantId, createdAt);
                    CREATE INDEX session_by_user ON session(tenantId, userId, createdAt);
                    """)
            // The latest timeline point stands in for a snapshot this version cannot read; the
            // snapshot itself is exact (a session's end can change the decision after its last batch).
            let rows = try Row.fetchAll(db, sql: "SELECT id, snapshot FROM session")
            for row in rows {
                guard let blob = row["snapshot"] as Data?,
                    let snapshot = try? BlobCoding.decode(SessionSnapshot.self, from: blob)
                else { continue }
                try db.execute(
                    sql: "UPDATE session SET decision = ? WHERE id = ?",
                    arguments: [snapshot.decision.rawValue, row["id"] as String])
            }
        }
        migrator.registerMigration("v13-background-cohort") { db in
            // Each user's seeded cohort rank (CohortRank), before the blob (see v5), and an index of
            // the scored users with a profile by it: the background cohort is the first rows of one
            // index range, however many users the tenant has. Cohort snapshots (BackgroundCohortRecord)
            // hold their members' profiles as they were, so that every node trains against the same.
            db.add(
                function: DatabaseFunction("cadence_cohort_rank", argumentCount: 2, pure: true) { values in
                    guard let tenantId = String.fromDatabaseValue(values[0]),
                        let userId = String.fromDatabaseValue(values[1])
                    else { return nil }
                    return CohortRank.of(tenantId: tenantId, userId: userId)
                })
            try db.execute(
                sql: """
                    CREATE TABLE user_v13 (
                        tenantId TEXT NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                        userId TEXT NOT NULL,
                        status TEXT NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        updatedAt DOUBLE NOT NULL,
                        version INTEGER NOT NULL DEFAULT 0,
                        cohortRank INTEGER NOT NULL,
                        sampleCounts TEXT,
                        profile BLOB,
                        PRIMARY KEY (tenantId, userId));
                    INSERT INTO user_v13 (tenantId, userId, status, createdAt, updatedAt, version, cohortRank,
                            sampleCounts, profile)
                        SELECT tenantId, userId, status, createdAt, updatedAt, version,
                            cadence_cohort_rank(tenantId, userId), sampleCounts, profile
                        FROM user;
                    DROP TABLE user;
                    ALTER TABLE user_v13 RENAME TO user;
                    CREATE INDEX user_by_cohort_rank ON user(tenantId, cohortRank, userId)
                        WHERE status IN ('ready', 'weak') AND profile IS NOT NULL;
                    CREATE TABLE background_cohort (
                        tenantId TEXT NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                        generation INTEGER NOT NULL,
                        population INTEGER NOT NULL,
                        createdAt DOUBLE NOT NULL,
                        members TEXT NOT NULL,
                        profiles BLOB NOT NULL,
                        PRIMARY KEY (tenantId, generation));
                    """)
        }
        // Timelines dropped by age (retention.timelineDays): the sweep walks the sessions that still
        // keep one by the time they closed (ended, or their last token expired), so that a round
        // reads only the sessions it drops. Additive.
        migrator.registerMigration("v14-timeline-retention") { db in
            try db.execute(
                sql: """
                    ALTER TABLE session ADD COLUMN timelineKept BOOLEAN NOT NULL DEFAULT 1;
                    CREATE INDEX session_timeline_kept ON session(tenantId, COALESCE(endedAt, expiresAt))
                        WHERE timelineKept = 1;
                    """)
        }
        return migrator
    }
}
