import CadenceEngine
import CadenceServer
import Foundation
import GRDB
import Testing

/// The schema the migrations build is the one `docs/schema.md` shows, and a database migrated
/// under the migrations' first names is brought to it without running them again.
@Suite("SQLite schema: docs/schema.md and migration names")
struct SQLiteSchemaTests {
    /// The names the first seven migrations shipped under, in order.
    static let legacyIdentifiers = [
        "v1", "v2: user profile version", "v3: collected samples beside the batches", "api-1-stepup-settings-outbox",
        "v4: blobs last in user and session rows", "v5: batches appended in a rowid table",
        "v6: collected samples in their batch's row",
    ]

    static let documentURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/schema.md")

    @Test("docs/schema.md shows every table and index of a freshly migrated database")
    func documentMatchesDatabase() async throws {
        try await Self.withStore { store, path in
            let statements = try Self.schema(ofDatabaseAt: path)
            let document = try String(contentsOf: Self.documentURL, encoding: .utf8)
            let block = try #require(Self.sqlBlock(in: document), "docs/schema.md has no ```sql block")
            let actual = statements.map { $0 + ";" }.joined(separator: "\n\n")
            #expect(
                Self.normalised(block) == Self.normalised(actual),
                "docs/schema.md differs from a migrated database, whose schema is:\n\(actual)")
        }
    }

    @Test(
        "a database migrated under the first migration names keeps its data and keys, and gets the later columns and tables, nothing re-run"
    )
    func legacyMigrationNames() async throws {
        try await Self.withStore { store, path in
            try await StoreContractTests.seeded(store)
            _ = try await store.commit(StoreContractTests.commit("s1", seq: 5, version: 0))
            let fresh = try Self.schema(ofDatabaseAt: path)

            // Back to the database the first seven migrations left, under the names they had.
            let queue = try DatabaseQueue(path: path)
            try await queue.writeWithoutTransaction { db in
                // The tenant row held its one key's digest; rebuilding it must not cascade.
                try db.execute(
                    sql: """
                        PRAGMA foreign_keys = OFF;
                        CREATE TABLE tenant_old (
                            "id" TEXT PRIMARY KEY NOT NULL, "name" TEXT NOT NULL, "apiKeyDigest" TEXT NOT NULL UNIQUE,
                            "settings" TEXT NOT NULL, "webhookURL" TEXT, "webhookSecret" TEXT, "createdAt" DOUBLE NOT NULL);
                        INSERT INTO tenant_old SELECT t.id, t.name, k.digest, t.settings, t.webhookURL, t.webhookSecret,
                            t.createdAt FROM tenant t JOIN api_key k ON k.tenantId = t.id;
                        DROP TABLE tenant;
                        ALTER TABLE tenant_old RENAME TO tenant;
                        DROP TABLE api_key;
                        DROP TABLE audit_event;
                        DROP TABLE background_cohort;
                        PRAGMA foreign_keys = ON;
                        """)
            }
            try await queue.write { db in
                try db.execute(
                    sql: """
                        ALTER TABLE session RENAME COLUMN lastSeq TO maxSeq;
                        ALTER TABLE step_up RENAME COLUMN lastSeq TO afterSeq;
                        ALTER TABLE session DROP COLUMN tokenGeneration;
                        ALTER TABLE session DROP COLUMN byteCount;
                        DROP INDEX session_timeline_kept;
                        ALTER TABLE session DROP COLUMN timelineKept;
                        DELETE FROM grdb_migrations;
                        """)
                for identifier in Self.legacyIdentifiers {
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
                }
            }
            try queue.close()

            let reopened = try SQLiteStore(path: path)
            try await reopened.migrate()
            let session = try #require(try await reopened.session(tenantId: "t1", id: "s1"))
            #expect(session.lastSeq == 5 && session.batchCount == 1)
            let key = try await reopened.credential(digest: SecretKey.digest("key-t1"))
            #expect(key?.tenant.id == "t1" && key?.key.role == .tenant, "the tenant's key moved to api_key")
            #expect(try Self.schema(ofDatabaseAt: path) == fresh)
            let applied = try await DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            }
            #expect(
                applied == [
                    "v1-initial", "v2-user-profile-version", "v3-session-sample-table",
                    "v4-step-ups-and-webhook-outbox",
                    "v5-blobs-last-in-user-and-session", "v6-batches-in-rowid-order", "v7-samples-in-batch-rows",
                    "v8-last-seq", "v9-token-generation-and-byte-count", "v10-api-keys-tenant-version-audit",
                    "v11-user-sample-counts",
                    "v12-session-decision", "v13-background-cohort", "v14-timeline-retention",
                ])
        }
    }

    @Test("v12 gives each session the decision of its snapshot, or of its last batch when the snapshot is unreadable")
    func sessionDecisionBackfill() async throws {
        try await Self.withStore { store, path in
            try await StoreContractTests.seeded(store)
            try await store.createSession(StoreContractTests.session("s2"))
            for (session, decision) in [("s1", Decision.block), ("s2", .challenge)] {
                let batch = BatchRecord(
                    sessionId: session, seq: 0, receivedAt: StoreContractTests.now, eventCount: 1, events: Data(),
                    trust: 10, decision: decision, reasons: [])
                _ = try await store.commit(
                    BatchCommit(
                        batch: batch, expectedVersion: 0, state: Data(),
                        snapshot: SessionSnapshot(trust: 10, decision: decision)))
            }
            let fresh = try Self.schema(ofDatabaseAt: path)

            // Back to the database v11 left (v14's column and index go too); s2's snapshot one
            // this version cannot read.
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(
                    sql: """
                        DROP INDEX session_timeline_kept;
                        ALTER TABLE session DROP COLUMN timelineKept;
                        DELETE FROM grdb_migrations WHERE identifier = 'v14-timeline-retention';
                        ALTER TABLE session DROP COLUMN decision;
                        DROP INDEX session_by_user;
                        CREATE INDEX session_by_user ON session(tenantId, userId);
                        UPDATE session SET snapshot = X'00ff' WHERE id = 's2';
                        UPDATE batch SET decision = 'block' WHERE sessionId = 's1';
                        DELETE FROM grdb_migrations WHERE identifier = 'v12-session-decision';
                        """)
            }
            try queue.close()

            let reopened = try SQLiteStore(path: path)
            try await reopened.migrate()
            #expect(try Self.schema(ofDatabaseAt: path) == fresh)
            let decisions = try await DatabaseQueue(path: path).read { db in
                try Row.fetchAll(db, sql: "SELECT id, decision FROM session ORDER BY id").map {
                    [$0["id"] as String, $0["decision"] as String]
                }
            }
            #expect(decisions == [["s1", "block"], ["s2", "challenge"]])
            let blocked = try await reopened.sessions(
                tenantId: "t1", filter: SessionFilter(decision: .block), limit: 10, before: nil)
            #expect(blocked.map(\.id) == ["s1"])
        }
    }

    /// A migrated store in a temporary directory, and its file's path.
    @Test("a database a newer Cadence migrated is refused, naming its unknown migration, and left as it was")
    func newerSchemaRefused() async throws {
        try await Self.withStore { store, path in
            try await StoreContractTests.seeded(store)
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
            try queue.close()
            let error = await #expect(throws: SchemaTooNew.self) { try await store.migrate() }
            #expect(error?.unknownMigrations == ["v99-from-the-future"])
            #expect(error?.description.contains(path) == true)
            #expect(try await store.session(tenantId: "t1", id: "s1") != nil, "the data is untouched")
        }
    }

    static func withStore(_ body: (SQLiteStore, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-schema-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        try await body(store, path)
    }

    /// The `CREATE` statements of the database, as `sqlite_master` has them: each table followed
    /// by its indexes, by table name; SQLite's own objects and GRDB's `grdb_migrations` left out.
    static func schema(ofDatabaseAt path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT sql FROM sqlite_master
                    WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                    ORDER BY tbl_name, type DESC, name
                    """)
        }
    }

    /// The text of the first ```sql block.
    static func sqlBlock(in markdown: String) -> String? {
        guard let start = markdown.range(of: "```sql\n"),
            let end = markdown.range(of: "\n```", range: start.upperBound..<markdown.endIndex)
        else { return nil }
        return String(markdown[start.upperBound..<end.lowerBound])
    }

    /// SQL with every run of white space made one space, and none beside `(`, `)`, `,` and `;`.
    static func normalised(_ sql: String) -> String {
        sql.replacing(/\s+/, with: " ")
            .replacing(#/ ?([(),;]) ?/#) { String($0.output.1) }
            .trimmingCharacters(in: .whitespaces)
    }
}
