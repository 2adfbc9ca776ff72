import Foundation

/// The distances between a free-text sample and a profile that free-text detectors combine.
///
/// Every component is ≥ 0 and grows as the sample looks less like the profile:
/// - `r-dd`, `r-tri`: Gunetti & Picardi's R distance on shared digraph (down-down) and trigraph
///   durations; `a-dd`, `a-tri`, `a-hold`: their A distance (ratio 1.25) on shared digraphs,
///   trigraphs and key holds. Key level, or key-class level when fewer than two n-graphs are shared.
/// - `hold-dev`, `dd-dev`: mean absolute difference of log durations (log ms) per key hold and per
///   digraph latency, the profile's mean shrunk towards its key-class mean (weight
///   ``classPriorWeight`` observations) so that unseen keys and digraphs fall back to their class;
///   `ud-dev`: the same for up-down latency in seconds (it can be negative, so no logarithm).
/// - `r-dd-class`, `a-dd-class`: R and A on key-class digraphs.
/// - one `|Δ|` per global figure (``FreeTextProfile/globalNames``), scaled by the profile's spread
///   plus a population floor.
public struct FreeTextDistances: Sendable {
    public var identity: KeyIdentity
    /// Pseudo-observations of the key-class mean added to a key's or digraph's own mean.
    public var classPriorWeight = 2.0
    /// Population-level floor added to a user's spread of each global figure (same units as the
    /// figure), so a profile with little spread does not blow up the distance.
    public var globalFloors: [Double] = [0.5, 0.02, 0.05, 0.05, 0.1, 0.1]

    public init(identity: KeyIdentity) {
        self.identity = identity
    }

    public static let names =
        [
            "r-dd", "r-tri", "a-dd", "a-tri", "a-hold", "hold-dev", "dd-dev", "ud-dev", "r-dd-class", "a-dd-class",
        ] + FreeTextProfile.globalNames.map { "global-\($0)" }

    /// The components, in the order of ``names``.
    public func components(of sample: FreeTextSample, against profile: FreeTextProfile) -> [Double] {
        let x = sample.keys
        let p = profile.keys
        let xc = sample.classes
        let pc = profile.classes
        var result: [Double] = []
        result.reserveCapacity(Self.names.count)
        let ddPairs = Self.sharedMeans(x.downDown, p.downDown)
        let triPairs = Self.sharedMeans(x.trigraph, p.trigraph)
        let ddClassPairs = Self.sharedMeans(xc.downDown, pc.downDown)
        let rClass = GunettiPicardi.relativeDistance(ddClassPairs) ?? 0.5
        let aClass = GunettiPicardi.absoluteDistance(ddClassPairs) ?? 1
        result.append(GunettiPicardi.relativeDistance(ddPairs) ?? rClass)
        result.append(GunettiPicardi.relativeDistance(triPairs) ?? rClass)
        result.append(GunettiPicardi.absoluteDistance(ddPairs) ?? aClass)
        result.append(GunettiPicardi.absoluteDistance(triPairs) ?? aClass)
        result.append(GunettiPicardi.absoluteDistance(Self.sharedMeans(x.hold, p.hold)) ?? 1)
        result.append(deviation(x.hold, p.hold, pc.hold, classID: classHoldID, transform: logMS))
        result.append(deviation(x.downDown, p.downDown, pc.downDown, classID: classDigraphID, transform: logMS))
        result.append(deviation(x.upDown, p.upDown, pc.upDown, classID: classDigraphID, transform: { $0 / 1_000 }))
        result.append(rClass)
        result.append(aClass)
        let globals = sample.globals
        for i in globals.indices {
            let spread = profile.globalDeviations[i] + globalFloors[i]
            result.append(abs(globals[i] - profile.globalMeans[i]) / spread)
        }
        return result
    }

    /// Mean durations (ms) of the n-graphs both tables hold: (sample, profile).
    static func sharedMeans(_ sample: TimingTable, _ profile: TimingTable) -> [(Double, Double)] {
        var pairs: [(Double, Double)] = []
        pairs.reserveCapacity(min(sample.count, profile.count))
        sample.forEachShared(with: profile) { pairs.append(($0.mean, $1.mean)) }
        return pairs
    }

    private func logMS(_ ms: Double) -> Double { log(max(ms, 1)) }

    private func classHoldID(_ id: UInt64) -> UInt64 {
        UInt64(identity.keyClass(of: UInt32(truncatingIfNeeded: id)).rawValue)
    }

    private func classDigraphID(_ id: UInt64) -> UInt64 {
        let first = identity.keyClass(of: UInt32(truncatingIfNeeded: id >> 32)).rawValue
        let second = identity.keyClass(of: UInt32(truncatingIfNeeded: id)).rawValue
        return TimingTable.digraphID(first, second)
    }

    /// Observation-weighted mean |t(sample mean) − t(profile mean)| over the sample's n-graphs,
    /// the profile mean shrunk towards its class mean; n-graphs unknown at both levels are left
    /// out. 0 when nothing is comparable.
    private func deviation(
        _ sample: TimingTable,
        _ profile: TimingTable,
        _ profileClasses: TimingTable,
        classID: (UInt64) -> UInt64,
        transform: (Double) -> Double
    ) -> Double {
        var total = 0.0
        var weight = 0.0
        for (index, id) in sample.ids.enumerated() {
            let own = profile[id]
            let fallback = profileClasses[classID(id)]
            let expected: Double
            switch (own, fallback) {
            case (let own?, let fallback?):
                let n = Double(own.count)
                expected =
                    (n * transform(own.mean) + classPriorWeight * transform(fallback.mean)) / (n + classPriorWeight)
            case (let own?, nil): expected = transform(own.mean)
            case (nil, let fallback?): expected = transform(fallback.mean)
            case (nil, nil): continue
            }
            let stats = sample.statistics[index]
            total += Double(stats.count) * abs(transform(stats.mean) - expected)
            weight += Double(stats.count)
        }
        return weight > 0 ? total / weight : 0
    }
}
