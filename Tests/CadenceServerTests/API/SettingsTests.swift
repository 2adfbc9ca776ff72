import CadenceEngine
import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Tenant settings: GET and PUT /v1/settings")
struct SettingsTests {
    static func put(_ client: some TestClientProtocol, _ json: Any) async throws -> JSONResponse {
        try await client.call(.put, "/v1/settings", bearer: TestService.apiKey, json: json)
    }

    @Test("GET answers the tenant's policy, trust parameters, enrolment minimums and step-up level")
    func defaults() async throws {
        try await TestService.with { _, client in
            let settings = try await client.call(.get, "/v1/settings", bearer: TestService.apiKey)
            #expect(settings.status == .ok)
            let policy = try #require(settings["policy"] as? [String: Any])
            #expect(policy["challengeBelow"] as? Double == 92 && policy["blockBelow"] as? Double == 25)
            #expect(policy["onAutomation"] as? String == "challenge")
            #expect((settings["trust"] as? [String: Any])?["takeoverPrior"] as? Double == 0.025)
            #expect((settings["enrolment"] as? [String: Any])?["pointerSamplesNeeded"] as? Int == 300)
            #expect(settings["stepUp"] is [String: Any])
        }
    }

    @Test("PUT changes the fields it names, keeps the others, and is stored")
    func partialUpdate() async throws {
        try await TestService.with { test, client in
            let answer = try await Self.put(
                client,
                [
                    "policy": ["challengeBelow": 80, "blockBelow": 30.5, "blockIsFinal": false],
                    "enrolment": ["keySamplesNeeded": 40], "stepUp": ["restoredTrust": 90],
                ])
            #expect(answer.status == .ok, "\(answer.text)")
            let stored = try #require(try await test.store.tenant(id: Tenant.defaultId)).settings
            #expect(stored.policy.challengeBelow == 80 && stored.policy.blockBelow == 30.5)
            #expect(stored.policy.blockIsFinal == false && stored.policy.onAutomation == .challenge)
            #expect(stored.enrolment.keySamplesNeeded == 40 && stored.enrolment.pointerSamplesNeeded == 300)
            #expect(stored.stepUp.restoredTrust == 90 && stored.trust.takeoverPrior == 0.025)
            let read = try await client.call(.get, "/v1/settings", bearer: TestService.apiKey)
            #expect((read["policy"] as? [String: Any])?["challengeBelow"] as? Double == 80)
            let reset = try await Self.put(client, ["stepUp": ["restoredTrust": NSNull()]])
            #expect(reset.status == .ok)
            #expect(try await test.store.tenant(id: Tenant.defaultId)?.settings.stepUp.restoredTrust == nil)
        }
    }

    @Test(
        "bad values answer 400 naming the field, and nothing is changed",
        arguments: [
            (#"{"policy":{"blockBelow":92}}"#, "policy.blockBelow:"),
            (#"{"policy":{"challengeBelow":20}}"#, "policy.blockBelow:"),
            (#"{"policy":{"challengeBelow":101}}"#, "policy.challengeBelow:"),
            (#"{"policy":{"blockBelow":-1}}"#, "policy.blockBelow:"),
            (#"{"policy":{"onAutomation":"ignore"}}"#, "policy.onAutomation:"),
            (#"{"policy":{"blockIsFinal":1}}"#, "policy.blockIsFinal:"),
            (#"{"policy":{"challengeBelow":"90"}}"#, "policy.challengeBelow:"),
            (#"{"policy":{"challengeBelow":true}}"#, "policy.challengeBelow:"),
            (#"{"policy":{"challengeBlow":90}}"#, "policy.challengeBlow:"),
            (#"{"policy":90}"#, "policy:"),
            (#"{"trust":{"takeoverPrior":0}}"#, "trust.takeoverPrior:"),
            (#"{"trust":{"takeoverPrior":0.6}}"#, "trust.takeoverPrior:"),
            (#"{"trust":{"evidenceHalfLife":0.5}}"#, "trust.evidenceHalfLife:"),
            (#"{"trust":{"minimumEvidenceToBlock":null}}"#, "trust.minimumEvidenceToBlock:"),
            (#"{"trust":{"width":0.1}}"#, "trust.width:"),
            (#"{"enrolment":{"pointerSamplesNeeded":0}}"#, "enrolment.pointerSamplesNeeded:"),
            (#"{"enrolment":{"keySamplesNeeded":2.5}}"#, "enrolment.keySamplesNeeded:"),
            (#"{"enrolment":{"loginSamplesNeeded":30}}"#, "enrolment.maximumLoginSamples:"),
            (#"{"enrolment":{"acceptanceQuantile":2}}"#, "enrolment.acceptanceQuantile:"),
            (#"{"stepUp":{"restoredTrust":150}}"#, "stepUp.restoredTrust:"),
            (#"{"policy":{"challengeBelow":95},"trust":{"evidenceHalfLife":-1}}"#, "trust.evidenceHalfLife:"),
            (#"{"webhook":{"url":"x"}}"#, "webhook:"),
        ])
    func badValues(update: String, field: String) async throws {
        try await TestService.with { test, client in
            let before = try #require(try await test.store.tenant(id: Tenant.defaultId)).settings
            let answer = try await client.call(.put, "/v1/settings", bearer: TestService.apiKey, raw: update)
            #expect(answer.status == .badRequest, "\(update): \(answer.text)")
            #expect(answer.isJSONError)
            #expect(answer.string("reason")?.hasPrefix(field) == true, "\(update): \(answer.text)")
            #expect(try await test.store.tenant(id: Tenant.defaultId)?.settings == before)
        }
    }

    @Test("a body that is not an object of sections, and random bodies, answer 400 JSON")
    func badBodies() async throws {
        try await TestService.with { _, client in
            for raw in ["[1,2]", "", "{", "null", #"{"policy":{"challengeBelow":1e999}}"#, "\"policy\""] {
                let answer = try await client.call(.put, "/v1/settings", bearer: TestService.apiKey, raw: raw)
                #expect(answer.status == .badRequest, "\(raw): \(answer.text)")
                #expect(answer.isJSONError)
            }
            let fragments = ["{", "}", "[", "]", ":", ",", "\"policy\"", "\"trust\"", "\"width\"", "1e9", "-0", "null"]
            for _ in 0..<100 {
                let raw = (0..<Int.random(in: 0...10)).map { _ in fragments.randomElement()! }.joined()
                let answer = try await client.call(.put, "/v1/settings", bearer: TestService.apiKey, raw: raw)
                #expect(answer.status.code < 500, "\(raw): \(answer.text)")
            }
        }
    }

    @Test("only the tenant API key reads or changes settings")
    func authentication() async throws {
        try await TestService.with { _, client in
            #expect(try await client.call(.get, "/v1/settings").status == .unauthorized)
            let admin = try await client.call(.get, "/v1/settings", bearer: TestService.adminKey)
            #expect(admin.status == .forbidden && admin.isJSONError)
            let session = try await client.startSession()
            let browser = try await client.call(
                .put, "/v1/settings", bearer: session.token, json: ["policy": ["challengeBelow": 10]])
            #expect(browser.status == .unauthorized)
        }
    }

    @Test("new settings apply to the very next batch (the tenant cache is forgotten)")
    func appliedToNextBatch() async throws {
        try await TestService.with { _, client in
            try await client.showDecisionsToBrowser()
            let first = try await client.startSession()
            let before = try await client.sendBatch(session: first, seq: 0, events: WireFixtures.teleportClicks)
            #expect(before.string("decision") == "challenge")  // the default policy challenges automation
            let put = try await Self.put(client, ["policy": ["onAutomation": "block"]])
            #expect(put.status == .ok, "\(put.text)")
            let second = try await client.startSession(userId: "bob")
            let after = try await client.sendBatch(session: second, seq: 0, events: WireFixtures.teleportClicks)
            #expect(after.string("decision") == "block")
            // New sessions start with the new initial trust, and the thresholds shown follow the policy.
            _ = try await Self.put(client, ["trust": ["takeoverPrior": 0.4]])
            let started = try await client.call(
                .post, "/v1/sessions", bearer: TestService.apiKey, json: ["userId": "carol"])
            #expect(started.double("trust") == 60 && started.string("decision") == "challenge")
        }
    }
}
