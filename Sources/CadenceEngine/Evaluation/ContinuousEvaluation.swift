/// The continuous-authentication protocol run offline, with no server: enrol each user from
/// training sessions through the same ``SessionPipeline`` the service uses, then replay test
/// sessions batch by batch and record how trust evolved.
///
/// Matches what `cadence replay` does through the HTTP API, so a test can check it on a small
/// slice. Reports per session the decision reached, the lowest trust, and the actions until the
/// first challenge and block; ``Summary`` aggregates detection of illegal sessions, false blocks
/// of legal ones, and ANIA / ANGA (Mondal & Bours).
public struct ContinuousEvaluation: Sendable {
    /// One user's sessions: training (the owner's) and labelled tests.
    public struct User: Sendable {
        public var name: String
        public var training: [[PointerEvent]]
        public var tests: [TestSession]

        public init(name: String, training: [[PointerEvent]], tests: [TestSession]) {
            self.name = name
            self.training = training
            self.tests = tests
        }
    }

    public struct TestSession: Sendable {
        public var name: String
        public var events: [PointerEvent]
        /// True if someone other than the owner produced it; nil if unlabelled.
        public var illegal: Bool?

        public init(name: String, events: [PointerEvent], illegal: Bool?) {
            self.name = name
            self.events = events
            self.illegal = illegal
        }
    }

    /// The outcome of one replayed test session (the shape of `cadence replay --json`).
    public struct SessionResult: Sendable, Codable, Hashable {
        public var user: String
        public var session: String
        public var illegal: Bool?
        public var decision: Decision
        public var minTrust: Double
        /// Actions scored.
        public var actions: Int
        public var actionsUntilChallenge: Int?
        public var actionsUntilBlock: Int?
        public var automation: AutomationVerdict.Level
        /// Each scored action's raw score, when ``ContinuousEvaluation/recordScores`` is set.
        public var scores: [Double]?
        /// The user's pointer evidence model, when ``ContinuousEvaluation/recordScores`` is set.
        public var evidence: SessionEvidenceModel?
        /// Whether the user's profile was weak (every scored modality), when ``ContinuousEvaluation/recordScores`` is set.
        public var weak: Bool?

        public init(
            user: String, session: String, illegal: Bool?, decision: Decision, minTrust: Double, actions: Int,
            actionsUntilChallenge: Int?, actionsUntilBlock: Int?, automation: AutomationVerdict.Level
        ) {
            self.user = user
            self.session = session
            self.illegal = illegal
            self.decision = decision
            self.minTrust = minTrust
            self.actions = actions
            self.actionsUntilChallenge = actionsUntilChallenge
            self.actionsUntilBlock = actionsUntilBlock
            self.automation = automation
            self.scores = nil
        }
    }

    /// Aggregates over labelled sessions.
    public struct Summary: Sendable, Codable, Hashable {
        public var illegalSessions = 0
        /// Illegal sessions that reached `challenge` or `block`.
        public var illegalDetected = 0
        public var illegalBlocked = 0
        public var legalSessions = 0
        public var legalChallenged = 0
        public var legalBlocked = 0
        /// Average impostor actions before the first challenge, over detected illegal sessions.
        public var ania: Double?
        /// Average genuine actions before the first challenge, over challenged legal sessions.
        public var anga: Double?

        public var detectionRate: Double { Double(illegalDetected) / Double(max(illegalSessions, 1)) }
        public var legalBlockRate: Double { Double(legalBlocked) / Double(max(legalSessions, 1)) }
        public var legalChallengeRate: Double { Double(legalChallenged) / Double(max(legalSessions, 1)) }

        public init(_ results: [SessionResult]) {
            var impostor = LockoutStatistics()
            var genuine = LockoutStatistics()
            for r in results {
                guard let illegal = r.illegal else { continue }
                let reached = r.decision >= .challenge || r.actionsUntilChallenge != nil
                if illegal {
                    illegalSessions += 1
                    if reached { illegalDetected += 1 }
                    if r.actionsUntilBlock != nil { illegalBlocked += 1 }
                    impostor.add(actionsUntilLockout: r.actionsUntilChallenge, actions: r.actions)
                } else {
                    legalSessions += 1
                    if reached { legalChallenged += 1 }
                    if r.actionsUntilBlock != nil { legalBlocked += 1 }
                    genuine.add(actionsUntilLockout: r.actionsUntilChallenge, actions: r.actions)
                }
            }
            ania = impostor.averageActionsBeforeLockout
            anga = genuine.averageActionsBeforeLockout
        }
    }

    public var pipeline: SessionPipeline
    /// Pointer events per batch (the SDK sends about one batch a second).
    public var batchSize: Int
    /// Keep every action's log-likelihood ratio in the results (for choosing trust parameters).
    public var recordScores: Bool

    public init(pipeline: SessionPipeline = SessionPipeline(), batchSize: Int = 64, recordScores: Bool = false) {
        self.pipeline = pipeline
        self.batchSize = batchSize
        self.recordScores = recordScores
    }

    /// Enrols every user, then replays every test session; results in user, then session order.
    public func run(_ users: [User]) -> [SessionResult] {
        var profiles: [String: UserProfile] = [:]
        for user in users {
            var profile = UserProfile()
            for session in user.training {
                var state = pipeline.start(authenticated: true, models: .none)
                feed(session, into: &state, models: .none)
                _ = pipeline.end(&state, outcome: .genuine, profile: &profile, models: .none)
            }
            profiles[user.name] = profile
        }
        var results: [SessionResult] = []
        for user in users {
            guard let profile = profiles[user.name] else { continue }
            // In user-id order, as the service reads the tenant's ready profiles.
            let others = users.filter { $0.name != user.name }.sorted { $0.name < $1.name }.compactMap {
                profiles[$0.name]
            }
            let models = UserModels.train(
                profile: profile, population: PopulationSamples(profiles: others), enrolment: pipeline.enrolment,
                configuration: pipeline.configuration)
            for test in user.tests {
                var state = pipeline.start(authenticated: false, models: models)
                if recordScores { state.scoreLog = [] }
                feed(test.events, into: &state, models: models)
                pipeline.finish(&state, models: models)
                var result = SessionResult(
                    user: user.name, session: test.name, illegal: test.illegal, decision: state.decision,
                    minTrust: state.minimumTrust, actions: state.scoredSamples,
                    actionsUntilChallenge: state.samplesUntilChallenge, actionsUntilBlock: state.samplesUntilBlock,
                    automation: state.automation.level)
                result.scores = state.scoreLog
                if recordScores {
                    result.evidence = models.pointer?.evidence
                    result.weak = models.status(of: profile) == .weak
                }
                results.append(result)
            }
        }
        return results
    }

    /// A protocol on training files only, for choosing parameters without touching test labels:
    /// each user enrols from all training sessions but the last; that last session, cut into
    /// pieces of `chunk` events, gives the legal tests, and pieces of the other users' last
    /// training sessions (at most `perImpostor` each) give the illegal ones.
    public static func heldOutTraining(
        _ training: [(name: String, sessions: [[PointerEvent]])], chunk: Int = 1500, perImpostor: Int = 3
    ) -> [User] {
        func pieces(_ events: [PointerEvent]) -> [[PointerEvent]] {
            stride(from: 0, to: events.count - chunk / 2, by: chunk).map {
                Array(events[$0..<min($0 + chunk, events.count)])
            }
        }
        let held = training.map { (name: $0.name, pieces: pieces($0.sessions.last ?? [])) }
        return training.map { user in
            let own = held.first { $0.name == user.name }?.pieces ?? []
            var tests = own.enumerated().map {
                TestSession(name: "\(user.name)-own-\($0.offset)", events: $0.element, illegal: false)
            }
            for other in held where other.name != user.name {
                for (k, piece) in other.pieces.prefix(perImpostor).enumerated() {
                    tests.append(TestSession(name: "\(other.name)-as-\(user.name)-\(k)", events: piece, illegal: true))
                }
            }
            return User(name: user.name, training: Array(user.sessions.dropLast()), tests: tests)
        }
    }

    private func feed(_ events: [PointerEvent], into state: inout SessionState, models: UserModels) {
        var seq = 0
        var start = 0
        while start < events.count {
            let end = min(start + batchSize, events.count)
            let batch = WireBatch(seq: seq, t0: events[start].timestamp, pointerEvents: Array(events[start..<end]))
            pipeline.process(batch, state: &state, models: models)
            seq += 1
            start = end
        }
    }
}
