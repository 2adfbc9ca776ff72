import CadenceServer
import Foundation
import Testing

/// Commits never checkpoint; the background checkpointer copies the log and makes it start over,
/// so the log stays short under a steady stream of batches.
@Suite("SQLite write-ahead log checkpoints")
struct WALCheckpointTests {
    @Test("the checkpointer copies every committed frame and the log starts over")
    func logStartsOver() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-wal-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // No background pass during the test (on a busy machine 40 commits can take over a second):
        // only the explicit checkpoints below copy the log.
        let store = try SQLiteStore(
            path: directory.appendingPathComponent("s.sqlite").path, walRestartFrames: 0, checkpointInterval: 3600)
        try await store.migrate()
        try await StoreContractTests.seeded(store)
        for seq in 0..<40 {
            #expect(
                try await store.commit(StoreContractTests.commit("s1", seq: seq, version: seq))
                    == .committed(version: seq + 1))
        }
        let first = try await store.checkpoint()
        #expect(first.frames >= 40, "no commit checkpointed on its own (\(first.frames) frames)")
        #expect(first.copied == first.frames)
        #expect(first.restarted)
        #expect(
            try await store.commit(StoreContractTests.commit("s1", seq: 40, version: 40)) == .committed(version: 41))
        let second = try await store.checkpoint()
        #expect(
            second.frames < first.frames / 4, "the next commit wrote from the log's start (\(second.frames) frames)")
        #expect(try await store.batches(sessionId: "s1").count == 41)
    }
}
