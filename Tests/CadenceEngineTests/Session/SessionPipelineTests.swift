import Foundation
import Testing

@testable import CadenceEngine

@Suite struct SessionPipelineTests {
    let pipeline = SessionFixtures.pipeline

    func testEvents(_ user: String, index: Int = 0, limit: Int = 3000) -> [PointerEvent] {
        BalabitSessionFiles.events(BalabitSessionFiles.sessions("training_files", user: user)[2 + index], limit: limit)
    }

    @Test func authenticatedSessionsEnrolTheProfile() {
        let profile = SessionFixtures.ownerProfile
        #expect(profile.status == .ready)
        #expect(profile.enrolmentSessions == 2)
        #expect(profile.pointer.anchor.count >= 150)
        #expect(profile.pointer.updates.isEmpty)
        #expect(!profile.fingerprints.isEmpty)
    }

    @Test func unauthenticatedSessionsDoNotEnrol() {
        var profile = UserProfile()
        var state = pipeline.start(authenticated: false, models: .none)
        SessionFixtures.feed(testEvents("user9"), into: &state, pipeline: pipeline, models: .none)
        let update = pipeline.end(&state, outcome: .genuine, profile: &profile, models: .none)
        #expect(update.kind == .unchanged)
        #expect(profile.pointer.anchor.isEmpty && profile.status == .enrolling)
        #expect(state.trust == pipeline.trustModel.parameters.initialTrust && state.scoredSamples == 0)
    }

    @Test func batchBoundariesDoNotChangeTheOutcome() {
        let models = SessionFixtures.models(SessionFixtures.ownerProfile)
        let events = testEvents(SessionFixtures.owner)
        var small = pipeline.start(authenticated: false, models: models)
        var large = small
        SessionFixtures.feed(events, into: &small, pipeline: pipeline, models: models, size: 7)
        SessionFixtures.feed(events, into: &large, pipeline: pipeline, models: models, size: 900)
        #expect(small.scoredSamples > 20)
        #expect(small.scoredSamples == large.scoredSamples)
        #expect(small.trust == large.trust && small.minimumTrust == large.minimumTrust)
        #expect(small.timeline == large.timeline)
        #expect(small.counts == large.counts)
    }

    @Test func stateSurvivesEncodingBetweenBatches() throws {
        let models = SessionFixtures.models(SessionFixtures.ownerProfile)
        let batches = SessionFixtures.batches(testEvents(SessionFixtures.attacker), size: 100)
        var straight = pipeline.start(authenticated: false, models: models)
        var restarted = straight
        for (i, batch) in batches.enumerated() {
            pipeline.process(batch, state: &straight, models: models)
            pipeline.process(batch, state: &restarted, models: models)
            if i % 5 == 2 {
                let data = try JSONEncoder().encode(restarted)
                restarted = try JSONDecoder().decode(SessionState.self, from: data)
            }
        }
        #expect(straight.scoredSamples > 20)
        #expect(restarted.trust == straight.trust)
        #expect(restarted.timeline == straight.timeline)
        #expect(restarted.automation == straight.automation)
        #expect(restarted.fingerprints == straight.fingerprints)
    }

    @Test func theOwnerKeepsMoreTrustThanAnImpostor() {
        let models = SessionFixtures.models(SessionFixtures.ownerProfile)
        func run(_ events: [PointerEvent]) -> SessionState {
            var state = pipeline.start(authenticated: false, models: models)
            SessionFixtures.feed(events, into: &state, pipeline: pipeline, models: models)
            pipeline.finish(&state, models: models)
            return state
        }
        let owner = run(testEvents(SessionFixtures.owner, limit: 4000))
        let impostor = run(testEvents(SessionFixtures.attacker, limit: 4000))
        #expect(owner.meanScore < impostor.meanScore)
        #expect(impostor.meanScore > 0)
        #expect(impostor.decision >= .challenge)
        #expect(owner.minimumTrust > impostor.minimumTrust)
    }

    @Test func aReplayedSessionIsReportedAsAutomation() {
        var profile = SessionFixtures.ownerProfile
        let events = testEvents(SessionFixtures.owner, limit: 2000)
        var first = pipeline.start(authenticated: false, models: SessionFixtures.models(profile))
        SessionFixtures.feed(events, into: &first, pipeline: pipeline, models: SessionFixtures.models(profile))
        #expect(first.automation.level == .human)
        _ = pipeline.end(&first, outcome: .genuine, profile: &profile, models: SessionFixtures.models(profile))
        // The same events, captured and sent again later in other batch sizes.
        let models = SessionFixtures.models(profile)
        let shifted = events.map {
            PointerEvent($0.kind, timestamp: $0.timestamp + 86_400_000, x: $0.x, y: $0.y, button: $0.button)
        }
        var second = pipeline.start(authenticated: false, models: models)
        SessionFixtures.feed(shifted, into: &second, pipeline: pipeline, models: models, size: 37)
        #expect(second.automation.level == .automated)
        #expect(second.automation.reasons.contains { $0.code == "automation-replay" })
        #expect(second.decision >= .challenge)
    }

    @Test func loginSampleSetsTheInitialTrust() {
        var profile = UserProfile()
        profile.login.anchor = [[100, 150, 90], [110, 140, 95], [95, 160, 85], [105, 145, 92]]
        let models = UserModels.train(profile: profile, population: .empty)
        #expect(models.login != nil)
        let close = pipeline.start(authenticated: false, loginSample: [102, 150, 90], models: models)
        let far = pipeline.start(authenticated: false, loginSample: [200, 40, 300], models: models)
        let initial = pipeline.trustModel.parameters.initialTrust
        #expect(close.trust > initial && close.counts.loginScore.map { $0 < 0 } == true)
        #expect(far.trust < 90 && far.counts.loginScore.map { $0 > 2.9 } == true)  // at the ±3 bound
        let wrongLength = pipeline.start(authenticated: false, loginSample: [1, 2], models: models)
        #expect(wrongLength.trust == initial && wrongLength.counts.loginScore == nil)
    }

    @Test func lowTrustNamesWhatDeviatedPerModality() throws {
        let models = SessionFixtures.models(SessionFixtures.ownerProfile)
        var impostor = pipeline.start(authenticated: false, models: models)
        SessionFixtures.feed(
            testEvents(SessionFixtures.attacker, limit: 4000), into: &impostor, pipeline: pipeline, models: models)
        #expect(impostor.decision >= .challenge)
        let pointer = try #require(impostor.reasons.first { $0.code == "pointer-evidence" })
        #expect(pointer.message.hasPrefix("pointer: ") && pointer.message.contains("(evidence +"))
        #expect(pointer.message.contains("the owner's usual") || pointer.message.contains("in combination"))
        #expect(impostor.trustEvidence.pointerLogLikelihoodRatio > 0)
        // The owner's own session keeps its trust and needs no explanation.
        var owner = pipeline.start(authenticated: false, models: models)
        SessionFixtures.feed(
            testEvents(SessionFixtures.owner, limit: 4000), into: &owner, pipeline: pipeline, models: models)
        #expect(owner.decision == .allow && !owner.reasons.contains { $0.code == "pointer-evidence" })
    }

    @Test func aProfileFromOneSessionIsWeakAndItsEvidenceNeverBlocks() {
        var profile = UserProfile()
        for events in SessionFixtures.training(SessionFixtures.owner, sessions: 1, limit: 20_000) {
            var state = pipeline.start(authenticated: true, models: .none)
            SessionFixtures.feed(events, into: &state, pipeline: pipeline, models: .none)
            _ = pipeline.end(&state, outcome: .genuine, profile: &profile, models: .none)
        }
        let models = SessionFixtures.models(profile)
        #expect(models.pointer != nil && models.weakModalities == [.pointer])
        #expect(models.status(of: profile) == .weak)
        var impostor = pipeline.start(authenticated: false, models: models)
        // A weak modality's enrolment goes on.
        #expect(impostor.openAnchors.contains(.pointer))
        SessionFixtures.feed(
            testEvents(SessionFixtures.attacker, limit: 6000), into: &impostor, pipeline: pipeline, models: models)
        #expect(impostor.samplesUntilBlock == nil && impostor.decision != .block)
        if impostor.trust < pipeline.policy.blockBelow {
            #expect(impostor.reasons.contains { $0.code == "block-withheld" })
        }
    }

    @Test func anchorsRememberTheirSessions() throws {
        var samples = ModalitySamples()
        samples.appendAnchorSession([[1], [2]])
        samples.appendAnchorSession([[3]])
        samples.appendAnchorSession([[4], [5], [6]])
        #expect(samples.sessions == [[[1], [2]], [[3]], [[4], [5], [6]]])
        let decoded = try JSONDecoder().decode(ModalitySamples.self, from: JSONEncoder().encode(samples))
        #expect(decoded.sessions == samples.sessions)
        // Room for 2 more under a target of 6: the oldest session goes, the rest stay whole.
        samples.dropOldestAnchorSessions(toFit: 2, target: 6)
        #expect(samples.sessions == [[[3]], [[4], [5], [6]]])
        // An anchor set as a whole (stored before sessions were counted) is one session.
        samples.anchor = [[7], [8]]
        #expect(samples.sessions == [[[7], [8]]])
    }
}
