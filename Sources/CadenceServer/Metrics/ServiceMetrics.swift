import CadenceEngine
import CoreMetrics
import Prometheus

/// The service's counters and histograms, exposed at `GET /metrics` in Prometheus text format.
///
/// Recorded through swift-metrics (`Counter`, `Timer`) into a swift-prometheus registry that this
/// instance owns rather than the process-wide `MetricsSystem`, so that services sharing a process
/// (tests) count apart.
public final class ServiceMetrics: Sendable {
    /// Upper bounds of the latency histograms' buckets (0.5 ms to 5 s); `+Inf` is implicit.
    static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
        .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5),
    ]

    private let registry = PrometheusCollectorRegistry()
    private let requests: LabelledCounter
    private let requestDuration: CoreMetrics.Timer
    private let batches: LabelledCounter
    private let batchDuration: CoreMetrics.Timer
    private let events: CoreMetrics.Counter
    private let decisions: LabelledCounter
    private let decisionChanges: CoreMetrics.Counter
    private let sessionsStarted: CoreMetrics.Counter
    private let webhookDeliveries: LabelledCounter
    private let stepUps: LabelledCounter
    private let connectionsRefused: CoreMetrics.Counter
    private let limited: LabelledCounter

    public init() {
        requests = LabelledCounter(
            registry, "http_requests", "total", help: "HTTP requests answered, by status class.",
            label: "status", values: ["2xx", "4xx", "5xx"])
        requestDuration = Self.timer(
            registry,
            Self.name("http_request_duration", "seconds", help: "Time to answer an HTTP request, seconds."))
        batches = LabelledCounter(
            registry, "batches", "total", help: "Event batches received, by result.",
            label: "result", values: ["accepted", "duplicate", "rejected"])
        batchDuration = Self.timer(
            registry,
            Self.name("batch_duration", "seconds", help: "Time to decode, score and commit a batch, seconds."))
        events = Self.counter(registry, Self.name("events_ingested", "total", help: "Events in accepted batches."))
        decisions = LabelledCounter(
            registry, "decisions", "total", help: "Decisions returned for accepted batches, by decision.",
            label: "decision", values: Decision.allCases.map(\.rawValue))
        decisionChanges = Self.counter(
            registry, Self.name("decision_changes", "total", help: "Sessions whose decision changed."))
        sessionsStarted = Self.counter(registry, Self.name("sessions_started", "total", help: "Sessions started."))
        webhookDeliveries = LabelledCounter(
            registry, "webhook_deliveries", "total", help: "Webhook delivery attempts, by result.",
            label: "result", values: ["delivered", "failed", "refused", "gave-up"])
        stepUps = LabelledCounter(
            registry, "step_ups", "total", help: "Step-up results applied to sessions, by result.",
            label: "result", values: ["passed", "failed"])
        connectionsRefused = Self.counter(
            registry,
            Self.name("connections_refused", "total", help: "Connections closed at once: the connection cap was reached."))
        limited = LabelledCounter(
            registry, "requests_limited", "total", help: "Requests refused by a limit (429, 408), by limit.",
            label: "limit", values: UsageLimit.allCases.map(\.rawValue))
    }

    /// One HTTP request answered with `status` after `seconds`.
    func request(status: Int, seconds: Double) {
        requests.increment("\(status / 100)xx")
        Self.record(seconds, in: requestDuration)
    }

    /// One batch: `accepted`, `duplicate` or `rejected`.
    func batch(_ result: String, events: Int = 0, decision: Decision? = nil, seconds: Double? = nil) {
        batches.increment(result)
        self.events.increment(by: events)
        if let decision { decisions.increment(decision.rawValue) }
        if let seconds { Self.record(seconds, in: batchDuration) }
    }

    func decisionChanged() { decisionChanges.increment() }
    func sessionStarted() { sessionsStarted.increment() }
    func webhook(_ result: String) { webhookDeliveries.increment(result) }
    func connectionRefused() { connectionsRefused.increment() }
    /// One request refused by `limit`.
    func limitReached(_ limit: UsageLimit) { limited.increment(limit.rawValue) }
    /// One step-up result applied: `passed` or `failed`.
    func stepUp(_ result: String) { stepUps.increment(result) }

    /// The exposition text (format version 0.0.4).
    public func render() -> String {
        registry.emitToString()
    }

    /// `cadence_<metric>_<unit>`, with its help text.
    static func name(_ metric: String, _ unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "cadence", metricName: metric, unitName: unit, helpText: help)
    }

    private static func counter(_ registry: PrometheusCollectorRegistry, _ name: MetricNameDescriptor)
        -> CoreMetrics.Counter
    {
        CoreMetrics.Counter(label: name.name, dimensions: [], handler: registry.makeCounter(descriptor: name))
    }

    private static func timer(_ registry: PrometheusCollectorRegistry, _ name: MetricNameDescriptor)
        -> CoreMetrics.Timer
    {
        CoreMetrics.Timer(
            label: name.name, dimensions: [],
            handler: registry.makeDurationHistogram(descriptor: name, buckets: latencyBuckets))
    }

    /// Records a duration in seconds; one that is not finite is dropped.
    private static func record(_ seconds: Double, in timer: CoreMetrics.Timer) {
        guard seconds.isFinite else { return }
        timer.recordSeconds(seconds)
    }
}

/// A counter with one label: one time series per value, those in `values` shown from zero, others
/// added on first use.
private struct LabelledCounter: Sendable {
    let registry: PrometheusCollectorRegistry
    /// `cadence_<metric>_<unit>`.
    let metric: String
    let unit: String
    let help: String
    let label: String
    let listed: [String: CoreMetrics.Counter]

    init(
        _ registry: PrometheusCollectorRegistry, _ metric: String, _ unit: String, help: String, label: String,
        values: [String]
    ) {
        self.registry = registry
        self.metric = metric
        self.unit = unit
        self.help = help
        self.label = label
        listed = Dictionary(
            uniqueKeysWithValues: values.map { value in
                (value, Self.counter(registry, ServiceMetrics.name(metric, unit, help: help), label, value))
            })
    }

    func increment(_ value: String) {
        (listed[value] ?? Self.counter(registry, ServiceMetrics.name(metric, unit, help: help), label, value))
            .increment()
    }

    /// The registry's counter for this value (made once; the registry returns it again after).
    private static func counter(
        _ registry: PrometheusCollectorRegistry, _ name: MetricNameDescriptor, _ label: String, _ value: String
    ) -> CoreMetrics.Counter {
        let labels = [(label, value)]
        return CoreMetrics.Counter(
            label: name.name, dimensions: labels, handler: registry.makeCounter(descriptor: name, labels: labels))
    }
}
