import Foundation
import NIOConcurrencyHelpers
import Testing

@Suite("Persistence: the real binary killed with SIGKILL mid-stream and restarted")
struct KillRestartTests {
    static let environment = ["CADENCE_API_KEY": TestService.apiKey, "CADENCE_ADMIN_KEY": TestService.adminKey]

    @Test("every acknowledged batch and the trust state survive kill -9; the session continues after restart")
    func killAndRestart() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-kill-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("cadence.sqlite").path
        let log = directory.appendingPathComponent("server.log")

        let first = try await ServerProcess(database: database, environment: Self.environment, output: log)
        // The test reads each batch's trust and decision from its 202 (off by default).
        let (shown, _) = try await first.request(
            "PUT", "/v1/settings", bearer: TestService.apiKey,
            body: try JSONSerialization.data(withJSONObject: ["browser": ["showsDecision": true]]))
        #expect(shown == 200)
        let (created, session) = try await first.request(
            "POST", "/v1/sessions", bearer: TestService.apiKey,
            body: try JSONSerialization.data(withJSONObject: ["userId": "alice", "authenticated": true]))
        #expect(created == 201)
        let id = try #require(session["sessionId"] as? String)
        let token = try #require(session["token"] as? String)

        // Stream batches from a task; kill -9 the server once 15 have been acknowledged, while it streams.
        let acknowledged = NIOLockedValueBox([Int: (trust: Double, decision: String)]())
        let streamer = Task {
            for seq in 0..<10_000 {
                let body = try JSONSerialization.data(withJSONObject: [
                    "v": 1, "seq": seq, "t0": 1_764_057_600_000.0 + Double(seq) * 1500,
                    "e": WireFixtures.humanLike(seq: seq),
                ])
                guard
                    let (status, answer) = try? await first.request(
                        "POST", "/v1/sessions/\(id)/events", bearer: token, body: body, timeout: 2)
                else { return }
                guard status == 202 else { return }
                let trust = try #require(answer["trust"] as? Double)
                let decision = try #require(answer["decision"] as? String)
                acknowledged.withLockedValue { $0[seq] = (trust, decision) }
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while acknowledged.withLockedValue({ $0.count }) < 15 {
            guard ContinuousClock.now < deadline else {
                first.kill9()
                Issue.record("fewer than 15 batches acknowledged in 60 s")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        first.kill9()
        try await streamer.value
        let acked = acknowledged.withLockedValue { $0 }
        #expect(acked.count >= 15)

        let second = try await ServerProcess(database: database, environment: Self.environment, output: log)
        defer { second.terminate() }
        let (status, view) = try await second.request("GET", "/v1/sessions/\(id)", bearer: TestService.apiKey)
        #expect(status == 200)
        let (_, timeline) = try await second.request(
            "GET", "/admin/api/sessions/\(id)/timeline?tenant=default", bearer: TestService.adminKey)
        let points = try #require(timeline["timeline"] as? [[String: Any]])
        let stored = Dictionary(uniqueKeysWithValues: points.map { ($0["seq"] as! Int, $0) })
        for (seq, answer) in acked {
            let point = try #require(stored[seq], "acknowledged batch \(seq) is missing after kill -9")
            #expect(point["trust"] as? Double == answer.trust)
            #expect(point["decision"] as? String == answer.decision)
        }
        // At most the one batch in flight at the kill was committed without its answer arriving.
        #expect(stored.count - acked.count <= 1)
        #expect(view["batches"] as? Int == stored.count)
        #expect(view["events"] as? Int == 36 * stored.count)
        let lastSeq = try #require(stored.keys.max())
        #expect(view["trust"] as? Double == stored[lastSeq]?["trust"] as? Double)

        // The same token still works (the signing secret persisted), a retried batch is a
        // duplicate, and the session goes on.
        let retry = try JSONSerialization.data(withJSONObject: [
            "v": 1, "seq": 0, "t0": 1_764_057_600_000.0, "e": WireFixtures.humanLike(seq: 0),
        ])
        let (retryStatus, retryAnswer) = try await second.request(
            "POST", "/v1/sessions/\(id)/events", bearer: token, body: retry)
        #expect(retryStatus == 202)
        #expect(retryAnswer["duplicate"] as? Bool == true)
        let next = try JSONSerialization.data(withJSONObject: [
            "v": 1, "seq": lastSeq + 1, "t0": 1_764_057_600_000.0 + Double(lastSeq + 1) * 1500,
            "e": WireFixtures.humanLike(seq: lastSeq + 1),
        ])
        let (nextStatus, _) = try await second.request("POST", "/v1/sessions/\(id)/events", bearer: token, body: next)
        #expect(nextStatus == 202)
        #expect(
            !second.log.contains("cadence_admin_") && !second.log.contains(TestService.adminKey)
                && !second.log.contains(TestService.apiKey), "keys from the environment are not printed")
    }
}
