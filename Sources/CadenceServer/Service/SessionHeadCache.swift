import Foundation
import NIOConcurrencyHelpers

/// The sessions this node committed last, as of their latest version (without their state).
///
/// A batch of such a session is scored straight away against the held head and the scorer's held
/// state, with no read: the commit only succeeds against that version (optimistic concurrency),
/// so when another node or an end moved the session on, the commit reports a conflict and the
/// batch is read and scored again from the database.
final class SessionHeadCache: Sendable {
    private let entries = NIOLockedValueBox([String: SessionRecord]())
    /// Sessions kept before the cache is emptied (a crude bound on memory).
    let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    func session(_ id: String) -> SessionRecord? {
        entries.withLockedValue { $0[id] }
    }

    func keep(_ session: SessionRecord) {
        var head = session
        head.state = Data()
        entries.withLockedValue {
            if $0.count >= capacity && $0[head.id] == nil { $0.removeAll(keepingCapacity: true) }
            $0[head.id] = head
        }
    }

    func forget(_ id: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: id) }
    }
}
