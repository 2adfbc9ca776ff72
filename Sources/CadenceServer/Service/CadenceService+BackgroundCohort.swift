import CadenceEngine
import Foundation
import Logging

extension CadenceService {
    /// The tenant's background cohort as stored (its head: members, no profiles), built when
    /// there is none and built again when the tenant's scored population has outgrown it
    /// (``BackgroundCohort/isStale(builtAt:ready:size:)``); kept 5 s per node. While the tenant
    /// has no more scored users than the cohort holds, the snapshot is also built again when a
    /// member's profile has changed since (at most 17 users' models retrain), and this node reads it
    /// again after each profile it writes.
    ///
    /// Checking reads the ``BackgroundCohort/standardSize`` + 1 scored users of lowest rank (the
    /// head of an index range) and counts the scored users; nothing else about the tenant's users.
    /// Two nodes building at once store one snapshot (the same generation) and both use it.
    ///
    /// - Parameter rebuild: read the stored one again now (the one asked for has been replaced).
    public func backgroundCohort(_ tenant: Tenant, rebuild: Bool = false) async throws -> BackgroundCohortRecord {
        if rebuild { cohorts.forget(tenant.id) }
        let cohort = try await cohorts.value(tenant.id, now: Date()) {
            let ready = try await store.readyUserCount(tenantId: tenant.id)
            let latest = try await store.latestBackgroundCohort(tenantId: tenant.id)
            if let latest, !BackgroundCohort.isStale(builtAt: latest.population, ready: ready),
                !latest.followsMembers
            {
                return latest
            }
            let members = try await store.backgroundCandidates(
                tenantId: tenant.id, limit: BackgroundCohort.standardSize + 1)
            if let latest, !BackgroundCohort.isStale(builtAt: latest.population, ready: ready) {
                // A tenant no larger than the cohort: its snapshot follows its members' profiles
                // (every other user as they are now, as `cadence replay --offline` trains).
                let stored = try await store.backgroundCohort(tenantId: tenant.id, generation: latest.generation)
                if let stored, stored.members == members.map(\.userId),
                    stored.profiles == members.compactMap(\.profile)
                {
                    return latest
                }
            }
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
        guard let cohort else { throw StoreRowVanished(what: "background cohort of tenant \(tenant.id)") }
        return cohort
    }
}
