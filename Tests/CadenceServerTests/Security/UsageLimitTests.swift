import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Limits per session, per token, per tenant and per client address: 429 with `Retry-After`,
/// counted in `/metrics`, nothing stored past them (security review, issue 9 item 3).
@Suite("Usage limits: 429 with Retry-After, per session, token, tenant, user and address")
struct UsageLimitTests {
    static func setLimits(_ client: some TestClientProtocol, _ limits: [String: Any]) async throws {
        let put = try await client.call(.put, "/v1/settings", bearer: TestService.apiKey, json: ["limits": limits])
        #expect(put.status == .ok, "\(put.text)")
    }

    static func expectLimited(_ response: JSONResponse, _ limit: String, _ note: Comment? = nil) {
        #expect(response.status == .tooManyRequests && response.isJSONError, "\(response.text)")
        #expect(response.string("error") == "rate-limited")
        let retryAfter = response.headers[.retryAfter].flatMap(Int.init)
        #expect((retryAfter ?? 0) >= 1, "Retry-After: \(response.headers[.retryAfter] ?? "missing")")
    }

    static func limitedCount(_ client: some TestClientProtocol, _ limit: String) async throws -> Int {
        let text = try await client.metricsText()
        let prefix = #"cadence_requests_limited_total{limit="\#(limit)"} "#
        let line = text.split(separator: "\n").first { $0.hasPrefix(prefix) }
        return Int(Double(line?.dropFirst(prefix.count) ?? "0") ?? 0)
    }

    @Test("the review's flood (1 MB batches of 48,000 events on one token) is refused with the default limits")
    func floodRefused() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            // About 1 MB each, under the 1 MiB body limit: what the review sent.
            let events = (0..<48_000).map { i in [2, Double(i * 16), Double(i % 1000), 3, 0, 0] as [Double] }
            var refused = 0
            for seq in 0..<5 {
                let answer = try await client.sendBatch(session: session, seq: seq, events: events)
                #expect(answer.status == .tooManyRequests, "\(answer.status) \(answer.text.prefix(200))")
                if answer.status == .tooManyRequests {
                    refused += 1
                    Self.expectLimited(answer, "session-events")
                }
            }
            #expect(refused == 5, "every flood batch is over the per-session event burst")
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.int("events") == 0 && view.int("batches") == 0, "nothing of the flood was stored")
            #expect(try await Self.limitedCount(client, "session-events") == 5)
        }
    }

    @Test("a token's request rate: the burst passes, the next request is 429 and stores nothing")
    func tokenRequestRate() async throws {
        try await TestService.with { _, client in
            try await Self.setLimits(client, ["tokenRequestsPerSecond": 0.1, "tokenRequestBurst": 3])
            let session = try await client.startSession()
            let started = Date()
            for seq in 0..<3 { #expect(try await client.sendBatch(session: session, seq: seq).status == .accepted) }
            let fourth = try await client.sendBatch(session: session, seq: 3)
            Self.expectLimited(fourth, "token-requests")
            // One request per 10 s: the bucket refilled by a tenth of a request per second since
            // the burst began (a loaded machine takes seconds over it), so the wait is what is left.
            let retryAfter = fourth.headers[.retryAfter].flatMap(Int.init) ?? 0
            let elapsed = Date().timeIntervalSince(started)
            #expect(retryAfter <= 10 && Double(retryAfter) >= 10 - elapsed - 1, "Retry-After \(retryAfter) after \(elapsed) s")
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.int("batches") == 3)
            #expect(try await Self.limitedCount(client, "token-requests") == 1)
            // Another session's token has its own budget.
            let other = try await client.startSession(userId: "bob")
            #expect(try await client.sendBatch(session: other, seq: 0).status == .accepted)
        }
    }

    @Test("a session's event and byte rates")
    func sessionRates() async throws {
        try await TestService.with { _, client in
            try await Self.setLimits(client, ["sessionEventsPerSecond": 0.1, "sessionEventBurst": 10])
            let session = try await client.startSession()
            #expect(try await client.sendBatch(session: session, seq: 0).status == .accepted)  // 4 events
            #expect(try await client.sendBatch(session: session, seq: 1).status == .accepted)  // 8
            Self.expectLimited(try await client.sendBatch(session: session, seq: 2), "session-events")  // 12 > 10
            try await Self.setLimits(
                client, ["sessionEventBurst": 1000, "sessionBytesPerSecond": 1, "sessionByteBurst": 200])
            let bytes = try await client.startSession(userId: "carol")
            #expect(try await client.sendBatch(session: bytes, seq: 0).status == .accepted)  // about 150 bytes
            Self.expectLimited(try await client.sendBatch(session: bytes, seq: 1), "session-bytes")
            #expect(try await Self.limitedCount(client, "session-bytes") == 1)
        }
    }

    @Test("a session's totals of events and bytes, whatever the rate")
    func sessionTotals() async throws {
        try await TestService.with { _, client in
            try await Self.setLimits(client, ["sessionEvents": 8])
            let session = try await client.startSession()
            #expect(try await client.sendBatch(session: session, seq: 0).status == .accepted)
            #expect(try await client.sendBatch(session: session, seq: 1).status == .accepted)
            let third = try await client.sendBatch(session: session, seq: 2)
            Self.expectLimited(third, "session-total")
            #expect(third.string("reason")?.contains("start a new session") == true)
            try await Self.setLimits(client, ["sessionEvents": 1000, "sessionBytes": 200])
            let bytes = try await client.startSession(userId: "bob")
            #expect(try await client.sendBatch(session: bytes, seq: 0).status == .accepted)
            Self.expectLimited(try await client.sendBatch(session: bytes, seq: 1), "session-total")
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.int("events") == 8)
            #expect(try await Self.limitedCount(client, "session-total") == 2)
        }
    }

    @Test("a tenant's event rate across its sessions")
    func tenantRate() async throws {
        try await TestService.with { _, client in
            // Half an event a second, five at once: a batch of 4 passes, the next waits 6 s.
            try await Self.setLimits(client, ["tenantEventsPerSecond": 0.5])
            let first = try await client.startSession(userId: "alice")
            let second = try await client.startSession(userId: "bob")
            #expect(try await client.sendBatch(session: first, seq: 0).status == .accepted)
            Self.expectLimited(try await client.sendBatch(session: second, seq: 0), "tenant-events")
            // Another tenant is not affected.
            let demo = try await client.call(.post, "/demo/login", json: ["username": "carol", "password": "carol-demo"])
            let token = (try #require(demo.string("sessionId")), try #require(demo.string("token")))
            #expect(try await client.sendBatch(session: token, seq: 0).status == .accepted)
        }
    }

    @Test("open sessions per user: the next start is 429 until one ends")
    func openSessionsPerUser() async throws {
        try await TestService.with { _, client in
            try await Self.setLimits(client, ["openSessionsPerUser": 2])
            let first = try await client.startSession(userId: "alice")
            _ = try await client.startSession(userId: "alice")
            let third = try await client.call(
                .post, "/v1/sessions", bearer: TestService.apiKey, json: ["userId": "alice", "authenticated": true])
            Self.expectLimited(third, "open-sessions")
            let other = try await client.call(
                .post, "/v1/sessions", bearer: TestService.apiKey, json: ["userId": "bob", "authenticated": true])
            #expect(other.status == .created, "another user is not affected")
            _ = try await client.call(
                .post, "/v1/sessions/\(first.id)/end", bearer: TestService.apiKey, json: ["outcome": "unknown"])
            let again = try await client.call(
                .post, "/v1/sessions", bearer: TestService.apiKey, json: ["userId": "alice", "authenticated": true])
            #expect(again.status == .created)
        }
    }

    @Test("unauthenticated routes are limited per client address; authenticated ones are not")
    func perAddress() async throws {
        try await TestService.with(configure: {
            $0.connections.addressRequestsPerSecond = 0.1
            $0.connections.addressRequestBurst = 3
        }) { _, client in
            for _ in 0..<3 { #expect(try await client.call(.get, "/health").status == .ok) }
            Self.expectLimited(try await client.call(.get, "/health"), "address")
            Self.expectLimited(
                try await client.call(.post, "/demo/login", json: ["username": "bob", "password": "x"]), "address")
            let session = try await client.call(.get, "/v1/settings", bearer: TestService.apiKey)
            #expect(session.status == .ok, "a tenant key is not limited by address")
            #expect(try await Self.limitedCount(client, "address") == 2)
        }
    }

    @Test("limits are checked when set: out of range answers 400 naming the field")
    func badLimits() async throws {
        try await TestService.with { _, client in
            for (field, value) in [("sessionEventsPerSecond", 0.0), ("openSessionsPerUser", 0.5), ("sessionLifetime", -1)] {
                let put = try await client.call(
                    .put, "/v1/settings", bearer: TestService.apiKey, json: ["limits": [field: value]])
                #expect(put.status == .badRequest && put.string("reason")?.hasPrefix("limits.\(field)") == true)
            }
            let unknown = try await client.call(
                .put, "/v1/settings", bearer: TestService.apiKey, json: ["limits": ["eventsPerDay": 5]])
            #expect(unknown.status == .badRequest)
        }
    }

    @Test("an address whose requests keep failing authentication is slowed down")
    func failedAuthenticationPerAddress() async throws {
        try await TestService.with(configure: {
            $0.connections.addressRequestsPerSecond = 0.01
            $0.connections.addressRequestBurst = 2
        }) { _, client in
            // Five times the unauthenticated burst: ten wrong keys, then 429.
            for _ in 0..<10 {
                #expect(try await client.call(.get, "/v1/settings", bearer: "wrong-key-0123456789abcdef").status == .unauthorized)
            }
            Self.expectLimited(try await client.call(.get, "/v1/settings", bearer: "wrong-key-0123456789abcdef"), "address")
        }
    }
}
