import Crypto
import Foundation
import Logging

/// What a start of the service set up: the keys to print on first start.
public struct BootstrapReport: Sendable {
    /// The `default` tenant's API key, when it was generated now (nil when it came from the environment or was kept).
    public var generatedAPIKey: String?
    /// The demo tenant's API key, when it was generated now (`--demo` only).
    public var generatedDemoAPIKey: String?
    /// The admin key, when it was generated now.
    public var generatedAdminKey: String?
    /// True when the database was empty and the `default` tenant was created.
    public var firstStart: Bool
    /// True when the demo tenant and its customers were created now.
    public var demoCreated = false
}

/// A key given to `cadence serve` by the environment that it refuses.
public struct WeakKey: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension CadenceService {
    /// Keys shorter than this (characters) are refused when given by the environment: a generated
    /// key is 256 bits in 43 base64url characters plus its prefix.
    public static let minimumKeyLength = 32

    /// Refuses keys given by the environment that are short, nearly constant, or shared by two roles.
    static func checkGivenKeys(_ configuration: ServerConfiguration) throws {
        let given = [
            ("CADENCE_ADMIN_KEY", configuration.adminKey), ("CADENCE_API_KEY", configuration.apiKey),
            ("CADENCE_DEMO_API_KEY", configuration.demoAPIKey),
        ].compactMap { name, key in key.map { (name, $0) } }
        for (name, key) in given where key.count < minimumKeyLength || Set(key).count < 10 {
            throw WeakKey(
                description: "\(name) is too weak: use at least \(minimumKeyLength) random characters "
                    + "(leave it unset and a 256-bit key is generated and printed once)")
        }
        for (i, (name, key)) in given.enumerated() {
            for (other, otherKey) in given[(i + 1)...] where key == otherKey {
                throw WeakKey(description: "\(name) and \(other) are the same key: every role needs its own")
            }
        }
    }

    /// Migrates the store and, on first start, creates the token secret, the admin key and the
    /// tenant `default`; with ``ServerConfiguration/demo``, the demo tenant and its customers.
    /// Keys from the configuration (`CADENCE_API_KEY`, `CADENCE_DEMO_API_KEY`, `CADENCE_ADMIN_KEY`)
    /// replace stored ones; generated keys are returned once and only their digests are stored.
    public static func bootstrap(
        configuration: ServerConfiguration,
        store: any CadenceStore,
        dashboardStore: (any CadenceStore)? = nil,
        engine: any BehaviourEngine = PipelineEngine(),
        metrics: ServiceMetrics = ServiceMetrics(),
        logger: Logger = Logger(label: "cadence")
    ) async throws -> (CadenceService, BootstrapReport) {
        try checkGivenKeys(configuration)
        try await store.migrate()
        // Nodes starting together on one database take turns here (see CadenceStore.exclusively).
        let (secret, adminDigest, report) = try await store.exclusively {
            let secret: Data
            if let stored = try await store.setting("token-secret") {
                secret = stored
            } else {
                secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
                try await store.setSetting("token-secret", value: secret)
            }

            var report = BootstrapReport(firstStart: false)
            let adminDigest: String
            if let key = configuration.adminKey {
                adminDigest = SecretKey.digest(key)
                try await store.setSetting("admin-key-digest", value: Data(adminDigest.utf8))
            } else if let stored = try await store.setting("admin-key-digest") {
                adminDigest = String(decoding: stored, as: UTF8.self)
            } else {
                let key = SecretKey.generate(prefix: "cadence_admin_")
                report.generatedAdminKey = key
                adminDigest = SecretKey.digest(key)
                try await store.setSetting("admin-key-digest", value: Data(adminDigest.utf8))
            }

            let firstStart = try await store.setting("bootstrapped") == nil
            if firstStart { try await store.setSetting("bootstrapped", value: Data("1".utf8)) }
            report.firstStart = firstStart
            let now = Date()
            // The tenant `default`: made on first start, or whenever CADENCE_API_KEY names it.
            if firstStart || configuration.apiKey != nil {
                let created = try await ensureTenant(
                    id: Tenant.defaultId, name: "Default tenant", key: configuration.apiKey, settings: TenantSettings(),
                    store: store, now: now)
                report.generatedAPIKey = created
            }
            if configuration.demo {
                let existed = try await store.tenant(id: DemoBank.tenantId) != nil
                report.generatedDemoAPIKey = try await ensureTenant(
                    id: DemoBank.tenantId, name: DemoBank.tenantName, key: configuration.demoAPIKey,
                    settings: DemoBank.settings, store: store, now: now)
                if !existed {
                    report.demoCreated = true
                    for customer in DemoBank.customers {
                        _ = try await store.ensureUser(tenantId: DemoBank.tenantId, userId: customer.username, now: now)
                    }
                }
            }
            return (secret, adminDigest, report)
        }

        let service = CadenceService(
            configuration: configuration, store: store, engine: engine,
            signer: SessionTokenSigner(secret: secret, maximumLifetime: configuration.tokenLifetime),
            adminKeyDigest: adminDigest, metrics: metrics, logger: logger, dashboardStore: dashboardStore)
        try await service.webhooks.resumePending()
        return (service, report)
    }

    /// Creates tenant `id` when missing (with `key`, or a generated one it returns), or adds
    /// `key` to its API keys when given and not yet one of them (its other keys stay active: to
    /// retire one, `cadence tenant revoke-key`); the generated key, if any.
    private static func ensureTenant(
        id: String, name: String, key: String?, settings: TenantSettings, store: any CadenceStore, now: Date
    ) async throws -> String? {
        if try await store.tenant(id: id) != nil {
            guard let key else { return nil }
            let digest = SecretKey.digest(key)
            if let known = try await store.keys(tenantId: id).first(where: { $0.digest == digest }) {
                if known.revokedAt != nil {
                    throw WeakKey(
                        description: "the API key given for tenant `\(id)` was revoked (\(known.id)); give a new one")
                }
                return nil
            }
            try await store.addKey(APIKeyRecord.of(key, tenantId: id, role: .tenant, now: now))
            try await store.appendAudit(
                AuditEvent(
                    at: now, actor: "environment", tenantId: id, action: "key.create",
                    detail: "tenant key from the environment"))
            return nil
        }
        let chosen = key ?? SecretKey.generate(prefix: "cadence_live_")
        try await store.createTenant(
            Tenant(id: id, name: name, settings: settings, createdAt: now),
            keys: [APIKeyRecord.of(chosen, tenantId: id, role: .tenant, now: now)])
        try await store.appendAudit(
            AuditEvent(at: now, actor: "bootstrap", tenantId: id, action: "tenant.create", detail: name))
        return key == nil ? chosen : nil
    }
}
