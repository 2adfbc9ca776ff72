/// A user's trained models, built from a ``UserProfile`` and the tenant's population.
///
/// Not stored: the service trains it when a session starts and caches it by
/// ``profileRevision``. A modality whose anchor is not complete has no scorer (its samples are
/// collected, not scored).
public struct UserModels: Sendable {
    public var pointer: (any SampleScorer)?
    public var keys: (any SampleScorer)?
    public var login: LoginScorer?
    /// Fingerprints of the user's earlier sessions, for replay detection.
    public var knownFingerprints: Set<UInt64>
    /// The ``UserProfile/revision`` these models were trained from.
    public var profileRevision: Int
    /// The ``UserProfile/sampleRevision`` these models were trained from.
    public var sampleRevision: Int = 0
    /// Why a modality has no scorer, when training failed.
    public var problems: [String]
    /// Anchor sizes of the profile, so a session knows whether its samples may still enrol.
    public var anchorSizes: [Modality: Int] = [:]
    /// Scored modalities whose profile is weak: the owner's own enrolment sessions disagree with
    /// each other too much (or there is only one) to tell the owner from other people reliably
    /// (``isWeak(_:)``). Their evidence challenges but never blocks, and enrolment goes on.
    public var weakModalities: Set<Modality> = []
    /// The owner's usual interpretable measures per scored modality, for explanations.
    public var baselines: [Modality: BehaviourBaseline] = [:]

    /// Least distance between the owner's mean and other people's, in standard deviations of the
    /// owner's own 50-sample session means (``SessionEvidenceModel/ownerConsistency(count:)``),
    /// for a modality to be reliable.
    public static let minimumOwnerConsistency = 3.0

    /// Whether a scorer's calibration says its profile is weak: fewer than two enrolment sessions
    /// to learn the owner's drift from, or the owner's sessions so unlike each other that a
    /// typical one lies within ``minimumOwnerConsistency`` of its own spread from other people.
    public static func isWeak(_ scorer: any SampleScorer) -> Bool {
        let evidence = scorer.evidence
        return evidence.genuine.sessions < 2 || !(evidence.ownerConsistency() >= minimumOwnerConsistency)
    }

    /// The profile's status given these models: `weak` when every scored modality is weak.
    public func status(of profile: UserProfile) -> ProfileStatus {
        guard profile.status != .enrolling else { return .enrolling }
        let scored = [Modality.pointer, .keys].filter { ($0 == .pointer ? pointer : keys) != nil }
        guard !scored.isEmpty else { return profile.status }
        return scored.allSatisfy(weakModalities.contains) ? .weak : .ready
    }

    public init(
        pointer: (any SampleScorer)? = nil, keys: (any SampleScorer)? = nil, login: LoginScorer? = nil,
        knownFingerprints: Set<UInt64> = [], profileRevision: Int = 0, problems: [String] = []
    ) {
        self.pointer = pointer
        self.keys = keys
        self.login = login
        self.knownFingerprints = knownFingerprints
        self.profileRevision = profileRevision
        self.problems = problems
    }

    /// No models: a new user; sessions are checked for automation only.
    public static let none = UserModels()

    /// Trains the models of every ready modality of `profile`.
    ///
    /// - Parameter population: other users' samples; where it holds fewer than
    ///   ``PopulationSamples/minimumUsers`` users for a modality, a synthetic population is used.
    public static func train(
        profile: UserProfile, population: PopulationSamples, enrolment: EnrolmentPolicy = .standard,
        configuration: ModelConfiguration = .standard
    ) -> UserModels {
        var models = UserModels(
            knownFingerprints: Set(profile.fingerprints), profileRevision: profile.revision)
        models.anchorSizes = [.pointer: profile.pointer.anchor.count, .keys: profile.keys.anchor.count]
        models.sampleRevision = profile.sampleRevision
        func impostors(_ others: [[FeatureVector]], like genuine: [FeatureVector]) -> [[FeatureVector]] {
            let usable = others.filter { !$0.isEmpty }
            if usable.count >= PopulationSamples.minimumUsers { return usable }
            return usable + [SyntheticPopulation.samples(like: genuine, count: max(genuine.count, 200))]
        }
        if profile.isReady(.pointer, policy: enrolment) {
            let genuine = profile.pointer.all
            do {
                models.pointer = try configuration.pointerTrainer.train(
                    genuine: profile.pointer.sessions, impostors: impostors(population.pointer, like: genuine))
            } catch {
                models.problems.append("pointer: \(error)")
            }
        }
        if profile.isReady(.keys, policy: enrolment) {
            let genuine = profile.keys.all
            do {
                let trainer = configuration.keyTrainer
                // A trainer that does not ask for a population still sees the real one (never a synthetic one).
                let others = trainer.usesPopulation ? impostors(population.keys, like: genuine) : population.keys
                models.keys = try trainer.train(genuine: profile.keys.sessions, impostors: others)
            } catch {
                models.problems.append("keys: \(error)")
            }
        }
        if profile.isReady(.login, policy: enrolment) {
            models.login = LoginScorer(samples: profile.login.all)
        }
        if models.pointer != nil {
            models.baselines[.pointer] = BehaviourBaseline(modality: .pointer, samples: profile.pointer.all)
        }
        if models.keys != nil {
            models.baselines[.keys] = BehaviourBaseline(modality: .keys, samples: profile.keys.all)
        }
        if let pointer = models.pointer, isWeak(pointer) { models.weakModalities.insert(.pointer) }
        if let keys = models.keys, isWeak(keys) { models.weakModalities.insert(.keys) }
        return models
    }

    /// These models brought up to date with `profile` without retraining, when its pointer and
    /// keys samples are the ones they were trained on (only fingerprints, login samples or status
    /// changed); nil when they must be retrained.
    public func refreshed(for profile: UserProfile, enrolment: EnrolmentPolicy = .standard) -> UserModels? {
        guard profile.sampleRevision == sampleRevision else { return nil }
        var models = self
        models.knownFingerprints = Set(profile.fingerprints)
        models.login = profile.isReady(.login, policy: enrolment) ? LoginScorer(samples: profile.login.all) : nil
        models.profileRevision = profile.revision
        return models
    }
}
