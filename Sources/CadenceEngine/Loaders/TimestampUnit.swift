/// The unit a data file writes its timestamps in.
///
/// Cadence works in milliseconds; loaders multiply seconds by 1000. `auto` decides per file: a
/// header naming milliseconds (`ms`, `millis`) wins; otherwise the median step between distinct
/// consecutive timestamps decides (pointer devices report every 1–50 ms, so a median step of 1
/// or more means milliseconds, below 1 means seconds).
public enum TimestampUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case seconds
    case milliseconds
    case auto

    /// Factor that turns a timestamp in this unit into milliseconds (`auto` has none).
    public var millisecondsPerUnit: Double? {
        switch self {
        case .seconds: 1000
        case .milliseconds: 1
        case .auto: nil
        }
    }

    /// Guesses the unit of increasing timestamps from the median step between distinct ones.
    ///
    /// - Parameter timestamps: raw timestamps in file order (any unit).
    /// - Returns: `.milliseconds` when the median positive step is at least 1, else `.seconds`.
    public static func guess(from timestamps: [Double]) -> TimestampUnit {
        var steps: [Double] = []
        steps.reserveCapacity(min(timestamps.count, 2000))
        var previous: Double?
        for t in timestamps {
            if let p = previous, t > p { steps.append(t - p) }
            previous = t
            if steps.count >= 2000 { break }
        }
        guard !steps.isEmpty else {
            // No step to judge by: epoch-like magnitudes are milliseconds, small ones seconds.
            return (timestamps.first.map { abs($0) > 1e11 } ?? false) ? .milliseconds : .seconds
        }
        steps.sort()
        return steps[steps.count / 2] >= 1 ? .milliseconds : .seconds
    }
}
