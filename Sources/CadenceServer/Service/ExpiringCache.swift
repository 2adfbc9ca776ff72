import Foundation
import NIOConcurrencyHelpers

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
    /// The loads running now, by key.
    private let loads = NIOLockedValueBox<[String: Task<Value?, any Error>]>([:])
    /// How long an entry is trusted, seconds.
    let lifetime: Double

    init(lifetime: Double, capacity: Int = 20_000) {
        self.lifetime = lifetime
        entries = BoundedMap(capacity: capacity)
    }

    /// The value under `key`, from the cache while recent, else from `load` (nil is not kept).
    ///
    /// One load per key at a time: requests that miss while a load of their key runs wait for
    /// its result instead of each reading the database (when a busy tenant's entry expires,
    /// every batch arriving in the next milliseconds would otherwise read it again). The load
    /// runs in a task of its own, so a waiting request that is cancelled does not cancel it for
    /// the others.
    func value(_ key: String, now: Date, load: @escaping @Sendable () async throws -> Value?) async throws -> Value? {
        if let hit = entries[key], hit.until > now { return hit.value }
        let (flight, leads) = loads.withLockedValue { loads -> (Task<Value?, any Error>, Bool) in
            if let running = loads[key] { return (running, false) }
            let started = Task { try await load() }
            loads[key] = started
            return (started, true)
        }
        guard leads else { return try await flight.value }
        let result = await flight.result
        // Kept only while still the key's load: a `set` or `forget` meanwhile made it stale.
        let current = loads.withLockedValue { loads -> Bool in
            guard loads[key] == flight else { return false }
            loads[key] = nil
            return true
        }
        if current, case .success(let value?) = result {
            entries.set(Entry(value: value, until: now.addingTimeInterval(lifetime)), for: key)
        }
        return try result.get()
    }

    /// The value under `key` if one is kept, however old.
    func cached(_ key: String) -> Value? {
        entries[key]?.value
    }

    /// Keeps `value` under `key` from `now` on.
    func set(_ key: String, _ value: Value, now: Date = Date()) {
        loads.withLockedValue { $0[key] = nil }
        entries.set(Entry(value: value, until: now.addingTimeInterval(lifetime)), for: key)
    }

    /// Forgets the value, and any load of it running now (the next request loads it afresh).
    func forget(_ key: String) {
        loads.withLockedValue { $0[key] = nil }
        entries.remove(key)
    }

    /// The key of a tenant's user.
    static func userKey(tenantId: String, userId: String) -> String { "\(tenantId)\u{0}\(userId)" }
}
