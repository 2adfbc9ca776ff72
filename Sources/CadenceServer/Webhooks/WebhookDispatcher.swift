import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// Delivers decision changes to tenants' webhook URLs through an outbox in the store: signed
/// POSTs, retried with exponential backoff (`initialDelay`, then doubled, for at most
/// `maximumAttempts` attempts) until the receiver answers 2xx.
///
/// A decision change is first written as a pending ``WebhookDelivery``; every attempt's result
/// (attempts made, next attempt time, delivered or given up) is written back, so a delivery
/// pending when the process stops is resumed by ``resumePending()`` on the next start (at least
/// once: a receiver may see an attempt twice and deduplicates by `Cadence-Delivery`). An attempt
/// holds a short lease on its row, so nodes sharing the database do not send it at the same time.
/// Attempts run in their own tasks and never delay the batch that caused them.
public struct WebhookDispatcher: Sendable {
    /// Attempts per notification, first included.
    public var maximumAttempts: Int
    /// Delay before the second attempt, seconds; doubles after each failure.
    public var initialDelay: Double
    /// Per-attempt timeout, seconds (connecting, sending and the answer's head together).
    public var timeout: Double
    /// Where deliveries may go, checked again at every attempt (see ``WebhookDestinationPolicy``).
    public var destinations: WebhookDestinationPolicy
    /// The longest one attempt may take, resolution, connection, request and answer together.
    static func attemptBound(_ timeout: Double) -> Double { 2 * timeout }

    /// The most of a receiver's answer body that is read (the rest is dropped with the connection).
    public static let maximumAnswerBytes = 64 << 10
    let store: any CadenceStore
    let metrics: ServiceMetrics
    let logger: Logger
    private let running = RunningDeliveries()

    public init(
        store: any CadenceStore, maximumAttempts: Int = 6, initialDelay: Double = 1, timeout: Double = 5,
        destinations: WebhookDestinationPolicy = .publicHTTPS, metrics: ServiceMetrics, logger: Logger
    ) {
        self.store = store
        self.destinations = destinations
        self.maximumAttempts = maximumAttempts
        self.initialDelay = initialDelay
        self.timeout = timeout
        self.metrics = metrics
        self.logger = logger
    }

    /// Writes `change` to the outbox as a pending delivery to `url`, signed with `secret`, and
    /// starts delivering it; returns once it is written. When the outbox cannot be written the
    /// error is logged: the decision change itself is committed and can be read from the session.
    public func send(_ change: DecisionChange, to url: URL, secret: String) async {
        let now = Date()
        do {
            let body = try APIResponseEncoder.json.encode(change)
            try await store.enqueueDelivery(
                WebhookDelivery(
                    id: change.id, tenantId: change.tenantId, sessionId: change.sessionId, url: url.absoluteString,
                    secret: secret, body: body, nextAttemptAt: now, createdAt: now))
        } catch {
            logger.error("webhook delivery not written to the outbox", metadata: ["session": "\(change.sessionId)"])
            return
        }
        start(change.id)
    }

    /// Starts delivering the pending deliveries of the outbox (on start: what a stopped process
    /// left), oldest first and at most `limit` of them (the rest wait for the next start), and
    /// deletes finished ones older than 30 days; how many were resumed.
    @discardableResult
    public func resumePending(limit: Int = 10_000) async throws -> Int {
        _ = try await store.pruneDeliveries(before: Date().addingTimeInterval(-30 * 86_400))
        let pending = try await store.pendingDeliveries(limit: limit)
        if pending.count == limit {
            logger.warning("more pending webhook deliveries than resumed at once", metadata: ["resumed": "\(limit)"])
        }
        return pending.filter { start($0.id) }.count
    }

    /// Stops every attempt loop of this dispatcher; pending deliveries stay in the outbox.
    public func stop() {
        for task in running.stop() { task.cancel() }
    }

    /// Waits until no delivery of this dispatcher is in progress or `timeout` seconds passed.
    public func idle(timeout: Double) async {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while running.count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Starts the attempt loop of delivery `id` unless it is already running here; true when started.
    @discardableResult
    private func start(_ id: String) -> Bool {
        running.start(id) {
            Task {
                await attempts(id)
                running.finished(id)
            }
        }
    }

    /// Attempts delivery `id` until delivered, given up, cancelled, or gone from the outbox.
    private func attempts(_ id: String) async {
        while !Task.isCancelled {
            let delivery: WebhookDelivery
            do {
                guard let row = try await store.delivery(id: id), row.status == .pending else { return }
                delivery = row
            } catch {
                logger.error("webhook outbox unreadable", metadata: ["delivery": "\(id)"])
                return
            }
            let due = max(delivery.nextAttemptAt, delivery.leaseUntil ?? .distantPast)
            let wait = due.timeIntervalSinceNow
            if wait > 0 {
                do { try await Task.sleep(for: .seconds(wait)) } catch { return }
            }
            let now = Date()
            guard
                let claimed = try? await store.claimDelivery(
                    id: id, until: now.addingTimeInterval(Self.attemptBound(timeout) + 5), now: now)
            else {
                // Another attempt holds the lease, or the delivery finished: read it again.
                do { try await Task.sleep(for: .milliseconds(50)) } catch { return }
                continue
            }
            let attempt = claimed.attempts + 1
            let delivered = await post(claimed, attempt: attempt)
            if Task.isCancelled && !delivered { return }  // stopped mid-attempt: the lease expires, a later start retries
            let status: WebhookDelivery.Status =
                delivered ? .delivered : attempt >= max(1, maximumAttempts) ? .gaveUp : .pending
            let next = Date().addingTimeInterval(initialDelay * pow(2, Double(attempt - 1)))
            do {
                try await store.finishDeliveryAttempt(
                    id: id, attempts: attempt, status: status, nextAttemptAt: next, now: Date())
            } catch {
                logger.error("webhook outbox not updated", metadata: ["delivery": "\(id)"])
                return
            }
            switch status {
            case .delivered:
                metrics.webhook("delivered")
                return
            case .gaveUp:
                metrics.webhook("gave-up")
                logger.warning("webhook delivery gave up", metadata: ["delivery": "\(id)"])
                return
            case .pending:
                continue
            }
        }
    }

    /// One signed POST; true when the receiver answered 2xx. The destination is checked and its
    /// address pinned first; redirects are not followed (a 3xx is a failed attempt), and the
    /// attempt is bounded in time and in the bytes of the answer it reads.
    private func post(_ delivery: WebhookDelivery, attempt: Int) async -> Bool {
        let destination: WebhookDestination
        do {
            destination = try await WebhookDestination.check(delivery.url, policy: destinations)
        } catch {
            metrics.webhook("refused")
            logger.warning(
                "webhook destination refused", metadata: ["attempt": "\(attempt)", "why": "\(error.description)"])
            return false
        }
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(timeout * 1000)), read: .milliseconds(Int64(timeout * 1000))))
        if let address = destination.pinnedAddress { configuration.dnsOverride = [destination.host: address] }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        // One deadline over the whole attempt: a receiver that trickles its answer a byte at a
        // time (each read within the read timeout) is cut off all the same.
        let deadline = Self.attemptBound(timeout)
        let delivered = await withTaskGroup(of: Bool?.self) { group in
            group.addTask { await self.send(delivery, attempt: attempt, with: client) }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64(deadline * 1000)))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? false
        }
        try? await client.shutdown()
        return delivered
    }

    private func send(_ delivery: WebhookDelivery, attempt: Int, with client: HTTPClient) async -> Bool {
        var request = HTTPClientRequest(url: delivery.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Cadence-Delivery", value: delivery.id)
        request.headers.add(name: "Cadence-Attempt", value: String(attempt))
        request.headers.add(
            name: WebhookSignature.headerName,
            value: WebhookSignature.header(
                body: delivery.body, secret: delivery.secret, timestamp: Int(Date().timeIntervalSince1970)))
        request.body = .bytes(ByteBuffer(bytes: delivery.body))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            // Read a bounded part of the answer, never all of it.
            _ = try? await response.body.collect(upTo: Self.maximumAnswerBytes)
            if (200..<300).contains(Int(response.status.code)) { return true }
            metrics.webhook("failed")
            logger.info(
                "webhook answered with an error", metadata: ["attempt": "\(attempt)", "status": "\(response.status.code)"])
        } catch {
            metrics.webhook("failed")
            logger.info("webhook delivery failed", metadata: ["attempt": "\(attempt)"])
        }
        return false
    }
}

/// The attempt loops a dispatcher runs, by delivery id (behind a lock).
final class RunningDeliveries: Sendable {
    private struct State {
        var tasks: [String: Task<Void, Never>] = [:]
        var stopped = false
    }

    private let state = NIOLockedValueBox(State())

    var count: Int { state.withLockedValue { $0.tasks.count } }

    /// Runs `make` and keeps its task unless `id` already runs or the dispatcher stopped.
    func start(_ id: String, _ make: () -> Task<Void, Never>) -> Bool {
        state.withLockedValue { state in
            guard !state.stopped, state.tasks[id] == nil else { return false }
            state.tasks[id] = make()
            return true
        }
    }

    func finished(_ id: String) {
        state.withLockedValue { _ = $0.tasks.removeValue(forKey: id) }
    }

    /// Refuses new loops; the running ones, to cancel.
    func stop() -> [Task<Void, Never>] {
        state.withLockedValue { state in
            state.stopped = true
            defer { state.tasks.removeAll() }
            return Array(state.tasks.values)
        }
    }
}
