import Foundation
import NIOConcurrencyHelpers

/// Values kept for a few seconds so that event batches do not read them each time: tenants by
/// id, users' heads, tenants' ready-population sizes.
///
/// A value changed by this node is forgotten at once; one changed by another node is seen when
/// its entry expires.
final class ExpiringCache<Value: Sendable>: Sendable {
    private let entries = NIOLockedValueBox([String: (value: Value, until: Date)]())
    /// How long an entry is trusted, seconds.
    let lifetime: Double
    /// Entries kept before the cache is emptied (a crude bound on memory).
    let capacity: Int

    init(lifetime: Double, capacity: Int = 20_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value under `key`, from the cache while recent, else from `load` (nil is not kept).
    func value(_ key: String, now: Date, load: () async throws -> Value?) async throws -> Value? {
        if let hit = entries.withLockedValue({ $0[key] }), hit.until > now { return hit.value }
        guard let value = try await load() else { return nil }
        entries.withLockedValue {
            if $0.count >= capacity { $0.removeAll(keepingCapacity: true) }
            $0[key] = (value, now.addingTimeInterval(lifetime))
        }
        return value
    }

    func forget(_ key: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: key) }
    }

    /// The key of a tenant's user.
    static func userKey(tenantId: String, userId: String) -> String { "\(tenantId)\u{0}\(userId)" }
}
