import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Erasure: DELETE /v1/users/{id}")
struct EraseUserTests {
    @Test("erasing a user removes their sessions, batches and profile, and nothing of anyone else")
    func eraseEverything() async throws {
        try await TestService.with { test, client in
            let alice = try await client.startSession(userId: "alice")
            let bob = try await client.startSession(userId: "bob")
            for seq in 0..<3 {
                _ = try await client.sendBatch(session: alice, seq: seq)
                _ = try await client.sendBatch(session: bob, seq: seq)
            }
            let erased = try await client.call(.delete, "/v1/users/alice", bearer: TestService.apiKey)
            #expect(erased.status == .ok)
            let report = try #require(erased["erased"] as? [String: Any])
            #expect(report["users"] as? Int == 1)
            #expect(report["sessions"] as? Int == 1)
            #expect(report["batches"] as? Int == 3)

            #expect(
                try await client.call(.get, "/v1/sessions/\(alice.id)", bearer: TestService.apiKey).status == .notFound)
            #expect(
                try await client.call(.get, "/v1/users/alice/profile", bearer: TestService.apiKey).status == .notFound)
            #expect(try await test.store.batches(sessionId: alice.id).isEmpty)
            #expect(try await test.store.user(tenantId: Tenant.defaultId, userId: "alice") == nil)
            let late = try await client.sendBatch(session: alice, seq: 3)
            #expect(late.status == .notFound)

            #expect(try await test.store.batches(sessionId: bob.id).count == 3)
            #expect(try await client.call(.get, "/v1/sessions/\(bob.id)", bearer: TestService.apiKey).status == .ok)

            let again = try await client.call(.delete, "/v1/users/alice", bearer: TestService.apiKey)
            #expect(again.status == .notFound)
        }
    }

    @Test("after an erasure neither the database file nor its log holds the user id (secure_delete, log truncated)")
    func erasureLeavesNoTrace() async throws {
        let userId = "erase-me-7f3a9c"
        try await TestService.with { test, client in
            let erased = try await client.startSession(userId: userId)
            let kept = try await client.startSession(userId: "bob")
            for seq in 0..<3 {
                _ = try await client.sendBatch(session: erased, seq: seq)
                _ = try await client.sendBatch(session: kept, seq: seq)
            }
            let files = ["cadence.sqlite", "cadence.sqlite-wal"].map { test.directory.appendingPathComponent($0) }
            func occurrences() -> Int {
                files.reduce(0) { total, file in
                    guard let data = FileManager.default.contents(atPath: file.path) else { return total }
                    return total + data.ranges(of: Data(userId.utf8)).count
                }
            }
            #expect(occurrences() > 0, "the user id is stored before the erasure")
            let answer = try await client.call(.delete, "/v1/users/\(userId)", bearer: TestService.apiKey)
            #expect(answer.status == .ok)
            #expect(occurrences() == 0, "the database or its log still holds the erased user id")
            #expect(try await test.store.batches(sessionId: kept.id).count == 3)
        }
    }
}
