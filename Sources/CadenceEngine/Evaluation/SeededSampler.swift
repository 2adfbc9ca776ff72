/// A seeded pseudo-random generator (SplitMix64: Steele, Lea & Flood 2014) with a sampling helper, so that
/// evaluations draw the same random samples on every machine and run.
public struct SeededSampler: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` distinct elements of `items` in random order (all of them, shuffled, if fewer).
    public static func sample<T>(_ count: Int, from items: [T], using generator: inout SeededSampler) -> [T] {
        var pool = items
        let n = min(count, pool.count)
        for i in 0..<n {
            let j = i + Int(generator.next() % UInt64(pool.count - i))
            pool.swapAt(i, j)
        }
        return Array(pool.prefix(n))
    }
}
