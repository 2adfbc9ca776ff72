import CadenceEngine
import Foundation
import PostgresNIO

extension PostgresStore {
    public func commitStepUp(_ commit: StepUpCommit) async throws -> StepUpCommitResult {
        let snapshot = try BlobCoding.encode(commit.snapshot)
        let reasons = try Self.json(commit.record.reasons)
        let record = commit.record
        return try await transaction { connection in
            let updated = try await Self.rows(
                """
                UPDATE session SET state = \(commit.state), snapshot = \(snapshot),
                    decision = \(commit.snapshot.decision.rawValue), version = version + 1
                WHERE tenant_id = \(commit.tenantId) AND id = \(record.sessionId)
                  AND version = \(commit.expectedVersion) AND ended_at IS NULL
                RETURNING 1
                """, on: connection, logger: logger)
            if updated.isEmpty {
                guard
                    let row = try await Self.rows(
                        "SELECT ended_at FROM session WHERE tenant_id = \(commit.tenantId) AND id = \(record.sessionId)",
                        on: connection, logger: logger
                    ).first
                else { return .missing }
                return try row.value("ended_at", Double?.self) == nil ? .conflict : .ended
            }
            try await connection.query(
                """
                INSERT INTO step_up (session_id, result, at, last_seq, trust, decision, reasons)
                VALUES (\(record.sessionId), \(record.result.rawValue), \(record.at.timeIntervalSince1970),
                        \(record.lastSeq), \(record.trust), \(record.decision.rawValue), \(reasons))
                """, logger: logger)
            return .committed(version: commit.expectedVersion + 1)
        }
    }

    public func stepUps(sessionId: String) async throws -> [StepUpRecord] {
        try await rows("SELECT * FROM step_up WHERE session_id = \(sessionId) ORDER BY at, id").map { row in
            StepUpRecord(
                sessionId: try row.value("session_id"), result: try row.storedCase(StepUpResult.self, "result"),
                at: try row.date("at"), lastSeq: try row.value("last_seq"), trust: try row.value("trust"),
                decision: try row.storedCase(Decision.self, "decision"),
                reasons: try Self.decodeJSON([DecisionReason].self, row.value("reasons")))
        }
    }
}
