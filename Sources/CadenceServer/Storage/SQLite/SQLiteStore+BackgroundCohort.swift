import CadenceEngine
import Foundation
import GRDB

extension SQLiteStore {
    public func backgroundCandidates(tenantId: String, limit: Int) async throws -> [UserRecord] {
        try await pool.read { db in
            // The first rows of the `user_by_cohort_rank` range: `limit` rows read, whatever the tenant's size.
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM user WHERE tenantId = ? AND " + Self.scoredWithProfile
                        + " ORDER BY cohortRank, userId LIMIT ?"),
                arguments: [tenantId, limit]
            ).map { try UserRow(row: $0).user() }
        }
    }

    public func latestBackgroundCohort(tenantId: String) async throws -> BackgroundCohortRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT tenantId, generation, population, createdAt, members FROM background_cohort
                        WHERE tenantId = ? ORDER BY generation DESC LIMIT 1
                        """),
                arguments: [tenantId]
            ).map { try Self.backgroundCohort(from: $0) }
        }
    }

    public func backgroundCohort(tenantId: String, generation: Int) async throws -> BackgroundCohortRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM background_cohort WHERE tenantId = ? AND generation = ?"),
                arguments: [tenantId, generation]
            ).map { try Self.backgroundCohort(from: $0) }
        }
    }

    public func addBackgroundCohort(_ cohort: BackgroundCohortRecord) async throws -> BackgroundCohortRecord {
        let members = String(decoding: try JSONEncoder().encode(cohort.members), as: UTF8.self)
        let profiles = try BlobCoding.encode(cohort.profiles)
        return try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO background_cohort (tenantId, generation, population, createdAt, members, profiles)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenantId, generation) DO NOTHING
                    """,
                arguments: [
                    cohort.tenantId, cohort.generation, cohort.population, cohort.createdAt.timeIntervalSince1970,
                    members, profiles,
                ])
            // The generation before stays for models being trained against it meanwhile.
            try db.execute(
                sql: "DELETE FROM background_cohort WHERE tenantId = ? AND generation < ?",
                arguments: [cohort.tenantId, cohort.generation - 1])
            let latest = try Row.fetchOne(
                db, sql: "SELECT * FROM background_cohort WHERE tenantId = ? ORDER BY generation DESC LIMIT 1",
                arguments: [cohort.tenantId])
            guard let latest else { throw StoreRowVanished(what: "background cohort of tenant \(cohort.tenantId)") }
            return try Self.backgroundCohort(from: latest)
        }
    }

    /// Deletes the tenant's cohort snapshots that hold the user's profile (inside an erasure).
    static func deleteBackgroundCohorts(holding userId: String, tenantId: String, _ db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM background_cohort
                WHERE tenantId = ? AND EXISTS (SELECT 1 FROM json_each(background_cohort.members) WHERE value = ?)
                """,
            arguments: [tenantId, userId])
    }

    private static func backgroundCohort(from row: Row) throws -> BackgroundCohortRecord {
        let members = try JSONDecoder().decode([String].self, from: Data((row["members"] as String).utf8))
        let profiles: [Data] =
            if row.hasColumn("profiles"), let blob = row["profiles"] as Data? {
                try BlobCoding.decode([Data].self, from: blob)
            } else { [] }
        return BackgroundCohortRecord(
            tenantId: row["tenantId"], generation: row["generation"], population: row["population"],
            createdAt: Date(timeIntervalSince1970: row["createdAt"]), members: members, profiles: profiles)
    }
}
