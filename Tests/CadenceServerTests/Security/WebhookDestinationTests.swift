import CadenceEngine
import CadenceServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// A loopback receiver whose answer a test chooses: a redirect, a hang, a huge body.
final class ScriptedReceiver: Sendable {
    enum Answer: Sendable {
        case redirect(to: String)
        case hang(seconds: Double)
        case huge(bytes: Int)
    }

    let answer: Answer
    private let hits = NIOLockedValueBox([String]())
    private let answers = NIOLockedValueBox(0)

    init(_ answer: Answer) {
        self.answer = answer
    }

    /// The paths requested so far.
    var requested: [String] { hits.withLockedValue { $0 } }

    /// How many requests it has answered so far (a hang counts once its time is up).
    var answered: Int { answers.withLockedValue { $0 } }

    func run<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            self.hits.withLockedValue { $0.append("/hook") }
            _ = try await request.body.collect(upTo: 1 << 20)
            switch self.answer {
            case .redirect(let target):
                return Response(status: .found, headers: [.location: target])
            case .hang(let seconds):
                try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                self.answers.withLockedValue { $0 += 1 }
                return Response(status: .noContent)
            case .huge(let bytes):
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: 0x61, count: bytes)))
            }
        }
        router.post("other") { _, _ -> Response in
            self.hits.withLockedValue { $0.append("/other") }
            return Response(status: .noContent)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            try await body(URL(string: "http://127.0.0.1:\(client.port!)/hook")!)
        }
    }
}

/// Webhooks reach only public https destinations, checked after DNS resolution, when set and at
/// delivery; no redirects; bounded time and answer size (security review, issue 9 item 5).
@Suite("Webhook destinations: no SSRF")
struct WebhookDestinationTests {
    static let refused = [
        "http://93.184.215.14/hook",  // plain http
        "https://127.0.0.1/hook", "https://localhost/hook", "https://2130706433/hook", "https://0x7f.1/hook",
        "https://017700000001/hook", "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook",
        "https://169.254.169.254/latest/meta-data/", "https://[fd00:ec2::254]/", "https://100.100.100.200/",
        "https://10.1.2.3/", "https://172.16.0.1/", "https://192.168.1.1/", "https://[fe80::1]/", "https://0.0.0.0/",
        "https://224.0.0.1/", "https://255.255.255.255/", "https://[64:ff9b::7f00:1]/", "https://[2002:7f00:1::]/",
        "https://user:pass@93.184.215.14/hook", "ftp://93.184.215.14/",
    ]

    @Test("loopback, private, link-local, metadata, multicast and numeric disguises are refused when set", arguments: refused)
    func refusedWhenSet(url: String) async throws {
        try await TestService.with(configure: { $0.webhookDestinations = .publicHTTPS }) { _, client in
            let put = try await client.call(.put, "/v1/webhook", bearer: TestService.apiKey, json: ["url": url])
            #expect(put.status == .badRequest && put.isJSONError, "\(url): \(put.text)")
            #expect(put.string("reason")?.hasPrefix("url:") == true)
            let get = try await client.call(.get, "/v1/webhook", bearer: TestService.apiKey)
            #expect(get["url"] == nil || get["url"] is NSNull, "nothing stored for \(url)")
        }
    }

    @Test("a public https address is accepted")
    func publicAccepted() async throws {
        try await TestService.with(configure: { $0.webhookDestinations = .publicHTTPS }) { _, client in
            let put = try await client.call(
                .put, "/v1/webhook", bearer: TestService.apiKey, json: ["url": "https://93.184.215.14/hook"])
            #expect(put.status == .ok, "\(put.text)")
        }
    }

    @Test("the check runs again at delivery: a stored loopback URL is never contacted")
    func checkedAtDelivery() async throws {
        let receiver = WebhookReceiver(failures: 0)
        try await receiver.run { url in
            try await TestService.with(configure: {
                $0.webhookDestinations = .publicHTTPS
                $0.webhookAttempts = 2
            }) { test, client in
                // As if DNS had answered a public address when the URL was set: written directly.
                // The session starts allowed; the stricter policy makes its first batch a challenge.
                let session = try await client.startSession()
                var tenant = try #require(try await test.store.tenant(id: Tenant.defaultId))
                tenant.webhookURL = url.absoluteString
                tenant.webhookSecret = "whsec_test_secret_0123"
                tenant.settings.policy.challengeBelow = 101
                try await test.store.updateTenant(tenant)
                #expect(try await client.sendBatch(session: session, seq: 0).status == .accepted)
                try await WebhookOutboxTests.wait(seconds: 30) {
                    let metrics = try await client.metricsText()
                    return metrics.contains(#"cadence_webhook_deliveries_total{result="refused"} 2"#)
                }
                let metrics = try await client.metricsText()
                #expect(metrics.contains(#"cadence_webhook_deliveries_total{result="refused"} 2"#), "\(metrics)")
                #expect(receiver.deliveries.isEmpty, "the loopback receiver was never contacted")
            }
        }
    }

    /// Sets the receiver's URL (development policy: loopback http) and moves a session to challenge.
    static func triggerDelivery(_ test: TestService, _ client: some TestClientProtocol, url: URL) async throws {
        let put = try await client.call(
            .put, "/v1/webhook", bearer: TestService.apiKey,
            json: ["url": url.absoluteString, "secret": "whsec_test_secret_0123"])
        #expect(put.status == .ok, "\(put.text)")
        let session = try await client.startSession()  // allowed; its first batch is challenged
        var tenant = try #require(try await test.store.tenant(id: Tenant.defaultId))
        tenant.settings.policy.challengeBelow = 101
        try await test.store.updateTenant(tenant)
        #expect(try await client.sendBatch(session: session, seq: 0).status == .accepted)
    }

    @Test("a redirect is not followed and counts as a failed attempt")
    func redirectsNotFollowed() async throws {
        let receiver = ScriptedReceiver(.redirect(to: "/other"))
        try await receiver.run { url in
            try await TestService.with(configure: { $0.webhookAttempts = 2 }) { test, client in
                try await Self.triggerDelivery(test, client, url: url)
                try await WebhookOutboxTests.wait(seconds: 30) { receiver.requested.count >= 2 }
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.requested == ["/hook", "/hook"], "the redirect target was never requested")
                let metrics = try await client.metricsText()
                #expect(metrics.contains(#"cadence_webhook_deliveries_total{result="failed"} 2"#))
                #expect(metrics.contains(#"cadence_webhook_deliveries_total{result="delivered"} 0"#))
            }
        }
    }

    @Test("a receiver that never answers costs one timeout per attempt, not a hung delivery")
    func boundedInTime() async throws {
        // No wall-clock bound (shared machines are noisy): the delivery must give up while the
        // receiver is still holding its answer, which it does for 16 times the timeout.
        let receiver = ScriptedReceiver(.hang(seconds: 8))
        try await receiver.run { url in
            try await TestService.with(configure: {
                $0.webhookAttempts = 1
                $0.webhookTimeout = 0.5
            }) { test, client in
                try await Self.triggerDelivery(test, client, url: url)
                try await WebhookOutboxTests.wait(seconds: 30) {
                    let metrics = try await client.metricsText()
                    return metrics.contains(#"cadence_webhook_deliveries_total{result="failed"} 1"#)
                }
                let answeredAtFailure = receiver.answered
                let metrics = try await client.metricsText()
                #expect(metrics.contains(#"cadence_webhook_deliveries_total{result="failed"} 1"#), "the delivery failed")
                #expect(receiver.requested == ["/hook"], "the one attempt reached the receiver")
                #expect(answeredAtFailure == 0, "the attempt ended at its timeout, before the receiver answered")
            }
        }
    }

    @Test("a huge answer is not read whole: the 2xx counts, the body is dropped")
    func boundedInSize() async throws {
        let receiver = ScriptedReceiver(.huge(bytes: 8 << 20))
        try await receiver.run { url in
            try await TestService.with { test, client in
                try await Self.triggerDelivery(test, client, url: url)
                try await WebhookOutboxTests.wait(seconds: 30) {
                    let metrics = try await client.metricsText()
                    return metrics.contains(#"cadence_webhook_deliveries_total{result="delivered"} 1"#)
                }
                let metrics = try await client.metricsText()
                #expect(metrics.contains(#"cadence_webhook_deliveries_total{result="delivered"} 1"#))
            }
        }
    }
}
