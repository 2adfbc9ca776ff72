/// A Prometheus-style cumulative histogram of durations in seconds.
struct Histogram: Sendable {
    /// Upper bounds of the buckets, seconds, ascending; `+Inf` is implicit.
    let bounds: [Double]
    private(set) var counts: [Int]
    private(set) var sum = 0.0
    private(set) var count = 0

    static let latencyBounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    init(bounds: [Double] = Histogram.latencyBounds) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count)
    }

    mutating func observe(_ seconds: Double) {
        guard seconds.isFinite else { return }
        if let index = bounds.firstIndex(where: { seconds <= $0 }) { counts[index] += 1 }
        sum += seconds
        count += 1
    }

    /// The exposition lines of this histogram (`_bucket`, `_sum`, `_count`), with `labels` added.
    func lines(name: String, labels: String = "") -> [String] {
        var out: [String] = []
        var cumulative = 0
        let prefix = labels.isEmpty ? "" : labels + ","
        for (bound, n) in zip(bounds, counts) {
            cumulative += n
            out.append("\(name)_bucket{\(prefix)le=\"\(PrometheusText.number(bound))\"} \(cumulative)")
        }
        out.append("\(name)_bucket{\(prefix)le=\"+Inf\"} \(count)")
        let braces = labels.isEmpty ? "" : "{\(labels)}"
        out.append("\(name)_sum\(braces) \(PrometheusText.number(sum))")
        out.append("\(name)_count\(braces) \(count)")
        return out
    }
}

/// Helpers for the Prometheus text exposition format (version 0.0.4).
enum PrometheusText {
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
