/// The free-text verification protocol on a data set of typed sequences (e.g. Aalto's sentences).
///
/// Participants are split into two halves in the order given (the first ⌈n/2⌉, then the rest).
/// Each participant is evaluated within its own half: enrolled on its first ``Options/enrolCount``
/// sequences, tested on its remaining sequences as genuine and on one (seeded random) sequence of
/// each of ``Options/impostors`` other participants of the same half (all of them by default) as
/// impostors. A detector that learns from a population is trained on the *other* half (2-fold
/// over participants), so no score comes from a combination or cohort that saw its participants.
/// EER per participant (``ROCCurve``), then mean and standard deviation (``MeanAndDeviation``).
public enum FreeTextEvaluation {
    public struct Options: Sendable, Hashable, Codable {
        /// Enrolment sequences per participant.
        public var enrolCount = 5
        /// Impostor participants per evaluated participant; nil = every other one of its half.
        public var impostors: Int?
        public var seed: UInt64 = 1

        public init(enrolCount: Int = 5, impostors: Int? = nil, seed: UInt64 = 1) {
            self.enrolCount = enrolCount
            self.impostors = impostors
            self.seed = seed
        }
    }

    /// One participant's samples, in typing order, with the data set's sequence ids.
    public struct Participant: Sendable {
        public var subject: String
        public var sequenceIDs: [String]
        public var samples: [FreeTextSample]

        public init(subject: String, sequenceIDs: [String], samples: [FreeTextSample]) {
            self.subject = subject
            self.sequenceIDs = sequenceIDs
            self.samples = samples
        }
    }

    /// One scored test sequence.
    public struct Score: Sendable, Hashable, Codable {
        /// The enrolled participant (the claimed identity).
        public var subject: String
        /// Who typed the test sequence.
        public var sampleSubject: String
        public var sequence: String
        public var score: Double
        public var genuine: Bool { subject == sampleSubject }
    }

    public struct ParticipantResult: Sendable, Hashable, Codable {
        public var subject: String
        /// 0 for the first half (the half used for tuning), 1 for the second.
        public var half: Int
        public var equalErrorRate: Double
        public var threshold: Double
        public var genuineCount: Int
        public var impostorCount: Int
    }

    public struct Result: Sendable {
        public var detector: String
        public var options: Options
        public var participants: [ParticipantResult]
        public var scores: [Score]

        /// Mean and standard deviation of the per-participant EER; `half` restricts to one half.
        public func equalErrorRate(half: Int? = nil) -> MeanAndDeviation {
            MeanAndDeviation(participants.filter { half == nil || $0.half == half }.map(\.equalErrorRate))
        }

        /// ROC of all scores pooled (scores of different participants on one scale).
        public var pooledCurve: ROCCurve {
            ROCCurve(
                genuine: scores.filter(\.genuine).map(\.score), impostor: scores.filter { !$0.genuine }.map(\.score))
        }
    }

    /// Converts loaded sequences into samples: pairs events into keystrokes and extracts features,
    /// in parallel. Sequences with fewer than two keystrokes are left out.
    public static func participants(
        from loaded: [ParticipantSequences], identity: KeyIdentity
    ) -> [Participant] {
        ParallelMap.map(loaded.count) { i in
            var ids: [String] = []
            var samples: [FreeTextSample] = []
            for sequence in loaded[i].sequences {
                let keystrokes = KeystrokeWindowBuilder.keystrokes(of: sequence.events)
                guard keystrokes.count >= 2 else { continue }
                ids.append(sequence.id)
                samples.append(FreeTextSample(keystrokes: keystrokes, identity: identity))
            }
            return Participant(subject: loaded[i].subject, sequenceIDs: ids, samples: samples)
        }
    }

    /// Runs the protocol; `progress(done, total)` is called as participants finish (from any thread).
    public static func run<D: FreeTextDetector>(
        _ all: [Participant],
        detector: D,
        options: Options = Options(),
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) -> Result {
        let eligible = all.filter { $0.samples.count > options.enrolCount }
        let firstHalf = (eligible.count + 1) / 2
        let halves = [Array(eligible[..<firstHalf]), Array(eligible[firstHalf...])]
        let counter = ProgressCounter(total: eligible.count, report: progress)
        var participants: [ParticipantResult] = []
        var scores: [Score] = []
        for half in 0..<2 where !halves[half].isEmpty {
            let members = halves[half]
            let trainedDetector =
                detector.learnsFromPopulation
                ? detector.trained(
                    onPopulation: halves[1 - half].map(\.samples), enrolCount: options.enrolCount,
                    seed: options.seed ^ UInt64(half + 1))
                : detector
            let outcome = evaluate(members, half: half, detector: trainedDetector, options: options, counter: counter)
            for item in outcome {
                participants.append(item.result)
                scores += item.scores
            }
        }
        return Result(detector: detector.name, options: options, participants: participants, scores: scores)
    }

    private static func evaluate<D: FreeTextDetector>(
        _ members: [Participant], half: Int, detector: D, options: Options, counter: ProgressCounter
    ) -> [(result: ParticipantResult, scores: [Score])] {
        // Which sequence of each member stands in for it as an impostor, and whom each member faces.
        var generator = SplitMix64(seed: options.seed &+ UInt64(half) &* 0x2545_F491_4F6C_DD1D)
        let impostorSequence = members.map { Int(generator.next() % UInt64($0.samples.count)) }
        let opponents = members.indices.map { u in
            let others = members.indices.filter { $0 != u }
            return options.impostors.map { generator.sample($0, from: others) } ?? others
        }
        // Probe every test sequence once (cohort normalisation is per sequence).
        let enrol = options.enrolCount
        let probes = ParallelMap.map(members.count) { u -> [Int: FreeTextProbe] in
            var wanted = Set(enrol..<members[u].samples.count)
            wanted.insert(impostorSequence[u])
            return Dictionary(uniqueKeysWithValues: wanted.map { ($0, detector.probe(members[u].samples[$0])) })
        }
        return ParallelMap.map(members.count) { u in
            let member = members[u]
            let profile = FreeTextProfile(enrolment: Array(member.samples.prefix(enrol)))
            var scores: [Score] = []
            for s in enrol..<member.samples.count {
                scores.append(
                    Score(
                        subject: member.subject, sampleSubject: member.subject, sequence: member.sequenceIDs[s],
                        score: detector.score(probes[u][s]!, against: profile)))
            }
            for o in opponents[u] {
                let s = impostorSequence[o]
                scores.append(
                    Score(
                        subject: member.subject, sampleSubject: members[o].subject,
                        sequence: members[o].sequenceIDs[s], score: detector.score(probes[o][s]!, against: profile)))
            }
            let curve = ROCCurve(
                genuine: scores.filter(\.genuine).map(\.score), impostor: scores.filter { !$0.genuine }.map(\.score))
            let eer = curve.equalErrorRate
            counter.advance()
            return (
                ParticipantResult(
                    subject: member.subject, half: half, equalErrorRate: eer.rate, threshold: eer.threshold,
                    genuineCount: curve.genuineCount, impostorCount: curve.impostorCount),
                scores
            )
        }
    }
}
