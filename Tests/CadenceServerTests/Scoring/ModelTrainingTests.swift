import CadenceEngine
import CadenceServer
import Foundation
import NIOConcurrencyHelpers
import Testing

/// A user's models are trained once per profile version, however many of their sessions start
/// or send batches while the training runs (after a restart, hundreds at once).
@Suite("Model training")
struct ModelTrainingTests {
    /// A profile from one genuine session of human-like batches, stored as the service stores it.
    static func profile() throws -> Data {
        let pipeline = SessionPipeline()
        var state = pipeline.start(authenticated: true, loginSample: nil, models: .none)
        for seq in 0..<6 {
            let bytes = try JSONSerialization.data(withJSONObject: [
                "v": 1, "seq": seq, "t0": 1_764_057_600_000.0 + Double(seq) * 1500,
                "e": WireFixtures.humanLike(seq: seq),
            ])
            pipeline.process(try WireDecoder().decode(Array(bytes)), state: &state, models: .none)
        }
        var profile = UserProfile()
        _ = pipeline.end(&state, outcome: .genuine, profile: &profile, models: .none)
        return try JSONEncoder().encode(profile)
    }

    @Test("sessions starting together while a user's models train wait for the one training")
    func oneTrainingPerVersion() async throws {
        let now = Date(timeIntervalSince1970: 1_764_057_600)
        let tenant = Tenant(id: "t1", name: "Bank", createdAt: now)
        let trainings = NIOLockedValueBox(0)
        let generation = NIOLockedValueBox(1)
        @Sendable func cohort() -> BackgroundCohortRecord {
            BackgroundCohortRecord(
                tenantId: "t1", generation: generation.withLockedValue { $0 }, population: 1, createdAt: now,
                members: [])
        }
        // Every training reads the background cohort's profiles first; a slow read keeps the
        // training running while the other sessions start.
        let context = ScoringContext(
            tenant: tenant, backgroundCohort: { cohort() },
            backgroundProfiles: { _ in
                trainings.withLockedValue { $0 += 1 }
                try await Task.sleep(for: .milliseconds(200))
                return cohort()
            })
        let user = UserRecord(
            tenantId: "t1", userId: "erin", profile: try Self.profile(), status: .ready, createdAt: now,
            updatedAt: now, version: 3)
        let engine = PipelineEngine()
        let start = SessionStart(userId: "erin", authenticated: false, loginSample: nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<24 {
                group.addTask { [user] in _ = try await engine.start(start, user: user, context: context) }
            }
            try await group.waitForAll()
        }
        #expect(trainings.withLockedValue { $0 } == 1)

        // The same version again: the cache answers. When the tenant's background cohort is
        // built again (its population doubled) the models are trained again, once.
        _ = try await engine.start(start, user: user, context: context)
        #expect(trainings.withLockedValue { $0 } == 1)
        generation.withLockedValue { $0 = 2 }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { [user] in _ = try await engine.start(start, user: user, context: context) }
            }
            try await group.waitForAll()
        }
        #expect(trainings.withLockedValue { $0 } == 2)
    }
}
