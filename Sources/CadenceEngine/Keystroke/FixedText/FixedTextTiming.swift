/// The timing vector of one fixed-text sample (a password or pass-phrase typed once).
///
/// For keystrokes k₀…kₙ₋₁ (in press order, or text order where a data set records it), the vector holds, in the column order of the CMU
/// benchmark (Killourhy & Maxion 2009, `H.period, DD.period.t, UD.period.t, H.t, …, H.Return`):
/// `H(k₀), DD(k₀,k₁), UD(k₀,k₁), H(k₁), …, H(kₙ₋₁)`, that is `3n − 2` values, all in milliseconds:
/// - hold `H(kᵢ) = release(kᵢ) − press(kᵢ)`, never negative;
/// - down-down `DD(kᵢ,kᵢ₊₁) = press(kᵢ₊₁) − press(kᵢ)`;
/// - up-down `UD(kᵢ,kᵢ₊₁) = press(kᵢ₊₁) − release(kᵢ)`, negative when the next key went down
///   before this one came up (rollover). `DD = H + UD` always.
public struct FixedTextTiming: Sendable, Hashable, Codable {
    /// The keystrokes, in press order when built from events.
    public var keystrokes: [Keystroke]

    /// Keystrokes in the order given: text order for data sets that record it, press order
    /// otherwise. A key pressed out of text order then gives a negative down-down time.
    public init(keystrokes: [Keystroke]) {
        self.keystrokes = keystrokes
    }

    /// Pairs raw key events into keystrokes, handling overlapping keys (rollover).
    ///
    /// Events are taken in timestamp order. Each release is paired with the earliest press of the
    /// same `key` that is still down (first in, first out), so `a↓ b↓ a↑ b↑` gives two keystrokes
    /// with the right holds. Where keys are indistinguishable (password fields send key class 0 for
    /// every key) FIFO pairing is the best available guess. A press with no release and a release
    /// with no press are dropped.
    public init(events: [KeyEvent]) {
        // Events from the SDK arrive in time order; sort (stably) only when they do not.
        var ordered = events
        if zip(events, events.dropFirst()).contains(where: { $0.timestamp > $1.timestamp }) {
            ordered = events.enumerated()
                .sorted {
                    $0.element.timestamp == $1.element.timestamp
                        ? $0.offset < $1.offset : $0.element.timestamp < $1.element.timestamp
                }
                .map(\.element)
        }
        var presses: [(key: UInt32, time: Double, release: Double?)] = []
        presses.reserveCapacity(events.count / 2 + 1)
        var oldestWaiting = 0  // every press before this index has its release
        for event in ordered {
            switch event.transition {
            case .down:
                presses.append((event.key, event.timestamp, nil))
            case .up:
                // The oldest press of the same key still down (first in, first out).
                guard
                    let index = presses[oldestWaiting...].firstIndex(where: { $0.key == event.key && $0.release == nil }
                    )
                else { continue }
                presses[index].release = event.timestamp
                while oldestWaiting < presses.count && presses[oldestWaiting].release != nil { oldestWaiting += 1 }
            }
        }
        self.init(
            keystrokes: presses.compactMap { p in p.release.map { Keystroke(key: p.key, press: p.time, release: $0) } })
    }

    /// Hold, down-down and up-down times in milliseconds, in CMU column order (`3n − 2` values).
    public var vector: FeatureVector {
        guard !keystrokes.isEmpty else { return [] }
        var values: FeatureVector = []
        values.reserveCapacity(3 * keystrokes.count - 2)
        for i in keystrokes.indices {
            let k = keystrokes[i]
            values.append(k.hold)
            if i + 1 < keystrokes.count {
                let next = keystrokes[i + 1]
                values.append(next.press - k.press)
                values.append(next.press - k.release)
            }
        }
        return values
    }

    /// Column names matching ``vector`` for keys named `names` (e.g. `["period", "t", …]`).
    public static func featureNames(keys names: [String]) -> [String] {
        var columns: [String] = []
        for i in names.indices {
            columns.append("H.\(names[i])")
            if i + 1 < names.count {
                columns.append("DD.\(names[i]).\(names[i + 1])")
                columns.append("UD.\(names[i]).\(names[i + 1])")
            }
        }
        return columns
    }
}
