import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// Tenants, keys and their scopes, rotation and revocation, versioned writes and the audit log
/// (security review, issue 9 items 2, 9 and 13).
@Suite("Tenants: keys per tenant, rotation, dashboard scope, operator API, no lost updates, audit")
struct TenantAdministrationTests {
    static func createTenant(_ client: some TestClientProtocol, _ id: String) async throws -> JSONResponse {
        let created = try await client.call(
            .post, "/operator/tenants", bearer: TestService.adminKey, json: ["id": id, "name": "Bank \(id)"])
        #expect(created.status == .created, "\(created.text)")
        return created
    }

    @Test("the operator creates a tenant; its 256-bit keys are shown once and work only for it")
    func createAndUse() async throws {
        try await TestService.with { _, client in
            let created = try await Self.createTenant(client, "second-bank")
            let apiKey = try #require(created.string("apiKey"))
            let dashboardKey = try #require(created.string("dashboardKey"))
            #expect(apiKey.hasPrefix("cadence_live_") && apiKey.count >= 13 + 43, "256 bits in base64url")
            #expect(try await Self.createTenant(client, "third-bank").string("apiKey") != apiKey)
            // The new tenant's key starts sessions there; the default tenant cannot see them.
            let start = try await client.call(
                .post, "/v1/sessions", bearer: apiKey, json: ["userId": "zoe", "authenticated": true])
            #expect(start.status == .created)
            let id = try #require(start.string("sessionId"))
            #expect(try await client.call(.get, "/v1/sessions/\(id)", bearer: TestService.apiKey).status == .notFound)
            // The list shows key ids, never keys.
            let list = try await client.call(.get, "/operator/tenants", bearer: TestService.adminKey)
            #expect(list.status == .ok)
            #expect(!list.text.contains(apiKey) && !list.text.contains(dashboardKey))
            #expect(list.text.contains(try #require(created.string("apiKeyId"))))
            let again = try await client.call(
                .post, "/operator/tenants", bearer: TestService.adminKey, json: ["id": "second-bank"])
            #expect(again.status == .conflict)
            for bad in ["", "UPPER", "-x", "a b", String(repeating: "a", count: 65)] {
                let refused = try await client.call(.post, "/operator/tenants", bearer: TestService.adminKey, json: ["id": bad])
                #expect(refused.status == .badRequest, "\(bad)")
            }
        }
    }

    @Test("only the admin key reaches the operator API")
    func operatorOnly() async throws {
        try await TestService.with { _, client in
            let created = try await Self.createTenant(client, "bank-b")
            let dashboardKey = try #require(created.string("dashboardKey"))
            #expect(try await client.call(.get, "/operator/tenants").status == .unauthorized)
            #expect(try await client.call(.get, "/operator/tenants", bearer: TestService.apiKey).status == .forbidden)
            #expect(try await client.call(.get, "/operator/tenants", bearer: dashboardKey).status == .forbidden)
            #expect(try await client.call(.get, "/metrics", bearer: dashboardKey).status == .forbidden)
        }
    }

    @Test("a dashboard key reads its own tenant's dashboard and nothing else")
    func dashboardScope() async throws {
        try await TestService.with { _, client in
            let created = try await Self.createTenant(client, "bank-c")
            let apiKey = try #require(created.string("apiKey"))
            let dashboardKey = try #require(created.string("dashboardKey"))
            _ = try await client.call(.post, "/v1/sessions", bearer: apiKey, json: ["userId": "u", "authenticated": true])
            _ = try await client.startSession(userId: "default-user")
            let own = try await client.call(.get, "/admin/api/sessions", bearer: dashboardKey)
            #expect(own.status == .ok && own.string("tenantId") == "bank-c", "\(own.text)")
            #expect((own["sessions"] as? [Any])?.count == 1)
            let other = try await client.call(.get, "/admin/api/sessions?tenant=default", bearer: dashboardKey)
            #expect(other.status == .forbidden && other.isJSONError)
            let users = try await client.call(.get, "/admin/api/users?tenant=demo", bearer: dashboardKey)
            #expect(users.status == .forbidden)
            // A dashboard key is not a tenant key, and a tenant key is not a dashboard key.
            #expect(try await client.call(.get, "/v1/settings", bearer: dashboardKey).status == .forbidden)
            #expect(try await client.call(.get, "/admin/api/sessions", bearer: apiKey).status == .forbidden)
            // The admin key still reads any tenant.
            let admin = try await client.call(.get, "/admin/api/sessions?tenant=bank-c", bearer: TestService.adminKey)
            #expect(admin.status == .ok)
        }
    }

    @Test("a rotation: two keys work side by side, a third is refused, the revoked one stops at once")
    func rotation() async throws {
        try await TestService.with { _, client in
            let created = try await Self.createTenant(client, "bank-d")
            let oldKey = try #require(created.string("apiKey"))
            let oldId = try #require(created.string("apiKeyId"))
            let issued = try await client.call(
                .post, "/operator/tenants/bank-d/keys", bearer: TestService.adminKey, json: ["role": "tenant"])
            #expect(issued.status == .created, "\(issued.text)")
            let newKey = try #require(issued.string("key"))
            #expect(issued["stillActive"] as? [String] == [oldId])
            #expect(try await client.call(.get, "/v1/settings", bearer: oldKey).status == .ok)
            #expect(try await client.call(.get, "/v1/settings", bearer: newKey).status == .ok)
            let third = try await client.call(
                .post, "/operator/tenants/bank-d/keys", bearer: TestService.adminKey, json: ["role": "tenant"])
            #expect(third.status == .conflict, "at most two active keys per role")
            let revoked = try await client.call(
                .delete, "/operator/tenants/bank-d/keys/\(oldId)", bearer: TestService.adminKey)
            #expect(revoked.status == .ok)
            #expect(try await client.call(.get, "/v1/settings", bearer: oldKey).status == .unauthorized)
            #expect(try await client.call(.get, "/v1/settings", bearer: newKey).status == .ok)
            let wrongTenant = try await client.call(
                .delete, "/operator/tenants/default/keys/\(oldId)", bearer: TestService.adminKey)
            #expect(wrongTenant.status == .notFound)
        }
    }

    @Test("a key revoked on one node stops working on another sharing the database at once")
    func revocationAcrossNodes() async throws {
        try await TestService.with { nodeA, clientA in
            let created = try await Self.createTenant(clientA, "bank-e")
            let key = try #require(created.string("apiKey"))
            let keyId = try #require(created.string("apiKeyId"))
            try await TestService.with(in: nodeA.directory) { _, clientB in
                #expect(try await clientB.call(.get, "/v1/settings", bearer: key).status == .ok)
                let revoked = try await clientA.call(
                    .delete, "/operator/tenants/bank-e/keys/\(keyId)", bearer: TestService.adminKey)
                #expect(revoked.status == .ok)
                #expect(try await clientB.call(.get, "/v1/settings", bearer: key).status == .unauthorized)
            }
        }
    }

    @Test("deleting a tenant erases its data and its keys stop working")
    func deleteTenant() async throws {
        try await TestService.with { test, client in
            let created = try await Self.createTenant(client, "bank-f")
            let key = try #require(created.string("apiKey"))
            let start = try await client.call(.post, "/v1/sessions", bearer: key, json: ["userId": "u", "authenticated": true])
            let id = try #require(start.string("sessionId"))
            #expect(try await client.call(.delete, "/operator/tenants/bank-f", bearer: TestService.adminKey).status == .ok)
            #expect(try await client.call(.get, "/v1/settings", bearer: key).status == .unauthorized)
            #expect(try await test.store.session(tenantId: "bank-f", id: id) == nil)
            #expect(try await client.call(.delete, "/operator/tenants/bank-f", bearer: TestService.adminKey).status == .notFound)
        }
    }

    @Test("concurrent writes of different settings fields and of the webhook lose none of them")
    func noLostUpdates() async throws {
        try await TestService.with { _, client in
            let fields: [(String, Double)] = [
                ("sessionEventsPerSecond", 401), ("sessionEventBurst", 4001), ("sessionBytesPerSecond", 32769),
                ("sessionByteBurst", 1_048_577), ("sessionEvents", 2_000_001), ("sessionBytes", 67_108_865),
                ("tokenRequestsPerSecond", 11), ("tokenRequestBurst", 31), ("tenantEventsPerSecond", 1_000_001),
                ("openSessionsPerUser", 21), ("sessionLifetime", 43_201),
            ]
            let statuses = NIOLockedValueBox([Int]())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (field, value) in fields {
                    group.addTask {
                        let put = try await client.call(
                            .put, "/v1/settings", bearer: TestService.apiKey, json: ["limits": [field: value]])
                        statuses.withLockedValue { $0.append(Int(put.status.code)) }
                    }
                }
                for i in 0..<10 {
                    group.addTask {
                        let put = try await client.call(
                            .put, "/v1/webhook", bearer: TestService.apiKey,
                            json: ["url": "https://hooks\(i).example/x", "secret": "whsec_test_secret_0123"])
                        statuses.withLockedValue { $0.append(Int(put.status.code)) }
                    }
                }
                try await group.waitForAll()
            }
            #expect(statuses.withLockedValue { $0 }.allSatisfy { $0 == 200 })
            let settings = try await client.call(.get, "/v1/settings", bearer: TestService.apiKey)
            let limits = try #require(settings["limits"] as? [String: Any])
            for (field, value) in fields {
                #expect((limits[field] as? NSNumber)?.doubleValue == value, "\(field) was undone")
            }
            let webhook = try await client.call(.get, "/v1/webhook", bearer: TestService.apiKey)
            #expect(webhook.string("url")?.hasPrefix("https://hooks") == true, "the webhook survived the settings writes")
            #expect(settings.headers[.eTag] == "\"v\(fields.count + 10)\"", "every write counted once")
        }
    }

    @Test("If-Match: a write against a stale ETag is 412 and changes nothing; the current one passes")
    func conditionalWrites() async throws {
        try await TestService.with { _, client in
            let read = try await client.call(.get, "/v1/settings", bearer: TestService.apiKey)
            let tag = try #require(read.headers[.eTag])
            let first = try await client.execute(
                uri: "/v1/settings", method: .put,
                headers: [.authorization: "Bearer \(TestService.apiKey)", .ifMatch: tag, .contentType: "application/json"],
                body: .init(string: #"{"policy":{"challengeBelow":80}}"#)
            ) { ($0.status, $0.headers[.eTag]) }
            #expect(first.0 == .ok && first.1 != tag)
            let stale = try await client.execute(
                uri: "/v1/settings", method: .put,
                headers: [.authorization: "Bearer \(TestService.apiKey)", .ifMatch: tag, .contentType: "application/json"],
                body: .init(string: #"{"policy":{"challengeBelow":70}}"#)
            ) { $0.status }
            #expect(stale == .preconditionFailed)
            let webhook = try await client.execute(
                uri: "/v1/webhook", method: .delete,
                headers: [.authorization: "Bearer \(TestService.apiKey)", .ifMatch: tag]
            ) { $0.status }
            #expect(webhook == .preconditionFailed)
            let now = try await client.call(.get, "/v1/settings", bearer: TestService.apiKey)
            #expect((now["policy"] as? [String: Any])?["challengeBelow"] as? Double == 80)
        }
    }

    @Test("the audit log records who changed settings, the webhook, keys and erased a user; no secret, no user id")
    func auditLog() async throws {
        try await TestService.with { _, client in
            _ = try await client.call(.put, "/v1/settings", bearer: TestService.apiKey, json: ["policy": ["challengeBelow": 80]])
            _ = try await client.call(
                .put, "/v1/webhook", bearer: TestService.apiKey,
                json: ["url": "http://127.0.0.1:9/hook", "secret": "whsec_audit_secret_0123"])
            _ = try await client.startSession(userId: "erin@example.com")
            #expect(try await client.call(.delete, "/v1/users/erin@example.com", bearer: TestService.apiKey).status == .ok)
            let created = try await Self.createTenant(client, "bank-g")
            let log = try await client.call(.get, "/operator/audit?limit=50", bearer: TestService.adminKey)
            #expect(log.status == .ok)
            let events = try #require(log["events"] as? [[String: Any]])
            let actions = events.compactMap { $0["action"] as? String }
            for action in ["settings.update", "webhook.set", "user.erase", "tenant.create"] {
                #expect(actions.contains(action), "\(action) in \(actions)")
            }
            let settings = try #require(events.first { $0["action"] as? String == "settings.update" })
            #expect((settings["actor"] as? String)?.hasPrefix("tenant:key_") == true && settings["detail"] as? String == "policy")
            #expect(events.first { $0["action"] as? String == "tenant.create" }?["actor"] as? String == "operator")
            #expect(!log.text.contains("whsec_audit_secret_0123") && !log.text.contains("erin@example.com"))
            #expect(!log.text.contains(try #require(created.string("apiKey"))))
        }
    }

    @Test("user ids: bounded in bytes, no control, bidirectional or invisible characters")
    func userIds() async throws {
        try await TestService.with { _, client in
            for bad in ["a\u{202E}b", "a\u{2066}b", "zero\u{200B}width", "tab\tx", String(repeating: "é", count: 65), ""] {
                let start = try await client.call(
                    .post, "/v1/sessions", bearer: TestService.apiKey, json: ["userId": bad, "authenticated": true])
                #expect(start.status == .badRequest && start.isJSONError, "\(bad.unicodeScalars.map(\.value))")
            }
            let fine = try await client.call(
                .post, "/v1/sessions", bearer: TestService.apiKey, json: ["userId": "Zoë Ødegård 张伟", "authenticated": true])
            #expect(fine.status == .created)
        }
    }

    @Test("two rotations at once cannot both pass the two-key limit; a weak If-Match never matches")
    func rotationRaceAndWeakTags() async throws {
        try await TestService.with { _, client in
            _ = try await Self.createTenant(client, "bank-h")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        Int(try await client.call(
                            .post, "/operator/tenants/bank-h/keys", bearer: TestService.adminKey, json: ["role": "tenant"]
                        ).status.code)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted() == [201, 409, 409, 409], "one more key beside the first, no more: \(statuses)")
            let read = try await client.call(.get, "/v1/settings", bearer: TestService.apiKey)
            let tag = try #require(read.headers[.eTag])
            let weak = try await client.execute(
                uri: "/v1/settings", method: .put,
                headers: [.authorization: "Bearer \(TestService.apiKey)", .ifMatch: "W/" + tag, .contentType: "application/json"],
                body: .init(string: #"{"policy":{"challengeBelow":80}}"#)
            ) { $0.status }
            #expect(weak == .preconditionFailed)
        }
    }
}
