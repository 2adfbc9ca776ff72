import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Sessions: start, stream, read, end")
struct SessionLifecycleTests {
    @Test("a session starts, takes batches, reports counts and trust, ends, and refuses batches after")
    func lifecycle() async throws {
        try await TestService.with { _, client in
            try await client.showDecisionsToBrowser()
            let start = try await client.call(
                .post, "/v1/sessions", bearer: TestService.apiKey,
                json: [
                    "userId": "dave", "authenticated": true,
                    "loginSample": ["hold": [95, 102, 88], "downDown": [180, 201]],
                ])
            #expect(start.status == .created)
            let id = try #require(start.string("sessionId"))
            let token = try #require(start.string("token"))
            #expect(start.string("expiresAt") != nil)

            for seq in 0..<3 {
                let ack = try await client.sendBatch(
                    session: (id, token), seq: seq, events: WireFixtures.humanLike(seq: seq))
                #expect(ack.status == .accepted, "\(ack.text)")
                #expect(ack.string("decision") == "allow")
                #expect((0...100).contains(try #require(ack.double("trust"))))
            }

            let view = try await client.call(.get, "/v1/sessions/\(id)", bearer: TestService.apiKey)
            #expect(view.status == .ok)
            #expect(view.string("userId") == "dave")
            #expect(view.string("decision") == "allow")
            #expect(view.int("events") == 108)
            #expect(view.int("batches") == 3)
            let counts = try #require(view["counts"] as? [String: Any])
            #expect((counts["pointer"] as? [String: Any])?["events"] as? Int == 48)
            #expect((counts["keys"] as? [String: Any])?["events"] as? Int == 60)
            #expect(((counts["pointer"] as? [String: Any])?["samples"] as? Int ?? 0) >= 2)
            #expect((view["automation"] as? [String: Any])?["verdict"] as? String == "human")
            #expect(view.string("profileStatus") == "enrolling")
            #expect(view["reasons"] is [Any])
            #expect(view["lastScores"] is [String: Any])

            let end = try await client.call(
                .post, "/v1/sessions/\(id)/end", bearer: TestService.apiKey, json: ["outcome": "genuine"])
            #expect(end.status == .ok)
            #expect(end.string("outcome") == "genuine")
            let again = try await client.call(
                .post, "/v1/sessions/\(id)/end", bearer: TestService.apiKey, json: ["outcome": "fraud"])
            #expect(again.status == .conflict)
            let late = try await client.sendBatch(session: (id, token), seq: 3)
            #expect(late.status == .conflict)
            #expect(late.isJSONError)

            let profile = try await client.call(.get, "/v1/users/dave/profile", bearer: TestService.apiKey)
            #expect(profile.status == .ok)
            #expect(profile.string("profileStatus") == "enrolling")
            let samples = try #require(profile["samples"] as? [String: Any])
            #expect((samples["pointer"] as? Int ?? 0) >= 3, "the authenticated session's actions enrol the profile")
            #expect(samples["login"] as? Int == 1, "the login sample is kept")
        }
    }

    @Test("an env report of navigator.webdriver makes the session automated, with the reason in words")
    func environmentReport() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession(userId: "erin")
            let plain: [String: Any] = [
                "v": 1, "seq": 0, "t0": 1_764_057_600_000.0, "e": WireFixtures.humanLike(seq: 0), "env": [:],
            ]
            let first = try await client.call(
                .post, "/v1/sessions/\(session.id)/events", bearer: session.token, json: plain)
            #expect(first.status == .accepted, "\(first.text)")
            let before = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect((before["automation"] as? [String: Any])?["verdict"] as? String == "human")
            let flagged: [String: Any] = [
                "v": 1, "seq": 1, "t0": 1_764_057_601_000.0, "e": WireFixtures.humanLike(seq: 1),
                "env": ["wd": true, "iv": 3, "fast": 1],
            ]
            let second = try await client.call(
                .post, "/v1/sessions/\(session.id)/events", bearer: session.token, json: flagged)
            #expect(second.status == .accepted, "\(second.text)")
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.string("decision") == "challenge")
            let automation = try #require(view["automation"] as? [String: Any])
            #expect(automation["verdict"] as? String == "automated")
            let reasons = try #require(automation["reasons"] as? [[String: Any]])
            #expect(reasons.contains { $0["code"] as? String == "automation-env-webdriver" })
            #expect(reasons.allSatisfy { ($0["message"] as? String)?.isEmpty == false })
        }
    }

    @Test("a batch retried with the same seq is acknowledged and not counted twice")
    func idempotentSeq() async throws {
        try await TestService.with { test, client in
            let session = try await client.startSession()
            let first = try await client.sendBatch(session: session, seq: 0)
            #expect(first.status == .accepted)
            #expect(first["duplicate"] as? Bool == false)
            let retry = try await client.sendBatch(session: session, seq: 0)
            #expect(retry.status == .accepted)
            #expect(retry["duplicate"] as? Bool == true)
            #expect(retry.string("decision") == first.string("decision"))
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.int("events") == 4)
            #expect(view.int("batches") == 1)
            #expect(try await test.store.batches(sessionId: session.id).count == 1)
        }
    }

    @Test("batches out of order within the window are accepted once each; far too late is refused")
    func outOfOrder() async throws {
        try await TestService.with(configure: { $0.reorderWindow = 4 }) { test, client in
            let session = try await client.startSession()
            for seq in [2, 0, 1, 5, 3, 0, 2] {
                let ack = try await client.sendBatch(session: session, seq: seq)
                #expect(ack.status == .accepted, "seq \(seq): \(ack.text)")
            }
            #expect(try await test.store.batches(sessionId: session.id).map(\.seq) == [0, 1, 2, 3, 5])
            let jump = try await client.sendBatch(session: session, seq: 20)
            #expect(jump.status == .accepted)
            let tooLate = try await client.sendBatch(session: session, seq: 4)
            #expect(tooLate.status == .conflict)
            #expect(tooLate.isJSONError)
            let duplicateOfOld = try await client.sendBatch(session: session, seq: 1)
            #expect(duplicateOfOld.status == .accepted)
            #expect(duplicateOfOld["duplicate"] as? Bool == true)
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.int("batches") == 6)
            #expect(view.int("events") == 24)
        }
    }

    @Test("concurrent batches of one session are all counted exactly once")
    func concurrentBatches() async throws {
        try await TestService.with { test, client in
            let session = try await client.startSession()
            try await withThrowingTaskGroup(of: Int.self) { group in
                for seq in 0..<24 {
                    group.addTask { try await client.sendBatch(session: session, seq: seq % 12).status.code }
                }
                for try await status in group { #expect(status == 202) }
            }
            #expect(try await test.store.batches(sessionId: session.id).count == 12)
            let stored = try #require(try await test.store.session(tenantId: Tenant.defaultId, id: session.id))
            #expect(stored.eventCount == 48)
            #expect(stored.snapshot.counts.pointer.events == 24)
        }
    }

    @Test("another tenant's session is not found")
    func tenantIsolation() async throws {
        try await TestService.with { test, client in
            let session = try await client.startSession()
            let otherKey = "other-tenant-key-0123456789abcdef"
            try await test.store.createTenant(
                Tenant(id: "other", name: "Other bank", createdAt: Date()),
                keys: [APIKeyRecord.of(otherKey, tenantId: "other", role: .tenant, now: Date())])
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: otherKey)
            #expect(view.status == .notFound)
            #expect(view.isJSONError)
            let profile = try await client.call(.get, "/v1/users/alice/profile", bearer: otherKey)
            #expect(profile.status == .notFound)
        }
    }

    @Test("the demo bank logs a customer in and shows the session's live trust")
    func demoLogin() async throws {
        try await TestService.with { _, client in
            let users = try await client.execute(uri: "/demo/users", method: .get) { String(buffer: $0.body) }
            #expect(users.contains("alice"))
            let wrong = try await client.call(
                .post, "/demo/login", json: ["username": "alice", "password": "nope"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.isJSONError)
            let login = try await client.call(
                .post, "/demo/login", json: ["username": "alice", "password": "alice-demo"])
            #expect(login.status == .ok)
            let id = try #require(login.string("sessionId"))
            let token = try #require(login.string("token"))
            #expect(try await client.sendBatch(session: (id, token), seq: 0).status == .accepted)
            // The page reads its session with its token; without it, or with another session's, it cannot.
            let anonymous = try await client.call(.get, "/demo/session/\(id)")
            #expect(anonymous.status == .unauthorized && anonymous.isJSONError)
            let other = try await client.call(
                .post, "/demo/login", json: ["username": "bob", "password": "bob-demo"])
            let otherToken = try #require(other.string("token"))
            let foreign = try await client.call(.get, "/demo/session/\(id)", bearer: otherToken)
            #expect(foreign.status == .forbidden && foreign.isJSONError)
            let live = try await client.call(.get, "/demo/session/\(id)", bearer: token)
            #expect(live.status == .ok)
            #expect(live.int("events") == 4)
            #expect(live.string("decision") == "allow")
            let refused = try await client.call(.post, "/demo/logout", json: ["sessionId": id])
            #expect(refused.status == .unauthorized)
            let logout = try await client.call(.post, "/demo/logout", bearer: token, json: ["sessionId": id])
            #expect(logout.status == .ok)
            #expect(logout.string("outcome") == "genuine")
        }
    }

    @Test("the dashboard endpoints list sessions with timelines and users with profile status")
    func dashboardEndpoints() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            _ = try await client.sendBatch(session: session, seq: 0)
            _ = try await client.sendBatch(session: session, seq: 1)
            let list = try await client.call(.get, "/admin/api/sessions?tenant=default", bearer: TestService.adminKey)
            let sessions = try #require(list["sessions"] as? [[String: Any]])
            #expect(sessions.map { $0["sessionId"] as? String } == [session.id])
            let timeline = try await client.call(
                .get, "/admin/api/sessions/\(session.id)/timeline?tenant=default", bearer: TestService.adminKey)
            let points = try #require(timeline["timeline"] as? [[String: Any]])
            #expect(points.map { $0["seq"] as? Int } == [0, 1])
            #expect(points.allSatisfy { $0["trust"] is NSNumber && $0["decision"] is String && $0["time"] is NSNumber })
            #expect((timeline["thresholds"] as? [String: Any])?["challengeBelow"] as? Double == 92)  // the engine default policy
            let users = try await client.call(.get, "/admin/api/users", bearer: TestService.adminKey)
            let rows = try #require(users["users"] as? [[String: Any]])
            #expect(Set(rows.compactMap { $0["userId"] as? String }) == ["alice", "bob", "carol"])
            #expect(rows.allSatisfy { $0["profileStatus"] as? String == "enrolling" })
        }
    }
}
