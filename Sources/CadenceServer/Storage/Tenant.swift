import Foundation

/// A bank using Cadence: its policy and trust settings, its webhook (its keys are
/// ``APIKeyRecord``s of their own).
public struct Tenant: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Policy thresholds and trust-model parameters, as the scoring pipeline reads them.
    public var settings: TenantSettings
    /// Where decision changes are POSTed; nil when no webhook is configured.
    public var webhookURL: String?
    /// Secret the webhook signature is computed with (HMAC-SHA256); stored as given.
    public var webhookSecret: String?
    public var createdAt: Date
    /// Incremented by every write of the row: a versioned write (`If-Match`) succeeds only
    /// against the version it read.
    public var version: Int

    public init(
        id: String,
        name: String,
        settings: TenantSettings = TenantSettings(),
        webhookURL: String? = nil,
        webhookSecret: String? = nil,
        createdAt: Date,
        version: Int = 0
    ) {
        self.id = id
        self.name = name
        self.settings = settings
        self.webhookURL = webhookURL
        self.webhookSecret = webhookSecret
        self.createdAt = createdAt
        self.version = version
    }
}

extension Tenant {
    /// The tenant `cadence serve` creates on first start (and `CADENCE_API_KEY` names).
    public static let defaultId = "default"
}
