import Foundation
import Testing

@testable import CadenceEngine

@Suite struct ProfileStorageTests {
    @Test func packedSamplesRoundTripAtFloatPrecisionAndStaySmall() throws {
        let vectors: [FeatureVector] = (0..<50).map { i in (0..<43).map { j in Double(i * 43 + j) * 1.234567 + 0.5 } }
        let packed = PackedSamples(vectors)
        let data = try JSONEncoder().encode(packed)
        let back = try JSONDecoder().decode(PackedSamples.self, from: data)
        #expect(back.count == 50)
        for (a, b) in zip(back.vectors, vectors) {
            for (x, y) in zip(a, b) { #expect(abs(x - y) <= abs(y) * 1e-7) }
        }
        #expect(data.count < (try JSONEncoder().encode(vectors)).count / 2)
    }

    @Test func malformedPackedSamplesAreRejected() {
        let bad = #"{"width":3,"data":"AAAAAAAAAAA="}"#  // 8 bytes: not a multiple of 3 floats
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PackedSamples.self, from: Data(bad.utf8)) }
    }

    @Test func fingerprintSetRoundTrips() throws {
        let set = FingerprintSet([0, 1, .max, 0xDEAD_BEEF_CAFE])
        let back = try JSONDecoder().decode(FingerprintSet.self, from: JSONEncoder().encode(set))
        #expect(back == set)
    }

    @Test func modelsAreRefreshedWithoutRetrainingWhenOnlyFingerprintsChange() throws {
        let pipeline = SessionFixtures.pipeline
        var profile = SessionFixtures.ownerProfile
        let models = SessionFixtures.models(profile)
        // An unknown-outcome session adds fingerprints only.
        var state = pipeline.start(authenticated: false, models: models)
        let url = BalabitSessionFiles.sessions("test_files", user: SessionFixtures.owner)[1]
        SessionFixtures.feed(
            BalabitSessionFiles.events(url, limit: 1500), into: &state, pipeline: pipeline, models: models)
        _ = pipeline.end(&state, outcome: .unknown, profile: &profile, models: models)
        let stored = try JSONDecoder().decode(UserProfile.self, from: JSONEncoder().encode(profile))
        #expect(stored.revision > SessionFixtures.ownerProfile.revision)
        #expect(stored.sampleRevision == SessionFixtures.ownerProfile.sampleRevision)
        let refreshed = try #require(models.refreshed(for: stored, enrolment: pipeline.enrolment))
        #expect(refreshed.knownFingerprints.isSuperset(of: state.fingerprints))
        // Another authenticated session grows the anchor: the models must be retrained.
        var enrolling = pipeline.start(authenticated: true, models: models)
        SessionFixtures.feed(
            BalabitSessionFiles.events(url, limit: 1500), into: &enrolling, pipeline: pipeline, models: models)
        var grown = stored
        _ = pipeline.end(&enrolling, outcome: .genuine, profile: &grown, models: refreshed)
        #expect(grown.sampleRevision > stored.sampleRevision)
        #expect(models.refreshed(for: grown, enrolment: pipeline.enrolment) == nil)
    }
}
