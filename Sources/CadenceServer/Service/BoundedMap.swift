import NIOConcurrencyHelpers

/// A dictionary behind a lock, emptied when it reaches ``capacity`` entries: the storage of the
/// service's in-memory caches (session versions, expiring heads), so that how they are bounded
/// is decided in one place. Emptying is a crude bound on memory; every cache here can refill
/// itself from the database.
final class BoundedMap<Value: Sendable>: Sendable {
    private let entries = NIOLockedValueBox([String: Value]())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    subscript(key: String) -> Value? {
        entries.withLockedValue { $0[key] }
    }

    func set(_ value: Value, for key: String) {
        entries.withLockedValue { entries in
            if entries.count >= capacity && entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }

    func remove(_ key: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: key) }
    }
}
