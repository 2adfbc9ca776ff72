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
    /// Pseudo-observations of the population spread pooled with an n-graph's own spread.
    public var spreadPriorWeight = 3.0
    /// Population within-user spreads of the transformed timings (see ``Spreads``).
    public var spreads = Spreads()
    /// Population-level floor added to a user's spread of each global figure (same units as the
    /// figure), so a profile with little spread does not blow up the distance.
    public var globalFloors: [Double] = [0.5, 0.02, 0.05, 0.05, 0.1, 0.1]

    /// Typical within-user spread of one n-graph's timing: log-duration standard deviation
    /// (≈ coefficient of variation) for holds, down-down and trigraphs; seconds for up-down.
    public struct Spreads: Sendable, Hashable, Codable {
        public var hold = 0.2
        public var downDown = 0.3
        public var upDown = 0.08
        public var trigraph = 0.25

        public init() {}

        public init(hold: Double, downDown: Double, upDown: Double, trigraph: Double) {
            self.hold = hold
            self.downDown = downDown
            self.upDown = upDown
            self.trigraph = trigraph
        }

        /// Pooled within-user spreads of a population's profiles (n-graphs seen at least twice).
        public init(profiles: [FreeTextProfile]) {
            func pooled(_ tables: [TimingTable], _ spread: (TimingStatistics) -> Double) -> Double {
                var sum = 0.0
                var freedom = 0.0
                for table in tables {
                    for stats in table.statistics where stats.count >= 2 {
                        let s = spread(stats)
                        sum += Double(stats.count - 1) * s * s
                        freedom += Double(stats.count - 1)
                    }
                }
                return freedom > 0 ? (sum / freedom).squareRoot() : 0
            }
            let cv: (TimingStatistics) -> Double = { $0.mean > 1 ? $0.standardDeviation / $0.mean : 0 }
            hold = pooled(profiles.map(\.keys.hold), cv)
            downDown = pooled(profiles.map(\.keys.downDown), cv)
            upDown = pooled(profiles.map(\.keys.upDown)) { $0.standardDeviation / 1_000 }
            trigraph = pooled(profiles.map(\.keys.trigraph), cv)
        }
    }

    public init(identity: KeyIdentity) {
        self.identity = identity
    }

    public static let names =
        [
            "r-dd", "r-tri", "a-dd", "a-tri", "a-hold", "hold-dev", "dd-dev", "ud-dev", "r-dd-class", "a-dd-class",
            "hold-z", "dd-z", "ud-z", "tri-dev", "tri-z", "hold-class-z", "dd-class-z", "ud-class-z", "hold-z2",
            "dd-z2", "ud-z2", "r-hold", "r-ud",
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
        let hold = deviation(
            x.hold, sample.classIDs.hold, p.hold, pc.hold, profile.classIndex.hold, logComparison(spreads.hold))
        let downDown = deviation(
            x.downDown, sample.classIDs.digraph, p.downDown, pc.downDown, profile.classIndex.digraph,
            logComparison(spreads.downDown))
        let upDown = deviation(
            x.upDown, sample.classIDs.digraph, p.upDown, pc.upDown, profile.classIndex.digraph,
            secondsComparison(spreads.upDown))
        let trigraph = deviation(
            x.trigraph, sample.classIDs.trigraph, p.trigraph, pc.trigraph, profile.classIndex.trigraph,
            logComparison(spreads.trigraph))
        result.append(hold.absolute)
        result.append(downDown.absolute)
        result.append(upDown.absolute)
        result.append(rClass)
        result.append(aClass)
        result.append(hold.standardised)
        result.append(downDown.standardised)
        result.append(upDown.standardised)
        result.append(trigraph.absolute)
        result.append(trigraph.standardised)
        let holdClass = deviation(
            xc.hold, xc.hold.ids.map { Int(min($0, 15)) }, pc.hold, pc.hold, profile.classIndex.hold,
            logComparison(spreads.hold))
        let downDownClass = deviation(
            xc.downDown, xc.downDown.ids.map { Self.digraphClassCode($0) }, pc.downDown, pc.downDown,
            profile.classIndex.digraph, logComparison(spreads.downDown))
        let upDownClass = deviation(
            xc.upDown, xc.upDown.ids.map { Self.digraphClassCode($0) }, pc.upDown, pc.upDown,
            profile.classIndex.digraph, secondsComparison(spreads.upDown))
        result.append(holdClass.standardised)
        result.append(downDownClass.standardised)
        result.append(upDownClass.standardised)
        result.append(hold.squared)
        result.append(downDown.squared)
        result.append(upDown.squared)
        let holdPairs = Self.sharedMeans(x.hold, p.hold)
        let holdClassPairs = Self.sharedMeans(xc.hold, pc.hold)
        result.append(
            GunettiPicardi.relativeDistance(holdPairs) ?? GunettiPicardi.relativeDistance(holdClassPairs) ?? 0.5)
        result.append(GunettiPicardi.relativeDistance(Self.sharedMeans(x.upDown, p.upDown)) ?? rClass)
        let globals = sample.globals
        for i in globals.indices {
            let spread = profile.globalDeviations[i] + globalFloors[i]
            result.append(abs(globals[i] - profile.globalMeans[i]) / spread)
        }
        return result
    }

    /// The ``FreeTextSample/ClassIDs`` code of a key-class digraph id.
    static func digraphClassCode(_ id: UInt64) -> Int {
        16 * Int(min(id >> 32, 15)) + Int(min(id & 0xFFFF_FFFF, 15))
    }

    /// Mean durations (ms) of the n-graphs both tables hold: (sample, profile).
    static func sharedMeans(_ sample: TimingTable, _ profile: TimingTable) -> [(Double, Double)] {
        var pairs: [(Double, Double)] = []
        pairs.reserveCapacity(min(sample.count, profile.count))
        sample.forEachShared(with: profile) { pairs.append(($0.mean, $1.mean)) }
        return pairs
    }

    /// How one kind of timing is compared: on log durations (log ms) or on seconds (up-down
    /// latency, which can be negative), with the population within-user spread on that scale as the
    /// prior for n-graphs observed only a few times.
    struct Comparison {
        var logarithmic: Bool
        var populationSpread: Double

        /// The transformed mean of entry `i` of a table.
        @inline(__always) func value(_ table: TimingTable, _ i: Int) -> Double {
            logarithmic ? table.logMeans[i] : table.statistics[i].mean / 1_000
        }

        /// The spread of transformed values of one n-graph's statistics (log scale: coefficient of
        /// variation).
        @inline(__always) func spread(_ stats: TimingStatistics) -> Double {
            if logarithmic { return stats.mean > 1 ? stats.standardDeviation / stats.mean : 0 }
            return stats.standardDeviation / 1_000
        }
    }

    func logComparison(_ populationSpread: Double) -> Comparison {
        Comparison(logarithmic: true, populationSpread: populationSpread)
    }

    func secondsComparison(_ populationSpread: Double) -> Comparison {
        Comparison(logarithmic: false, populationSpread: populationSpread)
    }

    /// z² above this counts as this much in the squared deviation, so one odd keystroke cannot dominate.
    static let squaredCap = 16.0

    /// Observation-weighted means over the sample's n-graphs of |t(sample mean) − expected|, of
    /// that difference in spreads (|z|) and of z² (capped at ``squaredCap``). The expected value is the profile's mean shrunk towards
    /// its key-class mean; the spread pools the profile's own spread with the population spread
    /// (weight ``spreadPriorWeight``). N-graphs unknown at both levels are left out; (0, 0) when
    /// nothing is comparable.
    func deviation(
        _ sample: TimingTable,
        _ classIDs: [Int],
        _ profile: TimingTable,
        _ profileClasses: TimingTable,
        _ classIndex: [Int32],
        _ comparison: Comparison
    ) -> (absolute: Double, standardised: Double, squared: Double) {
        var total = 0.0
        var totalZ = 0.0
        var totalZ2 = 0.0
        var weight = 0.0
        let prior = comparison.populationSpread * comparison.populationSpread * spreadPriorWeight
        var cursor = 0  // both id lists are sorted: walk the profile's along the sample's
        let profileIDs = profile.ids
        for index in sample.ids.indices {
            let id = sample.ids[index]
            while cursor < profileIDs.count && profileIDs[cursor] < id { cursor += 1 }
            let own: Int? = cursor < profileIDs.count && profileIDs[cursor] == id ? cursor : nil
            let fallbackIndex = Int(classIndex[classIDs[index]])
            let fallback: Int? = fallbackIndex >= 0 ? fallbackIndex : nil
            let expected: Double
            let reference: TimingStatistics
            switch (own, fallback) {
            case (let own?, let fallback?):
                let stats = profile.statistics[own]
                let n = Double(stats.count)
                expected =
                    (n * comparison.value(profile, own) + classPriorWeight * comparison.value(profileClasses, fallback))
                    / (n + classPriorWeight)
                reference = stats.count >= 2 ? stats : profileClasses.statistics[fallback]
            case (let own?, nil):
                expected = comparison.value(profile, own)
                reference = profile.statistics[own]
            case (nil, let fallback?):
                expected = comparison.value(profileClasses, fallback)
                reference = profileClasses.statistics[fallback]
            case (nil, nil): continue
            }
            let freedom = Double(max(reference.count - 1, 0))
            let ownSpread = comparison.spread(reference)
            let spread = ((freedom * ownSpread * ownSpread + prior) / (freedom + spreadPriorWeight)).squareRoot()
            let count = Double(sample.statistics[index].count)
            let difference = abs(comparison.value(sample, index) - expected)
            total += count * difference
            let z = difference / max(spread, 1e-6)
            totalZ += count * z
            totalZ2 += count * min(z * z, Self.squaredCap)
            weight += count
        }
        return weight > 0 ? (total / weight, totalZ / weight, totalZ2 / weight) : (0, 0, 0)
    }
}
