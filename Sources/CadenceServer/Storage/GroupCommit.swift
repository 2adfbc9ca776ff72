import NIOConcurrencyHelpers

/// Collects writes that arrive while the writer is busy and hands them to it together.
///
/// The first submission starts a drain loop; submissions made while a group is being written
/// wait for the next group. Each caller gets its own item's result, in the order written. With
/// one caller at a time this is one write per item, as without it; under load the groups grow by
/// themselves (no timer, so no added latency when idle).
final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    typealias Writer = @Sendable ([Item]) async throws -> [Result<Output, any Error>]

    private struct Waiting {
        var items: [(Item, CheckedContinuation<Output, any Error>)] = []
        var draining = false
    }

    private let waiting = NIOLockedValueBox(Waiting())
    private let writer: Writer
    /// Most items in one group (bounds one transaction's size and time).
    let maximumGroup: Int

    init(maximumGroup: Int = 256, writer: @escaping Writer) {
        self.maximumGroup = maximumGroup
        self.writer = writer
    }

    func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let start = waiting.withLockedValue { waiting in
                waiting.items.append((item, continuation))
                if waiting.draining { return false }
                waiting.draining = true
                return true
            }
            if start { Task { await drain() } }
        }
    }

    private func drain() async {
        while true {
            let group = waiting.withLockedValue { waiting in
                let group = Array(waiting.items.prefix(maximumGroup))
                waiting.items.removeFirst(group.count)
                if group.isEmpty { waiting.draining = false }
                return group
            }
            if group.isEmpty { return }
            do {
                let results = try await writer(group.map(\.0))
                for (index, (_, continuation)) in group.enumerated() {
                    if index < results.count {
                        continuation.resume(with: results[index])
                    } else {
                        continuation.resume(throwing: GroupCommitFailure())
                    }
                }
            } catch {
                for (_, continuation) in group { continuation.resume(throwing: error) }
            }
        }
    }
}

/// The writer returned fewer results than it was given items.
struct GroupCommitFailure: Error, CustomStringConvertible {
    var description: String { "the group commit returned no result for an item" }
}
