import Foundation
import GRDB

/// A row of the `tenant` table: a ``Tenant`` with its settings as JSON text and its creation
/// time in seconds since 1970.
struct TenantRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "tenant"

    var id: String
    var name: String
    /// ``TenantSettings`` as JSON text.
    var settings: String
    var webhookURL: String?
    var webhookSecret: String?
    /// Seconds since 1970.
    var createdAt: Double
    var version: Int

    enum Columns {
        static let name = Column(CodingKeys.name)
        static let version = Column(CodingKeys.version)
        static let settings = Column(CodingKeys.settings)
        static let webhookURL = Column(CodingKeys.webhookURL)
        static let webhookSecret = Column(CodingKeys.webhookSecret)
        /// What ``SQLiteStore/updateTenant(_:)`` writes: everything but the id and the creation time.
        static let updatable = [name, settings, webhookURL, webhookSecret]
    }

    init(_ tenant: Tenant) throws {
        id = tenant.id
        name = tenant.name
        settings = String(decoding: try JSONEncoder().encode(tenant.settings), as: UTF8.self)
        webhookURL = tenant.webhookURL
        webhookSecret = tenant.webhookSecret
        createdAt = tenant.createdAt.timeIntervalSince1970
        version = tenant.version
    }

    func tenant() throws -> Tenant {
        Tenant(
            id: id, name: name,
            settings: try JSONDecoder().decode(TenantSettings.self, from: Data(settings.utf8)), webhookURL: webhookURL,
            webhookSecret: webhookSecret, createdAt: Date(timeIntervalSince1970: createdAt), version: version)
    }
}
