import Foundation
import PostgresNIO

extension PostgresStore {
    public func dropRawEvents(tenantId: String, before: Date) async throws -> (batches: Int, sessions: Int) {
        let cutoff = before.timeIntervalSince1970
        return try await transaction { connection in
            // An emptied blob marks a batch whose events are gone.
            var batches = try await Self.rows(
                """
                UPDATE batch SET events = ''::bytea
                WHERE received_at < \(cutoff) AND length(events) > 0
                  AND session_id IN (SELECT id FROM session WHERE tenant_id = \(tenantId))
                RETURNING 1
                """, on: connection, logger: logger
            ).count
            // Collected samples wait for their session's end (they feed its enrolment), or for its
            // last token to have expired before the cutoff (a session nobody ended).
            let samples = try await Self.rows(
                """
                UPDATE batch SET samples = NULL
                WHERE received_at < \(cutoff) AND samples IS NOT NULL
                  AND session_id IN (SELECT id FROM session WHERE tenant_id = \(tenantId)
                                     AND (ended_at IS NOT NULL OR expires_at < \(cutoff)))
                RETURNING 1
                """, on: connection, logger: logger
            ).count
            batches = max(batches, samples)
            let sessions = try await Self.rows(
                """
                UPDATE session SET state = ''::bytea
                WHERE tenant_id = \(tenantId) AND ended_at IS NOT NULL AND ended_at < \(cutoff) AND length(state) > 0
                RETURNING 1
                """, on: connection, logger: logger
            ).count
            return (batches: batches, sessions: sessions)
        }
    }
}
