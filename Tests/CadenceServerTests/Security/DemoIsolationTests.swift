import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The demo bank runs only with `--demo`, on its own tenant, and cannot act on another tenant's
/// sessions (security review, issue 9 item 1).
@Suite("Demo isolation: the demo bank never acts on a real tenant's sessions")
struct DemoIsolationTests {
    @Test("without --demo neither /demo/* nor the bank's page is routed and no demo tenant exists")
    func demoOffByDefault() async throws {
        try await TestService.with(configure: { $0.demo = false; $0.demoAPIKey = nil }) { test, client in
            let login = try await client.call(.post, "/demo/login", json: ["username": "alice", "password": "alice-demo"])
            #expect(login.status == .notFound)
            let page = try await client.call(.get, "/")
            #expect(page.status == .notFound)
            #expect(try await test.store.tenant(id: DemoBank.tenantId) == nil)
            #expect(try await test.store.tenant(id: Tenant.defaultId) != nil)
        }
    }

    @Test("a real tenant's session token cannot read, step up or log out through the demo routes")
    func realSessionsAreOutOfReach() async throws {
        try await TestService.with { test, client in
            let session = try await client.startSession(userId: "alice", authenticated: false)
            let ack = try await client.sendBatch(session: session, seq: 0, events: WireFixtures.teleportClicks)
            #expect(ack.status == .accepted)
            let before = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(before.string("decision") == "challenge", "\(before.text)")

            let read = try await client.call(.get, "/demo/session/\(session.id)", bearer: session.token)
            #expect(read.status == .forbidden && read.isJSONError)
            let code = try await client.call(
                .post, "/demo/session/\(session.id)/step-up", bearer: session.token, json: ["code": "123456"])
            #expect(code.status == .forbidden && code.isJSONError)
            let logout = try await client.call(
                .post, "/demo/logout", bearer: session.token, json: ["sessionId": session.id])
            #expect(logout.status == .forbidden && logout.isJSONError)

            let after = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(after.string("decision") == "challenge")
            #expect(after["endedAt"] == nil && after["outcome"] == nil)
            #expect(try await test.store.stepUps(sessionId: session.id).isEmpty)
        }
    }

    @Test("demo sessions live in the demo tenant, which the other tenant's key cannot read")
    func demoSessionsAreTheirOwnTenant() async throws {
        try await TestService.with { test, client in
            let login = try await client.call(.post, "/demo/login", json: ["username": "bob", "password": "bob-demo"])
            let id = try #require(login.string("sessionId"))
            #expect(try await test.store.session(tenantId: DemoBank.tenantId, id: id) != nil)
            #expect(try await test.store.session(tenantId: Tenant.defaultId, id: id) == nil)
            let foreign = try await client.call(.get, "/v1/sessions/\(id)", bearer: TestService.apiKey)
            #expect(foreign.status == .notFound)
            let own = try await client.call(.get, "/v1/sessions/\(id)", bearer: TestService.demoKey)
            #expect(own.status == .ok)
        }
    }
}

/// The browser learns only what the tenant chooses to show (issue 9 item 7).
@Suite("Batch answers: no score for the browser unless the tenant shows it")
struct BrowserFeedbackTests {
    @Test("a real tenant's 202 carries no trust, decision or reasons; the demo tenant's does")
    func answersCarryNoScoreByDefault() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            let ack = try await client.sendBatch(session: session, seq: 0, events: WireFixtures.teleportClicks)
            #expect(ack.status == .accepted)
            #expect(ack["trust"] == nil && ack["decision"] == nil && ack["reasons"] == nil, "\(ack.text)")
            #expect(ack.int("seq") == 0)
            let repeated = try await client.sendBatch(session: session, seq: 0, events: WireFixtures.teleportClicks)
            #expect(repeated["duplicate"] as? Bool == true && repeated["decision"] == nil)

            let login = try await client.call(.post, "/demo/login", json: ["username": "alice", "password": "alice-demo"])
            let demo = (try #require(login.string("sessionId")), try #require(login.string("token")))
            let shown = try await client.sendBatch(session: demo, seq: 0, events: WireFixtures.teleportClicks)
            #expect(shown.string("decision") == "challenge" && shown.double("trust") != nil)
        }
    }

    @Test("a tenant that turns browser.showsDecision on gets the score in its 202s")
    func tenantMayShowIt() async throws {
        try await TestService.with { _, client in
            let put = try await client.call(
                .put, "/v1/settings", bearer: TestService.apiKey, json: ["browser": ["showsDecision": true]])
            #expect(put.status == .ok, "\(put.text)")
            let session = try await client.startSession()
            let ack = try await client.sendBatch(session: session, seq: 0)
            #expect(ack.string("decision") == "allow", "\(ack.text)")
        }
    }
}

/// Keys given by the environment (issue 9 item 2).
@Suite("Given keys: short ones and keys shared by two roles are refused")
struct GivenKeyTests {
    @Test("a short key, a constant key and a key shared by two roles are each refused at start", arguments: [
        ("short-key", "test-admin-key-0123456789abcdef"),
        (String(repeating: "a", count: 40), "test-admin-key-0123456789abcdef"),
        ("test-admin-key-0123456789abcdef", "test-admin-key-0123456789abcdef"),
    ])
    func weakKeysAreRefused(apiKey: String, adminKey: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadence-keys-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ServerConfiguration(
            databasePath: directory.appendingPathComponent("k.sqlite").path, apiKey: apiKey, adminKey: adminKey)
        let store = try SQLiteStore(path: configuration.databasePath)
        await #expect(throws: WeakKey.self) {
            _ = try await CadenceService.bootstrap(configuration: configuration, store: store)
        }
    }
}
