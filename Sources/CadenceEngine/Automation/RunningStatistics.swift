/// Count, mean and variance of a stream of values in O(1) memory (Welford 1962).
public struct RunningStatistics: Sendable, Codable, Hashable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var m2 = 0.0

    public init() {}

    public mutating func add(_ value: Double) {
        guard value.isFinite else { return }
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        m2 += delta * (value - mean)
    }

    /// Population variance; 0 for fewer than two values.
    public var variance: Double { count > 1 ? m2 / Double(count) : 0 }
    public var standardDeviation: Double { variance.squareRoot() }
    /// Standard deviation over mean (0 when the mean is 0).
    public var coefficientOfVariation: Double { mean != 0 ? standardDeviation / abs(mean) : 0 }
}
