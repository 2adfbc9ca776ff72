import Foundation
import GRDB

/// Copies the write-ahead log back into the database file and makes it start over, with the
/// writer waiting for as little of it as possible.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold and makes that
/// commit, and every one queued behind the single writer, wait for the whole copy and its
/// `fsync`. Here the pool's connections never checkpoint on their own (`wal_autocheckpoint = 0`)
/// and the work is split in two:
///
/// 1. This checkpointer's own connection runs a PASSIVE checkpoint every ``interval``: it copies
///    what is committed without blocking the writer. Once the log is past ``restartFrames`` it
///    keeps copying, pass after pass, until one finds fewer than ``settleFrames`` new frames.
/// 2. It syncs the database file (a passive checkpoint overtaken by a commit leaves what it
///    copied unsynced), then the writer itself copies the remainder, between two group commits
///    (``writerCheckpoint``): with no commit landing meanwhile, the log is copied to its end,
///    and the writer's next transaction starts the log over from its beginning. The writer
///    waits for a few hundred frames and one `fsync` (a few milliseconds), not for the log.
///
/// A SQLite RESTART checkpoint also makes the log start over, but holds the writer's lock for the
/// copy, both `fsync`s and every reader to finish: 30-70 ms at 1000 sessions, measured with
/// `cadence load`. It is kept as the fallback for a log that readers keep from starting over
/// (past ``fallbackFrames``).
final class WALCheckpointer: Sendable {
    /// Runs a PASSIVE checkpoint on the writer's connection, between its transactions; answers
    /// the row of `PRAGMA wal_checkpoint`.
    typealias WriterCheckpoint = @Sendable () async throws -> WALCheckpoint

    private let queue: DatabaseQueue
    private let writerCheckpoint: WriterCheckpoint
    /// The database file, opened to sync it (-1 if it could not be opened).
    private let databaseDescriptor: Int32
    /// Seconds between checkpoints.
    let interval: Double
    /// Frames (4 KiB pages) in the log past which it is made to start over.
    let restartFrames: Int
    /// New frames per pass below which the remainder is left to the writer.
    let settleFrames: Int
    /// Frames past which the log is made to start over by a RESTART checkpoint.
    var fallbackFrames: Int { max(4 * restartFrames, 65_536) }

    init(
        path: String, interval: Double = 1, restartFrames: Int = 16_384, settleFrames: Int = 256,
        writerCheckpoint: @escaping WriterCheckpoint
    ) throws {
        var configuration = Configuration()
        configuration.busyMode = .callback(BusyWait.fine)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        databaseDescriptor = open(path, O_RDONLY)
        self.writerCheckpoint = writerCheckpoint
        self.interval = interval
        self.restartFrames = restartFrames
        self.settleFrames = settleFrames
    }

    deinit {
        if databaseDescriptor >= 0 { close(databaseDescriptor) }
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

    /// One passive checkpoint; past ``restartFrames``, the passes and the writer's share that make
    /// the log start over.
    @discardableResult
    func checkpoint() async throws -> WALCheckpoint {
        var pass = try await passive()
        guard pass.frames > restartFrames else { return pass }
        if pass.frames > fallbackFrames {
            // Readers kept the log from starting over at the writer's last checkpoints.
            return try await queue.writeWithoutTransaction { db in
                try WALCheckpoint(row: Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(RESTART)"), restartMode: true)
            }
        }
        for _ in 0..<6 {
            let next = try await passive()
            defer { pass = next }
            if next.frames - pass.frames < settleFrames { break }
        }
        // A passive checkpoint that a commit overtakes (under load, every one) copies pages into
        // the database file without syncing it; the one that reaches the log's end syncs them
        // all. Synced here, the writer's own checkpoint syncs only the pages it copies.
        await syncDatabaseFile()
        var last = try await writerCheckpoint()
        last.restarted = last.frames > 0 && last.copied == last.frames
        return last
    }

    private func syncDatabaseFile() async {
        let descriptor = databaseDescriptor
        guard descriptor >= 0 else { return }
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                _ = fdatasync(descriptor)
                continuation.resume()
            }
        }
    }

    private func passive() async throws -> WALCheckpoint {
        try await queue.writeWithoutTransaction { db in
            try WALCheckpoint(row: Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)"), restartMode: false)
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

    /// Reads `PRAGMA wal_checkpoint`'s answer (busy, frames in the log, frames copied).
    init(row: Row?, restartMode: Bool) {
        let busy: Int = row?[0] ?? 1
        frames = row?[1] ?? 0
        copied = row?[2] ?? 0
        restarted = restartMode && busy == 0
    }
}

/// How a connection waits for a lock another one holds.
enum BusyWait {
    /// Retries every 100 µs for the first 20 ms, then every 2 ms, for about 10 s in all.
    ///
    /// SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries, so a writer
    /// held up for 3 ms by a checkpoint would wait 8 ms.
    static let fine: Database.BusyCallback = { tries in
        if tries < 200 {
            usleep(100)
            return true
        }
        if tries < 5_200 {
            usleep(2_000)
            return true
        }
        return false
    }
}
