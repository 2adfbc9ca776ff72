/// Count, mean and spread of one timing (a key's hold time, a digraph's latency), in
/// milliseconds, updated one observation at a time (Welford 1962).
public struct TimingStatistics: Sendable, Hashable, Codable {
    public private(set) var count = 0
    /// Mean in milliseconds; 0 when empty.
    public private(set) var mean = 0.0
    /// Sum of squared deviations from the mean (ms²).
    public private(set) var sumOfSquares = 0.0

    public init() {}

    public init(_ values: some Sequence<Double>) {
        for value in values { add(value) }
    }

    /// Statistics restored from their count, mean (ms) and sample standard deviation (ms), as
    /// stored in a ``KeystrokeWindowVector``.
    init(count: Int, mean: Double, standardDeviation: Double) {
        self.count = max(count, 0)
        self.mean = count > 0 ? mean : 0
        sumOfSquares = count > 1 ? standardDeviation * standardDeviation * Double(count - 1) : 0
    }

    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquares += delta * (value - mean)
    }

    /// The statistics of both sets of observations together (Chan et al. 1979).
    public func merged(with other: TimingStatistics) -> TimingStatistics {
        guard other.count > 0 else { return self }
        guard count > 0 else { return other }
        var result = TimingStatistics()
        let n = Double(count + other.count)
        let delta = other.mean - mean
        result.count = count + other.count
        result.mean = mean + delta * Double(other.count) / n
        result.sumOfSquares =
            sumOfSquares + other.sumOfSquares + delta * delta * Double(count) * Double(other.count) / n
        return result
    }

    /// Sample standard deviation (n - 1) in milliseconds; 0 with fewer than two observations.
    public var standardDeviation: Double {
        count < 2 ? 0 : (sumOfSquares / Double(count - 1)).squareRoot()
    }
}
