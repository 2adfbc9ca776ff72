import Foundation
import GRDB

/// A row of the `tenant` table: a ``Tenant`` with its settings as JSON text and its creation
/// time in seconds since 1970.
struct TenantRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "tenant"

    var id: String
    var name: String
    var apiKeyDigest: String
    /// ``TenantSettings`` as JSON text.
    var settings: String
    var webhookURL: String?
    var webhookSecret: String?
    /// Seconds since 1970.
    var createdAt: Double

    enum Columns {
        static let name = Column(CodingKeys.name)
        static let apiKeyDigest = Column(CodingKeys.apiKeyDigest)
        static let settings = Column(CodingKeys.settings)
        static let webhookURL = Column(CodingKeys.webhookURL)
        static let webhookSecret = Column(CodingKeys.webhookSecret)
        /// What ``SQLiteStore/updateTenant(_:)`` writes: everything but the id and the creation time.
        static let updatable = [name, apiKeyDigest, settings, webhookURL, webhookSecret]
    }

    init(_ tenant: Tenant) throws {
        id = tenant.id
        name = tenant.name
        apiKeyDigest = tenant.apiKeyDigest
        settings = String(decoding: try JSONEncoder().encode(tenant.settings), as: UTF8.self)
        webhookURL = tenant.webhookURL
        webhookSecret = tenant.webhookSecret
        createdAt = tenant.createdAt.timeIntervalSince1970
    }

    func tenant() throws -> Tenant {
        Tenant(
            id: id, name: name, apiKeyDigest: apiKeyDigest,
            settings: try JSONDecoder().decode(TenantSettings.self, from: Data(settings.utf8)), webhookURL: webhookURL,
            webhookSecret: webhookSecret, createdAt: Date(timeIntervalSince1970: createdAt))
    }
}
