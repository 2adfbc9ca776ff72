import Foundation
import GRDB

extension SQLiteStore {
    public func dropRawEvents(tenantId: String, before: Date) async throws -> (batches: Int, sessions: Int) {
        let cutoff = before.timeIntervalSince1970
        let cleared = try await pool.write { db -> (Int, Int) in
            // An emptied blob marks a batch whose events are gone; secure_delete zeroes the pages.
            try db.execute(
                sql: """
                    UPDATE batch SET events = X''
                    WHERE receivedAt < ? AND length(events) > 0
                      AND sessionId IN (SELECT id FROM session WHERE tenantId = ?)
                    """,
                arguments: [cutoff, tenantId])
            var batches = db.changesCount
            // Collected samples wait for their session's end (they feed its enrolment), or for its
            // last token to have expired before the cutoff (a session nobody ended).
            try db.execute(
                sql: """
                    UPDATE batch SET samples = NULL
                    WHERE receivedAt < ? AND samples IS NOT NULL
                      AND sessionId IN (SELECT id FROM session WHERE tenantId = ?
                                        AND (endedAt IS NOT NULL OR expiresAt < ?))
                    """,
                arguments: [cutoff, tenantId, cutoff])
            batches = max(batches, db.changesCount)
            try db.execute(
                sql: """
                    UPDATE session SET state = X''
                    WHERE tenantId = ? AND endedAt IS NOT NULL AND endedAt < ? AND length(state) > 0
                    """,
                arguments: [tenantId, cutoff])
            return (batches, db.changesCount)
        }
        if cleared.0 + cleared.1 > 0 { try await truncateLog() }
        return (batches: cleared.0, sessions: cleared.1)
    }

    public func dropTimelines(tenantId: String, endedBefore: Date, limit: Int) async throws -> Int {
        let cutoff = endedBefore.timeIntervalSince1970
        let dropped = try await pool.write { db -> Int in
            // Batches received before the cutoff, by `batch_by_time`: a session that ended before it
            // received every batch before it; deleted rows are not read again by the next sweep.
            let sessions = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT session.id FROM batch JOIN session ON session.id = batch.sessionId
                    WHERE batch.receivedAt < ? AND session.tenantId = ?
                      AND session.endedAt IS NOT NULL AND session.endedAt < ?
                    LIMIT ?
                    """,
                arguments: [cutoff, tenantId, cutoff, limit])
            for id in sessions {
                try db.execute(sql: "DELETE FROM batch WHERE sessionId = ?", arguments: [id])
            }
            return sessions.count
        }
        if dropped > 0 { try await truncateLog() }
        return dropped
    }

    /// Batches are rows of one table here: retention clears them per tenant.
    public func rotateRawEventPartitions(droppingBefore before: Date, now: Date) async throws
        -> (partitions: Int, batches: Int)
    {
        (partitions: 0, batches: 0)
    }
}
