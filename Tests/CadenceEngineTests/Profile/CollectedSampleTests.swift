import Foundation
import Testing

@testable import CadenceEngine

@Suite struct CollectedSampleTests {
    let pipeline = SessionFixtures.pipeline

    @Test func reservoirReplaysWritesInOrder() {
        let log = [
            CollectedSample(modality: .pointer, slot: 0, features: [1]),
            CollectedSample(modality: .keys, slot: 0, features: [9]),
            CollectedSample(modality: .pointer, slot: 1, features: [2]),
            CollectedSample(modality: .pointer, slot: 0, features: [3]),
        ]
        #expect(CollectedSample.reservoir(of: .pointer, from: log) == [[3], [2]])
        #expect(CollectedSample.reservoir(of: .keys, from: log) == [[9]])
    }

    /// What the service does: drain the writes after every batch, store them elsewhere, put them
    /// back at the end. The profile must come out exactly as when the state kept everything.
    @Test func drainingEveryBatchGivesTheSameProfile() throws {
        let events = SessionFixtures.training("user9", sessions: 1, limit: 12_000)[0]
        let batches = SessionFixtures.batches(events, size: 60)
        var kept = pipeline.start(authenticated: true, models: .none)
        var drained = kept
        var stored: [Data] = []
        var largestLog = 0
        for batch in batches {
            pipeline.process(batch, state: &kept, models: .none)
            pipeline.process(batch, state: &drained, models: .none)
            let collection = drained.drainCollected()
            #expect(drained.collectedPointer.isEmpty && drained.fingerprints.isEmpty)
            if !collection.isEmpty { stored.append(try JSONEncoder().encode(collection)) }
            largestLog = max(largestLog, collection.samples.count)
            drained = try JSONDecoder().decode(SessionState.self, from: try JSONEncoder().encode(drained))
        }
        #expect(kept.collectedPointer.count > 60)
        #expect(largestLog < 20, "a batch of 60 events writes only the samples it completed")
        drained.restoreCollected(
            SessionCollection(joining: try stored.map { try JSONDecoder().decode(SessionCollection.self, from: $0) }))
        // Stored samples have 32-bit precision (as stored profiles do): compare as stored.
        func roundTrip<T: Codable>(_ value: T) throws -> T {
            try JSONDecoder().decode(T.self, from: try JSONEncoder().encode(value))
        }
        #expect(drained.collectedPointer == (try roundTrip(PackedSamples(kept.collectedPointer))).vectors)
        #expect(drained.fingerprints == kept.fingerprints && !kept.fingerprints.isEmpty)

        var fromKept = UserProfile()
        var fromDrained = UserProfile()
        _ = pipeline.end(&kept, outcome: .genuine, profile: &fromKept, models: .none)
        _ = pipeline.end(&drained, outcome: .genuine, profile: &fromDrained, models: .none)
        #expect(try roundTrip(fromKept) == roundTrip(fromDrained))
        #expect(fromKept.pointer.anchor.count == kept.collectedPointer.count)
    }

    /// Past the cap, later samples replace earlier ones at random: the reservoir stays a uniform
    /// sample of the session, not its first `cap` samples.
    @Test func reservoirPastTheCapKeepsLaterSamples() {
        let small = SessionPipeline(enrolment: EnrolmentPolicy(pointerSamplesNeeded: 150, maximumSamplesPerSession: 10))
        let models = SessionFixtures.models(SessionFixtures.ownerProfile)
        var state = small.start(authenticated: false, models: models)
        var completed: [FeatureVector] = []
        for batch in SessionFixtures.batches(SessionFixtures.training("user12", sessions: 1, limit: 4000)[0], size: 50)
        {
            small.process(batch, state: &state, models: models)
        }
        completed = state.collectedPointer
        #expect(completed.count == 10)
        #expect(state.counts.pointerActions > 40)
        #expect(state.collectionLog.count > 10, "later samples were written over earlier slots")
    }
}
