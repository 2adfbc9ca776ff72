import Foundation
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers decision changes to tenants' webhook URLs: signed POSTs, retried with exponential
/// backoff (`initialDelay`, then doubled, for at most `maximumAttempts` attempts) until the
/// receiver answers 2xx.
///
/// Deliveries run in their own tasks and never delay the batch that caused them. They are not
/// persisted: a notification still being retried when the process stops is lost (the session's
/// state, which the bank can read with `GET /v1/sessions/{id}`, is not).
public struct WebhookDispatcher: Sendable {
    /// Attempts per notification, first included.
    public var maximumAttempts: Int
    /// Delay before the second attempt, seconds; doubles after each failure.
    public var initialDelay: Double
    /// Per-attempt timeout, seconds.
    public var timeout: Double
    let metrics: ServiceMetrics
    let logger: Logger

    public init(
        maximumAttempts: Int = 6, initialDelay: Double = 1, timeout: Double = 5, metrics: ServiceMetrics,
        logger: Logger
    ) {
        self.maximumAttempts = maximumAttempts
        self.initialDelay = initialDelay
        self.timeout = timeout
        self.metrics = metrics
        self.logger = logger
    }

    /// Starts delivering `change` to `url`, signed with `secret`; returns at once.
    @discardableResult
    public func send(_ change: DecisionChange, to url: URL, secret: String) -> Task<Bool, Never> {
        let body = (try? JSONBody.encoder.encode(change)) ?? Data()
        return Task { await deliver(body: body, id: change.id, to: url, secret: secret) }
    }

    /// Tries until delivered or out of attempts; true when delivered.
    func deliver(body: Data, id: String, to url: URL, secret: String) async -> Bool {
        var delay = initialDelay
        for attempt in 1...max(1, maximumAttempts) {
            if attempt > 1 {
                try? await Task.sleep(for: .seconds(delay))
                delay *= 2
            }
            var request = URLRequest(url: url, timeoutInterval: timeout)
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(id, forHTTPHeaderField: "Cadence-Delivery")
            request.setValue(String(attempt), forHTTPHeaderField: "Cadence-Attempt")
            let signature = WebhookSignature.header(
                body: body, secret: secret, timestamp: Int(Date().timeIntervalSince1970))
            request.setValue(signature, forHTTPHeaderField: WebhookSignature.headerName)
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                if let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) {
                    metrics.webhook("delivered")
                    return true
                }
                metrics.webhook("failed")
                logger.info(
                    "webhook answered with an error",
                    metadata: ["attempt": "\(attempt)", "status": "\((response as? HTTPURLResponse)?.statusCode ?? 0)"])
            } catch {
                metrics.webhook("failed")
                logger.info("webhook delivery failed", metadata: ["attempt": "\(attempt)"])
            }
        }
        metrics.webhook("gave-up")
        logger.warning("webhook delivery gave up", metadata: ["delivery": "\(id)"])
        return false
    }
}
