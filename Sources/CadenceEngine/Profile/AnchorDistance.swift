/// How far samples lie from a profile's enrolment anchor: a robust scaled Manhattan distance,
/// the mean over features of `|x − median| / MAD` of the anchor (median absolute deviation).
///
/// Used to keep updates close to the enrolment: a candidate is accepted only if it is no farther
/// than a quantile of the anchor samples' own distances.
struct AnchorDistance {
    var medians: [Double]
    var deviations: [Double]
    var anchor: [FeatureVector]

    init(anchor: [FeatureVector]) {
        self.anchor = anchor
        let width = anchor.first?.count ?? 0
        medians = []
        deviations = []
        for j in 0..<width {
            let column = anchor.map { j < $0.count ? $0[j] : 0 }.sorted()
            let median = column[column.count / 2]
            let spread = column.map { abs($0 - median) }.sorted()
            medians.append(median)
            deviations.append(max(spread[spread.count / 2], 1e-6))
        }
    }

    func distance(_ x: FeatureVector) -> Double {
        guard !medians.isEmpty, x.count == medians.count else { return .infinity }
        var sum = 0.0
        for j in 0..<medians.count { sum += abs(x[j] - medians[j]) / deviations[j] }
        return sum / Double(medians.count)
    }

    /// The candidates within the anchor's `quantile` distance, at most `limit`, closest first.
    func accept(_ candidates: [FeatureVector], quantile: Double, limit: Int) -> (
        accepted: [FeatureVector], rejected: Int
    ) {
        guard !anchor.isEmpty else { return ([], candidates.count) }
        let step = max(anchor.count / 500, 1)
        let own = stride(from: 0, to: anchor.count, by: step).map { distance(anchor[$0]) }.sorted()
        let threshold = own[min(Int(Double(own.count) * min(max(quantile, 0), 1)), own.count - 1)]
        let scored = candidates.map { ($0, distance($0)) }
        let within = scored.filter { $0.1 <= threshold }.sorted { $0.1 < $1.1 }
        let accepted = within.prefix(max(limit, 0)).map(\.0)
        return (accepted, candidates.count - within.count)
    }
}
