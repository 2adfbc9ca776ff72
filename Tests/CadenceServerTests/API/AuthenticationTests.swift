import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Authentication: API key, admin key, session token")
struct AuthenticationTests {
    @Test("a tenant endpoint without a key answers 401 JSON")
    func missingKey() async throws {
        try await TestService.with { _, client in
            let response = try await client.call(.post, "/v1/sessions", json: ["userId": "alice"])
            #expect(response.status == .unauthorized)
            #expect(response.isJSONError)
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test("a wrong API key answers 401 JSON")
    func wrongKey() async throws {
        try await TestService.with { _, client in
            let response = try await client.call(.get, "/v1/sessions/x", bearer: "not-a-key")
            #expect(response.status == .unauthorized)
            #expect(response.isJSONError)
        }
    }

    @Test("the admin key on a tenant endpoint and a tenant key on an admin endpoint answer 403 JSON")
    func wrongScope() async throws {
        try await TestService.with { _, client in
            let tenantCall = try await client.call(
                .post, "/v1/sessions", bearer: TestService.adminKey, json: ["userId": "alice"])
            #expect(tenantCall.status == .forbidden)
            #expect(tenantCall.isJSONError)
            let adminCall = try await client.call(.get, "/admin/api/sessions", bearer: TestService.apiKey)
            #expect(adminCall.status == .forbidden)
            #expect(adminCall.isJSONError)
            let admin = try await client.call(.get, "/admin/api/sessions", bearer: TestService.adminKey)
            #expect(admin.status == .ok)
        }
    }

    @Test("events need the session's own token: none 401, forged 401, another session's 403, API key 401")
    func sessionToken() async throws {
        try await TestService.with { _, client in
            let first = try await client.startSession()
            let second = try await client.startSession(userId: "bob")
            let batch: [String: Any] = ["v": 1, "seq": 0, "t0": 1.0, "e": [[2, 0, 1, 1, 0, 0]]]
            let none = try await client.call(.post, "/v1/sessions/\(first.id)/events", json: batch)
            #expect(none.status == .unauthorized)
            #expect(none.isJSONError)
            var characters = Array(first.token)
            let index = characters.firstIndex(of: ".")! + 5
            characters[index] = characters[index] == "A" ? "B" : "A"
            let forged = String(characters)
            let bad = try await client.call(.post, "/v1/sessions/\(first.id)/events", bearer: forged, json: batch)
            #expect(bad.status == .unauthorized)
            let other = try await client.call(
                .post, "/v1/sessions/\(first.id)/events", bearer: second.token, json: batch)
            #expect(other.status == .forbidden)
            #expect(other.isJSONError)
            let apiKey = try await client.call(
                .post, "/v1/sessions/\(first.id)/events", bearer: TestService.apiKey, json: batch)
            #expect(apiKey.status == .unauthorized)
        }
    }

    @Test("an expired token answers 401")
    func expiredToken() async throws {
        try await TestService.with(configure: { $0.tokenLifetime = -1 }) { _, client in
            let session = try await client.startSession()
            let response = try await client.sendBatch(session: session, seq: 0)
            #expect(response.status == .unauthorized)
            #expect(response.string("reason")?.contains("expired") == true)
        }
    }

    @Test("the bank backend renews a session's token; the new one is accepted, and none is issued after the end")
    func renewToken() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            let renewed = try await client.call(
                .post, "/v1/sessions/\(session.id)/token", bearer: TestService.apiKey)
            #expect(renewed.status == .ok)
            let token = try #require(renewed.string("token"))
            #expect(try await client.sendBatch(session: (session.id, token), seq: 0).status == .accepted)
            let byBrowser = try await client.call(.post, "/v1/sessions/\(session.id)/token", bearer: token)
            #expect(byBrowser.status == .unauthorized, "a session token cannot mint tokens")
            _ = try await client.call(
                .post, "/v1/sessions/\(session.id)/end", bearer: TestService.apiKey, json: ["outcome": "unknown"])
            let ended = try await client.call(.post, "/v1/sessions/\(session.id)/token", bearer: TestService.apiKey)
            #expect(ended.status == .conflict)
        }
    }

    @Test("a signed token verifies; a changed claim or a past expiry does not")
    func tokenSignature() throws {
        let signer = SessionTokenSigner(secret: Data(repeating: 7, count: 32))
        let now = Date(timeIntervalSince1970: 1_764_057_600)
        let token = SessionToken(tenant: "demo", session: "s1", expires: 1_764_061_200)
        let text = signer.sign(token)
        #expect(try signer.verify(text, now: now) == token)
        let otherClaims = signer.sign(SessionToken(tenant: "demo", session: "s2", expires: 1_764_061_200))
        let spliced = String(otherClaims.split(separator: ".")[0]) + "." + String(text.split(separator: ".")[1])
        #expect(throws: SessionTokenSigner.Failure.badSignature) { try signer.verify(spliced, now: now) }
        #expect(throws: SessionTokenSigner.Failure.expired) {
            try signer.verify(text, now: Date(timeIntervalSince1970: 1_764_061_200))
        }
        #expect(throws: SessionTokenSigner.Failure.malformed) { try signer.verify("garbage", now: now) }
        let otherKey = SessionTokenSigner(secret: Data(repeating: 8, count: 32))
        #expect(throws: SessionTokenSigner.Failure.badSignature) { try otherKey.verify(text, now: now) }
    }
}
