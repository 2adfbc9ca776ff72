import Foundation

/// Values kept for a few seconds so that event batches do not read them each time: tenants by
/// id, users' heads, tenants' ready-population sizes.
///
/// A value changed by this node is forgotten at once; one changed by another node is seen when
/// its entry expires.
final class ExpiringCache<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var value: Value
        var until: Date
    }

    private let entries: BoundedMap<Entry>
    /// How long an entry is trusted, seconds.
    let lifetime: Double

    init(lifetime: Double, capacity: Int = 20_000) {
        self.lifetime = lifetime
        entries = BoundedMap(capacity: capacity)
    }

    /// The value under `key`, from the cache while recent, else from `load` (nil is not kept).
    func value(_ key: String, now: Date, load: () async throws -> Value?) async throws -> Value? {
        if let hit = entries[key], hit.until > now { return hit.value }
        guard let value = try await load() else { return nil }
        entries.set(Entry(value: value, until: now.addingTimeInterval(lifetime)), for: key)
        return value
    }

    /// The value under `key` if one is kept, however old.
    func cached(_ key: String) -> Value? {
        entries[key]?.value
    }

    /// Keeps `value` under `key` from `now` on.
    func set(_ key: String, _ value: Value, now: Date = Date()) {
        entries.set(Entry(value: value, until: now.addingTimeInterval(lifetime)), for: key)
    }

    func forget(_ key: String) {
        entries.remove(key)
    }

    /// The key of a tenant's user.
    static func userKey(tenantId: String, userId: String) -> String { "\(tenantId)\u{0}\(userId)" }
}
