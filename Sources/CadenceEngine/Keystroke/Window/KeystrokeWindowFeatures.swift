import Foundation

/// How the service turns a window of keystrokes into the keys modality's feature vector.
public enum KeystrokeWindowFeatures: String, Sendable, Hashable, Codable, CaseIterable {
    /// Per key class and class digraph timing statistics (``KeystrokeWindowVector``), scored by
    /// the free-text detector (``KeystrokeWindowTrainer``). The default.
    case keyClassTimings
    /// The interim 8 timing aggregates (hold, latency, speed, corrections; ``interimNames``),
    /// scored by a generic per-user model (``GaussianLikelihoodTrainer``). Kept to compare with.
    case interimAggregates

    /// Values per window.
    public var width: Int {
        switch self {
        case .keyClassTimings: KeystrokeWindowVector.width
        case .interimAggregates: Self.interimNames.count
        }
    }

    /// The features of one window of keystrokes in press order.
    public func vector(_ keystrokes: [Keystroke]) -> FeatureVector {
        switch self {
        case .keyClassTimings: KeystrokeWindowVector.encode(keystrokes)
        case .interimAggregates: Self.interimAggregates(keystrokes)
        }
    }

    public static let interimNames = [
        "log-hold-mean", "log-hold-sd", "log-dd-median", "log-dd-sd", "log-ud-median", "rollover-rate",
        "correction-rate", "log-keys-per-second",
    ]

    /// Timing aggregates over the window (hold, down-down and up-down latency statistics in
    /// log(1 + ms), rollover and correction rates, keys per second), never the keys' order.
    static func interimAggregates(_ strokes: [Keystroke]) -> FeatureVector {
        func stats(_ v: [Double]) -> (mean: Double, sd: Double, median: Double) {
            guard !v.isEmpty else { return (0, 0, 0) }
            let m = v.reduce(0, +) / Double(v.count)
            let sd = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
            return (m, sd, v.sorted()[v.count / 2])
        }
        let holds = strokes.map(\.hold)
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
