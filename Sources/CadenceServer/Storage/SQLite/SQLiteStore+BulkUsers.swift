import CadenceEngine
import Foundation
import GRDB

extension SQLiteStore {
    /// Writes many users with their profiles in one transaction, replacing any with the same ids:
    /// for building large tenants quickly (`cadence bench tenant`, tests of tenant size), not for
    /// the service's own writes. Their versions are 1 and their ranks ``CohortRank``'s.
    ///
    /// - Parameter users: the users; `sampleCounts` is written beside each profile as
    ///   ``UserRecord/sampleCounts`` says.
    public func insertUsers(_ users: [UserRecord]) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try await pool.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO user (tenantId, userId, status, createdAt, updatedAt, version, cohortRank,
                        sampleCounts, profile)
                    VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)
                    """)
            for user in users {
                let counts = try user.sampleCounts.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
                try statement.execute(arguments: [
                    user.tenantId, user.userId, user.status.rawValue, user.createdAt.timeIntervalSince1970,
                    user.updatedAt.timeIntervalSince1970, CohortRank.of(tenantId: user.tenantId, userId: user.userId),
                    counts, user.profile,
                ])
            }
        }
    }
}
