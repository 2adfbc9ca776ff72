/// Scores keystroke windows (``KeystrokeWindowVector``s) against a user's free-text profile with
/// the shipped population model (``KeystrokeWindowModel``): the service's keys detector.
///
/// The profile pools every window of the user's anchor and updates; a window is scored by the
/// free-text distances between it and that profile, combined into a log-likelihood ratio by
/// weights fitted offline on other people (Aalto participants), never on the tenant.
public struct KeystrokeWindowScorer: SampleScorer {
    public var model: KeystrokeWindowModel
    public var profile: FreeTextProfile
    /// How runs of windows' log-likelihood ratios become evidence (see ``KeystrokeWindowTrainer``).
    public var evidence: SessionEvidenceModel

    public init(
        model: KeystrokeWindowModel, profile: FreeTextProfile,
        evidence: SessionEvidenceModel = .sumOfLogLikelihoodRatios
    ) {
        self.model = model
        self.profile = profile
        self.evidence = evidence
    }

    /// `log p(x | impostor) / p(x | owner)`; 0 (no evidence) for a vector of another layout.
    public func logLikelihoodRatio(_ sample: FeatureVector) -> Double {
        guard let window = KeystrokeWindowVector.sample(sample) else { return 0 }
        return model.logLikelihoodRatio(window, against: profile)
    }
}

/// Builds ``KeystrokeWindowScorer``s: pools the user's windows into a profile, and calibrates
/// runs of windows on the user's own sessions.
///
/// The per-window combination is population-level and shipped, so a tenant's users never shape
/// another user's per-window scores. The evidence model (``SessionEvidenceModel``) takes the
/// owner's spread from each enrolment session scored against a profile of the other sessions
/// (leave-one-session-out), and the other people's spread from up to ``impostorPeople`` of the
/// tenant's other users (``impostorWindows`` windows each) scored against the whole profile; with
/// fewer than two other users it assumes other people score ``assumedImpostorShift`` above the
/// owner with the owner's spreads, about what Aalto participants show (`cadence evaluate keys-session`).
public struct KeystrokeWindowTrainer: ModalityTrainer {
    public var model: KeystrokeWindowModel

    public init(model: KeystrokeWindowModel = .shipped) {
        self.model = model
    }

    public static let impostorPeople = 8
    public static let impostorWindows = 40
    public static let assumedImpostorShift = 2.0

    /// Reads the tenant's other users' windows (never synthetic ones: see ``UserModels``).
    public var usesPopulation: Bool { false }

    public func train(genuine sessions: [[FeatureVector]], impostors: [[FeatureVector]]) throws -> any SampleScorer {
        let genuine = sessions.flatMap { $0 }
        let windows = genuine.compactMap(KeystrokeWindowVector.sample)
        guard !windows.isEmpty, windows.count == genuine.count else {
            throw DetectorError(
                detector: "keystroke-windows",
                reason: genuine.isEmpty
                    ? "no windows to train on"
                    : "the profile's keys samples are not keystroke-window vectors of width \(KeystrokeWindowVector.width)"
            )
        }
        let profile = FreeTextProfile(enrolment: windows)
        let groups = sessions.map { $0.compactMap(KeystrokeWindowVector.sample) }.filter { !$0.isEmpty }
        var held: [[Double]] = []
        if groups.count >= 2 {
            for (index, group) in groups.enumerated() {
                let rest = groups.enumerated().filter { $0.offset != index }.flatMap(\.element)
                let others = FreeTextProfile(enrolment: rest)
                held.append(group.map { model.logLikelihoodRatio($0, against: others) })
            }
        } else {
            // One session: consecutive blocks of it against the rest.
            let size = max(windows.count / 4, 1)
            for start in stride(from: 0, to: windows.count, by: size) where windows.count > size {
                let range = start..<min(start + size, windows.count)
                let rest = Array(windows[..<range.lowerBound]) + Array(windows[range.upperBound...])
                let others = FreeTextProfile(enrolment: rest)
                held.append(windows[range].map { model.logLikelihoodRatio($0, against: others) })
            }
        }
        let people = impostors.prefix(Self.impostorPeople).map {
            $0.prefix(Self.impostorWindows).compactMap(KeystrokeWindowVector.sample)
                .map { model.logLikelihoodRatio($0, against: profile) }
        }.filter { !$0.isEmpty }
        var evidence = SessionEvidenceModel.sumOfLogLikelihoodRatios
        if let own = ScoreSpread.fit(held, separateSessions: groups.count) {
            var other = ScoreSpread(
                mean: own.mean + Self.assumedImpostorShift, withinSession: own.withinSession,
                betweenSessions: own.betweenSessions, sessions: 0)
            if people.count >= 2, let fitted = ScoreSpread.fit(people), fitted.mean > own.mean {
                other = fitted
            }
            evidence = SessionEvidenceModel(genuine: own, impostor: other)
        }
        return KeystrokeWindowScorer(model: model, profile: profile, evidence: evidence)
    }
}
