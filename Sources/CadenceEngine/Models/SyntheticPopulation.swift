/// Breiman's synthetic second class: samples whose features are drawn independently from the
/// user's own marginals (Breiman 2001, *Random Forests*, unsupervised mode).
///
/// Used as the impostor class when a tenant has too few other users: it keeps each feature's
/// range and distribution but not their joint structure, so a discriminative model learns what is
/// characteristic of the user's combinations of values. Deterministic for a given seed.
enum SyntheticPopulation {
    static func samples(like genuine: [FeatureVector], count: Int, seed: UInt64 = 0x5EED) -> [FeatureVector] {
        guard let width = genuine.first?.count, !genuine.isEmpty else { return [] }
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<width).map { j in
                let row = genuine[Int(generator.next() % UInt64(genuine.count))]
                return j < row.count ? row[j] : 0
            }
        }
    }
}
