import CadenceServer
import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Three real `cadence serve` processes on one PostgreSQL database, as behind a load balancer.
@Suite(
    "Several nodes: real cadence serve processes on one PostgreSQL database (round robin, racing duplicates)",
    .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason), .serialized)
struct NodeProcessesTests {
    static let environment = KillRestartTests.environment
    /// Seconds past the lifetime of a node's cached user head (`CadenceService.users`, 2 s).
    static let userHeadLifetime = 2.5

    /// `count` servers on one new database; stopped, and the database dropped, after `body`.
    static func nodes<T>(_ count: Int, _ body: ([ServerProcess]) async throws -> T) async throws -> T {
        try await nodes(count) { servers, _ in try await body(servers) }
    }

    /// As ``nodes(_:_:)``, `body` also given the database.
    static func nodes<T>(
        _ count: Int, _ body: ([ServerProcess], PostgresTestServer.TestDatabase) async throws -> T
    ) async throws -> T {
        let database = try await PostgresTestServer.createDatabase()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-nodes-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Every server that started, also when another failed to: all are stopped.
        let started = NIOLockedValueBox([ServerProcess]())
        func stop() async {
            for server in started.withLockedValue({ $0 }) { server.terminate() }
            await database.drop()
            try? FileManager.default.removeItem(at: directory)
        }
        do {
            // Started together: their migrations and first-start writes meet at the advisory locks.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    group.addTask {
                        let server = try await ServerProcess(
                            database: database.url.description, environment: Self.environment,
                            output: directory.appendingPathComponent("node\(index).log"))
                        started.withLockedValue { $0.append(server) }
                    }
                }
                try await group.waitForAll()
            }
            let result = try await body(started.withLockedValue { $0 }, database)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }

    /// Batch `seq`'s body: human-like input, except that every third batch replays the one
    /// before it (the same events later on), which the session's replay evidence, carried in
    /// its stored state from node to node, must catch.
    static func body(seq: Int) throws -> Data {
        let events = WireFixtures.humanLike(seq: seq % 3 == 2 ? seq - 1 : seq)
        return try JSONSerialization.data(withJSONObject: [
            "v": 1, "seq": seq, "t0": 1_764_057_600_000.0 + Double(seq) * 1500, "e": events,
        ])
    }

    /// Shows decisions in 202s and starts a session of `alice` on `server`.
    static func startSession(on server: ServerProcess) async throws -> (id: String, token: String) {
        let (shown, _) = try await server.request(
            "PUT", "/v1/settings", bearer: TestService.apiKey,
            body: try JSONSerialization.data(withJSONObject: ["browser": ["showsDecision": true]]))
        #expect(shown == 200)
        let (created, session) = try await server.request(
            "POST", "/v1/sessions", bearer: TestService.apiKey,
            body: try JSONSerialization.data(withJSONObject: ["userId": "alice", "authenticated": true]))
        #expect(created == 201)
        return (try #require(session["sessionId"] as? String), try #require(session["token"] as? String))
    }

    /// Sends batches 0..<count, batch `seq` to `servers[seq % servers.count]`; each 202's trust and decision.
    static func trajectory(_ servers: [ServerProcess], count: Int) async throws -> [String] {
        let (id, token) = try await startSession(on: servers[0])
        var points: [String] = []
        for seq in 0..<count {
            let (status, answer) = try await servers[seq % servers.count].request(
                "POST", "/v1/sessions/\(id)/events", bearer: token, body: try body(seq: seq))
            #expect(status == 202, "batch \(seq): \(answer)")
            let point = [
                "trust": answer["trust"] ?? "-", "decision": answer["decision"] ?? "-",
                "reasons": answer["reasons"] ?? "-",
            ]
            let text = try JSONSerialization.data(withJSONObject: point, options: [.sortedKeys])
            points.append(String(decoding: text, as: UTF8.self))
        }
        return points
    }

    @Test("one session's batches round-robin over three nodes give the same trust trajectory as one node")
    func roundRobin() async throws {
        let one = try await Self.nodes(1) { try await Self.trajectory($0, count: 24) }
        let three = try await Self.nodes(3) { try await Self.trajectory($0, count: 24) }
        #expect(Set(one).count > 1, "the trajectory never moved, so it shows nothing: \(one)")
        for (seq, (single, spread)) in zip(one, three).enumerated() {
            #expect(single == spread, "batch \(seq): one node \(single), three nodes \(spread)")
        }
    }

    /// Enrols `alice` from one authenticated session spread over the nodes (small enrolment
    /// minimums), ends it `genuine`, then streams a monitored session over them: the second
    /// session is scored by each node's own trained models of her profile.
    static func enrolledTrajectory(_ servers: [ServerProcess]) async throws -> [String] {
        let (settings, answer) = try await servers[0].request(
            "PUT", "/v1/settings", bearer: TestService.apiKey,
            body: try JSONSerialization.data(withJSONObject: [
                "enrolment": ["pointerSamplesNeeded": 10, "keySamplesNeeded": 5]
            ]))
        #expect(settings == 200, "\(answer)")
        let (enrolment, token) = try await startSession(on: servers[0])
        for seq in 0..<16 {
            let (status, answer) = try await servers[seq % servers.count].request(
                "POST", "/v1/sessions/\(enrolment)/events", bearer: token,
                body: try JSONSerialization.data(withJSONObject: [
                    "v": 1, "seq": seq, "t0": 1_764_057_600_000.0 + Double(seq) * 1500,
                    "e": WireFixtures.humanLike(seq: seq + 100),
                ]))
            #expect(status == 202, "enrolment batch \(seq): \(answer)")
        }
        let (ended, endAnswer) = try await servers[1 % servers.count].request(
            "POST", "/v1/sessions/\(enrolment)/end", bearer: TestService.apiKey,
            body: try JSONSerialization.data(withJSONObject: ["outcome": "genuine"]))
        #expect(ended == 200, "\(endAnswer)")
        let (_, profile) = try await servers[2 % servers.count].request(
            "GET", "/v1/users/alice/profile", bearer: TestService.apiKey)
        #expect(["ready", "weak"].contains(profile["profileStatus"] as? String), "\(profile)")
        // Each node keeps a user's head (status, version) for 2 s: a profile that another node
        // wrote reaches this node's scoring that much later (see CadenceService.users).
        try await Task.sleep(for: .seconds(Self.userHeadLifetime))
        return try await trajectory(servers, count: 18)
    }

    @Test("with a trained profile, round-robin over three nodes scores each batch as one node does")
    func roundRobinEnrolled() async throws {
        let one = try await Self.nodes(1) { try await Self.enrolledTrajectory($0) }
        let three = try await Self.nodes(3) { try await Self.enrolledTrajectory($0) }
        #expect(Set(one).count > 1, "the trajectory never moved, so it shows nothing: \(one)")
        for (seq, (single, spread)) in zip(one, three).enumerated() {
            #expect(single == spread, "batch \(seq): one node \(single), three nodes \(spread)")
        }
    }

    @Test("kill -9 of one node mid-stream: its session goes on on the others, no acknowledged batch lost")
    func killOneNode() async throws {
        try await Self.nodes(3) { servers in
            let (id, token) = try await Self.startSession(on: servers[0])
            var acknowledged: [Int: Double] = [:]
            var seq = 0
            // Round robin over the three until batch 10, when node 0 is killed while its batch is in flight.
            while seq < 30 {
                let live = seq < 10 ? servers : Array(servers[1...])
                let server = live[seq % live.count]
                if seq == 10 {
                    async let inFlight = try? servers[0].request(
                        "POST", "/v1/sessions/\(id)/events", bearer: token, body: try Self.body(seq: 10), timeout: 2)
                    servers[0].kill9()
                    if let (status, answer) = await inFlight, status == 202 {
                        acknowledged[10] = answer["trust"] as? Double
                    }
                    seq += 1
                    continue
                }
                let (status, answer) = try await server.request(
                    "POST", "/v1/sessions/\(id)/events", bearer: token, body: try Self.body(seq: seq))
                #expect(status == 202, "batch \(seq) on the surviving nodes: \(answer)")
                if status == 202 { acknowledged[seq] = answer["trust"] as? Double }
                seq += 1
            }
            // Batch 10 again (a client retrying what the dead node never answered): stored at most once.
            let (retried, _) = try await servers[1].request(
                "POST", "/v1/sessions/\(id)/events", bearer: token, body: try Self.body(seq: 10))
            #expect(retried == 202)
            let (_, timeline) = try await servers[2].request(
                "GET", "/admin/api/sessions/\(id)/timeline?tenant=default", bearer: TestService.adminKey)
            let points = try #require(timeline["timeline"] as? [[String: Any]])
            let stored = Dictionary(uniqueKeysWithValues: points.map { ($0["seq"] as! Int, $0["trust"] as? Double) })
            #expect(stored.keys.sorted() == Array(0..<30))
            for (seq, trust) in acknowledged {
                #expect(
                    stored[seq] == trust,
                    "acknowledged batch \(seq): trust \(trust), stored \(String(describing: stored[seq]))")
            }
        }
    }

    @Test(
        "PostgreSQL out of reach: 503 with Retry-After within seconds, then the node recovers by itself, nothing acknowledged lost"
    )
    func databaseOutage() async throws {
        try await Self.nodes(1) { servers, database in
            let server = servers[0]
            let (id, token) = try await Self.startSession(on: server)
            var acknowledged: [Int: Double] = [:]
            func send(_ seq: Int) async throws -> (Int, [String: Any]) {
                let (status, answer) = try await server.request(
                    "POST", "/v1/sessions/\(id)/events", bearer: token, body: try Self.body(seq: seq), timeout: 30)
                if status == 202 { acknowledged[seq] = answer["trust"] as? Double }
                return (status, answer)
            }
            for seq in 0..<5 { #expect(try await send(seq).0 == 202) }
            // The database stops taking connections and drops the node's: as a server restarting.
            let name = database.url.database  // made of hex digits by the test, not a value from outside
            _ = try await PostgresTestServer.administer(database.server) { client in
                try await client.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(name) ALLOW_CONNECTIONS false"))
                try await client.query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(name)")
            }
            let started = ContinuousClock.now
            let (status, answer) = try await send(5)
            #expect(status == 503, "\(answer)")
            #expect(answer["error"] as? String == "unavailable")
            #expect(
                ContinuousClock.now - started < .seconds(15), "answered only after \(ContinuousClock.now - started)")
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/v1/sessions/\(id)")!)
            request.setValue("Bearer \(TestService.apiKey)", forHTTPHeaderField: "Authorization")
            let (_, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 503)
            #expect(http.value(forHTTPHeaderField: "Retry-After") == String(StoreUnavailable.retryAfter))

            _ = try await PostgresTestServer.administer(database.server) { client in
                try await client.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(name) ALLOW_CONNECTIONS true"))
            }
            // Batch 5 retried, as a client told 503 does, until the node has a connection again.
            let deadline = ContinuousClock.now + .seconds(60)
            while try await send(5).0 != 202 {
                guard ContinuousClock.now < deadline else {
                    Issue.record("the node did not recover within 60 s of the database coming back")
                    return
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            for seq in 6..<10 { #expect(try await send(seq).0 == 202) }
            let (_, timeline) = try await server.request(
                "GET", "/admin/api/sessions/\(id)/timeline?tenant=default", bearer: TestService.adminKey)
            let points = try #require(timeline["timeline"] as? [[String: Any]])
            let stored = Dictionary(uniqueKeysWithValues: points.map { ($0["seq"] as! Int, $0["trust"] as? Double) })
            #expect(stored.keys.sorted() == Array(0..<10))
            for (seq, trust) in acknowledged { #expect(stored[seq] == trust, "acknowledged batch \(seq)") }
        }
    }

    @Test("the same batch sent to two nodes at once is stored once and acknowledged by both")
    func sameBatchOnTwoNodes() async throws {
        try await Self.nodes(3) { servers in
            let (id, token) = try await Self.startSession(on: servers[0])
            for seq in 0..<12 {
                let body = try Self.body(seq: seq)
                let (a, b) = (servers[seq % 3], servers[(seq + 1) % 3])
                async let first = a.request("POST", "/v1/sessions/\(id)/events", bearer: token, body: body)
                async let second = b.request("POST", "/v1/sessions/\(id)/events", bearer: token, body: body)
                let answers = try await [first, second]
                #expect(answers.map(\.0) == [202, 202], "batch \(seq): \(answers.map(\.1))")
                let duplicates = answers.compactMap { $0.1["duplicate"] as? Bool }
                #expect(
                    duplicates.filter { $0 }.count == 1 && duplicates.count == 2,
                    "batch \(seq): one stored, one told it was a duplicate")
            }
            let (_, view) = try await servers[2].request("GET", "/v1/sessions/\(id)", bearer: TestService.apiKey)
            #expect(view["batches"] as? Int == 12)
            #expect(view["events"] as? Int == 36 * 12)
            let (_, timeline) = try await servers[1].request(
                "GET", "/admin/api/sessions/\(id)/timeline?tenant=default", bearer: TestService.adminKey)
            let points = try #require(timeline["timeline"] as? [[String: Any]])
            #expect(points.compactMap { $0["seq"] as? Int } == Array(0..<12))
        }
    }
}
