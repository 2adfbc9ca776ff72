import Foundation

/// One API key of a tenant, stored as its digest: a `tenant` key for the bank's backend, or a
/// `dashboard` key that reads only that tenant's dashboard. A tenant may have several active
/// keys of a role (two during a rotation); a revoked key stops working on every node at once,
/// since every request looks its digest up in the shared database.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// The bank's backend: `/v1/*` with the tenant API key.
        case tenant
        /// An analyst: the dashboard's data (`/admin/api/*`) of this tenant only.
        case dashboard
    }

    /// The key's public name (`key_` and 16 hex digits of its digest): safe to show and log.
    public var id: String
    /// SHA-256 of the key, lowercase hex.
    public var digest: String
    public var tenantId: String
    public var role: Role
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, digest: String, tenantId: String, role: Role, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.digest = digest
        self.tenantId = tenantId
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// The record of `key` (only its digest is kept).
    public static func of(_ key: String, tenantId: String, role: Role, now: Date) -> APIKeyRecord {
        let digest = SecretKey.digest(key)
        return APIKeyRecord(
            id: "key_" + digest.prefix(16), digest: digest, tenantId: tenantId, role: role, createdAt: now)
    }

    /// Keys of a role that may be active at once: the current one and the next, during a rotation.
    public static let activePerRole = 2
}

/// One operator or tenant action, for the audit log: who, when, what (never a secret).
public struct AuditEvent: Sendable, Hashable, Codable {
    public var at: Date
    /// `operator`, `cli`, `tenant:<key id>`.
    public var actor: String
    public var tenantId: String?
    /// `tenant.create`, `tenant.delete`, `key.create`, `key.revoke`, `settings.update`,
    /// `webhook.set`, `webhook.delete`, `user.erase`.
    public var action: String
    /// What changed, in a few words (field names, a key id, a URL; no key, secret or event).
    public var detail: String

    public init(at: Date, actor: String, tenantId: String?, action: String, detail: String) {
        self.at = at
        self.actor = actor
        self.tenantId = tenantId
        self.action = action
        self.detail = detail
    }
}
