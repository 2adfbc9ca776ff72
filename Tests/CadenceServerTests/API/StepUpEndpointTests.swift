import CadenceEngine
import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Step-up results: POST /v1/sessions/{id}/step-up and the demo bank's one-time code")
struct StepUpEndpointTests {
    /// Sessions start at trust 50 (challenged: below 92) and a passed step-up restores 95.
    static func lowStartingTrust(_ client: some TestClientProtocol) async throws {
        let put = try await client.call(
            .put, "/v1/settings", bearer: TestService.apiKey,
            json: ["trust": ["takeoverPrior": 0.5], "stepUp": ["restoredTrust": 95]])
        #expect(put.status == .ok, "\(put.text)")
    }

    static func stepUp(
        _ client: some TestClientProtocol, _ id: String, _ result: Any, bearer: String? = TestService.apiKey
    ) async throws -> JSONResponse {
        try await client.call(.post, "/v1/sessions/\(id)/step-up", bearer: bearer, json: ["result": result])
    }

    static func reasonCodes(_ response: JSONResponse) -> [String] {
        (response["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    @Test("passed restores the configured trust, the session is allowed again, and the timeline shows it")
    func passed() async throws {
        let receiver = WebhookReceiver(failures: 0)
        try await receiver.run { url in
            try await TestService.with { _, client in
                try await client.showDecisionsToBrowser()
                try await Self.lowStartingTrust(client)
                _ = try await client.call(
                    .put, "/v1/webhook", bearer: TestService.apiKey,
                    json: ["url": url.absoluteString, "secret": "whsec_test_secret_0123"])
                let session = try await client.startSession()
                let before = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
                #expect(before.string("decision") == "challenge" && before.double("trust") == 50)
                #expect(try await client.sendBatch(session: session, seq: 0).string("decision") == "challenge")

                let answer = try await Self.stepUp(client, session.id, "passed")
                #expect(answer.status == .ok, "\(answer.text)")
                #expect(answer.double("trust") == 95)
                #expect(answer.string("decision") == "allow")
                #expect(Self.reasonCodes(answer).first == "step-up-passed")
                // The session continues as allow: the next batch is scored from the restored state.
                let next = try await client.sendBatch(session: session, seq: 1)
                #expect(next.string("decision") == "allow" && next.double("trust") == 95)

                let timeline = try await client.call(
                    .get, "/admin/api/sessions/\(session.id)/timeline?tenant=default", bearer: TestService.adminKey)
                let points = try #require(timeline["timeline"] as? [[String: Any]])
                #expect(points.map { $0["stepUp"] as? String } == [nil, "passed", nil])
                #expect(points.map { $0["seq"] as? Int } == [0, 0, 1])
                #expect(points[1]["trust"] as? Double == 95 && points[1]["decision"] as? String == "allow")

                let deadline = ContinuousClock.now + .seconds(10)
                while receiver.deliveries.isEmpty, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let payload = try #require(
                    try receiver.deliveries.first.map { try JSONSerialization.jsonObject(with: $0.body) }
                        as? [String: Any])
                #expect(payload["previousDecision"] as? String == "challenge")
                #expect(payload["decision"] as? String == "allow")
            }
        }
    }

    @Test("failed blocks the session and fires the webhook; a later pass does not lift the block")
    func failed() async throws {
        let receiver = WebhookReceiver(failures: 0)
        try await receiver.run { url in
            try await TestService.with { _, client in
                try await client.showDecisionsToBrowser()
                _ = try await client.call(
                    .put, "/v1/webhook", bearer: TestService.apiKey,
                    json: ["url": url.absoluteString, "secret": "whsec_test_secret_0123"])
                let session = try await client.startSession()
                let answer = try await Self.stepUp(client, session.id, "failed")
                #expect(answer.status == .ok, "\(answer.text)")
                #expect(answer.string("decision") == "block" && answer.double("trust") == 0)
                #expect(Self.reasonCodes(answer).first == "step-up-failed")

                let deadline = ContinuousClock.now + .seconds(10)
                while receiver.deliveries.isEmpty, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let delivery = try #require(receiver.deliveries.first)
                #expect(
                    WebhookSignature.verify(
                        header: delivery.signature ?? "", body: delivery.body, secret: "whsec_test_secret_0123",
                        now: Date()))
                let payload = try #require(try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any])
                #expect(payload["sessionId"] as? String == session.id)
                #expect(payload["previousDecision"] as? String == "allow")
                #expect(payload["decision"] as? String == "block")

                let lift = try await Self.stepUp(client, session.id, "passed")
                #expect(lift.status == .conflict && lift.isJSONError)
                #expect(try await client.sendBatch(session: session, seq: 0).string("decision") == "block")
                let metrics = try await client.metricsText()
                #expect(metrics.contains(#"cadence_step_ups_total{result="failed"} 1"#))
            }
        }
    }

    @Test("a session challenged for automated input continues as allow after a passed step-up")
    func passedAfterAutomation() async throws {
        try await TestService.with { _, client in
            try await client.showDecisionsToBrowser()
            let session = try await client.startSession()
            let ack = try await client.sendBatch(session: session, seq: 0, events: WireFixtures.teleportClicks)
            #expect(ack.string("decision") == "challenge")
            let answer = try await Self.stepUp(client, session.id, "passed")
            #expect(answer.string("decision") == "allow")
            #expect((answer["automation"] as? [String: Any])?["verdict"] as? String == "human")
        }
    }

    @Test("bad bodies, unknown sessions, ended sessions and missing keys are JSON errors")
    func errors() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            let bad = try await Self.stepUp(client, session.id, "maybe")
            #expect(bad.status == .badRequest && bad.string("reason")?.hasPrefix("result:") == true)
            let number = try await Self.stepUp(client, session.id, 1)
            #expect(number.status == .badRequest && number.string("reason")?.hasPrefix("result:") == true)
            let empty = try await client.call(.post, "/v1/sessions/\(session.id)/step-up", bearer: TestService.apiKey)
            #expect(empty.status == .badRequest && empty.isJSONError)
            let anonymous = try await Self.stepUp(client, session.id, "passed", bearer: nil)
            #expect(anonymous.status == .unauthorized && anonymous.isJSONError)
            let browser = try await Self.stepUp(client, session.id, "passed", bearer: session.token)
            #expect(browser.status == .unauthorized && browser.isJSONError)
            let missing = try await Self.stepUp(client, "no-such-session", "passed")
            #expect(missing.status == .notFound && missing.isJSONError)
            _ = try await client.call(
                .post, "/v1/sessions/\(session.id)/end", bearer: TestService.apiKey, json: ["outcome": "genuine"])
            let ended = try await Self.stepUp(client, session.id, "passed")
            #expect(ended.status == .conflict && ended.isJSONError)
        }
    }

    @Test("a step-up racing the session's batches is applied once and no batch is lost")
    func concurrentWithBatches() async throws {
        try await TestService.with { test, client in
            try await Self.lowStartingTrust(client)
            let session = try await client.startSession()
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for seq in 0..<12 {
                    group.addTask {
                        try await client.sendBatch(session: session, seq: seq, events: WireFixtures.humanLike(seq: seq))
                            .status
                    }
                }
                group.addTask { try await Self.stepUp(client, session.id, "passed").status }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .accepted }.count == 12)
            #expect(statuses.contains(.ok))
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.int("batches") == 12)
            #expect(view.double("trust") == 95 && view.string("decision") == "allow", "\(view.text)")
            #expect(try await test.store.stepUps(sessionId: session.id).map(\.result.rawValue) == ["passed"])
        }
    }

    @Test("the demo bank checks the one-time code with the session token and reports the result")
    func demoBank() async throws {
        try await TestService.with { _, client in
            func login() async throws -> (id: String, token: String) {
                let login = try await client.call(
                    .post, "/demo/login", json: ["username": "alice", "password": "alice-demo"])
                return (try #require(login.string("sessionId")), try #require(login.string("token")))
            }
            func code(_ session: (id: String, token: String), _ code: String, bearer: String? = nil) async throws
                -> JSONResponse
            {
                try await client.call(
                    .post, "/demo/session/\(session.id)/step-up", bearer: bearer ?? session.token, json: ["code": code])
            }
            let session = try await login()
            let ack = try await client.sendBatch(session: session, seq: 0, events: WireFixtures.teleportClicks)
            #expect(ack.string("decision") == "challenge")
            let anonymous = try await client.call(
                .post, "/demo/session/\(session.id)/step-up", json: ["code": "123456"])
            #expect(anonymous.status == .unauthorized && anonymous.isJSONError)
            let wrong = try await code(session, "000000")
            #expect(wrong.status == .ok && wrong["verified"] as? Bool == false && wrong.int("attemptsLeft") == 2)
            #expect(wrong.string("decision") == "challenge")
            let right = try await code(session, "123456")
            #expect(right["verified"] as? Bool == true && right.string("decision") == "allow")
            #expect(right.double("trust") == 97.5)  // the initial trust: 100 · (1 − takeoverPrior 0.025)
            let live = try await client.call(.get, "/demo/session/\(session.id)", bearer: session.token)
            #expect(live.string("decision") == "allow")

            // Three wrong codes in a row: the demo bank reports a failed step-up.
            let other = try await login()
            #expect(try await code(other, "1").int("attemptsLeft") == 2)
            #expect(try await code(other, "2").int("attemptsLeft") == 1)
            let last = try await code(other, "3")
            #expect(last.int("attemptsLeft") == 0 && last.string("decision") == "block")
        }
    }
}
