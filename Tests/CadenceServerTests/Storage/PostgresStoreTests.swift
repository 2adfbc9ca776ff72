import CadenceEngine
import CadenceServer
import Foundation
import PostgresNIO
import Testing

/// What only a store that several nodes share must do: two stores on one database (two nodes'
/// pools) writing the same rows at once, migrations started together, a schema from the future.
@Suite("PostgreSQL store: several nodes on one database")
struct PostgresStoreTests {
    static let now = StoreContractTests.now

    @Test(
        "PostgreSQL store contract runs (CADENCE_TEST_POSTGRES_URL names a server that answers)",
        .enabled(if: PostgresTestServer.url != nil || PostgresTestServer.required, PostgresTestServer.skipReason))
    func configured() async throws {
        let server = try #require(
            PostgresTestServer.url, "CADENCE_TEST_POSTGRES_REQUIRED=1 but CADENCE_TEST_POSTGRES_URL is unset or invalid"
        )
        let answer = try await PostgresTestServer.administer(server) { client in
            try await client.query("SELECT 1 AS one").collect().first?.makeRandomAccess()["one"].decode(Int.self)
        }
        #expect(answer == 1)
        #expect(StoreFactory.all.map(\.description) == ["SQLite", "PostgreSQL"])
    }

    /// Runs `body` with `count` stores (nodes) on one new, migrated database.
    static func nodes<T>(_ count: Int, _ body: ([PostgresStore]) async throws -> T) async throws -> T {
        let database = try await PostgresTestServer.createDatabase()
        let stores = (0..<count).map { _ in
            PostgresStore(url: database.url, maximumConnections: 4, logger: PostgresTestServer.logger)
        }
        func release() async {
            for store in stores { await store.close() }
            await database.drop()
        }
        do {
            try await stores[0].migrate()
            let result = try await body(stores)
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    @Test(
        "a read-only store (the dashboard's replica) reads the database and is refused every write",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func readOnlyRefusesWrites() async throws {
        try await Self.nodes(1) { stores in
            let writer = stores[0]
            try await writer.setSetting("written", value: Data("primary".utf8))
            let reader = PostgresStore(
                url: writer.url, maximumConnections: 2, readOnly: true, logger: PostgresTestServer.logger)
            do {
                #expect(try await reader.setting("written") == Data("primary".utf8))
                let found = try await reader.checkDashboardReplica()
                #expect(found.inRecovery == false && found.missingMigrations.isEmpty)
                // Refused by the server (SQLSTATE 25006, read_only_sql_transaction), not by Cadence.
                let refused = await #expect(throws: PSQLError.self) {
                    try await reader.setSetting("written", value: Data("through the replica".utf8))
                }
                #expect(refused?.serverInfo?[.sqlState] == "25006")
                #expect(try await writer.setting("written") == Data("primary".utf8))
            } catch {
                await reader.close()
                throw error
            }
            await reader.close()
        }
    }

    @Test(
        "the same batch committed on two nodes at once is stored once and acknowledged on both",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func sameBatchOnTwoNodes() async throws {
        try await Self.nodes(2) { nodes in
            try await StoreContractTests.seeded(nodes[0])
            var version = 0
            for seq in 0..<25 {
                let commit = StoreContractTests.commit("s1", seq: seq, version: version)
                async let first = nodes[0].commit(commit)
                async let second = nodes[1].commit(commit)
                let results = try await [first, second]
                #expect(results.filter { $0 == .committed(version: version + 1) }.count == 1, "seq \(seq): \(results)")
                // The other node waits for the row, then finds the version moved (the version is
                // checked first, so never "duplicate" here); read again, the seq is acknowledged.
                let loser = try #require(results.firstIndex { $0 != .committed(version: version + 1) })
                #expect(results[loser] == .conflict, "seq \(seq): \(results)")
                let retried = StoreContractTests.commit("s1", seq: seq, version: version + 1)
                #expect(try await nodes[loser].commit(retried) == .duplicate)
                version += 1
            }
            #expect(try await nodes[1].batches(sessionId: "s1").map(\.seq) == Array(0..<25))
            let session = try #require(try await nodes[1].session(tenantId: "t1", id: "s1"))
            #expect(session.version == 25 && session.batchCount == 25 && session.eventCount == 100)
        }
    }

    @Test(
        "batches of one session from three nodes at once: each seq stored once, the version counts every write",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func racingNodes() async throws {
        try await Self.nodes(3) { nodes in
            try await StoreContractTests.seeded(nodes[0])
            // Every node commits seqs 0..<30, each retrying on conflict with the version it reads.
            let acknowledged = try await withThrowingTaskGroup(of: [Int: BatchCommitResult].self) { group in
                for node in nodes {
                    group.addTask {
                        var results: [Int: BatchCommitResult] = [:]
                        for seq in 0..<30 {
                            while true {
                                let version = try #require(try await node.sessionHead(tenantId: "t1", id: "s1")).version
                                let result = try await node.commit(
                                    StoreContractTests.commit("s1", seq: seq, version: version))
                                if result != .conflict {
                                    results[seq] = result
                                    break
                                }
                            }
                        }
                        return results
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for seq in 0..<30 {
                let answers = acknowledged.compactMap { $0[seq] }
                #expect(answers.count == 3)
                #expect(answers.filter { if case .committed = $0 { true } else { false } }.count == 1, "seq \(seq)")
                #expect(answers.filter { $0 == .duplicate }.count == 2, "seq \(seq)")
            }
            #expect(try await nodes[0].batches(sessionId: "s1").map(\.seq) == Array(0..<30))
            #expect(try await nodes[0].session(tenantId: "t1", id: "s1")?.version == 30)
        }
    }

    @Test(
        "a webhook delivery claimed by two nodes at once goes to one of them",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func claimOnce() async throws {
        try await Self.nodes(2) { nodes in
            try await StoreContractTests.seeded(nodes[0])
            let ids = (0..<30).map { "d\($0)" }
            for id in ids { try await nodes[0].enqueueDelivery(StoreStepUpOutboxContractTests.delivery(id)) }
            let lease = Self.now.addingTimeInterval(10)
            for id in ids {
                async let first = nodes[0].claimDelivery(id: id, until: lease, now: Self.now)
                async let second = nodes[1].claimDelivery(id: id, until: lease, now: Self.now)
                let claims = try await [first, second]
                #expect(claims.compactMap { $0 }.count == 1, "\(id) claimed \(claims.compactMap { $0 }.count) times")
            }
        }
    }

    @Test(
        "nodes migrating one new database at once all start, and each migration runs once",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func concurrentMigrations() async throws {
        let database = try await PostgresTestServer.createDatabase()
        let stores = (0..<4).map { _ in
            PostgresStore(url: database.url, maximumConnections: 2, logger: PostgresTestServer.logger)
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores { group.addTask { try await store.migrate() } }
                try await group.waitForAll()
            }
            let applied = try await PostgresTestServer.administer(database.url) { client in
                try await client.query("SELECT identifier FROM schema_migration").collect()
                    .map { try $0.makeRandomAccess()["identifier"].decode(String.self) }
            }
            #expect(
                applied.sorted() == [
                    "v1-initial", "v2-background-cohort", "v3-raw-event-partitions", "v4-timeline-retention",
                ])
            try await stores[0].createTenant(StoreContractTests.tenant("t1"), keys: StoreContractTests.keys("t1"))
            #expect(try await stores[3].tenant(id: "t1") != nil)
        } catch {
            Issue.record(error)
        }
        for store in stores { await store.close() }
        await database.drop()
    }

    @Test(
        "a schema newer than this version knows is refused, naming the unknown migration",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func newerSchemaRefused() async throws {
        try await Self.nodes(1) { nodes in
            _ = try await PostgresTestServer.administer(nodes[0].url) { client in
                try await client.query(
                    "INSERT INTO schema_migration (identifier, applied_at) VALUES ('v9-from-the-future', 0)")
            }
            let error = await #expect(throws: SchemaTooNew.self) { try await nodes[0].migrate() }
            #expect(error?.unknownMigrations == ["v9-from-the-future"])
            #expect(error?.description.contains("v4-timeline-retention") == true)
        }
    }

    @Test(
        "a wrong password fails to connect with an error that does not show it",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func connectionErrorHidesPassword() async throws {
        var url = try #require(PostgresTestServer.url)
        url.password = "hunter2-secret"
        url.port = 1  // nothing listens there
        let store = PostgresStore(url: url, logger: PostgresTestServer.logger)
        do {
            try await store.migrate()
            Issue.record("migrated on port 1")
        } catch {
            #expect(!String(describing: error).contains("hunter2-secret"))
            #expect(!String(reflecting: error).contains("hunter2-secret"))
        }
        #expect(store.url.description.contains("***") && !store.url.description.contains("hunter2"))
        // Through the pool: unavailable (503) once the wait for a connection is over, not a minute later.
        let started = ContinuousClock.now
        let unavailable = await #expect(throws: StoreUnavailable.self) { _ = try await store.tenant(id: "t1") }
        #expect(
            ContinuousClock.now - started < PostgresStore.connectionWait + .seconds(20),
            "the pool wait, not the minute-long connect timeout")
        #expect(unavailable.map { !String(reflecting: $0).contains("hunter2-secret") } == true)
        await store.close()
    }
}

@Suite("PostgreSQL URLs")
struct PostgresURLTests {
    @Test("parsed with their defaults; the password is shown as *** and taken from PGPASSWORD when absent")
    func parsing() throws {
        let url = try PostgresURL("postgres://cadence:s3cr%40t@db.example:6543/bank?sslmode=require")
        #expect(url.host == "db.example" && url.port == 6543 && url.username == "cadence" && url.database == "bank")
        #expect(url.password == "s3cr@t" && url.tls == .require)
        #expect(url.description == "postgres://cadence:***@db.example:6543/bank?sslmode=require")
        let plain = try PostgresURL("postgresql://cadence@127.0.0.1/bank", environmentPassword: "from-env")
        #expect(plain.port == 5432 && plain.password == "from-env" && plain.tls == .prefer)
        #expect(!plain.description.contains("from-env"))
    }

    @Test(
        "a bad URL is refused with a reason, and never with its password",
        arguments: [
            "postgres://user:hunter2@/bank", "postgres://:hunter2@host/bank", "postgres://user:hunter2@host/",
            "postgres://user:hunter2@host/bank?sslmode=maybe", "postgres://user:hunter2@host/bank?password=x",
            "postgres://user:hunter2@host:99999/bank",
        ])
    func refused(_ text: String) {
        #expect {
            _ = try PostgresURL(text)
        } throws: { error in
            let shown = String(describing: error)
            return !shown.contains("hunter2") && shown.contains(":***@")
        }
    }
}
