import CadenceEngine
import CadenceServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// A real HTTP receiver on a free loopback port that fails the first `failures` deliveries with 500.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var body: Data
        var signature: String?
        var attempt: String?
        var deliveryId: String?
    }

    let failures: Int
    private let received = NIOLockedValueBox([Delivery]())

    init(failures: Int) {
        self.failures = failures
    }

    var deliveries: [Delivery] { received.withLockedValue { $0 } }

    /// Runs the receiver while `body` runs with its base URL.
    func run<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let count = self.received.withLockedValue {
                $0.append(
                    Delivery(
                        body: Data(buffer.readableBytesView),
                        signature: request.headers[HTTPField.Name("Cadence-Signature")!],
                        attempt: request.headers[HTTPField.Name("Cadence-Attempt")!],
                        deliveryId: request.headers[HTTPField.Name("Cadence-Delivery")!]))
                return $0.count
            }
            return Response(status: count <= self.failures ? .internalServerError : .noContent)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            try await body(URL(string: "http://127.0.0.1:\(client.port!)/hook")!)
        }
    }
}

@Suite("Webhooks: signed decision changes, retried with backoff")
struct WebhookDeliveryTests {
    @Test("a decision change is POSTed signed to the tenant's URL, retried until the receiver accepts it")
    func deliveredWithRetries() async throws {
        let receiver = WebhookReceiver(failures: 2)
        try await receiver.run { url in
            try await TestService.with { test, client in
                try await client.showDecisionsToBrowser()
                let secret = "whsec_test_secret_0123"
                let put = try await client.call(
                    .put, "/v1/webhook", bearer: TestService.apiKey,
                    json: ["url": url.absoluteString, "secret": secret])
                #expect(put.status == .ok, "\(put.text)")
                // A stricter policy takes effect on the next batch: trust 100 is now below the
                // challenge threshold, so the first batch moves the session from allow to challenge.
                let session = try await client.startSession()
                var tenant = try #require(try await test.store.tenant(id: Tenant.defaultId))
                tenant.settings.policy.challengeBelow = 101
                try await test.store.updateTenant(tenant)
                let ack = try await client.sendBatch(session: session, seq: 0)
                #expect(ack.string("decision") == "challenge")
                _ = try await client.sendBatch(session: session, seq: 1)  // no change: no second notification

                let deadline = ContinuousClock.now + .seconds(10)
                while receiver.deliveries.count < 3, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await Task.sleep(for: .milliseconds(300))
                let deliveries = receiver.deliveries
                #expect(deliveries.count == 3)
                #expect(deliveries.map(\.attempt) == ["1", "2", "3"])
                #expect(Set(deliveries.map(\.deliveryId)).count == 1)
                for delivery in deliveries {
                    let header = try #require(delivery.signature)
                    #expect(WebhookSignature.verify(header: header, body: delivery.body, secret: secret, now: Date()))
                    #expect(!WebhookSignature.verify(header: header, body: delivery.body, secret: "wrong", now: Date()))
                }
                let payload = try #require(
                    try JSONSerialization.jsonObject(with: deliveries[0].body) as? [String: Any])
                #expect(payload["type"] as? String == "decision.changed")
                #expect(payload["sessionId"] as? String == session.id)
                #expect(payload["previousDecision"] as? String == "allow")
                #expect(payload["decision"] as? String == "challenge")
                // The counters move after the receiver's answer is read: on a loaded machine that
                // can be later than the 300 ms above.
                let delivered = #"cadence_webhook_deliveries_total{result="delivered"} 1"#
                let failed = #"cadence_webhook_deliveries_total{result="failed"} 2"#
                var metrics = try await client.metricsText()
                while !(metrics.contains(delivered) && metrics.contains(failed)), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                    metrics = try await client.metricsText()
                }
                #expect(metrics.contains(delivered))
                #expect(metrics.contains(failed))
            }
        }
    }

    @Test("the signature is HMAC-SHA256 over \"<t>.<body>\" (value computed independently with Python's hmac)")
    func knownSignature() {
        let body = Data(#"{"decision":"block"}"#.utf8)
        let header = WebhookSignature.header(body: body, secret: "whsec_test_secret_0123", timestamp: 1_764_057_600)
        #expect(header == "t=1764057600,v1=df14de0bbfb5627b5f4ca33264f502dde3f8cb9d2359b4f1db22a8e50b920e88")
        let now = Date(timeIntervalSince1970: 1_764_057_700)
        #expect(WebhookSignature.verify(header: header, body: body, secret: "whsec_test_secret_0123", now: now))
        let stale = Date(timeIntervalSince1970: 1_764_058_000)
        #expect(!WebhookSignature.verify(header: header, body: body, secret: "whsec_test_secret_0123", now: stale))
    }

    @Test("a webhook URL must be absolute http(s)")
    func invalidURL() async throws {
        try await TestService.with { _, client in
            let response = try await client.call(
                .put, "/v1/webhook", bearer: TestService.apiKey, json: ["url": "ftp://example.com/x"])
            #expect(response.status == .badRequest)
            #expect(response.string("reason")?.hasPrefix("url:") == true)
            let generated = try await client.call(
                .put, "/v1/webhook", bearer: TestService.apiKey, json: ["url": "https://bank.example/hooks"])
            #expect(generated.status == .ok)
            #expect(generated.string("secret")?.hasPrefix("whsec_") == true)
        }
    }
}
