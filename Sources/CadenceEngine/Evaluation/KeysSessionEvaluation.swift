/// The service's live keys path, measured on a free-text data set (Aalto) with key classes: every
/// window is cut, encoded, enrolled and scored by the same ``SessionPipeline`` that
/// `cadence serve` runs, batch by batch, and the log-likelihood ratios it feeds the trust model
/// are what is scored.
///
/// Participants (those with more than ``Options/enrolCount`` sequences, in the order given) are
/// split into two halves like ``FreeTextEvaluation``: the first ⌈n/2⌉ (the half models are fitted
/// and chosen on) and the rest (held out). Per participant: one authenticated session of its first
/// ``Options/enrolCount`` sequences enrols the profile; one session of its remaining sequences
/// gives the genuine windows; for each other participant of the same half, one session of
/// ``Options/impostorSequences`` consecutive sequences (from a seeded random start) gives impostor
/// windows. Window-level EER per participant, then mean and standard deviation per half; also the
/// EER of all windows of a half pooled (one threshold for everyone, as the trust model uses).
/// A model that needs a population (the interim ``GaussianLikelihoodTrainer``) gets the
/// enrolment windows of the *other* half, standing in for a tenant's other users.
public enum KeysSessionEvaluation {
    public struct Options: Sendable, Hashable, Codable {
        /// Sequences of the enrolment session.
        public var enrolCount = 5
        /// Consecutive sequences of each impostor session.
        public var impostorSequences = 2
        /// Impostor participants per participant (random, from its half); nil = all of its half.
        public var impostors: Int?
        /// Key events per batch sent through the pipeline.
        public var batchEvents = 50
        /// Windows an enrolled keys anchor needs before it is scored (the service's default is 20,
        /// more than an Aalto participant types in five sentences).
        public var windowsNeeded = 3
        public var seed: UInt64 = 1
        /// Profiles of the other half a model that needs a population is trained against: the
        /// `background` of lowest seeded rank (``BackgroundCohort``, as the service picks them);
        /// nil = all of them.
        public var background: Int?

        public init(
            enrolCount: Int = 5, impostorSequences: Int = 2, impostors: Int? = nil, batchEvents: Int = 50,
            windowsNeeded: Int = 3, seed: UInt64 = 1
        ) {
            self.enrolCount = enrolCount
            self.impostorSequences = impostorSequences
            self.impostors = impostors
            self.batchEvents = batchEvents
            self.windowsNeeded = windowsNeeded
            self.seed = seed
        }

        var enrolment: EnrolmentPolicy { EnrolmentPolicy(keySamplesNeeded: windowsNeeded) }
    }

    /// One participant's key events, split as the protocol uses them.
    public struct Participant: Sendable {
        public var subject: String
        /// Events of the enrolment sequences, in time order.
        public var enrolment: [KeyEvent]
        /// Events of the later sequences, in time order.
        public var tests: [KeyEvent]
        /// Events of the sequences that stand in for this participant as an impostor.
        public var impostor: [KeyEvent]
    }

    public struct ParticipantResult: Sendable, Hashable, Codable {
        public var subject: String
        /// 0 for the first half (fitting and choices), 1 for the held-out half.
        public var half: Int
        public var equalErrorRate: Double
        public var genuineWindows: Int
        public var impostorWindows: Int
    }

    public struct Result: Sendable {
        public var name: String
        /// Participants scored; those whose enrolment gave too few windows are left out.
        public var participants: [ParticipantResult]
        /// Every window's log-likelihood ratio, per half.
        public var genuine: [[Double]]
        public var impostor: [[Double]]

        /// Mean and standard deviation of the per-participant window EER.
        public func equalErrorRate(half: Int) -> MeanAndDeviation {
            MeanAndDeviation(participants.filter { $0.half == half }.map(\.equalErrorRate))
        }

        /// ROC of a half's windows pooled over participants.
        public func pooledCurve(half: Int) -> ROCCurve {
            ROCCurve(genuine: genuine[half], impostor: impostor[half])
        }
    }

    /// The eligible participants, their events split per the protocol, in the order given.
    public static func participants(from loaded: [ParticipantSequences], options: Options) -> [Participant] {
        let eligible = loaded.filter { $0.sequences.count > options.enrolCount }
        return eligible.enumerated().map { index, p in
            func events(_ range: Range<Int>) -> [KeyEvent] {
                let all = p.sequences[range].flatMap(\.events)
                return SessionPipeline.timeOrdered(all)
            }
            let span = min(options.impostorSequences, p.sequences.count)
            var generator = SplitMix64(seed: options.seed &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
            let start = Int(generator.next() % UInt64(p.sequences.count - span + 1))
            return Participant(
                subject: p.subject, enrolment: events(0..<options.enrolCount),
                tests: events(options.enrolCount..<p.sequences.count), impostor: events(start..<(start + span)))
        }
    }

    /// The two halves: the first ⌈n/2⌉ participants, then the rest.
    public static func halves(_ participants: [Participant]) -> [[Participant]] {
        let first = (participants.count + 1) / 2
        return [Array(participants[..<first]), Array(participants[first...])]
    }

    /// Runs the protocol through a pipeline with `configuration`; `progress` is called per participant.
    public static func run(
        _ participants: [Participant], name: String, configuration: ModelConfiguration, options: Options = Options(),
        progress: @escaping @Sendable () -> Void = {}
    ) -> Result {
        let pipeline = SessionPipeline(enrolment: options.enrolment, configuration: configuration)
        let halves = halves(participants)
        let profiles = halves.map { members in
            ParallelMap.map(members.count) { enrol(members[$0].enrolment, pipeline: pipeline, options: options) }
        }
        var result = Result(name: name, participants: [], genuine: [[], []], impostor: [[], []])
        for half in 0..<2 where !halves[half].isEmpty {
            let members = halves[half]
            let others = halves[1 - half].map(\.subject)
            let cohort = Set(options.background.map { BackgroundCohort.members(of: others, size: $0, seed: options.seed) } ?? others)
            let population = PopulationSamples(
                profiles: zip(others, profiles[1 - half]).filter { cohort.contains($0.0) }.map(\.1), perUser: 50)
            var generator = SplitMix64(seed: options.seed &+ UInt64(half + 1))
            let opponents = members.indices.map { u in
                let others = members.indices.filter { $0 != u }
                return options.impostors.map { generator.sample($0, from: others) } ?? others
            }
            let outcomes = ParallelMap.map(members.count) { u -> (ParticipantResult, [Double], [Double])? in
                defer { progress() }
                let models = UserModels.train(
                    profile: profiles[half][u], population: population, enrolment: options.enrolment,
                    configuration: configuration)
                guard models.keys != nil else { return nil }
                let genuine = scores(members[u].tests, pipeline: pipeline, models: models, options: options)
                let impostor = opponents[u].flatMap {
                    scores(members[$0].impostor, pipeline: pipeline, models: models, options: options)
                }
                guard !genuine.isEmpty, !impostor.isEmpty else { return nil }
                let eer = ROCCurve(genuine: genuine, impostor: impostor).equalErrorRate.rate
                return (
                    ParticipantResult(
                        subject: members[u].subject, half: half, equalErrorRate: eer, genuineWindows: genuine.count,
                        impostorWindows: impostor.count), genuine, impostor
                )
            }
            for case let (participant, genuine, impostor)? in outcomes {
                result.participants.append(participant)
                result.genuine[half] += genuine
                result.impostor[half] += impostor
            }
        }
        return result
    }

    /// Fits a ``KeystrokeWindowModel`` on participants (one half) from the windows the pipeline
    /// would cut: enrolment windows pooled into the profile, later windows as genuine tests.
    public static func fitModel(_ participants: [Participant], seed: UInt64 = 1) -> KeystrokeWindowModel? {
        let population = ParallelMap.map(participants.count) { i in
            KeystrokeWindowModel.Participant(
                enrolment: windows(participants[i].enrolment), tests: windows(participants[i].tests))
        }
        return KeystrokeWindowModel.fit(population, seed: seed)
    }

    /// The key-class window vectors the live key stream cuts from time-ordered events.
    public static func windows(_ events: [KeyEvent], features: KeystrokeWindowFeatures = .keyClassTimings)
        -> [FeatureVector]
    {
        var stream = KeyStream()
        var out: [(time: Double, features: FeatureVector)] = []
        for event in events { stream.feed(event, features: features, into: &out) }
        return out.map(\.features)
    }

    /// A profile enrolled by one authenticated session of `events`.
    static func enrol(_ events: [KeyEvent], pipeline: SessionPipeline, options: Options) -> UserProfile {
        var profile = UserProfile()
        var state = pipeline.start(authenticated: true, models: .none)
        for batch in batches(events, size: options.batchEvents) {
            pipeline.process(batch, state: &state, models: .none)
        }
        _ = pipeline.end(&state, outcome: .genuine, profile: &profile, models: .none)
        return profile
    }

    /// The log-likelihood ratios the pipeline gives the windows of one session of `events`.
    static func scores(_ events: [KeyEvent], pipeline: SessionPipeline, models: UserModels, options: Options)
        -> [Double]
    {
        var state = pipeline.start(authenticated: false, models: models)
        state.scoreLog = []
        for batch in batches(events, size: options.batchEvents) {
            pipeline.process(batch, state: &state, models: models)
        }
        pipeline.finish(&state, models: models)
        return state.scoreLog ?? []
    }

    static func batches(_ events: [KeyEvent], size: Int) -> [WireBatch] {
        stride(from: 0, to: events.count, by: max(size, 1)).enumerated().map { seq, start in
            let slice = Array(events[start..<min(start + max(size, 1), events.count)])
            return WireBatch(seq: seq, t0: slice[0].timestamp, keyEvents: slice)
        }
    }
}
