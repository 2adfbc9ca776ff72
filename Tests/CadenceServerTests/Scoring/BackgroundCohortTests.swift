import CadenceEngine
@testable import CadenceServer
import Foundation
import NIOConcurrencyHelpers
import Testing

/// Models are trained against a bounded background cohort, whatever the tenant's size, and every
/// node picks the same one.
@Suite("Background cohort")
struct BackgroundCohortTests {
    static let size = BackgroundCohort.standardSize

    /// `count` ready users `<prefix>-<n>` of the tenant, each with the same real profile.
    static func readyUsers(_ count: Int, prefix: String, tenantId: String, profile: Data) -> [UserRecord] {
        let now = Date()
        return (0..<count).map { n in
            var user = UserRecord(
                tenantId: tenantId, userId: "\(prefix)-\(n)", profile: profile, status: .ready, createdAt: now,
                updatedAt: now)
            user.sampleCounts = ["pointer": 0, "keys": 0, "login": 0]
            return user
        }
    }

    static func lowestRanked(_ ids: [String], tenantId: String, count: Int) -> [String] {
        Array(
            ids.sorted {
                (CohortRank.of(tenantId: tenantId, userId: $0), $0) < (CohortRank.of(tenantId: tenantId, userId: $1), $1)
            }.prefix(count))
    }

    @Test("training in a tenant of 1,000 ready users reads at most K profiles, the same on two nodes")
    func boundedAndDeterministic() async throws {
        try await TestService.with { test, _ in
            let tenant = try #require(try await test.store.tenant(id: "default"))
            let profile = try ModelTrainingTests.profile()
            let users = Self.readyUsers(1000, prefix: "user", tenantId: tenant.id, profile: profile)
            try await test.store.insertUsers(users)

            let cohort = try await test.service.backgroundCohort(tenant)
            #expect(cohort.population == 1000)
            #expect(cohort.members == Self.lowestRanked(users.map(\.userId), tenantId: tenant.id, count: Self.size + 1))
            let full = try #require(try await test.store.backgroundCohort(tenantId: tenant.id, generation: cohort.generation))
            #expect(full.profiles.count == Self.size + 1)
            // A member is trained against the K others, anyone else against the first K.
            #expect(try PipelineEngine.background(for: cohort.members[0], in: full).count == Self.size)
            #expect(try PipelineEngine.background(for: "someone-else", in: full).count == Self.size)

            // What a training is handed: one snapshot of K + 1 profiles, once per user and cohort.
            let handed = NIOLockedValueBox<[Int]>([])
            let context = ScoringContext(
                tenant: tenant, backgroundCohort: { cohort },
                backgroundProfiles: { generation in
                    let read = try #require(try await test.store.backgroundCohort(tenantId: tenant.id, generation: generation))
                    handed.withLockedValue { $0.append(read.profiles.count) }
                    return read
                })
            let engine = PipelineEngine()
            let head = try #require(try await test.store.userHead(tenantId: tenant.id, userId: "user-7"))
            var whole = try #require(try await test.store.user(tenantId: tenant.id, userId: "user-7"))
            whole.profileOmitted = false
            for _ in 0..<3 {
                _ = try await engine.start(
                    SessionStart(userId: "user-7", authenticated: false, loginSample: nil), user: whole, context: context)
            }
            #expect(head.hasProfile)
            #expect(handed.withLockedValue { $0 } == [Self.size + 1])

            // A second node on the same database uses the same stored snapshot.
            let seen = try await TestService.with(in: test.directory) { second, _ in
                try await second.service.backgroundCohort(tenant)
            }
            #expect(seen == cohort)

            // A newcomer that ranks below every member does not change the cohort until the
            // population has doubled; then the cohort is built again, with it.
            var newcomer = 0
            while CohortRank.of(tenantId: tenant.id, userId: "new-\(newcomer)")
                > CohortRank.of(tenantId: tenant.id, userId: cohort.members[0])
            {
                newcomer += 1
            }
            var first = Self.readyUsers(1, prefix: "new", tenantId: tenant.id, profile: profile)
            first[0].userId = "new-\(newcomer)"
            try await test.store.insertUsers(first)
            #expect(try await test.service.backgroundCohort(tenant, rebuild: true) == cohort)
            let more = Self.readyUsers(999, prefix: "more", tenantId: tenant.id, profile: profile)
            try await test.store.insertUsers(more)
            let rebuilt = try await test.service.backgroundCohort(tenant, rebuild: true)
            #expect(rebuilt.generation == cohort.generation + 1)
            #expect(rebuilt.population == 2000)
            let everyone = users.map(\.userId) + ["new-\(newcomer)"] + more.map(\.userId)
            #expect(rebuilt.members == Self.lowestRanked(everyone, tenantId: tenant.id, count: Self.size + 1))
            #expect(rebuilt.members.contains("new-\(newcomer)"))
        }
    }

    @Test("a user is trained against the cohort's other members in user-id order, as offline, not in rank order")
    func backgroundInUserIdOrder() throws {
        // Members as a snapshot lists them (rank order); each profile tells which member it is.
        let members = ["u-c", "u-a", "u-d", "u-b"]
        let profiles = try members.map { id in
            var profile = UserProfile()
            profile.enrolmentSessions = Int(id.unicodeScalars.last!.value)
            return try BlobCoding.encode(profile)
        }
        let cohort = BackgroundCohortRecord(
            tenantId: "t", generation: 1, population: 4, createdAt: Date(), members: members, profiles: profiles)
        let order = { (user: String) in
            try PipelineEngine.background(for: user, in: cohort).map { profile in
                String(UnicodeScalar(UInt8(profile.enrolmentSessions)))
            }
        }
        #expect(try order("u-b") == ["a", "c", "d"])
        #expect(try order("someone-else") == ["a", "b", "c", "d"])
    }

    @Test("a tenant no larger than the cohort follows its members' profiles; a larger one does not")
    func smallTenantFollowsMembers() async throws {
        try await TestService.with { test, _ in
            let tenant = try #require(try await test.store.tenant(id: "default"))
            let profile = try ModelTrainingTests.profile()
            let users = Self.readyUsers(3, prefix: "small", tenantId: tenant.id, profile: profile)
            try await test.store.insertUsers(users)
            let first = try await test.service.backgroundCohort(tenant)
            #expect(first.population == 3 && first.followsMembers)
            #expect(try await test.service.backgroundCohort(tenant, rebuild: true) == first)

            // A member's profile changes (its enrolment goes on): the node that wrote it builds
            // the snapshot again, and every read after that has the new one.
            var changed = users[1]
            changed.profile = profile + Data("more".utf8)
            try await test.store.insertUsers([changed])
            try await test.service.profileWritten(tenant)
            let next = try await test.service.backgroundCohort(tenant, rebuild: true)
            #expect(next.generation == first.generation + 1)
            let full = try #require(try await test.store.backgroundCohort(tenantId: tenant.id, generation: next.generation))
            let index = try #require(full.members.firstIndex(of: "small-1"))
            #expect(full.profiles[index] == changed.profile)

            // Past the cohort's size, a member's new profile retrains no one.
            try await test.store.insertUsers(Self.readyUsers(30, prefix: "big", tenantId: tenant.id, profile: profile))
            let big = try await test.service.backgroundCohort(tenant, rebuild: true)
            #expect(big.population == 33 && !big.followsMembers)
            var member = try #require(try await test.store.user(tenantId: tenant.id, userId: big.members[0]))
            member.profile = profile + Data("again".utf8)
            try await test.store.insertUsers([member])
            try await test.service.profileWritten(tenant)
            #expect(try await test.service.backgroundCohort(tenant, rebuild: true) == big)
        }
    }
}
