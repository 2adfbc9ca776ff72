import Foundation
import Testing

@testable import CadenceEngine

/// The live keys path: key events through ``SessionPipeline`` into window vectors and scores.
@Suite struct KeysPipelineTests {
    /// A deterministic typist: per key class a hold time and per class digraph a latency (ms),
    /// with ±`jitter` ms noise, typing `count` keystrokes over a fixed mix of classes.
    struct Typist {
        var holdBase: Double
        var latencyBase: Double
        var seed: UInt64

        func events(count: Int, start: Double = 0, jitter: Double = 12) -> [KeyEvent] {
            var generator = SplitMix64(seed: seed)
            func noise() -> Double { (Double(generator.next() % 1_000) / 1_000 - 0.5) * 2 * jitter }
            let text: [KeyClass] = [
                .letter, .legacyRightHomeLetter, .letter, .space, .legacyLeftHomeLetter, .legacyRightTopLetter,
                .legacyRightBottomLetter, .space, .legacyLeftBottomLetter, .legacyRightTopLetter, .legacyLeftHomeLetter, .space,
            ]
            var events: [KeyEvent] = []
            var time = start
            var previous = KeyClass.space
            for i in 0..<count {
                let key = text[i % text.count]
                let c = Double(key.rawValue)
                let p = Double(previous.rawValue)
                // Latency depends on the digraph, hold on the key: the typist's signature.
                time += latencyBase + 9 * abs(c - p) + (Int(c + p) % 3 == 0 ? 35 : 0) + noise()
                let hold = holdBase + 6 * c + noise() / 2
                events.append(KeyEvent(.down, timestamp: time, key: key.rawValue))
                events.append(KeyEvent(.up, timestamp: time + hold, key: key.rawValue))
                previous = key
            }
            return SessionPipeline.timeOrdered(events)
        }
    }

    static let owner = Typist(holdBase: 80, latencyBase: 120, seed: 1)
    static let impostor = Typist(holdBase: 105, latencyBase: 150, seed: 2)
    static let pipeline = SessionPipeline(enrolment: EnrolmentPolicy(keySamplesNeeded: 20))

    static func batches(_ events: [KeyEvent], size: Int) -> [WireBatch] {
        KeysSessionEvaluation.batches(events, size: size)
    }

    static func ownerModels() -> (UserProfile, UserModels) {
        var profile = UserProfile()
        var state = pipeline.start(authenticated: true, models: .none)
        for batch in batches(owner.events(count: 40 * 24), size: 64) {
            pipeline.process(batch, state: &state, models: .none)
        }
        _ = pipeline.end(&state, outcome: .genuine, profile: &profile, models: .none)
        return (profile, UserModels.train(profile: profile, population: .empty, enrolment: pipeline.enrolment))
    }

    @Test func enrolmentStoresKeyClassWindowVectors() {
        let (profile, models) = Self.ownerModels()
        #expect(profile.keys.anchor.count == 24)
        #expect(profile.keys.anchor.allSatisfy { $0.count == KeystrokeWindowVector.width && $0[0] == 40 })
        #expect(models.keys is KeystrokeWindowScorer)
    }

    @Test func aGenuineWindowScoresLowerThanAnImpostorWindow() throws {
        let (_, models) = Self.ownerModels()
        let scorer = try #require(models.keys)
        let later = Typist(holdBase: 80, latencyBase: 120, seed: 7)
        let genuine = KeysSessionEvaluation.windows(later.events(count: 40 * 3, start: 1e6))
        let impostor = KeysSessionEvaluation.windows(Self.impostor.events(count: 40 * 3, start: 1e6))
        #expect(genuine.count == 3 && impostor.count == 3)
        let g = genuine.map(scorer.logLikelihoodRatio)
        let i = impostor.map(scorer.logLikelihoodRatio)
        #expect(g.max()! < i.min()!)
        #expect(g.allSatisfy { $0 < 0 } && i.allSatisfy { $0 > 0 })
    }

    @Test func anUnfinishedWindowSurvivesEncodingAcrossABatchBoundary() throws {
        let (_, models) = Self.ownerModels()
        let events = Self.impostor.events(count: 100, start: 5e5)
        // Cut mid-window (keystroke 55 of 100) and mid-keystroke (a down without its up yet).
        let cut = events.firstIndex { $0.transition == .down && $0.timestamp > events[110].timestamp }! + 1
        var straight = Self.pipeline.start(authenticated: false, models: models)
        straight.scoreLog = []
        var restarted = straight
        Self.pipeline.process(
            WireBatch(seq: 0, t0: 0, keyEvents: Array(events[..<cut])), state: &straight, models: models)
        Self.pipeline.process(
            WireBatch(seq: 1, t0: 0, keyEvents: Array(events[cut...])), state: &straight, models: models)

        Self.pipeline.process(
            WireBatch(seq: 0, t0: 0, keyEvents: Array(events[..<cut])), state: &restarted, models: models)
        #expect(restarted.scoreLog == [straight.scoreLog![0]])
        let data = try JSONEncoder().encode(restarted)
        // Small: the unfinished window's keystrokes and waiting presses, not the session's history.
        let keyStream = try JSONEncoder().encode(restarted.keyStream)
        #expect(keyStream.count < 4_000)
        restarted = try JSONDecoder().decode(SessionState.self, from: data)
        #expect((1..<40).contains(restarted.keyStream.unfinishedKeystrokes))
        Self.pipeline.process(
            WireBatch(seq: 1, t0: 0, keyEvents: Array(events[cut...])), state: &restarted, models: models)
        #expect(straight.scoreLog?.count == 2)
        #expect(restarted.scoreLog == straight.scoreLog)
        // Collected windows are stored as 32-bit floats: compare both runs' windows as stored.
        func stored(_ samples: [FeatureVector]) throws -> PackedSamples {
            try JSONDecoder().decode(PackedSamples.self, from: JSONEncoder().encode(PackedSamples(samples)))
        }
        #expect(restarted.collectedKeys.count == 2)
        #expect(try stored(restarted.collectedKeys) == stored(straight.collectedKeys))
        #expect(restarted.trust == straight.trust)
    }

    @Test func keysSamplesOfAnEarlierLayoutAreDroppedSoTheModalityEnrolsAgain() {
        var profile = UserProfile()
        profile.keys.anchor = Array(repeating: [1, 2, 3, 4, 5, 6, 7, 8], count: 30)
        let models = UserModels.train(profile: profile, population: .empty, enrolment: Self.pipeline.enrolment)
        #expect(models.keys == nil && models.problems.contains { $0.hasPrefix("keys:") })
        var state = Self.pipeline.start(authenticated: true, models: models)
        for batch in Self.batches(Self.owner.events(count: 40 * 21), size: 64) {
            Self.pipeline.process(batch, state: &state, models: models)
        }
        _ = Self.pipeline.end(&state, outcome: .genuine, profile: &profile, models: models)
        #expect(profile.keys.anchor.count == 21)
        #expect(profile.keys.anchor.allSatisfy { $0.count == KeystrokeWindowVector.width })
    }

    @Test func boundedUpdatesTakeTheOwnersWindowsAndNotAnImpostors() {
        let (enrolled, models) = Self.ownerModels()
        #expect(enrolled.status == .ready)
        func session(_ typist: Typist) -> (ProfileUpdate, UserProfile) {
            var profile = enrolled
            var state = Self.pipeline.start(authenticated: false, models: models)
            for batch in Self.batches(typist.events(count: 40 * 6, start: 2e6), size: 64) {
                Self.pipeline.process(batch, state: &state, models: models)
            }
            return (Self.pipeline.end(&state, outcome: .genuine, profile: &profile, models: models), profile)
        }
        let (owner, ownerProfile) = session(Typist(holdBase: 80, latencyBase: 120, seed: 9))
        #expect(owner.kind == .updated && owner.addedKeys > 0)
        #expect(ownerProfile.keys.updates.count == owner.addedKeys && ownerProfile.keys.anchor == enrolled.keys.anchor)
        let (impostor, impostorProfile) = session(Self.impostor)
        #expect(impostor.addedKeys == 0 && impostorProfile.keys == enrolled.keys)
    }
}
