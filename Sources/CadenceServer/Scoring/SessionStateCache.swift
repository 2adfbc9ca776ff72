import CadenceEngine
import NIOConcurrencyHelpers

/// The engine states of the sessions this node scored last, by session id and version.
///
/// A session's state is stored after every batch, so any node can continue any session; the
/// node that wrote version `v` keeps the decoded state of `v` here, and when the next batch finds
/// the session still at `v` it skips reading and decoding the state. Another node's write, or
/// an end, moves the version on, and the entry no longer matches.
final class SessionStateCache: Sendable {
    private let entries = NIOLockedValueBox([String: (version: Int, state: SessionState)]())
    /// Sessions kept before the cache is emptied (a crude bound on memory: a monitored session's
    /// state is a few kilobytes).
    let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    func state(sessionId: String, version: Int) -> SessionState? {
        entries.withLockedValue { entries in
            guard let entry = entries[sessionId], entry.version == version else { return nil }
            return entry.state
        }
    }

    func keep(_ state: SessionState, sessionId: String, version: Int) {
        entries.withLockedValue { entries in
            if entries.count >= capacity && entries[sessionId] == nil { entries.removeAll(keepingCapacity: true) }
            entries[sessionId] = (version, state)
        }
    }

    func forget(sessionId: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: sessionId) }
    }
}
