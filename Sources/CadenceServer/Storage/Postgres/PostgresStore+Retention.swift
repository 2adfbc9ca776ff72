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
        // Sessions closed before the cutoff (ended, or a session nobody ended whose last token
        // expired) that still keep a timeline, by `session_timeline_kept`: `limit` rows read. Two
        // nodes sweeping at once take different sessions (SKIP LOCKED) and count only their own.
        let row = try await row(
            """
            WITH doomed AS (
                SELECT id FROM session
                WHERE tenant_id = \(tenantId) AND timeline_kept AND COALESCE(ended_at, expires_at) < \(cutoff)
                ORDER BY COALESCE(ended_at, expires_at) LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            ), payload AS (
                DELETE FROM batch_payload WHERE session_id IN (SELECT id FROM doomed)
            ), timeline AS (
                DELETE FROM batch WHERE session_id IN (SELECT id FROM doomed)
            ), marked AS (
                UPDATE session SET timeline_kept = false, version = version + 1
                WHERE id IN (SELECT id FROM doomed)
                RETURNING 1
            )
            SELECT count(*) AS sessions FROM marked
            """)
        return try row?.value("sessions", Int.self) ?? 0
    }
}
