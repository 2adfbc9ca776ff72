/// Per session, what this node computed for the version it committed last: the engine's decoded
/// engine state, the service's session head.
///
/// Sessions are stored after every batch, so any node can continue any session. The node that
/// wrote version `v` keeps what it computed for `v`; a batch that finds the session still at `v`
/// uses it instead of reading and decoding it again. Another node's write, or an end, moves the
/// version on; the commit's version check then reports a conflict and the batch is read again.
final class SessionVersionCache<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var version: Int
        var value: Value
    }

    /// Sessions kept (a monitored session's state is a few kilobytes).
    private let entries: BoundedMap<Entry>

    init(capacity: Int = 20_000) {
        entries = BoundedMap(capacity: capacity)
    }

    /// The value kept for the session at exactly `version`.
    func value(_ sessionId: String, version: Int) -> Value? {
        guard let entry = entries[sessionId], entry.version == version else { return nil }
        return entry.value
    }

    /// The value kept for the session's latest version this node committed.
    func latest(_ sessionId: String) -> Value? {
        entries[sessionId]?.value
    }

    func keep(_ value: Value, sessionId: String, version: Int) {
        entries.set(Entry(version: version, value: value), for: sessionId)
    }

    func forget(_ sessionId: String) {
        entries.remove(sessionId)
    }
}
