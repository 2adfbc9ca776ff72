/// All ``FreeTextDistances`` components combined by a logistic regression learned on a
/// population, then test-normalised (T-norm, Auckenthaler et al. 2000) against a cohort of that
/// population's profiles.
///
/// Population-level training only: the combination weights and the cohort come from participants
/// disjoint from the users scored; a user contributes nothing but their own profile. The score is
/// the number of cohort standard deviations by which the sample's combined distance to the
/// profile exceeds (positive) or falls short of its mean distance to the cohort's profiles.
public struct CombinedFreeTextDetector: FreeTextDetector {
    public let name: String
    public let learnsFromPopulation = true
    public var distances: FreeTextDistances
    /// Impostor samples per training participant (one from each of this many others, at random).
    public var trainingImpostors = 60
    /// Most cohort profiles kept for T-norm; 0 disables T-norm.
    public var cohortSize = 200
    public private(set) var combination: LogisticRegression?
    public private(set) var cohort: [FreeTextProfile] = []

    public init(identity: KeyIdentity, cohortSize: Int = 200) {
        distances = FreeTextDistances(identity: identity)
        self.cohortSize = cohortSize
        name = cohortSize > 0 ? "combined-tnorm" : "combined"
    }

    public func trained(onPopulation participants: [[FreeTextSample]], enrolCount: Int, seed: UInt64) -> Self {
        let usable = participants.filter { $0.count > enrolCount }
        guard usable.count >= 2 else { return self }
        let profiles = usable.map { FreeTextProfile(enrolment: Array($0.prefix(enrolCount))) }
        var tuned = self.distances
        tuned.spreads = FreeTextDistances.Spreads(profiles: profiles)
        let distances = tuned
        let impostorCount = min(trainingImpostors, usable.count - 1)
        let rows = ParallelMap.map(usable.count) { u -> (genuine: [[Double]], impostor: [[Double]]) in
            var generator = SeededSampler(seed: seed &+ UInt64(u) &* 0x9E37_79B9_7F4A_7C15)
            let genuine = usable[u].dropFirst(enrolCount).map { distances.components(of: $0, against: profiles[u]) }
            let others = SeededSampler.sample(
                impostorCount, from: Array((0..<usable.count).filter { $0 != u }), using: &generator)
            let impostor = others.map { o in
                let samples = usable[o]
                return distances.components(
                    of: samples[Int(generator.next() % UInt64(samples.count))], against: profiles[u])
            }
            return (genuine, impostor)
        }
        var copy = self
        copy.distances = distances
        copy.combination = LogisticRegression.fit(
            positives: rows.flatMap(\.impostor), negatives: rows.flatMap(\.genuine))
        var generator = SeededSampler(seed: seed ^ 0xC0_4081)
        copy.cohort = SeededSampler.sample(min(cohortSize, profiles.count), from: profiles, using: &generator)
        return copy
    }

    public func probe(_ sample: FreeTextSample) -> FreeTextProbe {
        guard cohort.count >= 2 else { return FreeTextProbe(sample: sample) }
        let stats = TimingStatistics(cohort.map { raw(sample, $0) })
        return FreeTextProbe(sample: sample, offset: stats.mean, scale: max(stats.standardDeviation, 1e-9))
    }

    public func score(_ probe: FreeTextProbe, against profile: FreeTextProfile) -> Double {
        probe.normalised(raw(probe.sample, profile))
    }

    private func raw(_ sample: FreeTextSample, _ profile: FreeTextProfile) -> Double {
        let c = distances.components(of: sample, against: profile)
        guard let combination else { return c[0] + c[1] + c[2] + c[3] }
        return combination.logit(c)
    }
}
