import CadenceEngine
import Foundation
import Logging

extension CadenceService {
    /// The tenant's background cohort as stored (its head: members, no profiles), built when
    /// there is none and built again when the tenant's scored population has outgrown it
    /// (``BackgroundCohort/isStale(builtAt:ready:size:)``); kept 5 s per node. A tenant no
    /// larger than the cohort also gets a new one whenever a profile is written
    /// (``profileWritten(_:)``).
    ///
    /// Checking reads the latest snapshot's head and counts the scored users; building reads the
    /// ``BackgroundCohort/standardSize`` + 1 scored users of lowest rank; nothing else about the
    /// tenant's users.
    /// Two nodes building at once store one snapshot (the same generation) and both use it.
    ///
    /// - Parameter rebuild: read the stored one again now (the one asked for has been replaced).
    public func backgroundCohort(_ tenant: Tenant, rebuild: Bool = false) async throws -> BackgroundCohortRecord {
        if rebuild { cohorts.forget(tenant.id) }
        let cohort = try await cohorts.value(tenant.id, now: Date()) {
            let ready = try await store.readyUserCount(tenantId: tenant.id)
            let latest = try await store.latestBackgroundCohort(tenantId: tenant.id)
            if let latest, !BackgroundCohort.isStale(builtAt: latest.population, ready: ready) { return latest }
            return try await buildBackgroundCohort(tenant, after: latest, ready: ready)
        }
        guard let cohort else { throw StoreRowVanished(what: "background cohort of tenant \(tenant.id)") }
        return cohort
    }

    /// After this node wrote a user's profile: a tenant no larger than the cohort
    /// (``BackgroundCohortRecord/followsMembers``) gets a new snapshot at once, with every
    /// member's profile as it is now, so its models are trained against every other user as they
    /// are now (as `cadence replay --offline` trains them). Other nodes see the new snapshot
    /// within 5 s. One read of at most 17 profiles per profile write, on session ends only; a
    /// larger tenant reads nothing here.
    public func profileWritten(_ tenant: Tenant) async throws {
        let current: BackgroundCohortRecord?
        if let cached = cohorts.cached(tenant.id) {
            current = cached
        } else {
            current = try await store.latestBackgroundCohort(tenantId: tenant.id)
        }
        guard let current, current.followsMembers else { return }
        let ready = try await store.readyUserCount(tenantId: tenant.id)
        let built = try await buildBackgroundCohort(tenant, after: current, ready: ready)
        cohorts.set(tenant.id, built)
    }

    /// Builds and stores the next snapshot: the ``BackgroundCohort/standardSize`` + 1 scored
    /// users of lowest rank (the head of an index range) with their profiles.
    private func buildBackgroundCohort(
        _ tenant: Tenant, after latest: BackgroundCohortRecord?, ready: Int
    ) async throws -> BackgroundCohortRecord {
        let members = try await store.backgroundCandidates(
            tenantId: tenant.id, limit: BackgroundCohort.standardSize + 1)
        let built = BackgroundCohortRecord(
            tenantId: tenant.id, generation: (latest?.generation ?? 0) + 1, population: ready, createdAt: Date(),
            members: members.map(\.userId), profiles: members.compactMap(\.profile))
        let stored = try await store.addBackgroundCohort(built)
        logger.info(
            "background cohort built",
            metadata: [
                "tenant": "\(tenant.id)", "generation": "\(stored.generation)", "members": "\(stored.members.count)",
                "population": "\(stored.population)",
            ])
        return stored.head
    }
}
