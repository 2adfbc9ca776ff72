import CadenceEngine
import CadenceServer
import Foundation
import Testing

/// The background cohort's part of the store contract, on SQLite and PostgreSQL alike.
@Suite("CadenceStore contract: background cohort")
struct BackgroundCohortStoreTests {
    typealias Contract = StoreContractTests

    /// The tenant `t1` with users `u00`…`u29`, the even-numbered ones given a profile `p-<id>`
    /// (scored `ready`) through a session's end, as the service writes profiles.
    static func seeded(_ store: any CadenceStore) async throws -> [String] {
        try await store.createTenant(Contract.tenant("t1"), keys: Contract.keys("t1"))
        var ready: [String] = []
        for n in 0..<30 {
            let id = String(format: "u%02d", n)
            let user = try await store.ensureUser(tenantId: "t1", userId: id, now: Contract.now)
            guard n.isMultiple(of: 2) else { continue }
            try await store.createSession(Contract.session("s-\(id)", user: id))
            let end = SessionEnd(
                tenantId: "t1", sessionId: "s-\(id)", outcome: .genuine, endedAt: Contract.now, expectedVersion: 0,
                state: Data("final".utf8), snapshot: SessionSnapshot(trust: 95, decision: .allow),
                profile: StoredProfile(profile: Data("p-\(id)".utf8), status: .ready),
                expectedProfileVersion: user.version)
            #expect(try await store.endSession(end) == .ended)
            ready.append(id)
        }
        return ready
    }

    @Test("candidates are the scored users of lowest cohort rank, the same on every store", arguments: StoreFactory.all)
    func candidates(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            let ready = try await Self.seeded(store)
            let expected = ready.sorted {
                (CohortRank.of(tenantId: "t1", userId: $0), $0) < (CohortRank.of(tenantId: "t1", userId: $1), $1)
            }
            let five = try await store.backgroundCandidates(tenantId: "t1", limit: 5)
            #expect(five.map(\.userId) == Array(expected.prefix(5)))
            #expect(five.map(\.profile) == expected.prefix(5).map { Data("p-\($0)".utf8) })
            #expect(try await store.backgroundCandidates(tenantId: "t1", limit: 100).map(\.userId) == expected)
            #expect(try await store.readyUserCount(tenantId: "t1") == 15)
        }
    }

    @Test("snapshots: one per generation, the two latest kept, erased members' deleted", arguments: StoreFactory.all)
    func snapshots(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            _ = try await Self.seeded(store)
            #expect(try await store.latestBackgroundCohort(tenantId: "t1") == nil)
            func cohort(_ generation: Int, _ members: [String]) -> BackgroundCohortRecord {
                BackgroundCohortRecord(
                    tenantId: "t1", generation: generation, population: generation * 10, createdAt: Contract.now,
                    members: members, profiles: members.map { Data("p-\($0)".utf8) })
            }
            let first = try await store.addBackgroundCohort(cohort(1, ["u00", "u02"]))
            #expect(first == cohort(1, ["u00", "u02"]))
            // Another node building generation 1 at the same time: the stored one wins.
            #expect(try await store.addBackgroundCohort(cohort(1, ["u04"])) == first)
            #expect(try await store.latestBackgroundCohort(tenantId: "t1") == first.head)
            _ = try await store.addBackgroundCohort(cohort(2, ["u04", "u06"]))
            _ = try await store.addBackgroundCohort(cohort(3, ["u02", "u08"]))
            #expect(try await store.backgroundCohort(tenantId: "t1", generation: 1) == nil, "older than the one before")
            #expect(try await store.backgroundCohort(tenantId: "t1", generation: 2) == cohort(2, ["u04", "u06"]))
            #expect(try await store.latestBackgroundCohort(tenantId: "t1")?.generation == 3)

            _ = try await store.eraseUser(tenantId: "t1", userId: "u02")
            #expect(try await store.backgroundCohort(tenantId: "t1", generation: 3) == nil, "it held u02's profile")
            #expect(try await store.backgroundCohort(tenantId: "t1", generation: 2) != nil)
            #expect(try await store.latestBackgroundCohort(tenantId: "t1")?.generation == 2)
            #expect(try await store.backgroundCandidates(tenantId: "t1", limit: 100).count == 14)
        }
    }
}
