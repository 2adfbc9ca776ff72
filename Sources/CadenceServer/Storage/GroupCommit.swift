import NIOConcurrencyHelpers

/// Collects writes that arrive while the writer is busy and hands them to it together.
///
/// The first submission starts a drain loop; submissions made while a group is being written
/// wait for the next group. Each caller gets its own item's result, in the order written. With
/// one caller at a time this is one write per item, as without it, with no added latency.
///
/// Under a steady stream the writer would still commit one item at a time (at 1000 batches a
/// second each commit is over before the next batch arrives), and every commit rewrites the
/// same pages: the database header, the last page of the batch table, its parent. So while the
/// writer is kept busy, it waits ``gather`` before its next group when fewer than
/// ``gatherBelow`` items are queued: measured with `cadence load` at 1000 sessions, 1 ms cut the
/// bytes written to disk by about a quarter and the server's CPU by about a tenth, for about
/// 0.6 ms more at the median.
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
    /// How long the writer, just done with a group, waits for more items before the next one.
    let gather: Duration
    /// Queued items from which the writer does not wait.
    let gatherBelow: Int

    init(
        maximumGroup: Int = 256, gather: Duration = .milliseconds(1), gatherBelow: Int = 8,
        writer: @escaping Writer
    ) {
        self.maximumGroup = maximumGroup
        self.gather = gather
        self.gatherBelow = gatherBelow
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
        var first = true
        while true {
            if !first, gather > .zero, waiting.withLockedValue({ $0.items.count }) < gatherBelow {
                try? await Task.sleep(for: gather)
            }
            first = false
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
