/// The R (relative) and A (absolute) distances of Gunetti & Picardi 2005, "Keystroke analysis of
/// free text", ACM TISSEC 8(3), between two typing samples over the n-graphs they share.
///
/// Inputs are pairs of durations (milliseconds) of the same n-graph in the two samples.
public enum GunettiPicardi {
    /// GP's threshold for "similar" durations in the A distance: max/min ≤ 1.25.
    public static let similarityRatio = 1.25

    /// R distance: disorder between the two orderings of the shared n-graphs by duration,
    /// `Σ |rank₁ − rank₂|` divided by its maximum (`N²/2` for even `N`, `(N² − 1)/2` for odd), in
    /// [0, 1]. Ties are ordered by the n-graphs' order in `pairs`. Nil with fewer than 2 n-graphs.
    public static func relativeDistance(_ pairs: [(Double, Double)]) -> Double? {
        let n = pairs.count
        guard n >= 2 else { return nil }
        let first = ranks(pairs.map(\.0))
        let second = ranks(pairs.map(\.1))
        var disorder = 0
        for i in 0..<n { disorder += abs(first[i] - second[i]) }
        let maximum = n % 2 == 0 ? n * n / 2 : (n * n - 1) / 2
        return Double(disorder) / Double(maximum)
    }

    /// A distance: `1 − (shared n-graphs whose durations d₁, d₂ > 0 satisfy max/min ≤ ratio) / N`,
    /// in [0, 1]. Pairs with a non-positive duration count as dissimilar. Nil without n-graphs.
    public static func absoluteDistance(_ pairs: [(Double, Double)], ratio: Double = similarityRatio) -> Double? {
        guard !pairs.isEmpty else { return nil }
        var similar = 0
        for (a, b) in pairs where a > 0 && b > 0 && max(a, b) / min(a, b) <= ratio {
            similar += 1
        }
        return 1 - Double(similar) / Double(pairs.count)
    }

    /// Position (0-based) of each value in increasing order, ties in input order.
    static func ranks(_ values: [Double]) -> [Int] {
        // (value, index) pairs sorted lexicographically: ties fall back to input order.
        let order = values.enumerated().map { ($0.element, $0.offset) }.sorted { $0 < $1 }
        var rank = [Int](repeating: 0, count: values.count)
        for (position, item) in order.enumerated() { rank[item.1] = position }
        return rank
    }
}
