import CadenceServer
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import Testing

/// Raw events are kept for the tenant's retention period (30 days by default), then dropped;
/// timelines stay (security review, issue 9 item 11).
@Suite("Retention: raw events dropped after the tenant's period, timelines kept")
struct RetentionTests {
    static func eventBytes(_ test: TestService) throws -> (events: Int, samples: Int, state: Int) {
        let queue = try DatabaseQueue(path: test.directory.appendingPathComponent("cadence.sqlite").path)
        return try queue.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(length(events)), 0) FROM batch") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(length(samples)), 0) FROM batch") ?? -1,
                try Int.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(length(state)), 0) FROM session WHERE endedAt IS NOT NULL")
                    ?? -1
            )
        }
    }

    @Test("after 30 days the events go, the trust timeline and the session's summary stay")
    func defaultPeriod() async throws {
        try await TestService.with { test, client in
            let session = try await client.startSession()
            for seq in 0..<3 {
                #expect(
                    try await client.sendBatch(session: session, seq: seq, events: WireFixtures.humanLike(seq: seq))
                        .status == .accepted)
            }
            let before = try await client.call(
                .get, "/admin/api/sessions/\(session.id)/timeline?tenant=default", bearer: TestService.adminKey)
            _ = try await client.call(
                .post, "/v1/sessions/\(session.id)/end", bearer: TestService.apiKey, json: ["outcome": "unknown"])
            #expect(try Self.eventBytes(test).events > 0)

            let early = try await test.service.applyRetention(now: Date().addingTimeInterval(29 * 86_400))
            #expect(early.batches == 0 && early.sessions == 0, "nothing is due before 30 days")
            let due = try await test.service.applyRetention(now: Date().addingTimeInterval(31 * 86_400))
            #expect(due.batches == 3 && due.sessions == 1)
            let left = try Self.eventBytes(test)
            #expect(left.events == 0 && left.samples == 0 && left.state == 0, "\(left)")

            let after = try await client.call(
                .get, "/admin/api/sessions/\(session.id)/timeline?tenant=default", bearer: TestService.adminKey)
            #expect(after.status == .ok)
            #expect(after.text == before.text, "the timeline is unchanged")
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.int("batches") == 3 && view.string("outcome") == "unknown")
            #expect(try await test.service.applyRetention(now: Date().addingTimeInterval(32 * 86_400)).batches == 0)
        }
    }

    @Test("each tenant's period applies to its own data; an open session goes on after its old events are dropped")
    func perTenant() async throws {
        try await TestService.with { test, client in
            let put = try await client.call(
                .put, "/v1/settings", bearer: TestService.apiKey, json: ["retention": ["rawEventDays": 1]])
            #expect(put.status == .ok, "\(put.text)")
            let session = try await client.startSession()
            #expect(try await client.sendBatch(session: session, seq: 0).status == .accepted)
            let login = try await client.call(.post, "/demo/login", json: ["username": "bob", "password": "bob-demo"])
            let demo = (try #require(login.string("sessionId")), try #require(login.string("token")))
            #expect(try await client.sendBatch(session: demo, seq: 0).status == .accepted)

            let cleared = try await test.service.applyRetention(now: Date().addingTimeInterval(2 * 86_400))
            #expect(cleared.batches == 1, "only the default tenant's batch (1 day); the demo tenant keeps 30")
            #expect(try await client.sendBatch(session: session, seq: 1).status == .accepted, "the session goes on")
            let bad = try await client.call(
                .put, "/v1/settings", bearer: TestService.apiKey, json: ["retention": ["rawEventDays": 0]])
            #expect(bad.status == .badRequest && bad.string("reason")?.hasPrefix("retention.rawEventDays") == true)
        }
    }

    @Test(
        "with timelineDays set, a session closed longer ago loses its timeline, keeps its summary; the dashboard says so"
    )
    func timelineDays() async throws {
        try await TestService.with { test, client in
            let shorter = try await client.call(
                .put, "/v1/settings", bearer: TestService.apiKey,
                json: ["retention": ["rawEventDays": 30, "timelineDays": 20]])
            #expect(shorter.status == .badRequest)
            #expect(shorter.string("reason")?.hasPrefix("retention.timelineDays: must be at least") == true)
            let put = try await client.call(
                .put, "/v1/settings", bearer: TestService.apiKey, json: ["retention": ["timelineDays": 60]])
            #expect(put.status == .ok, "\(put.text)")

            let ended = try await client.startSession()
            let open = try await client.startSession()
            for seq in 0..<3 {
                #expect(try await client.sendBatch(session: ended, seq: seq).status == .accepted)
                #expect(try await client.sendBatch(session: open, seq: seq).status == .accepted)
            }
            _ = try await client.call(
                .post, "/v1/sessions/\(ended.id)/end", bearer: TestService.apiKey, json: ["outcome": "genuine"])
            let timeline = { (id: String) in
                try await client.call(
                    .get, "/admin/api/sessions/\(id)/timeline?tenant=default", bearer: TestService.adminKey)
            }
            #expect(try await timeline(ended.id).array("timeline")?.count == 3)

            let early = try await test.service.applyRetention(now: Date().addingTimeInterval(59 * 86_400))
            #expect(
                early.timelines == 0 && early.batches == 6, "both sessions' events go at 30 days, the timelines stay")
            // 61 days on, the session nobody ended has long expired (sessions last 12 hours): both go.
            let due = try await test.service.applyRetention(now: Date().addingTimeInterval(61 * 86_400))
            #expect(due.timelines == 2)
            for id in [ended.id, open.id] {
                let gone = try await timeline(id)
                #expect(gone.status == .ok && gone.array("timeline")?.count == 0 && gone.bool("dropped") == true)
            }
            let view = try await client.call(.get, "/v1/sessions/\(ended.id)", bearer: TestService.apiKey)
            #expect(view.int("batches") == 3 && view.string("outcome") == "genuine", "the summary stays")
            #expect(try await test.service.applyRetention(now: Date().addingTimeInterval(62 * 86_400)).timelines == 0)

            let unset = try await client.call(
                .put, "/v1/settings", bearer: TestService.apiKey, json: ["retention": ["timelineDays": NSNull()]])
            #expect(unset.status == .ok, "\(unset.text)")
            let settings = try await client.call(.get, "/v1/settings", bearer: TestService.apiKey)
            let retention = try #require(settings["retention"] as? [String: Any], "\(settings.text)")
            #expect((retention["rawEventDays"] as? NSNumber)?.intValue == 30 && retention["timelineDays"] == nil)
        }
    }
}
