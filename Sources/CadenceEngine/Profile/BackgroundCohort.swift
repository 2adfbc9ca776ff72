/// The bounded background cohort a user's discriminative models are trained against: at most
/// ``standardSize`` other users, those with the lowest seeded rank of their id.
///
/// A bottom-k sample (Cohen & Kaplan 2007): the cohort depends only on which ids exist and the
/// seed, never on the order they arrived in, so two nodes (or two runs of an evaluation) pick the
/// same one; a new user joins it only when its rank is among the k lowest, which happens to a
/// fraction k/n of newcomers once n users exist. The service keeps a stored snapshot of it and
/// refreshes the snapshot when the population doubles (``isStale(builtAt:ready:size:)``).
public enum BackgroundCohort {
    /// Other users a model is trained against: where `cadence evaluate mouse --background N`
    /// (Balabit) and `keys-session --background N` (Aalto) stop improving; see docs/service.md.
    public static let standardSize = 16

    /// The seeded rank of an id (FNV-1a, 64 bits, over the seed's and the id's UTF-8 bytes):
    /// stable across processes and machines, unlike `Hasher`.
    public static func rank(_ id: String, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: seed >> UInt64(shift))) }
        for byte in id.utf8 { mix(byte) }
        // FNV's low bits mix poorly for short ids: finish with SplitMix64's avalanche.
        var generator = SplitMix64(seed: hash)
        return generator.next()
    }

    /// The `size` ids of `ids` with the lowest rank, lowest first (all of them when `size` is nil
    /// or larger).
    public static func members(of ids: [String], size: Int?, seed: UInt64) -> [String] {
        let ranked = ids.map { (rank: rank($0, seed: seed), id: $0) }.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
        return ranked.prefix(size ?? ranked.count).map(\.id)
    }

    /// Whether a cohort built when `built` users were ready should be built again now that
    /// `ready` are: while it held fewer than `size + 1` users every new one belongs in it;
    /// after that, when the population has doubled. So a tenant of n users rebuilds it about
    /// log2(n / size) times, and each rebuild retrains every model once.
    public static func isStale(builtAt built: Int, ready: Int, size: Int = standardSize) -> Bool {
        guard ready > built else { return false }
        return built < size + 1 || ready >= 2 * built
    }
}
