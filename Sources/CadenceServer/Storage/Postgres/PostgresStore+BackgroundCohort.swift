import CadenceEngine
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    public func backgroundCandidates(tenantId: String, limit: Int) async throws -> [UserRecord] {
        // The first rows of the `end_user_by_cohort_rank` range: `limit` rows read, whatever the tenant's size.
        try await rows(
            """
            SELECT * FROM end_user WHERE tenant_id = \(tenantId) AND \(unescaped: Self.scoredWithProfile)
            ORDER BY cohort_rank, user_id LIMIT \(limit)
            """
        ).map(Self.user(from:))
    }

    public func latestBackgroundCohort(tenantId: String) async throws -> BackgroundCohortRecord? {
        try await row(
            """
            SELECT tenant_id, generation, population, created_at, members FROM background_cohort
            WHERE tenant_id = \(tenantId) ORDER BY generation DESC LIMIT 1
            """
        ).map(Self.backgroundCohort(from:))
    }

    public func backgroundCohort(tenantId: String, generation: Int) async throws -> BackgroundCohortRecord? {
        try await row(
            "SELECT * FROM background_cohort WHERE tenant_id = \(tenantId) AND generation = \(generation)"
        ).map(Self.backgroundCohort(from:))
    }

    public func addBackgroundCohort(_ cohort: BackgroundCohortRecord) async throws -> BackgroundCohortRecord {
        let profiles = try BlobCoding.encode(cohort.profiles)
        return try await transaction { [logger] connection in
            // Two nodes building the same generation at once: one row, and both read it back.
            try await connection.query(
                """
                INSERT INTO background_cohort (tenant_id, generation, population, created_at, members, profiles)
                VALUES (\(cohort.tenantId), \(cohort.generation), \(cohort.population),
                        \(cohort.createdAt.timeIntervalSince1970), \(cohort.members), \(profiles))
                ON CONFLICT (tenant_id, generation) DO NOTHING
                """, logger: logger)
            // The generation before stays for models being trained against it meanwhile.
            try await connection.query(
                """
                DELETE FROM background_cohort WHERE tenant_id = \(cohort.tenantId) AND generation < \(cohort.generation - 1)
                """, logger: logger)
            let latest = try await Self.rows(
                """
                SELECT * FROM background_cohort WHERE tenant_id = \(cohort.tenantId)
                ORDER BY generation DESC LIMIT 1
                """, on: connection, logger: logger
            ).first
            guard let latest else { throw StoreRowVanished(what: "background cohort of tenant \(cohort.tenantId)") }
            return try Self.backgroundCohort(from: latest)
        }
    }

    /// Deletes the tenant's cohort snapshots that hold the user's profile (inside an erasure).
    static func deleteBackgroundCohorts(
        holding userId: String, tenantId: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            "DELETE FROM background_cohort WHERE tenant_id = \(tenantId) AND \(userId) = ANY(members)", logger: logger)
    }

    private static func backgroundCohort(from row: PostgresRandomAccessRow) throws -> BackgroundCohortRecord {
        let profiles: [Data] =
            if row.contains("profiles"), let blob = try row.value("profiles", Data?.self) {
                try BlobCoding.decode([Data].self, from: blob)
            } else { [] }
        return BackgroundCohortRecord(
            tenantId: try row.value("tenant_id"), generation: try row.value("generation"),
            population: try row.value("population"), createdAt: try row.date("created_at"),
            members: try row.value("members"), profiles: profiles)
    }
}
