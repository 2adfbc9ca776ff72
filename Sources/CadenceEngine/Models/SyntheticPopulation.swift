/// Breiman's synthetic second class: samples whose features are drawn independently from the
/// user's own marginals (Breiman 2001, *Random Forests*, unsupervised mode).
///
/// Used as the impostor class when a tenant has too few other users: it keeps each feature's
/// range and distribution but not their joint structure, so a discriminative model learns what is
/// characteristic of the user's combinations of values. Deterministic for a given seed.
enum SyntheticPopulation {
    static func samples(like genuine: [FeatureVector], count: Int, seed: UInt64 = 0x5EED) -> [FeatureVector] {
        guard let width = genuine.first?.count, !genuine.isEmpty else { return [] }
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<count).map { _ in
            (0..<width).map { j in
                let row = genuine[Int(next() % UInt64(genuine.count))]
                return j < row.count ? row[j] : 0
            }
        }
    }
}
