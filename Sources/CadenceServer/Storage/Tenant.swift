import Foundation

/// A bank using Cadence: its API key (stored as a digest), its policy and trust settings, its webhook.
public struct Tenant: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// SHA-256 of the tenant API key, lowercase hex; the key itself is never stored.
    public var apiKeyDigest: String
    /// Policy thresholds and trust-model parameters, as the scoring pipeline reads them.
    public var settings: TenantSettings
    /// Where decision changes are POSTed; nil when no webhook is configured.
    public var webhookURL: String?
    /// Secret the webhook signature is computed with (HMAC-SHA256); stored as given.
    public var webhookSecret: String?
    public var createdAt: Date

    public init(
        id: String,
        name: String,
        apiKeyDigest: String,
        settings: TenantSettings = TenantSettings(),
        webhookURL: String? = nil,
        webhookSecret: String? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.apiKeyDigest = apiKeyDigest
        self.settings = settings
        self.webhookURL = webhookURL
        self.webhookSecret = webhookSecret
        self.createdAt = createdAt
    }
}

extension Tenant {
    /// The tenant `cadence serve` creates on first start (and `CADENCE_API_KEY` names).
    public static let defaultId = "default"
}
