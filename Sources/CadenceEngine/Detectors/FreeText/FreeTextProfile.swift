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
