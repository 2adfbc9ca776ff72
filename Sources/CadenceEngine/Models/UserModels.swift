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
                    genuine: genuine, impostors: impostors(population.pointer, like: genuine))
            } catch {
                models.problems.append("pointer: \(error)")
            }
        }
        if profile.isReady(.keys, policy: enrolment) {
            let genuine = profile.keys.all
            do {
                let trainer = configuration.keyTrainer
                let others = trainer.usesPopulation ? impostors(population.keys, like: genuine) : []
                models.keys = try trainer.train(genuine: genuine, impostors: others)
            } catch {
                models.problems.append("keys: \(error)")
            }
        }
        if profile.isReady(.login, policy: enrolment) {
            models.login = LoginScorer(samples: profile.login.all)
        }
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
