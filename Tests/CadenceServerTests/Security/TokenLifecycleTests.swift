import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Session tokens: only in a header, one generation valid at a time, within the session's
/// absolute lifetime, expiry capped; the database files private (security review, issue 9 item 8).
@Suite("Token lifecycle: no token in a URL, renewal revokes, sessions end, files 0600")
struct TokenLifecycleTests {
    @Test("a session token in the query string is refused; the same token in the header is accepted")
    func noTokenInTheURL() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            let body: [String: Any] = ["v": 1, "seq": 0, "t0": 1_764_057_600_123.25, "e": WireFixtures.pointerAndKeys]
            let escaped = session.token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let inURL = try await client.call(.post, "/v1/sessions/\(session.id)/events?token=\(escaped)", json: body)
            #expect(inURL.status == .unauthorized && inURL.isJSONError, "\(inURL.text)")
            let inHeader = try await client.sendBatch(session: session, seq: 0)
            #expect(inHeader.status == .accepted)
        }
    }

    @Test("renewing a token revokes the previous one, on this node and on another sharing the database")
    func renewalRevokes() async throws {
        try await TestService.with { nodeA, clientA in
            let session = try await clientA.startSession()
            // Node A now holds the session's latest version (no read on its next batch).
            #expect(try await clientA.sendBatch(session: session, seq: 0).status == .accepted)

            let renewed = try await TestService.with(in: nodeA.directory) { _, clientB in
                let answer = try await clientB.call(
                    .post, "/v1/sessions/\(session.id)/token", bearer: TestService.apiKey)
                #expect(answer.status == .ok, "\(answer.text)")
                let token = try #require(answer.string("token"))
                // Node B refuses the old token at once.
                let old = try await clientB.sendBatch(session: session, seq: 1)
                #expect(old.status == .unauthorized && old.isJSONError, "\(old.text)")
                return token
            }
            #expect(renewed != session.token)
            // Node A held the pre-renewal version: not even a batch it already acknowledged is
            // answered to the old token (no 202 "duplicate" with the session's score).
            let replay = try await clientA.sendBatch(session: session, seq: 0)
            #expect(replay.status == .unauthorized, "\(replay.text)")
            // Node A held the pre-renewal version: it must not accept the old token either.
            let old = try await clientA.sendBatch(session: session, seq: 1)
            #expect(old.status == .unauthorized && old.isJSONError, "\(old.text)")
            let new = try await clientA.sendBatch(session: (session.id, renewed), seq: 1)
            #expect(new.status == .accepted, "\(new.text)")
            // A second renewal on node A revokes the first renewed token there too.
            let again = try await clientA.call(.post, "/v1/sessions/\(session.id)/token", bearer: TestService.apiKey)
            let third = try #require(again.string("token"))
            #expect(try await clientA.sendBatch(session: (session.id, renewed), seq: 2).status == .unauthorized)
            #expect(try await clientA.sendBatch(session: (session.id, third), seq: 2).status == .accepted)
            let view = try await clientA.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.int("batches") == 3, "every accepted batch counted once: \(view.text)")
        }
    }

    @Test("renewals cannot outlive the session's absolute lifetime")
    func absoluteLifetime() async throws {
        try await TestService.with { _, client in
            let put = try await client.call(
                .put, "/v1/settings", bearer: TestService.apiKey, json: ["limits": ["sessionLifetime": 1.5]])
            #expect(put.status == .ok, "\(put.text)")
            let start = try await client.call(
                .post, "/v1/sessions", bearer: TestService.apiKey, json: ["userId": "alice", "authenticated": true])
            // The session was created before its answer arrived (however slow a busy machine is).
            let answered = Date()
            let id = try #require(start.string("sessionId"))
            let expiresAt = try #require(start.string("expiresAt").flatMap(Self.date))
            #expect(expiresAt.timeIntervalSince(answered) <= 2.5, "the first token ends with the session")
            let renewed = try await client.call(.post, "/v1/sessions/\(id)/token", bearer: TestService.apiKey)
            #expect(renewed.status == .ok)
            let renewedExpiry = try #require(renewed.string("expiresAt").flatMap(Self.date))
            #expect(renewedExpiry <= expiresAt.addingTimeInterval(1), "a renewal does not extend the session")
            try await Task.sleep(for: .milliseconds(2_100))
            let late = try await client.call(.post, "/v1/sessions/\(id)/token", bearer: TestService.apiKey)
            #expect(late.status == .conflict && late.isJSONError, "\(late.text)")
            let token = try #require(renewed.string("token"))
            #expect(try await client.sendBatch(session: (id, token), seq: 0).status == .unauthorized)
        }
    }

    @Test("a validly signed token whose expiry lies beyond a token's lifetime is refused")
    func expiryIsCapped() throws {
        let signer = SessionTokenSigner(secret: Data(repeating: 7, count: 32), maximumLifetime: 3_600)
        let now = Date(timeIntervalSince1970: 1_764_057_600)
        let inAnHour = signer.sign(SessionToken(tenant: "t", session: "s", expires: 1_764_061_200))
        #expect(try signer.verify(inAnHour, now: now).session == "s")
        let inAYear = signer.sign(SessionToken(tenant: "t", session: "s", expires: 1_764_057_600 + 365 * 86_400))
        #expect(throws: SessionTokenSigner.Failure.expiryTooFar) { try signer.verify(inAYear, now: now) }
    }

    @Test("a token signed with the service's secret but a far expiry is refused by the service")
    func serviceRefusesFarExpiry() async throws {
        try await TestService.with { test, client in
            let session = try await client.startSession()
            let secret = try #require(try await test.store.setting("token-secret"))
            let forged = SessionTokenSigner(secret: secret, maximumLifetime: 1e9).sign(
                SessionToken(
                    tenant: Tenant.defaultId, session: session.id,
                    expires: Int(Date().timeIntervalSince1970) + 30 * 86_400))
            let answer = try await client.sendBatch(session: (session.id, forged), seq: 0)
            #expect(answer.status == .unauthorized && answer.isJSONError, "\(answer.text)")
        }
    }

    @Test("the database file and its -wal and -shm companions are readable by their owner only")
    func databaseFilesArePrivate() async throws {
        let old = umask(0o022)
        defer { umask(old) }
        try await TestService.with { test, client in
            let session = try await client.startSession()
            #expect(try await client.sendBatch(session: session, seq: 0).status == .accepted)
            let base = test.directory.appendingPathComponent("cadence.sqlite").path
            for path in [base, base + "-wal", base + "-shm"] {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                let mode = try #require(attributes[.posixPermissions] as? NSNumber).intValue
                #expect(mode & 0o777 == 0o600, "\(path): mode \(String(mode, radix: 8))")
            }
        }
    }

    @Test("an existing world-readable database is made private when opened")
    func existingFilesAreTightened() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-perm-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let mode = try #require(
            try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        ).intValue
        #expect(mode & 0o777 == 0o600)
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    @Test("a token replaced by a renewal cannot spend the live session's rate budget")
    func oldTokenCannotDrainTheSession() async throws {
        try await TestService.with { _, client in
            let put = try await client.call(
                .put, "/v1/settings", bearer: TestService.apiKey,
                json: ["limits": ["sessionEventsPerSecond": 0.1, "sessionEventBurst": 10]])
            #expect(put.status == .ok)
            let session = try await client.startSession()
            let renewed = try await client.call(.post, "/v1/sessions/\(session.id)/token", bearer: TestService.apiKey)
            let token = try #require(renewed.string("token"))
            for seq in 0..<5 {
                let old = try await client.sendBatch(session: session, seq: seq)
                #expect(old.status == .unauthorized || old.status == .tooManyRequests)
            }
            #expect(try await client.sendBatch(session: (session.id, token), seq: 0).status == .accepted)
            #expect(try await client.sendBatch(session: (session.id, token), seq: 1).status == .accepted)
        }
    }
}
