import CadenceEngine
import Foundation
import NIOConcurrencyHelpers

/// The service's counters and histograms, exposed at `GET /metrics` in Prometheus text format.
///
/// One lock around plain values; it is never held across an `await`.
public final class ServiceMetrics: Sendable {
    struct Values: Sendable {
        var requests: [String: Int] = [:]
        var requestDuration = Histogram()
        var batches: [String: Int] = [:]
        var batchDuration = Histogram()
        var events = 0
        var decisions: [String: Int] = [:]
        var decisionChanges = 0
        var sessionsStarted = 0
        var webhookDeliveries: [String: Int] = [:]
        var stepUps: [String: Int] = [:]
    }

    private let values = NIOLockedValueBox(Values())

    public init() {}

    /// One HTTP request answered with `status` after `seconds`.
    func request(status: Int, seconds: Double) {
        values.withLockedValue {
            $0.requests["\(status / 100)xx", default: 0] += 1
            $0.requestDuration.observe(seconds)
        }
    }

    /// One batch: `accepted`, `duplicate` or `rejected`.
    func batch(_ result: String, events: Int = 0, decision: Decision? = nil, seconds: Double? = nil) {
        values.withLockedValue {
            $0.batches[result, default: 0] += 1
            $0.events += events
            if let decision { $0.decisions[decision.rawValue, default: 0] += 1 }
            if let seconds { $0.batchDuration.observe(seconds) }
        }
    }

    func decisionChanged() { values.withLockedValue { $0.decisionChanges += 1 } }
    func sessionStarted() { values.withLockedValue { $0.sessionsStarted += 1 } }
    func webhook(_ result: String) { values.withLockedValue { $0.webhookDeliveries[result, default: 0] += 1 } }
    /// One step-up result applied: `passed` or `failed`.
    func stepUp(_ result: String) { values.withLockedValue { $0.stepUps[result, default: 0] += 1 } }

    /// Events ingested so far.
    var eventsIngested: Int { values.withLockedValue { $0.events } }

    /// The exposition text.
    public func render() -> String {
        let v = values.withLockedValue { $0 }
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
        }
        func labelled(_ name: String, _ label: String, _ counts: [String: Int], known: [String]) {
            for key in Set(known).union(counts.keys).sorted() {
                lines.append("\(name){\(label)=\"\(key)\"} \(counts[key] ?? 0)")
            }
        }
        family("cadence_http_requests_total", "counter", "HTTP requests answered, by status class.")
        labelled("cadence_http_requests_total", "status", v.requests, known: ["2xx", "4xx", "5xx"])
        family("cadence_http_request_duration_seconds", "histogram", "Time to answer an HTTP request, seconds.")
        lines += v.requestDuration.lines(name: "cadence_http_request_duration_seconds")
        family("cadence_batches_total", "counter", "Event batches received, by result.")
        labelled("cadence_batches_total", "result", v.batches, known: ["accepted", "duplicate", "rejected"])
        family("cadence_batch_duration_seconds", "histogram", "Time to decode, score and commit a batch, seconds.")
        lines += v.batchDuration.lines(name: "cadence_batch_duration_seconds")
        family("cadence_events_ingested_total", "counter", "Events in accepted batches.")
        lines.append("cadence_events_ingested_total \(v.events)")
        family("cadence_decisions_total", "counter", "Decisions returned for accepted batches, by decision.")
        labelled("cadence_decisions_total", "decision", v.decisions, known: Decision.allCases.map(\.rawValue))
        family("cadence_decision_changes_total", "counter", "Sessions whose decision changed.")
        lines.append("cadence_decision_changes_total \(v.decisionChanges)")
        family("cadence_sessions_started_total", "counter", "Sessions started.")
        lines.append("cadence_sessions_started_total \(v.sessionsStarted)")
        family("cadence_webhook_deliveries_total", "counter", "Webhook delivery attempts, by result.")
        labelled(
            "cadence_webhook_deliveries_total", "result", v.webhookDeliveries,
            known: ["delivered", "failed", "gave-up"])
        family("cadence_step_ups_total", "counter", "Step-up results applied to sessions, by result.")
        labelled("cadence_step_ups_total", "result", v.stepUps, known: ["passed", "failed"])
        return lines.joined(separator: "\n") + "\n"
    }
}
