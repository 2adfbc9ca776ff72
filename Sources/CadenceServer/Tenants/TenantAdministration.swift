import Foundation

/// What an operator does to tenants and their keys, the same from `cadence tenant` (on the
/// database file) and from the operator API (`/operator/*`, admin key): every action is written
/// to the audit log, and every generated key (256 bits) is returned once and stored as a digest.
public struct TenantAdministration: Sendable {
    let store: any CadenceStore
    /// Who acts, for the audit log (`cli`, `operator`).
    let actor: String

    public init(store: any CadenceStore, actor: String) {
        self.store = store
        self.actor = actor
    }

    /// A created tenant and its first keys, shown once.
    public struct Created: Sendable, Encodable {
        public var tenantId: String
        public var name: String
        public var apiKey: String
        public var apiKeyId: String
        public var dashboardKey: String
        public var dashboardKeyId: String
    }

    /// A new key, shown once.
    public struct IssuedKey: Sendable, Encodable {
        public var tenantId: String
        public var id: String
        public var role: APIKeyRecord.Role
        public var key: String
        /// The tenant's other active keys of that role, which keep working until revoked.
        public var stillActive: [String]
    }

    /// Tenant ids: 1 to 64 of `a-z`, `0-9`, `-`, starting with a letter or digit.
    public static func validId(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.first.map { $0 != UInt8(ascii: "-") } == true
            && id.utf8.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2d }
    }

    public func create(id: String, name: String?, settings: TenantSettings = TenantSettings()) async throws -> Created {
        guard Self.validId(id) else {
            throw APIError.badRequest("id: 1 to 64 of a-z, 0-9 and -, not starting with -")
        }
        let name = name ?? id
        guard (1...200).contains(name.count), !name.unicodeScalars.contains(where: Validate.isForbidden) else {
            throw APIError.badRequest("name: 1 to 200 characters, no control or bidirectional characters")
        }
        guard try await store.tenant(id: id) == nil else { throw APIError.conflict("tenant \(id) exists") }
        let now = Date()
        let apiKey = SecretKey.generate(prefix: "cadence_live_")
        let dashboardKey = SecretKey.generate(prefix: "cadence_dash_")
        let keys = [
            APIKeyRecord.of(apiKey, tenantId: id, role: .tenant, now: now),
            APIKeyRecord.of(dashboardKey, tenantId: id, role: .dashboard, now: now),
        ]
        try await store.createTenant(Tenant(id: id, name: name, settings: settings, createdAt: now), keys: keys)
        try await store.appendAudit(AuditEvent(at: now, actor: actor, tenantId: id, action: "tenant.create", detail: name))
        return Created(
            tenantId: id, name: name, apiKey: apiKey, apiKeyId: keys[0].id, dashboardKey: dashboardKey,
            dashboardKeyId: keys[1].id)
    }

    /// A new key of `role`; the tenant's current ones stay active (a rotation: revoke the old
    /// one once every backend uses the new). At most ``APIKeyRecord/activePerRole`` active.
    public func issueKey(tenantId: String, role: APIKeyRecord.Role) async throws -> IssuedKey {
        guard try await store.tenant(id: tenantId) != nil else { throw APIError.notFound("no tenant \(tenantId)") }
        let active = try await store.keys(tenantId: tenantId).filter { $0.role == role && $0.revokedAt == nil }
        guard active.count < APIKeyRecord.activePerRole else {
            throw APIError.conflict(
                "tenant \(tenantId) already has \(active.count) active \(role.rawValue) keys "
                    + "(\(active.map(\.id).joined(separator: ", "))); revoke one first")
        }
        let now = Date()
        let key = SecretKey.generate(prefix: role == .tenant ? "cadence_live_" : "cadence_dash_")
        let record = APIKeyRecord.of(key, tenantId: tenantId, role: role, now: now)
        // Counted again with the write: two rotations at once cannot both pass the check above.
        guard try await store.addKey(record, maximumActive: APIKeyRecord.activePerRole) else {
            throw APIError.conflict("tenant \(tenantId) already has \(APIKeyRecord.activePerRole) active \(role.rawValue) keys; revoke one first")
        }
        try await store.appendAudit(
            AuditEvent(at: now, actor: actor, tenantId: tenantId, action: "key.create", detail: "\(role.rawValue) \(record.id)"))
        return IssuedKey(tenantId: tenantId, id: record.id, role: role, key: key, stillActive: active.map(\.id))
    }

    public func revokeKey(tenantId: String, keyId: String) async throws {
        let now = Date()
        guard try await store.revokeKey(tenantId: tenantId, id: keyId, at: now) else {
            throw APIError.notFound("tenant \(tenantId) has no active key \(keyId)")
        }
        try await store.appendAudit(
            AuditEvent(at: now, actor: actor, tenantId: tenantId, action: "key.revoke", detail: keyId))
    }

    public func delete(id: String) async throws {
        guard try await store.deleteTenant(id: id) else { throw APIError.notFound("no tenant \(id)") }
        try await store.appendAudit(AuditEvent(at: Date(), actor: actor, tenantId: id, action: "tenant.delete", detail: id))
    }

    /// The tenants with their keys' public descriptions (never a key).
    public func list() async throws -> [TenantListing] {
        var listings: [TenantListing] = []
        for tenant in try await store.tenants() {
            let keys = try await store.keys(tenantId: tenant.id)
            listings.append(
                TenantListing(
                    id: tenant.id, name: tenant.name, createdAt: tenant.createdAt,
                    keys: keys.map {
                        TenantListing.Key(id: $0.id, role: $0.role, createdAt: $0.createdAt, revokedAt: $0.revokedAt)
                    },
                    allowedOrigins: tenant.settings.browser.allowedOrigins))
        }
        return listings
    }
}

/// A tenant as the operator lists it: its keys described, never shown.
public struct TenantListing: Sendable, Encodable {
    public struct Key: Sendable, Encodable {
        public var id: String
        public var role: APIKeyRecord.Role
        public var createdAt: Date
        public var revokedAt: Date?
    }

    public var id: String
    public var name: String
    public var createdAt: Date
    public var keys: [Key]
    public var allowedOrigins: [String]
}
