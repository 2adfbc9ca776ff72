/// Free-text keystroke features of one window of keystrokes (a typed sentence, or a window of a
/// live session), independent of what was typed.
///
/// Per-key and per-n-graph timing statistics in the manner of Gunetti & Picardi 2005 (digraph and
/// trigraph durations) and Monrose & Rubin 1997 (per-key hold, per-digraph latency), plus global
/// rhythm figures. Consecutive keystrokes (in press order) form a digraph; when their down-down
/// latency exceeds ``pauseThreshold`` the gap is a pause, not a digraph, and no n-graph spans it.
public struct FreeTextFeatures: Sendable, Hashable, Codable {
    /// Down-down latency in milliseconds above which the gap between two keystrokes is a pause.
    public static let pauseThreshold = 1_000.0

    /// Keystrokes in the window.
    public var keystrokeCount: Int
    /// Hold (dwell) time per key: release − press, ms. Id: ``TimingTable/keyID(_:)``.
    public var hold: TimingTable
    /// Down-down latency per digraph: press₂ − press₁, ms. Id: ``TimingTable/digraphID(_:_:)``.
    public var downDown: TimingTable
    /// Up-down latency (flight) per digraph: press₂ − release₁, ms; negative when keys overlap.
    public var upDown: TimingTable
    /// Trigraph duration: press₃ − press₁, ms (Gunetti & Picardi 2005). Id: ``TimingTable/trigraphID(_:_:_:)``.
    public var trigraph: TimingTable
    /// Keystrokes per second while typing: digraphs per second of down-down latency, pauses left out.
    public var typingSpeed: Double
    /// Share of keystrokes that delete text (Backspace, Delete), in [0, 1].
    public var correctionRate: Double
    /// Share of gaps between consecutive keystrokes that are pauses, in [0, 1].
    public var pauseRate: Double
    /// Mean length of the pauses in milliseconds; 0 without pauses.
    public var meanPause: Double
    /// Share of digraphs whose second key goes down before the first comes up (rollover), in [0, 1].
    public var rolloverRate: Double
    /// Median hold time over all keys, ms; 0 for an empty window.
    public var medianHold: Double
    /// Median down-down latency over all digraphs (pauses left out), ms; 0 without digraphs.
    public var medianDownDown: Double

    /// Extracts the features of keystrokes given in press order.
    ///
    /// - Parameters:
    ///   - keystrokes: in press order (as ``KeystrokeWindowBuilder`` emits them).
    ///   - correctionKeys: the key ids that delete text (see ``KeyIdentity/correctionKeys``).
    public init(keystrokes: [Keystroke], correctionKeys: Set<UInt32>) {
        keystrokeCount = keystrokes.count
        var holds: [(id: UInt64, value: Double)] = []
        var downDowns: [(id: UInt64, value: Double)] = []
        var upDowns: [(id: UInt64, value: Double)] = []
        var trigraphs: [(id: UInt64, value: Double)] = []
        holds.reserveCapacity(keystrokes.count)
        downDowns.reserveCapacity(keystrokes.count)
        upDowns.reserveCapacity(keystrokes.count)
        trigraphs.reserveCapacity(keystrokes.count)
        var corrections = 0
        var pauses = 0
        var pauseTotal = 0.0
        var rollovers = 0
        var typingTime = 0.0
        for (i, k) in keystrokes.enumerated() {
            holds.append((TimingTable.keyID(k.key), k.hold))
            if correctionKeys.contains(k.key) { corrections += 1 }
            guard i > 0 else { continue }
            let previous = keystrokes[i - 1]
            let dd = k.press - previous.press
            if dd > Self.pauseThreshold {
                pauses += 1
                pauseTotal += dd
                continue
            }
            let digraph = TimingTable.digraphID(previous.key, k.key)
            downDowns.append((digraph, dd))
            let ud = k.press - previous.release
            upDowns.append((digraph, ud))
            if ud < 0 { rollovers += 1 }
            typingTime += dd
            if i > 1 {
                let first = keystrokes[i - 2]
                if previous.press - first.press <= Self.pauseThreshold {
                    trigraphs.append((TimingTable.trigraphID(first.key, previous.key, k.key), k.press - first.press))
                }
            }
        }
        let gaps = max(keystrokes.count - 1, 0)
        hold = TimingTable(observations: holds)
        downDown = TimingTable(observations: downDowns)
        upDown = TimingTable(observations: upDowns)
        trigraph = TimingTable(observations: trigraphs)
        typingSpeed = typingTime > 0 ? Double(downDowns.count) / typingTime * 1_000 : 0
        correctionRate = keystrokes.isEmpty ? 0 : Double(corrections) / Double(keystrokes.count)
        pauseRate = gaps == 0 ? 0 : Double(pauses) / Double(gaps)
        meanPause = pauses == 0 ? 0 : pauseTotal / Double(pauses)
        rolloverRate = downDowns.isEmpty ? 0 : Double(rollovers) / Double(downDowns.count)
        medianHold = Self.median(holds.map(\.value))
        medianDownDown = Self.median(downDowns.map(\.value))
    }

    /// Features restored from their parts (see ``KeystrokeWindowVector``); figures left out are 0.
    init(
        keystrokeCount: Int, hold: TimingTable, downDown: TimingTable, upDown: TimingTable, trigraph: TimingTable,
        typingSpeed: Double, correctionRate: Double, pauseRate: Double, rolloverRate: Double, medianHold: Double,
        medianDownDown: Double, meanPause: Double = 0
    ) {
        self.keystrokeCount = keystrokeCount
        self.hold = hold
        self.downDown = downDown
        self.upDown = upDown
        self.trigraph = trigraph
        self.typingSpeed = typingSpeed
        self.correctionRate = correctionRate
        self.pauseRate = pauseRate
        self.meanPause = meanPause
        self.rolloverRate = rolloverRate
        self.medianHold = medianHold
        self.medianDownDown = medianDownDown
    }

    /// The middle value (mean of the two middle values for an even count); 0 when empty.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
