/// All ``FreeTextDistances`` components, each test-normalised against a cohort of population
/// profiles, combined by a logistic regression learned on that population, and the result
/// test-normalised again (T-norm, Auckenthaler et al. 2000).
///
/// Population-level training only: the spreads, the combination weights and the cohort come from
/// participants disjoint from the users scored; a user contributes nothing but their own profile.
/// T-norm asks "how much closer is this sample to the claimed profile than to other people's?":
/// the score is the number of cohort standard deviations by which the sample's combined distance
/// to the profile exceeds (positive) or falls short of its distances to the cohort's profiles.
public struct CombinedFreeTextDetector: FreeTextDetector {
    public let name: String
    public let learnsFromPopulation = true
    public var distances: FreeTextDistances
    /// Impostor samples per training participant (one from each of this many others, at random).
    public var trainingImpostors = 60
    /// Most cohort profiles kept for T-norm; 0 disables T-norm.
    public let cohortSize: Int
    public private(set) var combination: LogisticRegression?
    public private(set) var cohort: [FreeTextProfile] = []

    /// - Parameter cohortSize: cohort profiles for T-norm (0: no normalisation, raw combination).
    public init(identity: KeyIdentity, cohortSize: Int = 200) {
        distances = FreeTextDistances(identity: identity)
        self.cohortSize = cohortSize
        name = cohortSize > 0 ? "combined-tnorm" : "combined"
    }

    public func trained(onPopulation participants: [[FreeTextSample]], enrolCount: Int, seed: UInt64) -> Self {
        let usable = participants.filter { $0.count > enrolCount }
        guard usable.count >= 3 else { return self }
        let profiles = usable.map { FreeTextProfile(enrolment: Array($0.prefix(enrolCount))) }
        var copy = self
        copy.distances.spreads = FreeTextDistances.Spreads(profiles: profiles)
        var generator = SplitMix64(seed: seed ^ 0xC0_4081)
        let cohortMembers = generator.sample(min(cohortSize, usable.count), from: Array(usable.indices))
        copy.cohort = cohortMembers.map { profiles[$0] }
        let trainer = copy
        // Component normalisation of every population sample, against the cohort without its owner.
        let normalisers = ParallelMap.map(usable.count) { o in
            let others = cohortMembers.filter { $0 != o }.map { profiles[$0] }
            return usable[o].map { trainer.componentNormaliser(of: $0, cohort: others) }
        }
        let impostorCount = min(trainingImpostors, usable.count - 1)
        let rows = ParallelMap.map(usable.count) { u -> (genuine: [[Double]], impostor: [[Double]]) in
            var generator = SplitMix64(seed: seed &+ UInt64(u) &* 0x9E37_79B9_7F4A_7C15)
            func row(_ o: Int, _ s: Int) -> [Double] {
                Self.expand(
                    normalisers[o][s].apply(trainer.distances.components(of: usable[o][s], against: profiles[u])))
            }
            let genuine = (enrolCount..<usable[u].count).map { row(u, $0) }
            let others = generator.sample(impostorCount, from: Array((0..<usable.count).filter { $0 != u }))
            let impostor = others.map { o in row(o, Int(generator.next() % UInt64(usable[o].count))) }
            return (genuine, impostor)
        }
        copy.combination = LogisticRegression.fit(
            positives: rows.flatMap(\.impostor), negatives: rows.flatMap(\.genuine))
        return copy
    }

    public func probe(_ sample: FreeTextSample) -> FreeTextProbe {
        guard let combination, cohort.count >= 2 else { return FreeTextProbe(sample: sample) }
        let components = cohort.map { distances.components(of: sample, against: $0) }
        let normaliser = ComponentNormaliser(components)
        let stats = TimingStatistics(components.map { combination.logit(Self.expand(normaliser.apply($0))) })
        return FreeTextProbe(
            sample: sample, offset: stats.mean, scale: max(stats.standardDeviation, 1e-9),
            componentOffsets: normaliser.offsets, componentScales: normaliser.scales)
    }

    public func score(_ probe: FreeTextProbe, against profile: FreeTextProfile) -> Double {
        let c = distances.components(of: probe.sample, against: profile)
        guard let combination else { return c[0] + c[1] + c[2] + c[3] }
        return probe.normalised(combination.logit(Self.expand(probe.normalisedComponents(c))))
    }

    /// The normalised components and their squares, so the combination can bend.
    static func expand(_ x: [Double]) -> [Double] {
        x + x.map { $0 * $0 }
    }

    private func componentNormaliser(of sample: FreeTextSample, cohort: [FreeTextProfile]) -> ComponentNormaliser {
        guard cohortSize > 0, cohort.count >= 2 else {
            return ComponentNormaliser(identityOf: FreeTextDistances.names.count)
        }
        return ComponentNormaliser(cohort.map { distances.components(of: sample, against: $0) })
    }
}

/// Per-component offsets and scales (T-norm of each distance component over a cohort).
struct ComponentNormaliser: Sendable {
    var offsets: [Double]
    var scales: [Double]

    init(identityOf count: Int) {
        offsets = [Double](repeating: 0, count: count)
        scales = [Double](repeating: 1, count: count)
    }

    init(_ rows: [[Double]]) {
        let d = rows.first?.count ?? 0
        let stats = (0..<d).map { j in TimingStatistics(rows.map { $0[j] }) }
        offsets = stats.map(\.mean)
        scales = stats.map { max($0.standardDeviation, 1e-6) }
    }

    func apply(_ components: [Double]) -> [Double] {
        components.indices.map { (components[$0] - offsets[$0]) / scales[$0] }
    }
}
