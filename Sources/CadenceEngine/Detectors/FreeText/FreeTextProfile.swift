/// A user's free-text typing profile: the pooled timing statistics of the enrolment samples, at
/// key and key-class level, and the spread of their global rhythm figures.
///
/// Only aggregated statistics are kept (no keystroke order), so a profile cannot reproduce text.
public struct FreeTextProfile: Sendable, Hashable, Codable {
    /// Names of the global figures, in the order of ``FreeTextSample/globals``.
    public static let globalNames = [
        "typing-speed", "correction-rate", "pause-rate", "rollover-rate", "log-median-hold",
        "log-median-down-down",
    ]

    public var keys: PooledTimings
    public var classes: PooledTimings
    /// Direct lookup of the key-class tables by class code (see ``FreeTextSample/ClassIDs``).
    public var classIndex: ClassTableIndex
    /// Mean of each global figure over the enrolment samples.
    public var globalMeans: [Double]
    /// Sample standard deviation of each global figure over the enrolment samples (0 for one).
    public var globalDeviations: [Double]
    public var sampleCount: Int

    /// Pools the enrolment samples (at least one).
    public init(enrolment samples: [FreeTextSample]) {
        precondition(!samples.isEmpty, "a profile needs at least one enrolment sample")
        keys = PooledTimings(samples.map(\.keys))
        classes = PooledTimings(samples.map(\.classes))
        classIndex = ClassTableIndex(classes)
        let globals = samples.map(\.globals)
        let stats = (0..<Self.globalNames.count).map { i in TimingStatistics(globals.map { $0[i] }) }
        globalMeans = stats.map(\.mean)
        globalDeviations = stats.map(\.standardDeviation)
        sampleCount = samples.count
    }
}

/// Timing tables of several samples pooled together.
public struct PooledTimings: Sendable, Hashable, Codable {
    public var hold: TimingTable
    public var downDown: TimingTable
    public var upDown: TimingTable
    public var trigraph: TimingTable

    public init(_ features: [FreeTextFeatures]) {
        hold = TimingTable()
        downDown = TimingTable()
        upDown = TimingTable()
        trigraph = TimingTable()
        for f in features {
            hold = hold.merged(with: f.hold)
            downDown = downDown.merged(with: f.downDown)
            upDown = upDown.merged(with: f.upDown)
            trigraph = trigraph.merged(with: f.trigraph)
        }
    }
}

/// Positions in key-class timing tables by class code (`c`, `16·c₁ + c₂`, `256·c₁ + 16·c₂ + c₃`),
/// −1 where the profile has no observation; a constant-time fallback lookup.
public struct ClassTableIndex: Sendable, Hashable, Codable {
    public var hold: [Int32]
    /// For both down-down and up-down (their tables hold the same digraphs).
    public var digraph: [Int32]
    public var trigraph: [Int32]

    public init(_ classes: PooledTimings) {
        func code(_ key: UInt64) -> Int { Int(min(key, 15)) }
        hold = [Int32](repeating: -1, count: 16)
        for (i, id) in classes.hold.ids.enumerated() { hold[code(id)] = Int32(i) }
        digraph = [Int32](repeating: -1, count: 256)
        for (i, id) in classes.downDown.ids.enumerated() {
            digraph[16 * code(id >> 32) + code(id & 0xFFFF_FFFF)] = Int32(i)
        }
        trigraph = [Int32](repeating: -1, count: 4096)
        let mask: UInt64 = (1 << 21) - 1
        for (i, id) in classes.trigraph.ids.enumerated() {
            trigraph[256 * code(id >> 42) + 16 * code((id >> 21) & mask) + code(id & mask)] = Int32(i)
        }
    }
}
