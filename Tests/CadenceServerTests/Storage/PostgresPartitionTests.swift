import CadenceEngine
@testable import CadenceServer
import Foundation
import Logging
import PostgresNIO
import Testing

/// PostgreSQL keeps raw events in `batch_payload`, a partition per day received: retention drops
/// a day every tenant's period has passed, and clears a shorter period's rows in the days kept.
@Suite("PostgreSQL raw event partitions: retention drops whole days, rows of shorter periods")
struct PostgresPartitionTests {
    typealias Contract = StoreContractTests
    /// 2025-11-25 00:00 UTC: the day the contract's batches are received.
    static let now = Contract.now
    static let day = 86_400.0
    static let nowPartition = "batch_payload_20251125"

    /// A service on a new database (its tenant `default` keeps raw events 30 days) and tenant
    /// `t1` keeping them `days` days, with the partitions of the contract's days made (a node
    /// makes today's at start, and the tests' batches are received on another day).
    static func withService<T>(
        t1Days days: Int, _ body: (CadenceService, PostgresStore) async throws -> T
    ) async throws -> T {
        try await PostgresStoreTests.nodes(1) { nodes in
            let store = nodes[0]
            let (service, _) = try await CadenceService.bootstrap(
                configuration: ServerConfiguration(), store: store, logger: PostgresTestServer.logger)
            let tenant = Tenant(
                id: "t1", name: "Bank t1", settings: TenantSettings(retention: RetentionPolicy(rawEventDays: days)),
                createdAt: now)
            try await store.createTenant(tenant, keys: Contract.keys("t1"))
            _ = try await store.rotateRawEventPartitions(droppingBefore: .distantPast, now: now)
            return try await body(service, store)
        }
    }

    /// The names of `batch_payload`'s partitions, from the catalog.
    static func partitions(_ store: PostgresStore) async throws -> Set<String> {
        try await PostgresTestServer.administer(store.url) { client in
            Set(
                try await client.query(
                    """
                    SELECT child.relname AS name FROM pg_inherits JOIN pg_class child ON child.oid = pg_inherits.inhrelid
                    WHERE pg_inherits.inhparent = 'batch_payload'::regclass
                    """
                ).collect().map { try $0.makeRandomAccess()["name"].decode(String.self) })
        }
    }

    /// Which table holds each of the session's payload rows, by seq.
    static func payloadTables(_ store: PostgresStore, session: String) async throws -> [Int: String] {
        try await PostgresTestServer.administer(store.url) { client in
            var tables: [Int: String] = [:]
            for row in try await client.query(
                "SELECT seq, tableoid::regclass::text AS held FROM batch_payload WHERE session_id = \(session)"
            ).collect() {
                let row = row.makeRandomAccess()
                tables[try row["seq"].decode(Int.self)] = try row["held"].decode(String.self)
            }
            return tables
        }
    }

    /// Commits seqs `0..<count` to `session`, received at ``now``, collecting `samples` with the first.
    static func commit(_ store: PostgresStore, session: String, count: Int, samples: String? = nil) async throws {
        for seq in 0..<count {
            var commit = Contract.commit(session, seq: seq, version: seq)
            commit.batch.events = Data("events-\(session)-\(seq)".utf8)
            if seq == 0 { commit.collected = samples.map { Data($0.utf8) } }
            #expect(try await store.commit(commit) == .committed(version: seq + 1))
        }
    }

    @Test(
        "a day older than every tenant's period is dropped whole: its events go, timelines and waiting samples stay",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func dayDropped() async throws {
        try await Self.withService(t1Days: 10) { service, store in
            _ = try await store.ensureUser(tenantId: "t1", userId: "u1", now: Self.now)
            try await store.createSession(Contract.session("s1", tenant: "t1"))
            try await store.createSession(Contract.session("s2", tenant: Tenant.defaultId))
            // Open, its token renewed for months: its samples wait for its end.
            var open = Contract.session("s3", tenant: Tenant.defaultId, user: "u2")
            open.expiresAt = Self.now.addingTimeInterval(100 * Self.day)
            try await store.createSession(open)
            try await Self.commit(store, session: "s1", count: 2)
            try await Self.commit(store, session: "s2", count: 1)
            try await Self.commit(store, session: "s3", count: 1, samples: "waiting")
            #expect(try await Self.payloadTables(store, session: "s1") == [0: Self.nowPartition, 1: Self.nowPartition])
            let timeline = try await store.timeline(sessionId: "s1")

            // The oldest cutoff is 40 - 30 = 10 days after the batches' day (t1 keeps 10: its is 30).
            let report = try await service.applyRetention(now: Self.now.addingTimeInterval(40 * Self.day))
            let left = try await Self.partitions(store)
            #expect(!left.contains(Self.nowPartition))
            #expect(left.contains("batch_payload_20260104"), "the sweep's own day is made")
            #expect(left.contains("batch_payload_default"))
            #expect(report.partitions == 8, "the contract's day and the seven after it")
            #expect(report.batches == 4 && report.sessions == 0)

            for session in ["s1", "s2", "s3"] {
                #expect(try await store.batches(sessionId: session).allSatisfy(\.events.isEmpty), "\(session)")
            }
            #expect(try await store.timeline(sessionId: "s1") == timeline, "the timeline stays in batch")
            #expect(try await store.collectedSamples(sessionId: "s3") == [Data("waiting".utf8)])
            #expect(try await Self.payloadTables(store, session: "s3") == [0: "batch_payload_default"])
            #expect(try await Self.payloadTables(store, session: "s1").isEmpty)

            // The next sweep finds nothing left to drop.
            let again = try await service.applyRetention(now: Self.now.addingTimeInterval(41 * Self.day))
            #expect(again.partitions == 0 && again.batches == 0)
        }
    }

    @Test(
        "a tenant with a shorter period loses its old rows; another tenant's in the same day stay",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func shorterPeriod() async throws {
        try await Self.withService(t1Days: 5) { service, store in
            _ = try await store.ensureUser(tenantId: "t1", userId: "u1", now: Self.now)
            try await store.createSession(Contract.session("s1", tenant: "t1"))
            try await store.createSession(Contract.session("s2", tenant: Tenant.defaultId))
            try await Self.commit(store, session: "s1", count: 2)
            try await Self.commit(store, session: "s2", count: 2)

            let report = try await service.applyRetention(now: Self.now.addingTimeInterval(7 * Self.day))
            #expect(report.partitions == 0 && report.batches == 2)
            #expect(try await Self.partitions(store).contains(Self.nowPartition), "the default tenant keeps 30 days")
            #expect(try await store.batches(sessionId: "s1").map(\.events) == [Data(), Data()])
            #expect(try await store.timeline(sessionId: "s1").count == 2)
            #expect(
                try await store.batches(sessionId: "s2").map(\.events)
                    == [Data("events-s2-0".utf8), Data("events-s2-1".utf8)])
            #expect(try await Self.payloadTables(store, session: "s2") == [0: Self.nowPartition, 1: Self.nowPartition])
        }
    }

    @Test(
        "two nodes rotating at once: each partition made once and dropped once, neither fails",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func racingRotations() async throws {
        try await PostgresStoreTests.nodes(2) { nodes in
            try await Contract.seeded(nodes[0])
            _ = try await nodes[0].rotateRawEventPartitions(droppingBefore: .distantPast, now: Self.now)
            try await Self.commit(nodes[0], session: "s1", count: 3)
            let later = Self.now.addingTimeInterval(60 * Self.day)
            let before = Self.now.addingTimeInterval(30 * Self.day)
            async let first = nodes[0].rotateRawEventPartitions(droppingBefore: before, now: later)
            async let second = nodes[1].rotateRawEventPartitions(droppingBefore: before, now: later)
            let results = try await [first, second]
            #expect(results.map(\.partitions).reduce(0, +) == 8, "\(results)")
            #expect(results.map(\.batches).reduce(0, +) == 3, "\(results)")
            let left = try await Self.partitions(nodes[1])
            #expect(left.isSuperset(of: ["batch_payload_20260124", "batch_payload_20260131", "batch_payload_default"]))
            #expect(!left.contains(Self.nowPartition))
        }
    }

    @Test(
        "a day the default partition already holds rows of gets no partition; its rows are cleared one by one",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func dayInDefaultPartition() async throws {
        try await PostgresStoreTests.nodes(1) { nodes in
            let store = nodes[0]
            try await Contract.seeded(store)
            // No partition covers the contract's day yet (the node made today's): the default takes it.
            try await Self.commit(store, session: "s1", count: 2)
            #expect(
                try await Self.payloadTables(store, session: "s1") == [
                    0: "batch_payload_default", 1: "batch_payload_default",
                ])
            let rotated = try await store.rotateRawEventPartitions(droppingBefore: .distantPast, now: Self.now)
            #expect(rotated.partitions == 0)
            let made = try await Self.partitions(store)
            #expect(!made.contains(Self.nowPartition) && made.contains("batch_payload_20251126"))
            let cleared = try await store.dropRawEvents(
                tenantId: "t1", before: Self.now.addingTimeInterval(2 * Self.day))
            #expect(cleared.batches == 2)
            #expect(try await Self.payloadTables(store, session: "s1").isEmpty)
        }
    }

    @Test(
        "erasing a user and deleting a tenant leave no payload row behind",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func erasureLeavesNoPayload() async throws {
        try await PostgresStoreTests.nodes(1) { nodes in
            let store = nodes[0]
            try await Contract.seeded(store)
            try await store.createTenant(Contract.tenant("t2"), keys: Contract.keys("t2"))
            try await store.createSession(Contract.session("s2", tenant: "t2"))
            try await store.createSession(Contract.session("s3", tenant: "t1", user: "u2"))
            for session in ["s1", "s2", "s3"] { try await Self.commit(store, session: session, count: 2) }
            func payloadRows() async throws -> [String: Int] {
                try await PostgresTestServer.administer(store.url) { client in
                    var rows: [String: Int] = [:]
                    for row in try await client.query(
                        "SELECT session_id, COUNT(*) AS n FROM batch_payload GROUP BY session_id"
                    ).collect() {
                        let row = row.makeRandomAccess()
                        rows[try row["session_id"].decode(String.self)] = try row["n"].decode(Int.self)
                    }
                    return rows
                }
            }
            #expect(try await payloadRows() == ["s1": 2, "s2": 2, "s3": 2])
            #expect(try await store.eraseUser(tenantId: "t1", userId: "u1").batches == 2)
            #expect(try await payloadRows() == ["s2": 2, "s3": 2])
            #expect(try await store.deleteTenant(id: "t2"))
            #expect(try await payloadRows() == ["s3": 2])
        }
    }

    @Test(
        "a database of the previous schema keeps its raw events, each in its day's partition",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func migratedFromPreviousSchema() async throws {
        let database = try await PostgresTestServer.createDatabase()
        let store = PostgresStore(url: database.url, maximumConnections: 4, logger: PostgresTestServer.logger)
        do {
            try await PostgresTestServer.administer(database.url) { client in
                try await client.withConnection { connection in
                    try await PostgresMigrations.migrate(
                        on: connection, database: "test", through: "v2-background-cohort",
                        logger: PostgresTestServer.logger)
                }
            }
            // Tenants and sessions are as they were; batches are written as the previous version wrote them.
            try await Contract.seeded(store)
            let old = [
                (seq: 0, at: Self.now.timeIntervalSince1970, events: "e0", samples: "a" as String?),
                (seq: 1, at: Self.now.timeIntervalSince1970 + Self.day, events: "e1", samples: nil),
                (seq: 2, at: Self.now.timeIntervalSince1970 + Self.day + 60, events: "", samples: nil),
            ]
            try await PostgresTestServer.administer(database.url) { client in
                for batch in old {
                    _ = try await client.query(
                        """
                        INSERT INTO batch (session_id, seq, received_at, event_count, trust, decision, reasons,
                                           events, samples)
                        VALUES ('s1', \(batch.seq), \(batch.at), 4, 90, 'allow', '[]', \(Data(batch.events.utf8)),
                                \(batch.samples.map { Data($0.utf8) }))
                        """)
                }
                _ = try await client.query(
                    "UPDATE session SET version = 3, last_seq = 2, batch_count = 3 WHERE id = 's1'")
            }

            try await store.migrate()
            #expect(
                try await store.batches(sessionId: "s1").map(\.events) == [Data("e0".utf8), Data("e1".utf8), Data()])
            #expect(try await store.collectedSamples(sessionId: "s1") == [Data("a".utf8)])
            #expect(try await store.timeline(sessionId: "s1").map(\.seq) == [0, 1, 2])
            #expect(
                try await Self.payloadTables(store, session: "s1")
                    == [0: Self.nowPartition, 1: "batch_payload_20251126"], "a cleared batch gets no payload row")
            let columns = try await PostgresTestServer.administer(database.url) { client in
                try await client.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'batch' ORDER BY column_name"
                ).collect().map { try $0.makeRandomAccess()["column_name"].decode(String.self) }
            }
            #expect(!columns.contains("events") && !columns.contains("samples"), "\(columns)")
            // The migrated session goes on; a retried batch is still a duplicate.
            #expect(try await store.commit(Contract.commit("s1", seq: 3, version: 3)) == .committed(version: 4))
            #expect(try await store.commit(Contract.commit("s1", seq: 1, version: 4, minimumSeq: 3)) == .duplicate)
            #expect(try await store.batches(sessionId: "s1").count == 4)
        } catch {
            Issue.record(error)
        }
        await store.close()
        await database.drop()
    }
}
