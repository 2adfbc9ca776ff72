import Foundation

/// A session's recency-weighted mean of each ``DeviationMeasure`` of one modality (log scale),
/// with the same half-life as the evidence, so an explanation describes the behaviour that trust
/// is currently made of.
public struct DeviationTracker: Sendable, Codable, Hashable {
    public private(set) var sums: [Double] = []
    public private(set) var weights: [Double] = []

    public init() {}

    mutating func add(_ sample: FeatureVector, modality: Modality, halfLife: Double) {
        let measures = DeviationMeasure.measures(of: modality)
        if sums.count != measures.count {
            sums = Array(repeating: 0, count: measures.count)
            weights = Array(repeating: 0, count: measures.count)
        }
        let decay = halfLife > 0 && halfLife.isFinite ? pow(0.5, 1 / halfLife) : 1
        for (k, measure) in measures.enumerated() {
            guard let value = measure.value(sample) else { continue }
            sums[k] = sums[k] * decay + value
            weights[k] = weights[k] * decay + 1
        }
    }

    /// The measures that differ most from the owner's usual, in words, most different first:
    /// at most `limit`, each at least 10% away and a quarter of a standard deviation of the
    /// owner's single samples, from at least 3 samples' worth of weight.
    func deviations(from baseline: BehaviourBaseline, limit: Int = 2) -> [String] {
        let measures = DeviationMeasure.measures(of: baseline.modality)
        var found: [(size: Double, text: String)] = []
        for (k, measure) in measures.enumerated()
        where k < sums.count && k < baseline.means.count && weights[k] >= 3 {
            guard let usual = baseline.means[k] else { continue }
            let difference = sums[k] / weights[k] - usual
            let relative = exp(difference) - 1
            let size = abs(difference) / baseline.deviations[k]
            guard abs(relative) >= 0.1, size >= 0.25 else { continue }
            let percent = Int((abs(relative) * 100).rounded())
            found.append((size, "\(measure.phrase) \(percent)% \(relative > 0 ? "above" : "below") the owner's usual"))
        }
        return found.sorted { $0.size > $1.size }.prefix(limit).map(\.text)
    }
}
