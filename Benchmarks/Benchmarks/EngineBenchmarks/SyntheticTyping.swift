import CadenceEngine

/// Deterministic synthetic typing, so the benchmarks need no data set on disk.
///
/// Times are milliseconds. Each synthetic user has its own mean hold and flight per position;
/// every sample adds seeded jitter.
struct SyntheticTyping {
    private var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * generator.nextUnit()
    }

    /// A user's rhythm for `length` keys: mean hold and mean flight (press to next press), ms.
    mutating func rhythm(length: Int) -> [(hold: Double, flight: Double)] {
        (0..<length).map { _ in (uniform(60, 140), uniform(90, 320)) }
    }

    /// Down/up events of one typing of `rhythm`, keys from `keys` (cycled), starting at `start` ms.
    mutating func events(
        _ rhythm: [(hold: Double, flight: Double)], keys: [UInt32], start: Double = 0, field: FieldKind = .text
    ) -> [KeyEvent] {
        var events: [KeyEvent] = []
        events.reserveCapacity(2 * rhythm.count)
        var t = start
        for (i, r) in rhythm.enumerated() {
            let key = keys[i % keys.count]
            let hold = r.hold * uniform(0.8, 1.2)
            events.append(KeyEvent(.down, timestamp: t, key: key, field: field))
            events.append(KeyEvent(.up, timestamp: t + hold, key: key, field: field))
            t += r.flight * uniform(0.75, 1.3)
        }
        return events.sorted { $0.timestamp < $1.timestamp }
    }
}
