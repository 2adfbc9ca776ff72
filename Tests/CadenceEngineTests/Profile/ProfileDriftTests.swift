import Foundation
import Testing

@testable import CadenceEngine

/// An attacker who controls a session that the bank later marks `genuine` tries, session after
/// session, to teach the owner's profile their own behaviour.
@Suite struct ProfileDriftTests {
    /// With the session-level gate on (the default), and off (only the per-sample bounds act).
    @Test(arguments: [0.0, Double.infinity])
    func repeatedAttackerSessionsMarkedGenuineDoNotMoveTheModel(gate: Double) {
        var enrolment = SessionFixtures.enrolment
        enrolment.maximumSessionScore = gate
        let pipeline = SessionPipeline(enrolment: enrolment)
        var profile = SessionFixtures.ownerProfile
        let anchor = profile.pointer.anchor
        let attackerSessions = BalabitSessionFiles.sessions("test_files", user: SessionFixtures.attacker)
        let ownerTest = BalabitSessionFiles.events(
            BalabitSessionFiles.sessions("training_files", user: SessionFixtures.owner)[2], limit: 3000)

        func models(_ profile: UserProfile) -> UserModels {
            UserModels.train(profile: profile, population: SessionFixtures.population, enrolment: enrolment)
        }
        func meanScore(_ events: [PointerEvent], _ models: UserModels) -> Double {
            var state = pipeline.start(authenticated: false, models: models)
            SessionFixtures.feed(events, into: &state, pipeline: pipeline, models: models)
            pipeline.finish(&state, models: models)
            return state.meanScore
        }
        let probe = BalabitSessionFiles.events(attackerSessions[0], limit: 3000)
        let before = meanScore(probe, models(profile))

        var added = 0
        for url in attackerSessions.dropFirst().prefix(12) {
            let models = models(profile)
            var state = pipeline.start(authenticated: false, models: models)
            SessionFixtures.feed(
                BalabitSessionFiles.events(url, limit: 1500), into: &state, pipeline: pipeline, models: models)
            let update = pipeline.end(&state, outcome: .genuine, profile: &profile, models: models)
            added += update.addedPointer
            #expect(update.addedPointer <= pipeline.enrolment.maximumSamplesPerSession)
        }
        let trained = models(profile)
        let after = meanScore(probe, trained)
        // The anchor is untouched and outweighs whatever slipped into the update pool.
        #expect(profile.pointer.anchor == anchor)
        #expect(Double(profile.pointer.updates.count) <= 0.3 * Double(anchor.count))
        // The attacker still looks like someone else, about as clearly as before.
        #expect(after > 0)
        #expect(after > before * 0.7)
        // And the owner still looks like the owner.
        #expect(meanScore(ownerTest, trained) < 0)
        if gate == 0 { #expect(added == 0) }
        print("drift (gate \(gate)): attacker mean score before \(before), after \(after); samples added \(added)")
    }

    @Test func genuineSessionsUpdateTheProfileWithinBounds() {
        let pipeline = SessionFixtures.pipeline
        var profile = SessionFixtures.ownerProfile
        let sessions = BalabitSessionFiles.sessions("training_files", user: SessionFixtures.owner)
        var updates: [ProfileUpdate] = []
        for url in sessions.dropFirst(2).prefix(3) {
            let models = SessionFixtures.models(profile)
            var state = pipeline.start(authenticated: false, models: models)
            SessionFixtures.feed(
                BalabitSessionFiles.events(url, limit: 3000), into: &state, pipeline: pipeline, models: models)
            updates.append(pipeline.end(&state, outcome: .genuine, profile: &profile, models: models))
        }
        #expect(updates.contains { $0.kind == .updated })
        #expect(updates.allSatisfy { $0.addedPointer <= pipeline.enrolment.maximumSamplesPerSession })
        #expect(profile.pointer.updates.count > 0)
        #expect(Double(profile.pointer.updates.count) <= 0.3 * Double(profile.pointer.anchor.count))
    }

    @Test func fraudSessionsAddNothing() {
        let pipeline = SessionFixtures.pipeline
        var profile = SessionFixtures.ownerProfile
        let models = SessionFixtures.models(profile)
        var state = pipeline.start(authenticated: true, models: models)
        let url = BalabitSessionFiles.sessions("training_files", user: SessionFixtures.owner)[2]
        SessionFixtures.feed(
            BalabitSessionFiles.events(url, limit: 2000), into: &state, pipeline: pipeline, models: models)
        let update = pipeline.end(&state, outcome: .fraud, profile: &profile, models: models)
        #expect(update.kind == .unchanged)
        #expect(profile.pointer == SessionFixtures.ownerProfile.pointer)
    }
}
