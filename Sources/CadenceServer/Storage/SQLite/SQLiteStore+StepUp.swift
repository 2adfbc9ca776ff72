import CadenceEngine
import Foundation
import GRDB

extension SQLiteStore {
    public func commitStepUp(_ commit: StepUpCommit) async throws -> StepUpCommitResult {
        let encoder = JSONEncoder()
        let snapshot = try Self.snapshotBlob(commit.snapshot)
        let reasons = String(decoding: try encoder.encode(commit.record.reasons), as: UTF8.self)
        return try await pool.write { db in
            let record = commit.record
            try db.execute(
                sql: """
                    UPDATE session SET state = ?, snapshot = ?, decision = ?, version = version + 1
                    WHERE tenantId = ? AND id = ? AND version = ? AND endedAt IS NULL
                    """,
                arguments: [
                    commit.state, snapshot, commit.snapshot.decision.rawValue, commit.tenantId, record.sessionId,
                    commit.expectedVersion,
                ])
            if db.changesCount == 0 {
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT endedAt FROM session WHERE tenantId = ? AND id = ?",
                        arguments: [commit.tenantId, record.sessionId])
                else { return .missing }
                let endedAt: Double? = row["endedAt"]
                return endedAt == nil ? .conflict : .ended
            }
            try db.execute(
                sql: """
                    INSERT INTO step_up (sessionId, result, at, lastSeq, trust, decision, reasons)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.sessionId, record.result.rawValue, record.at.timeIntervalSince1970, record.lastSeq,
                    record.trust, record.decision.rawValue, reasons,
                ])
            return .committed(version: commit.expectedVersion + 1)
        }
    }

    public func stepUps(sessionId: String) async throws -> [StepUpRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM step_up WHERE sessionId = ? ORDER BY at, id", arguments: [sessionId]
            ).map { row in
                let reasons: String = row["reasons"]
                return StepUpRecord(
                    sessionId: row["sessionId"], result: try row.storedCase(StepUpResult.self, "result"),
                    at: Date(timeIntervalSince1970: row["at"]), lastSeq: row["lastSeq"], trust: row["trust"],
                    decision: try row.storedCase(Decision.self, "decision"),
                    reasons: try JSONDecoder().decode([DecisionReason].self, from: Data(reasons.utf8)))
            }
        }
    }
}
