import CadenceEngine
import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Webhook outbox: deliveries persisted, retried from the database, resumed after a restart")
struct WebhookOutboxTests {
    static let secret = "whsec_test_secret_0123"

    /// Sets the webhook, starts a session and sends a batch that moves it from allow to challenge.
    static func changeDecision(_ client: some TestClientProtocol, url: URL) async throws -> String {
        let put = try await client.call(
            .put, "/v1/webhook", bearer: TestService.apiKey, json: ["url": url.absoluteString, "secret": Self.secret])
        #expect(put.status == .ok)
        try await client.showDecisionsToBrowser()
        let session = try await client.startSession()
        let ack = try await client.sendBatch(session: session, seq: 0, events: WireFixtures.teleportClicks)
        #expect(ack.string("decision") == "challenge")
        return session.id
    }

    static func wait(seconds: Double = 30, until condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while try await !condition(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("a delivery pending when the service stops is delivered by the next service on the same file")
    func resumedAfterRestart() async throws {
        let receiver = WebhookReceiver(failures: 1)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-test-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await receiver.run { url in
            // First service: the receiver fails the first attempt; the retry is due a second later,
            // but the service stops before then.
            let deliveryId = try await TestService.with(in: directory, configure: { $0.webhookInitialDelay = 1 }) {
                test, client in
                _ = try await Self.changeDecision(client, url: url)
                try await Self.wait { receiver.deliveries.count == 1 }
                let id = try #require(receiver.deliveries.first?.deliveryId)
                try await Self.wait { try await test.store.delivery(id: id)?.attempts == 1 }
                test.service.webhooks.stop()
                let pending = try #require(try await test.store.delivery(id: id))
                #expect(pending.status == .pending && pending.attempts == 1)
                return id
            }
            try await Task.sleep(for: .milliseconds(1500))
            #expect(receiver.deliveries.count == 1)  // nothing retried while no service runs

            // Second service on the same SQLite file: it resumes the pending delivery on start.
            try await TestService.with(in: directory) { test, _ in
                try await Self.wait { receiver.deliveries.count >= 2 }
                let deliveries = receiver.deliveries
                #expect(deliveries.count == 2)
                #expect(deliveries.map(\.deliveryId) == [deliveryId, deliveryId])
                #expect(deliveries.map(\.attempt) == ["1", "2"])
                let header = try #require(deliveries[1].signature)
                #expect(
                    WebhookSignature.verify(header: header, body: deliveries[1].body, secret: Self.secret, now: Date()))
                #expect(deliveries[1].body == deliveries[0].body)
                try await Self.wait { try await test.store.delivery(id: deliveryId)?.status == .delivered }
                let row = try #require(try await test.store.delivery(id: deliveryId))
                #expect(row.status == .delivered && row.attempts == 2)
                #expect(try await test.store.pendingDeliveries(limit: 10).isEmpty)
            }
        }
    }

    @Test("a delivery is given up after the configured attempts, and marked so in the outbox")
    func givenUp() async throws {
        let receiver = WebhookReceiver(failures: 100)
        try await receiver.run { url in
            try await TestService.with(configure: { $0.webhookAttempts = 3 }) { test, client in
                _ = try await Self.changeDecision(client, url: url)
                try await Self.wait { receiver.deliveries.count >= 3 }
                let id = try #require(receiver.deliveries.first?.deliveryId)
                try await Self.wait { try await test.store.delivery(id: id)?.status == .gaveUp }
                try await Task.sleep(for: .milliseconds(400))
                #expect(receiver.deliveries.map(\.attempt) == ["1", "2", "3"])
                let row = try #require(try await test.store.delivery(id: id))
                #expect(row.status == .gaveUp && row.attempts == 3)
                let metrics = try await client.metricsText()
                #expect(metrics.contains(#"cadence_webhook_deliveries_total{result="gave-up"} 1"#))
                #expect(metrics.contains(#"cadence_webhook_deliveries_total{result="failed"} 3"#))
            }
        }
    }

    @Test("erasing a user deletes their pending deliveries")
    func erasure() async throws {
        try await TestService.with(configure: { $0.webhookInitialDelay = 60 }) { test, client in
            // Nothing listens on port 9 of the loopback: every attempt fails, the retry waits a minute.
            let sessionId = try await Self.changeDecision(client, url: URL(string: "http://127.0.0.1:9/hook")!)
            try await Self.wait { try await test.store.pendingDeliveries(limit: 10).first?.attempts == 1 }
            #expect(try await test.store.pendingDeliveries(limit: 10).map(\.sessionId) == [sessionId])
            let erased = try await client.call(.delete, "/v1/users/alice", bearer: TestService.apiKey)
            #expect(erased.status == .ok)
            #expect(try await test.store.pendingDeliveries(limit: 10).isEmpty)
            test.service.webhooks.stop()
        }
    }
}
