import CadenceEngine
import Foundation
import GRDB

/// A row of the `user` table: a ``UserRecord`` with its status as text and its times in seconds
/// since 1970.
///
/// Read column by column rather than through `Decodable`: the per-batch user head
/// (``SQLiteStore/userHead(tenantId:userId:)``) is read with it, and has no `profile` column.
struct UserRow: Encodable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "user"

    var tenantId: String
    var userId: String
    /// A ``ProfileStatus`` raw value.
    var status: String
    /// Seconds since 1970.
    var createdAt: Double
    /// Seconds since 1970.
    var updatedAt: Double
    var version: Int
    /// The user's ``CohortRank`` (v13).
    var cohortRank: Int64
    /// Samples per modality of the profile, JSON; nil before v11 or without a profile.
    var sampleCounts: String?
    var profile: Data?

    enum Columns {
        static let tenantId = Column(CodingKeys.tenantId)
        static let userId = Column(CodingKeys.userId)
        static let status = Column(CodingKeys.status)
        static let profile = Column(CodingKeys.profile)
    }

    /// A user with no profile yet, `enrolling`.
    init(newUser userId: String, tenantId: String, now: Date) {
        self.tenantId = tenantId
        self.userId = userId
        status = ProfileStatus.enrolling.rawValue
        createdAt = now.timeIntervalSince1970
        updatedAt = now.timeIntervalSince1970
        version = 0
        cohortRank = CohortRank.of(tenantId: tenantId, userId: userId)
        sampleCounts = nil
        profile = nil
    }

    init(row: Row) {
        tenantId = row["tenantId"]
        userId = row["userId"]
        status = row["status"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
        version = row["version"]
        cohortRank = row.hasColumn("cohortRank") ? row["cohortRank"] : CohortRank.of(tenantId: tenantId, userId: userId)
        sampleCounts = row.hasColumn("sampleCounts") ? row["sampleCounts"] : nil
        profile = row.hasColumn("profile") ? row["profile"] : nil
    }

    /// The primary key of one user.
    static func key(tenantId: String, userId: String) -> [String: (any DatabaseValueConvertible)?] {
        ["tenantId": tenantId, "userId": userId]
    }

    /// The record; ``UnknownStoredCase`` when `status` is none of ``ProfileStatus``'s cases.
    func user() throws -> UserRecord {
        guard let status = ProfileStatus(rawValue: status) else {
            throw UnknownStoredCase(column: "user.status", value: self.status)
        }
        var user = UserRecord(
            tenantId: tenantId, userId: userId, profile: profile, status: status,
            createdAt: Date(timeIntervalSince1970: createdAt), updatedAt: Date(timeIntervalSince1970: updatedAt),
            version: version)
        user.sampleCounts = sampleCounts.flatMap { try? JSONDecoder().decode([String: Int].self, from: Data($0.utf8)) }
        return user
    }
}
