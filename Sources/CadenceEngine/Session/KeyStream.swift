import Foundation

/// Pairs a session's key events into keystrokes and cuts them into windows of
/// ``windowSize`` keystrokes across batch boundaries, extracting each window's features; Codable.
///
/// Features are timing aggregates over the window (hold, down-down and up-down latency
/// statistics, typing speed, correction rate), never the keys' order. Interim stand-in until the
/// free-text engine's window builder and detector are wired in.
struct KeyStream: Sendable, Codable, Hashable {
    struct Press: Sendable, Codable, Hashable {
        var key: UInt32
        var time: Double
    }

    struct Stroke: Sendable, Codable, Hashable {
        var key: UInt32
        var press: Double
        var release: Double
    }

    static let windowSize = 40
    /// Milliseconds after which an unreleased press is dropped.
    static let staleAfter = 5_000.0

    private var pending: [Press] = []
    private var window: [Stroke] = []

    mutating func feed(_ event: KeyEvent, into out: inout [(time: Double, features: FeatureVector)]) {
        pending.removeAll { event.timestamp - $0.time > Self.staleAfter }
        switch event.transition {
        case .down:
            if pending.count < 16 { pending.append(Press(key: event.key, time: event.timestamp)) }
        case .up:
            guard let i = pending.firstIndex(where: { $0.key == event.key }) else { return }
            let press = pending.remove(at: i)
            window.append(Stroke(key: press.key, press: press.time, release: event.timestamp))
            if window.count >= Self.windowSize {
                window.sort { $0.press < $1.press }
                out.append((event.timestamp, Self.features(window)))
                window.removeAll()
            }
        }
    }

    static let featureNames = [
        "log-hold-mean", "log-hold-sd", "log-dd-median", "log-dd-sd", "log-ud-median", "rollover-rate",
        "correction-rate", "log-keys-per-second",
    ]

    static func features(_ strokes: [Stroke]) -> FeatureVector {
        func stats(_ v: [Double]) -> (mean: Double, sd: Double, median: Double) {
            guard !v.isEmpty else { return (0, 0, 0) }
            let m = v.reduce(0, +) / Double(v.count)
            let sd = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
            return (m, sd, v.sorted()[v.count / 2])
        }
        let holds = strokes.map { $0.release - $0.press }
        var dd: [Double] = []
        var ud: [Double] = []
        for i in 1..<max(strokes.count, 1) {
            let a = strokes[i - 1]
            let b = strokes[i]
            if b.press - a.press < 2_000 {
                dd.append(b.press - a.press)
                ud.append(b.press - a.release)
            }
        }
        let h = stats(holds)
        let d = stats(dd)
        let u = stats(ud)
        let corrections = strokes.filter { $0.key == KeyClass.backspace.rawValue }.count
        let span = (strokes.last?.release ?? 0) - (strokes.first?.press ?? 0)
        return [
            log1p(h.mean), log1p(h.sd), log1p(d.median), log1p(d.sd), log1p(max(u.median, 0)),
            Double(ud.filter { $0 < 0 }.count) / Double(max(ud.count, 1)),
            Double(corrections) / Double(max(strokes.count, 1)),
            log1p(Double(strokes.count) / max(span / 1000, 1e-3)),
        ]
    }
}
