import Foundation
import GRDB

extension SQLiteStore {
    public func dropRawEvents(tenantId: String, before: Date) async throws -> (batches: Int, sessions: Int) {
        let cutoff = before.timeIntervalSince1970
        let cleared = try await pool.write { db -> (Int, Int) in
            // An emptied blob marks a batch whose events are gone; secure_delete zeroes the pages.
            try db.execute(
                sql: """
                    UPDATE batch SET events = X'', samples = NULL
                    WHERE receivedAt < ? AND length(events) > 0
                      AND sessionId IN (SELECT id FROM session WHERE tenantId = ?)
                    """,
                arguments: [cutoff, tenantId])
            let batches = db.changesCount
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
}
