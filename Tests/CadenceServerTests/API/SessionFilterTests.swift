import CadenceEngine
import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The dashboard's session list filtered by decision, user, outcome and creation time, in pages
/// (issue 10), on a real SQLite file through the in-process client.
@Suite("Dashboard sessions: filters and their pages")
struct SessionFilterTests {
    static let now = Date(timeIntervalSince1970: 1_764_057_600)

    /// A session of the `default` tenant created `minutes` after ``now``, as stored.
    static func session(
        _ id: String, user: String, minutes: Double, decision: Decision, outcome: SessionOutcome? = nil
    ) -> SessionRecord {
        let createdAt = now.addingTimeInterval(minutes * 60)
        return SessionRecord(
            id: id, tenantId: "default", userId: user, authenticated: true, createdAt: createdAt,
            expiresAt: createdAt.addingTimeInterval(3600),
            endedAt: outcome.map { _ in createdAt.addingTimeInterval(60) },
            outcome: outcome, state: Data(), snapshot: SessionSnapshot(trust: 50, decision: decision))
    }

    /// Twelve sessions: three users, every decision, open and ended ones, three created at the same time.
    static let sessions: [SessionRecord] = [
        session("s01", user: "ann", minutes: 0, decision: .allow),
        session("s02", user: "ben", minutes: 1, decision: .block, outcome: .fraud),
        session("s03", user: "ann", minutes: 2, decision: .challenge),
        session("s04", user: "cat", minutes: 3, decision: .allow, outcome: .genuine),
        session("s05", user: "ann", minutes: 4, decision: .block),
        session("s06", user: "ben", minutes: 5, decision: .allow),
        // Three at one instant: the cursor's id breaks the tie.
        session("s07", user: "ann", minutes: 6, decision: .allow),
        session("s08", user: "ann", minutes: 6, decision: .allow, outcome: .unknown),
        session("s09", user: "cat", minutes: 6, decision: .block),
        session("s10", user: "ann", minutes: 7, decision: .allow),
        session("s11", user: "ben", minutes: 8, decision: .challenge, outcome: .genuine),
        session("s12", user: "ann", minutes: 9, decision: .allow),
    ]

    /// Newest first, then by id: the list's order.
    static func expected(_ admits: (SessionRecord) -> Bool) -> [String] {
        sessions.filter(admits).sorted { ($0.createdAt, $1.id) > ($1.createdAt, $0.id) }.map(\.id)
    }

    static func iso(minutes: Double) -> String {
        ISO8601DateFormatter().string(from: at(minutes))
    }

    static func withSessions(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestService.with { test, client in
            for session in sessions { try await test.store.createSession(session) }
            try await body(client)
        }
    }

    /// Every page of `query` (`limit` each), following `next` with the same query.
    static func pages(_ client: some TestClientProtocol, _ query: String, limit: Int) async throws -> [[String]] {
        var pages: [[String]] = []
        var cursor: String?
        repeat {
            let before = cursor.map { "&before=" + $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
            let page = try await client.call(
                .get, "/admin/api/sessions?tenant=default&limit=\(limit)&\(query)\(before ?? "")",
                bearer: TestService.adminKey)
            #expect(page.status == .ok, "\(query): \(page.text)")
            let sessions = try #require(page["sessions"] as? [[String: Any]])
            pages.append(sessions.compactMap { $0["sessionId"] as? String })
            cursor = page.string("next")
        } while cursor != nil && pages.count < 20
        return pages
    }

    /// A query and which sessions it admits.
    static let cases: [(String, @Sendable (SessionRecord) -> Bool)] = [
        ("decision=block", { $0.snapshot.decision == .block }),
        ("decision=allow", { $0.snapshot.decision == .allow }),
        ("user=ann", { $0.userId == "ann" }),
        ("outcome=open", { $0.outcome == nil }),
        ("outcome=genuine", { $0.outcome == .genuine }),
        ("from=\(iso(minutes: 3))&to=\(iso(minutes: 7))", { $0.createdAt >= at(3) && $0.createdAt < at(7) }),
        (
            "decision=allow&user=ann&outcome=open",
            { $0.snapshot.decision == .allow && $0.userId == "ann" && $0.outcome == nil }
        ),
        ("user=ann&from=\(iso(minutes: 6))", { $0.userId == "ann" && $0.createdAt >= at(6) }),
        ("user=nobody", { _ in false }),
    ]

    static func at(_ minutes: Double) -> Date { now.addingTimeInterval(minutes * 60) }

    @Test("each filter, and filters combined, list exactly the sessions they admit, newest first", arguments: cases)
    func filters(query: String, admits: @Sendable (SessionRecord) -> Bool) async throws {
        try await Self.withSessions { client in
            let whole = try await Self.pages(client, query, limit: 100)
            #expect(whole == [Self.expected(admits)], "\(query)")
            // Pages of two under the same filter hold the same sessions, in the same order, once each.
            let paged = try await Self.pages(client, query, limit: 2)
            #expect(Array(paged.joined()) == Self.expected(admits), "\(query) in pages of two: \(paged)")
            #expect(paged.dropLast().allSatisfy { $0.count == 2 }, "\(query): \(paged)")
        }
    }

    @Test("a bad filter value is a 400 whose reason names the parameter")
    func badValues() async throws {
        try await Self.withSessions { client in
            let cases = [
                ("decision=maybe", "decision"), ("decision=", "decision"), ("outcome=lost", "outcome"),
                ("outcome=OPEN", "outcome"), ("user=", "user"), ("user=%E2%80%AEann", "user"),
                ("from=yesterday", "from"), ("to=1764057600000", "to"), ("from=2025-11-25", "from"),
                ("from=\(Self.iso(minutes: 5))&to=\(Self.iso(minutes: 5))", "to"),
            ]
            for (query, parameter) in cases {
                let answer = try await client.call(
                    .get, "/admin/api/sessions?tenant=default&\(query)", bearer: TestService.adminKey)
                #expect(answer.status == .badRequest && answer.isJSONError, "\(query): \(answer.text)")
                #expect(answer.string("reason")?.hasPrefix(parameter + ":") == true, "\(query): \(answer.text)")
            }
            // An offset and fractional seconds are RFC 3339 too.
            let offset = try await client.call(
                .get, "/admin/api/sessions?tenant=default&from=2025-11-25T09:03:00.500%2B01:00",
                bearer: TestService.adminKey)
            let ids = (offset["sessions"] as? [[String: Any]])?.compactMap { $0["sessionId"] as? String }
            #expect(ids == Self.expected { $0.createdAt >= Self.at(3).addingTimeInterval(0.5) }, "\(offset.text)")
        }
    }

    @Test("the decision filter follows batches, step-ups and the session's end; the outcome filter its end")
    func decisionFollowsTheSession() async throws {
        try await TestService.with { _, client in
            let kept = try await client.startSession(userId: "dan")
            let blocked = try await client.startSession(userId: "dan")
            _ = try await client.sendBatch(session: blocked, seq: 0)
            let failed = try await client.call(
                .post, "/v1/sessions/\(blocked.id)/step-up", bearer: TestService.apiKey, json: ["result": "failed"])
            #expect(failed.status == .ok, "\(failed.text)")
            func listed(_ query: String) async throws -> [String] {
                let page = try await client.call(
                    .get, "/admin/api/sessions?tenant=default&user=dan&\(query)", bearer: TestService.adminKey)
                return (page["sessions"] as? [[String: Any]] ?? []).compactMap { $0["sessionId"] as? String }
            }
            #expect(try await listed("decision=block") == [blocked.id])
            #expect(try await !listed("decision=allow").contains(blocked.id))
            #expect(try await listed("outcome=open").count == 2)
            let end = try await client.call(
                .post, "/v1/sessions/\(kept.id)/end", bearer: TestService.apiKey, json: ["outcome": "genuine"])
            #expect(end.status == .ok, "\(end.text)")
            #expect(try await listed("outcome=open") == [blocked.id])
            #expect(try await listed("outcome=genuine") == [kept.id])
            #expect(try await listed("outcome=fraud").isEmpty)
        }
    }
}
