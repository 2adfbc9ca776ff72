import CadenceServer
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import Testing

/// The dashboard's lists are pages that together hold everything once (security review, issue 9
/// item 4: a list costs what its page holds, not what the tenant holds).
@Suite("Dashboard pages: sessions, users and timelines")
struct PaginationTests {
    @Test("sessions and users come in pages that together list each exactly once")
    func sessionsAndUsers() async throws {
        try await TestService.with { _, client in
            var started: Set<String> = []
            for user in ["ann", "ben", "cat", "dan", "eve"] {
                started.insert(try await client.startSession(userId: user).id)
            }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = cursor.map { "&before=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? ""
                let page = try await client.call(
                    .get, "/admin/api/sessions?tenant=default&limit=2\(query)", bearer: TestService.adminKey)
                #expect(page.status == .ok, "\(page.text)")
                let sessions = try #require(page["sessions"] as? [[String: Any]])
                #expect(sessions.count <= 2)
                seen += sessions.compactMap { $0["sessionId"] as? String }
                cursor = page.string("next")
                pages += 1
            } while cursor != nil && pages < 10
            #expect(Set(seen) == started && seen.count == 5, "each session once: \(seen)")
            #expect(pages == 3)

            var users: [String] = []
            var after: String?
            repeat {
                let query = after.map { "&after=\($0)" } ?? ""
                let page = try await client.call(
                    .get, "/admin/api/users?tenant=default&limit=2\(query)", bearer: TestService.adminKey)
                users += (try #require(page["users"] as? [[String: Any]])).compactMap { $0["userId"] as? String }
                after = page.string("next")
            } while after != nil && users.count < 20
            #expect(users == ["ann", "ben", "cat", "dan", "eve"])
            let bad = try await client.call(
                .get, "/admin/api/sessions?tenant=default&before=nonsense", bearer: TestService.adminKey)
            #expect(bad.status == .badRequest && bad.isJSONError)
        }
    }

    @Test("a timeline's pages, step-ups included, add up to the whole timeline")
    func timeline() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            for seq in 0..<3 { _ = try await client.sendBatch(session: session, seq: seq) }
            _ = try await client.call(
                .post, "/v1/sessions/\(session.id)/step-up", bearer: TestService.apiKey, json: ["result": "passed"])
            for seq in 3..<5 { _ = try await client.sendBatch(session: session, seq: seq) }
            let path = "/admin/api/sessions/\(session.id)/timeline?tenant=default"
            let whole = try await client.call(.get, path, bearer: TestService.adminKey)
            let all = try #require(whole["timeline"] as? [[String: Any]])
            #expect(all.count == 6 && whole["next"] == nil)
            var pieces: [[String: Any]] = []
            var after: Int?
            var pages = 0
            repeat {
                let page = try await client.call(
                    .get, path + "&limit=2" + (after.map { "&after=\($0)" } ?? ""), bearer: TestService.adminKey)
                pieces += try #require(page["timeline"] as? [[String: Any]])
                after = page.int("next")
                pages += 1
            } while after != nil && pages < 10
            func key(_ p: [String: Any]) -> String { "\(p["seq"] ?? "")/\(p["stepUp"] ?? "-")" }
            #expect(pieces.map(key) == all.map(key), "pages in order, the step-up once, after batch 2")
        }
    }

    @Test("the user list shows sample counts kept beside the profile and reads no profile")
    func userListReadsNoProfile() async throws {
        try await TestService.with { test, client in
            _ = try await client.startSession(userId: "fay")
            // A profile no decoder can read, and counts beside it: the list must show the counts.
            let queue = try DatabaseQueue(path: test.directory.appendingPathComponent("cadence.sqlite").path)
            try await queue.write { db in
                try db.execute(
                    sql: """
                        UPDATE user SET profile = randomblob(300000), sampleCounts = '{"pointer":7,"keys":3,"login":1}'
                        WHERE userId = 'fay'
                        """)
            }
            let page = try await client.call(.get, "/admin/api/users?tenant=default", bearer: TestService.adminKey)
            let fay = try #require((page["users"] as? [[String: Any]])?.first { $0["userId"] as? String == "fay" })
            #expect(fay["samples"] as? [String: Int] == ["pointer": 7, "keys": 3, "login": 1], "\(fay)")
        }
    }
}
