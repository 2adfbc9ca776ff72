import CadenceEngine
import CadenceServer
import Foundation
import Testing

/// How to make a fresh, migrated store of one implementation; the contract runs on each.
struct StoreFactory: Sendable, CustomStringConvertible {
    var description: String
    /// A new store in `directory` (SQLite) or in a database of its own (PostgreSQL), and what
    /// releases it.
    var make: @Sendable (URL) async throws -> (store: any CadenceStore, release: @Sendable () async -> Void)

    static let sqlite = StoreFactory(description: "SQLite") { directory in
        let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
        try await store.migrate()
        return (store, {})
    }

    /// A new database on the test server (`CADENCE_TEST_POSTGRES_URL`), dropped after the test.
    static let postgres = StoreFactory(description: "PostgreSQL") { _ in
        let database = try await PostgresTestServer.createDatabase()
        let store = PostgresStore(url: database.url, maximumConnections: 4, logger: PostgresTestServer.logger)
        do {
            try await store.migrate()
        } catch {
            await store.close()
            await database.drop()
            throw error
        }
        return (
            store,
            {
                await store.close()
                await database.drop()
            }
        )
    }

    /// Every implementation the contract is checked on: PostgreSQL when a test server is given
    /// (``PostgresTestServer``; `PostgreSQL store contract runs` reports it skipped otherwise).
    static let all: [StoreFactory] = PostgresTestServer.url == nil ? [.sqlite] : [.sqlite, .postgres]

    func with<T>(_ body: (any CadenceStore) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-store-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, release) = try await make(directory)
        do {
            let result = try await body(store)
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}

@Suite("CadenceStore contract")
struct StoreContractTests {
    static let now = Date(timeIntervalSince1970: 1_764_057_600)

    static func tenant(_ id: String) -> Tenant {
        Tenant(id: id, name: "Bank \(id)", createdAt: now)
    }

    /// The tenant's one API key, `key-<id>`.
    static func keys(_ id: String) -> [APIKeyRecord] {
        [APIKeyRecord.of("key-\(id)", tenantId: id, role: .tenant, now: now)]
    }

    static func session(_ id: String, tenant: String = "t1", user: String = "u1") -> SessionRecord {
        SessionRecord(
            id: id, tenantId: tenant, userId: user, authenticated: true, createdAt: now,
            expiresAt: now.addingTimeInterval(3600), state: Data("s0".utf8),
            snapshot: SessionSnapshot(trust: 100, decision: .allow))
    }

    static func commit(_ session: String, seq: Int, version: Int, trust: Double = 90, minimumSeq: Int = .min)
        -> BatchCommit
    {
        BatchCommit(
            batch: BatchRecord(
                sessionId: session, seq: seq, receivedAt: now, eventCount: 4, events: Data("[]".utf8), trust: trust,
                decision: .allow, reasons: [DecisionReason(code: "c", message: "m")]),
            expectedVersion: version, minimumSeq: minimumSeq, state: Data("s\(seq)".utf8),
            snapshot: SessionSnapshot(trust: trust, decision: .allow))
    }

    /// The end of `session` at `version`, writing no profile unless given one.
    static func end(
        _ session: String, tenant: String = "t1", outcome: SessionOutcome = .unknown, at endedAt: Date = now,
        version: Int, profile: StoredProfile? = nil, profileVersion: Int? = nil
    ) -> SessionEnd {
        SessionEnd(
            tenantId: tenant, sessionId: session, outcome: outcome, endedAt: endedAt, expectedVersion: version,
            state: Data("final".utf8), snapshot: SessionSnapshot(trust: 95, decision: .allow), profile: profile,
            expectedProfileVersion: profileVersion)
    }

    /// A tenant with user u1 and session s1 in a fresh store.
    static func seeded(_ store: any CadenceStore) async throws {
        try await store.createTenant(tenant("t1"), keys: keys("t1"))
        _ = try await store.ensureUser(tenantId: "t1", userId: "u1", now: now)
        try await store.createSession(session("s1"))
    }

    @Test("tenants: create, find by id and by an active key's digest, update", arguments: StoreFactory.all)
    func tenants(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await store.createTenant(Self.tenant("t1"), keys: Self.keys("t1"))
            #expect(try await store.tenant(id: "t1")?.name == "Bank t1")
            #expect(try await store.credential(digest: SecretKey.digest("key-t1"))?.tenant.id == "t1")
            #expect(try await store.credential(digest: SecretKey.digest("nope")) == nil)
            var tenant = try #require(try await store.tenant(id: "t1"))
            tenant.webhookURL = "https://bank.example/hook"
            tenant.settings.policy.challengeBelow = 70
            try await store.updateTenant(tenant)
            let read = try #require(try await store.tenant(id: "t1"))
            #expect(read.webhookURL == "https://bank.example/hook")
            #expect(read.settings.policy.challengeBelow == 70)
            await #expect(throws: (any Error).self) {
                try await store.createTenant(Self.tenant("t1"), keys: Self.keys("t1"))
            }
        }
    }

    @Test("keys: several per tenant, revoked ones stop resolving, listed with their state", arguments: StoreFactory.all)
    func keys(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await store.createTenant(Self.tenant("t1"), keys: Self.keys("t1"))
            let second = APIKeyRecord.of("second-key", tenantId: "t1", role: .tenant, now: Self.now)
            let dashboard = APIKeyRecord.of("dash-key", tenantId: "t1", role: .dashboard, now: Self.now)
            try await store.addKey(second)
            try await store.addKey(dashboard)
            #expect(try await store.credential(digest: second.digest)?.key.role == .tenant)
            #expect(try await store.credential(digest: dashboard.digest)?.key.role == .dashboard)
            let first = Self.keys("t1")[0]
            #expect(try await store.revokeKey(tenantId: "t1", id: first.id, at: Self.now))
            #expect(try await store.credential(digest: first.digest) == nil, "a revoked key resolves to nothing")
            #expect(try await store.revokeKey(tenantId: "t1", id: first.id, at: Self.now) == false)
            #expect(try await store.revokeKey(tenantId: "t2", id: second.id, at: Self.now) == false, "another tenant's")
            let listed = try await store.keys(tenantId: "t1")
            #expect(Set(listed.map(\.id)) == [first.id, second.id, dashboard.id])
            #expect(listed.first { $0.id == first.id }?.revokedAt != nil)
        }
    }

    @Test(
        "a versioned tenant write succeeds against the version it read and fails after another write",
        arguments: StoreFactory.all)
    func versionedTenantWrites(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await store.createTenant(Self.tenant("t1"), keys: Self.keys("t1"))
            var read = try #require(try await store.tenant(id: "t1"))
            #expect(read.version == 0)
            read.webhookURL = "https://a.example/"
            #expect(try await store.updateTenant(read, ifVersion: 0))
            read.webhookURL = "https://b.example/"
            #expect(try await store.updateTenant(read, ifVersion: 0) == false, "stale: version is now 1")
            let now = try #require(try await store.tenant(id: "t1"))
            #expect(now.version == 1 && now.webhookURL == "https://a.example/")
        }
    }

    @Test(
        "deleting a tenant removes it, its keys, users and sessions, and nothing of another",
        arguments: StoreFactory.all)
    func deleteTenant(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await Self.seeded(store)
            try await store.createTenant(Self.tenant("t2"), keys: Self.keys("t2"))
            _ = try await store.ensureUser(tenantId: "t2", userId: "u1", now: Self.now)
            #expect(try await store.deleteTenant(id: "t1"))
            #expect(try await store.tenant(id: "t1") == nil)
            #expect(try await store.credential(digest: SecretKey.digest("key-t1")) == nil)
            #expect(try await store.session(tenantId: "t1", id: "s1") == nil)
            #expect(try await store.user(tenantId: "t1", userId: "u1") == nil)
            #expect(try await store.user(tenantId: "t2", userId: "u1") != nil)
            #expect(try await store.deleteTenant(id: "t1") == false)
        }
    }

    @Test("the audit log keeps events newest first, per tenant or all", arguments: StoreFactory.all)
    func audit(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            for (i, tenant) in ["t1", "t2", "t1"].enumerated() {
                try await store.appendAudit(
                    AuditEvent(
                        at: Self.now.addingTimeInterval(Double(i)), actor: "cli", tenantId: tenant, action: "a\(i)",
                        detail: ""))
            }
            #expect(try await store.auditEvents(tenantId: "t1", limit: 10).map(\.action) == ["a2", "a0"])
            #expect(try await store.auditEvents(tenantId: nil, limit: 2).map(\.action) == ["a2", "a1"])
        }
    }

    @Test("settings: absent, set, replaced", arguments: StoreFactory.all)
    func settings(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            #expect(try await store.setting("x") == nil)
            try await store.setSetting("x", value: Data([1]))
            try await store.setSetting("x", value: Data([2]))
            #expect(try await store.setting("x") == Data([2]))
        }
    }

    @Test(
        "a batch commit: committed once, then duplicate; stale version conflicts; too late refused",
        arguments: StoreFactory.all)
    func batchCommits(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await Self.seeded(store)
            #expect(try await store.commit(Self.commit("s1", seq: 0, version: 0)) == .committed(version: 1))
            #expect(try await store.commit(Self.commit("s1", seq: 0, version: 1)) == .duplicate)
            #expect(try await store.commit(Self.commit("s1", seq: 1, version: 0)) == .conflict)
            #expect(try await store.commit(Self.commit("s1", seq: 5, version: 1, trust: 80)) == .committed(version: 2))
            #expect(try await store.commit(Self.commit("s1", seq: 2, version: 2, minimumSeq: 3)) == .tooLate)
            #expect(try await store.commit(Self.commit("nope", seq: 0, version: 0)) == .missing)
            let session = try #require(try await store.session(tenantId: "t1", id: "s1"))
            #expect(session.version == 2)
            #expect(session.batchCount == 2)
            #expect(session.eventCount == 8)
            #expect(session.lastSeq == 5)
            #expect(session.state == Data("s5".utf8))
            #expect(session.snapshot.trust == 80)
            let batches = try await store.batches(sessionId: "s1")
            #expect(batches.map(\.seq) == [0, 5])
            #expect(batches[0].reasons == [DecisionReason(code: "c", message: "m")])
            #expect(batches.allSatisfy { !$0.events.isEmpty })
        }
    }

    @Test(
        "timelines and session lists read no events and no scoring state (a stuffed session costs a list nothing)",
        arguments: StoreFactory.all)
    func listsReadNoBlobs(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await Self.seeded(store)
            #expect(try await store.commit(Self.commit("s1", seq: 0, version: 0)) == .committed(version: 1))
            #expect(try await store.commit(Self.commit("s1", seq: 1, version: 1, trust: 70)) == .committed(version: 2))
            let batches = try await store.batches(sessionId: "s1")
            let timeline = try await store.timeline(sessionId: "s1")
            #expect(timeline.map(\.seq) == batches.map(\.seq))
            #expect(timeline.map(\.trust) == batches.map(\.trust))
            #expect(timeline.map(\.decision) == batches.map(\.decision))
            #expect(timeline.map(\.reasons) == batches.map(\.reasons))
            #expect(timeline.map(\.eventCount) == batches.map(\.eventCount))
            #expect(timeline.allSatisfy { $0.events.isEmpty }, "the timeline read the events")
            let listed = try await store.sessions(tenantId: "t1", limit: 10)
            #expect(listed.map(\.id) == ["s1"])
            #expect(listed[0].state.isEmpty, "the session list read the scoring state")
            #expect(listed[0].snapshot.trust == 70 && listed[0].version == 2 && listed[0].lastSeq == 1)
        }
    }

    @Test(
        "ending a session: once, with its final state and the profile under version check", arguments: StoreFactory.all)
    func endSession(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await Self.seeded(store)
            let user = try #require(try await store.user(tenantId: "t1", userId: "u1"))
            func end(version: Int, profileVersion: Int?) -> SessionEnd {
                Self.end(
                    "s1", outcome: .genuine, version: version,
                    profile: StoredProfile(profile: Data("p".utf8), status: .ready), profileVersion: profileVersion)
            }
            #expect(try await store.endSession(end(version: 0, profileVersion: user.version + 1)) == .conflict)
            #expect(try await store.endSession(end(version: 3, profileVersion: user.version)) == .conflict)
            #expect(try await store.session(tenantId: "t1", id: "s1")?.endedAt == nil, "a conflict writes nothing")
            #expect(try await store.endSession(end(version: 0, profileVersion: user.version)) == .ended)
            #expect(try await store.endSession(end(version: 1, profileVersion: user.version + 1)) == .alreadyEnded)
            let session = try #require(try await store.session(tenantId: "t1", id: "s1"))
            #expect(session.outcome == .genuine)
            #expect(session.state == Data("final".utf8))
            let updated = try #require(try await store.user(tenantId: "t1", userId: "u1"))
            #expect(updated.status == .ready)
            #expect(updated.profile == Data("p".utf8))
            #expect(updated.version == user.version + 1)
            #expect(try await store.backgroundCandidates(tenantId: "t1", limit: 10).map(\.userId) == ["u1"])
            #expect(try await store.readyUserCount(tenantId: "t1") == 1)
            #expect(
                try await store.commit(Self.commit("s1", seq: 0, version: 1)) == .conflict, "no batch after the end")
        }
    }

    @Test("erasing a user removes their sessions and batches only, within their tenant", arguments: StoreFactory.all)
    func erase(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await Self.seeded(store)
            try await store.createTenant(Self.tenant("t2"), keys: Self.keys("t2"))
            _ = try await store.ensureUser(tenantId: "t2", userId: "u1", now: Self.now)
            try await store.createSession(Self.session("s2", tenant: "t2", user: "u1"))
            try await store.createSession(Self.session("s3", tenant: "t1", user: "u2"))
            _ = try await store.commit(Self.commit("s1", seq: 0, version: 0))
            _ = try await store.commit(Self.commit("s2", seq: 0, version: 0))
            let report = try await store.eraseUser(tenantId: "t1", userId: "u1")
            #expect(report == ErasureReport(users: 1, sessions: 1, batches: 1))
            #expect(try await store.session(tenantId: "t1", id: "s1") == nil)
            #expect(try await store.batches(sessionId: "s1").isEmpty)
            #expect(try await store.session(tenantId: "t2", id: "s2") != nil, "the other tenant's u1 is untouched")
            #expect(try await store.batches(sessionId: "s2").count == 1)
            #expect(try await store.session(tenantId: "t1", id: "s3") != nil)
        }
    }

    @Test(
        "retention: a tenant's batches before the cutoff lose their events, samples wait for an open session, timelines stay",
        arguments: StoreFactory.all)
    func retention(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await Self.seeded(store)
            try await store.createTenant(Self.tenant("t2"), keys: Self.keys("t2"))
            try await store.createSession(Self.session("s2", tenant: "t2"))
            var open = Self.session("s3")
            open.expiresAt = Self.now.addingTimeInterval(10 * 86_400)
            try await store.createSession(open)
            for (session, samples) in [("s1", "a"), ("s2", "b"), ("s3", "c")] {
                var commit = Self.commit(session, seq: 0, version: 0)
                commit.collected = Data(samples.utf8)
                #expect(try await store.commit(commit) == .committed(version: 1))
            }
            // s1's token expired before the cutoff, s3's did not: its samples wait for its end.
            let cutoff = Self.now.addingTimeInterval(2 * 3600)
            let cleared = try await store.dropRawEvents(tenantId: "t1", before: cutoff)
            #expect(cleared.batches == 2 && cleared.sessions == 0)
            #expect(try await store.batches(sessionId: "s1").map(\.events) == [Data()])
            #expect(try await store.batches(sessionId: "s3").map(\.events) == [Data()])
            #expect(try await store.collectedSamples(sessionId: "s1") == [])
            #expect(try await store.collectedSamples(sessionId: "s3") == [Data("c".utf8)])
            #expect(try await store.timeline(sessionId: "s1").map(\.trust) == [90])
            #expect(try await store.batches(sessionId: "s2").map(\.events) == [Data("[]".utf8)], "another tenant's")
            #expect(try await store.collectedSamples(sessionId: "s2") == [Data("b".utf8)])
            let again = try await store.dropRawEvents(tenantId: "t1", before: cutoff)
            #expect(again.batches == 0 && again.sessions == 0)

            #expect(try await store.endSession(Self.end("s3", version: 1)) == .ended)
            let ended = try await store.dropRawEvents(tenantId: "t1", before: cutoff)
            #expect(ended.batches == 0 && ended.sessions == 1, "its samples went with its end; its state goes now")
            #expect(try await store.session(tenantId: "t1", id: "s3")?.state == Data())
        }
    }

    @Test(
        "timeline retention: sessions closed before the cutoff lose their timeline, in bounded steps; others keep it",
        arguments: StoreFactory.all)
    func timelineRetention(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await Self.seeded(store)
            try await store.createTenant(Self.tenant("t2"), keys: Self.keys("t2"))
            // s1, s4, s5 end at `now` and s2 (another tenant's) too; s6 ends after the cutoff;
            // s3 is open with its token valid past the cutoff; nobody ends s7, its token expires
            // an hour after `now`.
            let sessions = [
                ("s1", "t1"), ("s2", "t2"), ("s3", "t1"), ("s4", "t1"), ("s5", "t1"), ("s6", "t1"), ("s7", "t1"),
            ]
            for (id, tenant) in sessions where id != "s1" {
                var session = Self.session(id, tenant: tenant)
                if id == "s3" { session.expiresAt = Self.now.addingTimeInterval(10 * 86_400) }
                try await store.createSession(session)
            }
            for (id, _) in sessions {
                for seq in 0..<3 {
                    #expect(
                        try await store.commit(Self.commit(id, seq: seq, version: seq)) == .committed(version: seq + 1))
                }
            }
            for (id, tenant) in sessions where id != "s3" && id != "s7" {
                let endedAt = id == "s6" ? Self.now.addingTimeInterval(2 * 86_400) : Self.now
                let end = Self.end(id, tenant: tenant, outcome: .genuine, at: endedAt, version: 3)
                #expect(try await store.endSession(end) == .ended)
            }
            let cutoff = Self.now.addingTimeInterval(86_400)
            // Two at a time: two, two, then none left.
            #expect(try await store.dropTimelines(tenantId: "t1", endedBefore: cutoff, limit: 2) == 2)
            #expect(try await store.dropTimelines(tenantId: "t1", endedBefore: cutoff, limit: 2) == 2)
            #expect(try await store.dropTimelines(tenantId: "t1", endedBefore: cutoff, limit: 2) == 0)
            for id in ["s1", "s4", "s5", "s7"] {
                #expect(try await store.timeline(sessionId: id).isEmpty, "\(id)'s timeline is dropped")
                #expect(try await store.batches(sessionId: id).isEmpty)
                let summary = try #require(try await store.session(tenantId: "t1", id: id))
                #expect(summary.batchCount == 3, "the summary stays")
            }
            #expect(try await store.session(tenantId: "t1", id: "s1")?.outcome == .genuine)
            #expect(try await store.timeline(sessionId: "s3").count == 3, "an open session keeps its timeline")
            #expect(try await store.timeline(sessionId: "s6").count == 3, "a session ended after the cutoff keeps it")
            #expect(try await store.timeline(sessionId: "s2").count == 3, "another tenant's session keeps it")
            // The open session goes on: its version was not moved.
            #expect(try await store.commit(Self.commit("s3", seq: 3, version: 3)) == .committed(version: 4))
        }
    }

    @Test("tenants do not see each other's users and sessions", arguments: StoreFactory.all)
    func isolation(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await Self.seeded(store)
            try await store.createTenant(Self.tenant("t2"), keys: Self.keys("t2"))
            #expect(try await store.session(tenantId: "t2", id: "s1") == nil)
            #expect(try await store.user(tenantId: "t2", userId: "u1") == nil)
            #expect(try await store.sessions(tenantId: "t2", limit: 10).isEmpty)
            #expect(try await store.users(tenantId: "t2", after: nil, limit: 10).isEmpty)
            let listed = try await store.users(tenantId: "t1", after: nil, limit: 10)
            #expect(listed.map(\.user.userId) == ["u1"])
            #expect(listed.map(\.sessionCount) == [1])
            let first = try await store.ensureUser(tenantId: "t1", userId: "u1", now: Self.now.addingTimeInterval(60))
            #expect(first.createdAt == Self.now, "ensureUser keeps an existing user")
        }
    }

    @Test(
        "users are listed and paged in byte order of their ids, whatever the database's locale",
        arguments: StoreFactory.all)
    func userOrder(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await store.createTenant(Self.tenant("t1"), keys: Self.keys("t1"))
            for id in ["b", "B", "a", "_z", "é"] {
                _ = try await store.ensureUser(tenantId: "t1", userId: id, now: Self.now)
            }
            #expect(
                try await store.users(tenantId: "t1", after: nil, limit: 10).map(\.user.userId) == [
                    "B", "_z", "a", "b", "é",
                ])
            #expect(try await store.users(tenantId: "t1", after: "_z", limit: 2).map(\.user.userId) == ["a", "b"])
            #expect(try await store.users(tenantId: "t1", after: "b", limit: 10).map(\.user.userId) == ["é"])
        }
    }

    @Test(
        "heads: a session without its state and a user without their profile, same versions",
        arguments: StoreFactory.all)
    func heads(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await Self.seeded(store)
            #expect(try await store.commit(Self.commit("s1", seq: 0, version: 0)) == .committed(version: 1))
            let full = try #require(try await store.session(tenantId: "t1", id: "s1"))
            let head = try #require(try await store.sessionHead(tenantId: "t1", id: "s1"))
            #expect(full.state == Data("s0".utf8))
            #expect(head.state.isEmpty)
            var withoutState = full
            withoutState.state = Data()
            #expect(head == withoutState)
            #expect(try await store.sessionHead(tenantId: "t2", id: "s1") == nil, "another tenant's session")

            var user = try #require(try await store.userHead(tenantId: "t1", userId: "u1"))
            #expect(user.profileOmitted && !user.hasProfile && user.profile == nil)
            let end = Self.end(
                "s1", outcome: .genuine, version: 1,
                profile: StoredProfile(profile: Data("profile".utf8), status: .ready), profileVersion: user.version)
            #expect(try await store.endSession(end) == .ended)
            user = try #require(try await store.userHead(tenantId: "t1", userId: "u1"))
            #expect(user.profileOmitted && user.hasProfile && user.profile == nil && user.status == .ready)
            let whole = try #require(try await store.user(tenantId: "t1", userId: "u1"))
            #expect(!whole.profileOmitted && whole.hasProfile && whole.profile == Data("profile".utf8))
            #expect(whole.version == user.version)
        }
    }

    @Test(
        "collected samples: appended with their batch in commit order, kept out of refused batches, gone at the end",
        arguments: StoreFactory.all)
    func collectedSamples(_ factory: StoreFactory) async throws {
        try await factory.with { store in
            try await Self.seeded(store)
            func commit(seq: Int, version: Int, samples: String?) -> BatchCommit {
                var commit = Self.commit("s1", seq: seq, version: version)
                commit.collected = samples.map { Data($0.utf8) }
                return commit
            }
            #expect(try await store.commit(commit(seq: 1, version: 0, samples: "a")) == .committed(version: 1))
            #expect(try await store.commit(commit(seq: 0, version: 1, samples: "b")) == .committed(version: 2))
            #expect(try await store.commit(commit(seq: 2, version: 2, samples: nil)) == .committed(version: 3))
            #expect(try await store.commit(commit(seq: 3, version: 1, samples: "stale")) == .conflict)
            #expect(try await store.commit(commit(seq: 0, version: 3, samples: "again")) == .duplicate)
            #expect(try await store.collectedSamples(sessionId: "s1") == [Data("a".utf8), Data("b".utf8)])
            #expect(try await store.collectedSamples(sessionId: "nope") == [])
            let end = Self.end("s1", version: 3)
            #expect(try await store.endSession(end) == .ended)
            #expect(try await store.collectedSamples(sessionId: "s1") == [])
        }
    }
}
