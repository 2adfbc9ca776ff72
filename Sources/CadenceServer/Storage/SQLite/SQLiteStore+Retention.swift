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
            // Sessions closed before the cutoff (ended, or a session nobody ended whose last token
            // expired) that still keep a timeline, by `session_timeline_kept`: `limit` rows read.
            let sessions = try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM session
                    WHERE tenantId = ? AND timelineKept = 1 AND COALESCE(endedAt, expiresAt) < ?
                    ORDER BY COALESCE(endedAt, expiresAt) LIMIT ?
                    """,
                arguments: [tenantId, cutoff, limit])
            for id in sessions {
                try db.execute(sql: "DELETE FROM batch WHERE sessionId = ?", arguments: [id])
                try db.execute(
                    sql: "UPDATE session SET timelineKept = 0, version = version + 1 WHERE id = ?", arguments: [id])
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
