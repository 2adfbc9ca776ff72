import CadenceEngine
import CadenceServer
import Foundation

/// A tenant of many ready users written straight into a SQLite store: real profiles, enrolled
/// through the engine's ``SessionPipeline`` from ``SyntheticPointer`` input, a few distinct ones
/// (``templates``) shared round-robin by all users, so that building 100,000 users takes a
/// minute rather than enrolling each.
struct SyntheticTenant {
    /// Distinct enrolled profiles the users share.
    var templates: Int
    /// Enrolment sessions per profile, and batches of 8 actions in each.
    var sessions = 2
    var batchesPerSession = 20

    /// A profile enrolled by `sessions` authenticated sessions of person `person`'s input.
    func profile(person: Int) throws -> UserProfile {
        let pipeline = SessionPipeline()
        var input = SyntheticPointer(person: person)
        var profile = UserProfile()
        var t0 = 1_764_057_600_000.0
        for _ in 0..<sessions {
            var state = pipeline.start(authenticated: true, models: .none)
            for seq in 0..<batchesPerSession {
                let bytes = input.batch(seq: seq, t0: t0, actions: 8)
                pipeline.process(try WireDecoder().decode(Array(bytes)), state: &state, models: .none)
                t0 += input.span(actions: 8)
            }
            _ = pipeline.end(&state, outcome: .genuine, profile: &profile, models: .none)
            t0 += 3_600_000
        }
        return profile
    }

    /// Writes `count` ready users `user-<n>` of `tenantId`, `chunk` per transaction; returns the
    /// templates' statuses and the bytes of one profile blob, for the report.
    func write(count: Int, tenantId: String, into store: SQLiteStore, chunk: Int = 5000) async throws
        -> (statuses: [ProfileStatus], profileBytes: Int)
    {
        let profiles = try (0..<templates).map { try profile(person: $0) }
        let blobs = try profiles.map { try BinaryEncoder().encode($0) }
        let now = Date()
        for start in stride(from: 0, to: count, by: chunk) {
            let users = (start..<min(start + chunk, count)).map { n in
                let profile = profiles[n % templates]
                var user = UserRecord(
                    tenantId: tenantId, userId: "user-\(n)", profile: blobs[n % templates], status: profile.status,
                    createdAt: now, updatedAt: now)
                user.sampleCounts = [
                    "pointer": profile.pointer.count, "keys": profile.keys.count, "login": profile.login.count,
                ]
                return user
            }
            try await store.insertUsers(users)
        }
        return (profiles.map(\.status), blobs.map(\.count).max() ?? 0)
    }
}
