import Foundation
import NIOConcurrencyHelpers

/// Tenants by id, kept for a few seconds so that event batches do not read the tenant each time.
final class TenantCache: Sendable {
    private let entries = NIOLockedValueBox([String: (tenant: Tenant, until: Date)]())
    /// How long an entry is trusted, seconds.
    let lifetime: Double

    init(lifetime: Double = 5) {
        self.lifetime = lifetime
    }

    func tenant(id: String, now: Date, load: () async throws -> Tenant?) async throws -> Tenant? {
        if let hit = entries.withLockedValue({ $0[id] }), hit.until > now { return hit.tenant }
        guard let tenant = try await load() else { return nil }
        entries.withLockedValue { $0[id] = (tenant, now.addingTimeInterval(lifetime)) }
        return tenant
    }

    func forget(_ id: String) {
        entries.withLockedValue { _ = $0.removeValue(forKey: id) }
    }
}

/// How many ready users each tenant has, kept for a few seconds (read for every batch).
final class PopulationSizeCache: Sendable {
    private let entries = NIOLockedValueBox([String: (count: Int, until: Date)]())
    /// How long an entry is trusted, seconds.
    let lifetime: Double

    init(lifetime: Double = 5) {
        self.lifetime = lifetime
    }

    func count(tenantId: String, now: Date, load: () async throws -> Int) async throws -> Int {
        if let hit = entries.withLockedValue({ $0[tenantId] }), hit.until > now { return hit.count }
        let count = try await load()
        entries.withLockedValue { $0[tenantId] = (count, now.addingTimeInterval(lifetime)) }
        return count
    }
}
