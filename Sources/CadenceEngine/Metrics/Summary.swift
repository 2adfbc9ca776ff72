import Foundation

/// Mean and standard deviation of a list of figures (sample standard deviation, n - 1).
public struct MeanAndDeviation: Sendable, Codable, Hashable {
    public var mean: Double
    public var standardDeviation: Double
    public var count: Int

    public init(_ values: [Double]) {
        let finite = values.filter { $0.isFinite }
        count = finite.count
        guard !finite.isEmpty else {
            mean = .nan
            standardDeviation = .nan
            return
        }
        mean = finite.reduce(0, +) / Double(finite.count)
        if finite.count < 2 {
            standardDeviation = 0
        } else {
            let m = mean
            standardDeviation = (finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(finite.count - 1)).squareRoot()
        }
    }
}
