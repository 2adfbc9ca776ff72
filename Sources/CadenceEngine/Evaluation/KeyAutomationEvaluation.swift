import Foundation

/// How often the live automation rules (``AutomationEvidence``: constant key holds, constant
/// key-down intervals, replayed timing) flag people's typing, and how often typing of the same
/// key sequences with synthetic timing.
///
/// Every sentence is one session, as a page of a bank with one text field would be: a fresh
/// ``AutomationEvidence`` fed the sentence's key events, judged at its end, with the fingerprints
/// of the participant's earlier sentences known (as the service keeps them in the profile). The
/// families:
/// - `people`: the sentence as the participant typed it.
/// - `constant`: a naive script's timing: holds of 80 ms and key-downs every 120 ms, each with
///   under a millisecond of jitter.
/// - `iid-lognormal`: a humanising bot's: holds and down-to-down intervals drawn independently
///   from log-normal distributions (medians 95 and 170 ms, log-sd 0.25 and 0.45).
/// - `markov`: the same with each interval's logarithm an AR(1) chain (coefficient 0.6) around
///   the median, so runs of fast and slow keys occur as in people's typing.
/// - `replayed`: the participant's previous sentence sent again as it was recorded (a captured
///   session replayed), shifted in time.
///
/// Nothing here is trained: the rules and their thresholds are the shipped ones
/// (``AutomationThresholds/standard``).
public struct KeyAutomationEvaluation: Sendable {
    public enum Family: String, Sendable, CaseIterable {
        case people, constant, iidLognormal = "iid-lognormal", markov, replayed
    }

    public struct Row: Sendable, Hashable {
        public var family: Family
        public var sentences: Int
        public var flagged: Int
        /// Flagged sentences by the reason codes they were flagged with.
        public var reasons: [String: Int]
        /// Participants with at least one flagged sentence.
        public var participantsFlagged: Int

        public var share: Double { sentences == 0 ? 0 : Double(flagged) / Double(sentences) }
    }

    public var thresholds: AutomationThresholds
    public var seed: UInt64

    public init(thresholds: AutomationThresholds = .standard, seed: UInt64 = 1) {
        self.thresholds = thresholds
        self.seed = seed
    }

    public func run(_ participants: [ParticipantSequences]) -> [Row] {
        var rows = Dictionary(
            uniqueKeysWithValues: Family.allCases.map {
                ($0, Row(family: $0, sentences: 0, flagged: 0, reasons: [:], participantsFlagged: 0))
            })
        for (index, participant) in participants.enumerated() {
            var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
            var known = Set<UInt64>()
            var flaggedFamilies = Set<Family>()
            var previous: [KeyEvent]?
            for sequence in participant.sequences where !sequence.events.isEmpty {
                var ownPrints = Set<UInt64>()
                for family in Family.allCases {
                    let events: [KeyEvent]
                    switch family {
                    case .people: events = sequence.events
                    case .constant: events = Self.retimed(sequence.events, random: &random, timing: .constant)
                    case .iidLognormal: events = Self.retimed(sequence.events, random: &random, timing: .independent)
                    case .markov: events = Self.retimed(sequence.events, random: &random, timing: .markov)
                    case .replayed:
                        guard let previous else { continue }
                        let shift = (sequence.events.first?.timestamp ?? 0) - (previous.first?.timestamp ?? 0)
                        events = previous.map { KeyEvent($0.transition, timestamp: $0.timestamp + shift, key: $0.key) }
                    }
                    var evidence = AutomationEvidence()
                    for event in events { evidence.observe(event, known: known) }
                    let verdict = evidence.verdict(thresholds)
                    rows[family]!.sentences += 1
                    if verdict.level != .human {
                        rows[family]!.flagged += 1
                        flaggedFamilies.insert(family)
                        for code in Set(verdict.reasons.map(\.code)) { rows[family]!.reasons[code, default: 0] += 1 }
                    }
                    if family == .people { ownPrints = evidence.fingerprints }
                }
                // Only the person's own sessions reach the profile's fingerprints, after the session.
                known.formUnion(ownPrints)
                previous = sequence.events
            }
            for family in flaggedFamilies { rows[family]!.participantsFlagged += 1 }
        }
        return Family.allCases.compactMap { rows[$0] }
    }

    enum Timing { case constant, independent, markov }

    /// The key order of `events` (each key's down, then its up, in the order the downs came),
    /// with new times.
    static func retimed(_ events: [KeyEvent], random: inout SplitMix64, timing: Timing) -> [KeyEvent] {
        let keys = events.filter { $0.transition == .down }.map(\.key)
        var out: [KeyEvent] = []
        out.reserveCapacity(keys.count * 2)
        var t = events.first?.timestamp ?? 0
        var logInterval = 0.0
        for key in keys {
            let hold: Double
            let interval: Double
            switch timing {
            case .constant:
                hold = 80 + random.nextUnit() * 0.8
                interval = 120 + random.nextUnit() * 0.8
            case .independent:
                hold = 95 * exp(0.25 * random.nextGaussian())
                interval = 170 * exp(0.45 * random.nextGaussian())
            case .markov:
                hold = 95 * exp(0.25 * random.nextGaussian())
                logInterval = 0.6 * logInterval + 0.45 * (1 - 0.36).squareRoot() * random.nextGaussian()
                interval = 170 * exp(logInterval)
            }
            out.append(KeyEvent(.down, timestamp: t, key: key))
            out.append(KeyEvent(.up, timestamp: t + hold, key: key))
            t += interval
        }
        return out.sorted { $0.timestamp < $1.timestamp }
    }
}
