import Foundation
import GRDB

/// Copies the write-ahead log back into the database file from its own connection, in the
/// background, so that no batch commit waits for it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold (1,000 pages)
/// and makes that commit, and every one queued behind the single writer, wait for the copy and
/// its `fsync`: hundreds of milliseconds under load. Here the pool's connections never
/// checkpoint (`wal_autocheckpoint = 0`); this connection runs a PASSIVE checkpoint every
/// ``interval``, which copies what readers allow without blocking the writer. Under a steady
/// stream of commits a passive checkpoint never finds the log fully copied, so the log would
/// never start again from its beginning: past ``restartFrames`` frames a RESTART checkpoint
/// makes the writer wait for the little a passive one left to copy, and the log starts over.
final class WALCheckpointer: Sendable {
    private let queue: DatabaseQueue
    /// Seconds between checkpoints.
    let interval: Double
    /// Frames (4 KiB pages) in the log past which it is made to start over.
    let restartFrames: Int

    init(path: String, interval: Double = 1, restartFrames: Int = 16_384) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        self.interval = interval
        self.restartFrames = restartFrames
    }

    /// Starts checkpointing; the loop ends when this checkpointer is released.
    func start() {
        let interval = interval
        Task.detached { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                guard let self else { return }
                _ = try? await self.checkpoint()
            }
        }
    }

    /// One passive checkpoint, then a restart if the log is past ``restartFrames``.
    @discardableResult
    func checkpoint() async throws -> WALCheckpoint {
        let restartFrames = restartFrames
        return try await queue.writeWithoutTransaction { db in
            // Answers (busy, frames in the log, frames copied).
            let passive = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
            let result = WALCheckpoint(frames: passive?[1] ?? 0, copied: passive?[2] ?? 0, restarted: false)
            guard result.frames > restartFrames else { return result }
            let restart = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(RESTART)")
            let busy: Int = restart?[0] ?? 1
            return WALCheckpoint(frames: result.frames, copied: result.copied, restarted: busy == 0)
        }
    }
}

/// What one checkpoint found and did.
public struct WALCheckpoint: Sendable, Hashable {
    /// Frames (pages) in the write-ahead log.
    public var frames: Int
    /// Frames copied into the database file so far.
    public var copied: Int
    /// Whether the log was made to start over (the next commit writes from its beginning).
    public var restarted: Bool
}
