import CadenceEngine
import Foundation
import PostgresNIO

extension PostgresStore {
    /// Every user column but the profile, and whether one is stored.
    static let userHeadColumns =
        "tenant_id, user_id, status, created_at, updated_at, version, sample_counts, profile IS NOT NULL AS has_profile"

    public func ensureUser(tenantId: String, userId: String, now: Date) async throws -> UserRecord {
        let time = now.timeIntervalSince1970
        // Two nodes ensuring the same new user at once: one inserts, both read the one row.
        try await rows(
            """
            INSERT INTO end_user (tenant_id, user_id, status, created_at, updated_at, version)
            VALUES (\(tenantId), \(userId), \(ProfileStatus.enrolling.rawValue), \(time), \(time), 0)
            ON CONFLICT (tenant_id, user_id) DO NOTHING
            """)
        guard let user = try await userHead(tenantId: tenantId, userId: userId) else {
            throw StoreRowVanished(what: "user \(userId) of tenant \(tenantId)")
        }
        return user
    }

    public func user(tenantId: String, userId: String) async throws -> UserRecord? {
        try await row("SELECT * FROM end_user WHERE tenant_id = \(tenantId) AND user_id = \(userId)")
            .map(Self.user(from:))
    }

    public func userHead(tenantId: String, userId: String) async throws -> UserRecord? {
        try await row(
            "SELECT \(unescaped: Self.userHeadColumns) FROM end_user WHERE tenant_id = \(tenantId) AND user_id = \(userId)"
        ).map(Self.userHead(from:))
    }

    public func users(tenantId: String, after: String?, limit: Int) async throws -> [UserListing] {
        try await rows(
            """
            SELECT \(unescaped: Self.userHeadColumns),
                (SELECT COUNT(*) FROM session
                 WHERE session.tenant_id = end_user.tenant_id AND session.user_id = end_user.user_id) AS session_count
            FROM end_user WHERE tenant_id = \(tenantId) AND user_id > \(after ?? "") ORDER BY user_id LIMIT \(limit)
            """
        ).map { row in UserListing(user: try Self.userHead(from: row), sessionCount: try row.value("session_count")) }
    }

    /// Scored users (`ready`, `weak`) with a profile: the condition of the `end_user_by_cohort_rank`
    /// index, written as it is there (no bind parameter) so that the planner can use the index.
    static let scoredWithProfile = "status IN ('ready', 'weak') AND profile IS NOT NULL"

    public func readyUserCount(tenantId: String) async throws -> Int {
        try await row(
            """
            SELECT COUNT(*) AS ready FROM end_user
            WHERE tenant_id = \(tenantId) AND \(unescaped: Self.scoredWithProfile)
            """
        )?.value("ready") ?? 0
    }

    public func eraseUser(tenantId: String, userId: String) async throws -> ErasureReport {
        try await transaction { connection in
            try await connection.query(
                """
                DELETE FROM batch_payload WHERE tenant_id = \(tenantId) AND session_id IN
                    (SELECT id FROM session WHERE tenant_id = \(tenantId) AND user_id = \(userId))
                """, logger: logger)
            let batches =
                try await Self.rows(
                    """
                    DELETE FROM batch WHERE session_id IN
                        (SELECT id FROM session WHERE tenant_id = \(tenantId) AND user_id = \(userId))
                    RETURNING 1
                    """, on: connection, logger: logger
                ).count
            // Step-ups and deliveries of the sessions go with them (ON DELETE CASCADE).
            let sessions = try await Self.rows(
                "DELETE FROM session WHERE tenant_id = \(tenantId) AND user_id = \(userId) RETURNING 1",
                on: connection, logger: logger
            ).count
            try await Self.deleteBackgroundCohorts(holding: userId, tenantId: tenantId, on: connection, logger: logger)
            let users = try await Self.rows(
                "DELETE FROM end_user WHERE tenant_id = \(tenantId) AND user_id = \(userId) RETURNING 1",
                on: connection, logger: logger
            ).count
            return ErasureReport(users: users, sessions: sessions, batches: batches)
        }
    }

    static func user(from row: PostgresRandomAccessRow) throws -> UserRecord {
        var user = UserRecord(
            tenantId: try row.value("tenant_id"), userId: try row.value("user_id"),
            profile: try row.value("profile", Data?.self), status: try userStatus(row),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.value("version"))
        user.sampleCounts = try sampleCounts(row)
        return user
    }

    static func userHead(from row: PostgresRandomAccessRow) throws -> UserRecord {
        var user = UserRecord(
            tenantId: try row.value("tenant_id"), userId: try row.value("user_id"), status: try userStatus(row),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.value("version"))
        user.sampleCounts = try sampleCounts(row)
        user.profileOmitted = true
        user.hasProfile = try row.value("has_profile")
        return user
    }

    private static func userStatus(_ row: PostgresRandomAccessRow) throws -> ProfileStatus {
        let text = try row.value("status", String.self)
        guard let status = ProfileStatus(rawValue: text) else {
            throw UnknownStoredCase(column: "user.status", value: text)
        }
        return status
    }

    private static func sampleCounts(_ row: PostgresRandomAccessRow) throws -> [String: Int]? {
        try row.value("sample_counts", String?.self).flatMap { try? decodeJSON([String: Int].self, $0) }
    }
}

/// A row that a transaction had just written was not there when read back (deleted in between
/// by another node, e.g. its tenant).
struct StoreRowVanished: Error, CustomStringConvertible {
    var what: String
    var description: String { "\(what) was deleted while it was being written" }
}
