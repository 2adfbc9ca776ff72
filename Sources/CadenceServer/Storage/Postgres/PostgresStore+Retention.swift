import Foundation
import PostgresNIO

extension PostgresStore {
    /// Clears, row by row, what ``rotateRawEventPartitions(droppingBefore:now:)`` left: the
    /// tenant's payloads in partitions another tenant's longer period keeps, and in the default one.
    public func dropRawEvents(tenantId: String, before: Date) async throws -> (batches: Int, sessions: Int) {
        let cutoff = before.timeIntervalSince1970
        return try await transaction { connection in
            // A batch without a payload row is one whose events are gone. Collected samples wait
            // for their session's end (they feed its enrolment), or for its last token to have
            // expired before the cutoff (a session nobody ended): such a batch keeps its row, events
            // emptied. A row already emptied of both (its session ended since) goes uncounted.
            let deleted = try await Self.rows(
                """
                DELETE FROM batch_payload
                WHERE tenant_id = \(tenantId) AND received_at < \(cutoff)
                  AND (samples IS NULL
                       OR session_id IN (SELECT id FROM session WHERE tenant_id = \(tenantId)
                                         AND (ended_at IS NOT NULL OR expires_at < \(cutoff))))
                RETURNING length(events) > 0 OR samples IS NOT NULL AS cleared
                """, on: connection, logger: logger
            ).filter { try $0.value("cleared", Bool.self) }.count
            let emptied = try await Self.rows(
                """
                UPDATE batch_payload SET events = ''::bytea
                WHERE tenant_id = \(tenantId) AND received_at < \(cutoff) AND length(events) > 0
                RETURNING 1
                """, on: connection, logger: logger
            ).count
            let sessions = try await Self.rows(
                """
                UPDATE session SET state = ''::bytea
                WHERE tenant_id = \(tenantId) AND ended_at IS NOT NULL AND ended_at < \(cutoff) AND length(state) > 0
                RETURNING 1
                """, on: connection, logger: logger
            ).count
            return (batches: deleted + emptied, sessions: sessions)
        }
    }

    public func dropTimelines(tenantId: String, endedBefore: Date, limit: Int) async throws -> Int {
        let cutoff = endedBefore.timeIntervalSince1970
        // Timeline rows received before the cutoff, by `batch_by_time`: a session that ended
        // before it received every batch before it; deleted rows are not read again.
        let row = try await row(
            """
            WITH doomed AS (
                SELECT DISTINCT session.id FROM batch JOIN session ON session.id = batch.session_id
                WHERE batch.received_at < \(cutoff) AND session.tenant_id = \(tenantId)
                  AND session.ended_at IS NOT NULL AND session.ended_at < \(cutoff)
                LIMIT \(limit)
            ), payload AS (
                DELETE FROM batch_payload WHERE session_id IN (SELECT id FROM doomed)
            ), timeline AS (
                DELETE FROM batch WHERE session_id IN (SELECT id FROM doomed)
            )
            SELECT count(*) AS sessions FROM doomed
            """)
        return try row?.value("sessions", Int.self) ?? 0
    }
}
