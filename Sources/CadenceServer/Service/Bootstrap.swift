import Crypto
import Foundation
import Logging

/// What a start of the service set up: the keys to print on first start.
public struct BootstrapReport: Sendable {
    /// The demo tenant's API key, when it was generated now (nil when it came from the environment or was kept).
    public var generatedAPIKey: String?
    /// The admin key, when it was generated now.
    public var generatedAdminKey: String?
    /// True when the database was empty and the demo tenant and users were created.
    public var firstStart: Bool
}

extension CadenceService {
    /// Migrates the store and, on first start, creates the token secret, the admin key, the demo
    /// tenant and its users. Keys from the configuration (`CADENCE_API_KEY`, `CADENCE_ADMIN_KEY`)
    /// replace stored ones; generated keys are returned once and only their digests are stored.
    public static func bootstrap(
        configuration: ServerConfiguration,
        store: any CadenceStore,
        engine: any BehaviourEngine = PipelineEngine(),
        metrics: ServiceMetrics = ServiceMetrics(),
        logger: Logger = Logger(label: "cadence")
    ) async throws -> (CadenceService, BootstrapReport) {
        try await store.migrate()
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

        let now = Date()
        if var tenant = try await store.tenant(id: DemoBank.tenantId) {
            if let key = configuration.apiKey, SecretKey.digest(key) != tenant.apiKeyDigest {
                tenant.apiKeyDigest = SecretKey.digest(key)
                try await store.updateTenant(tenant)
            }
        } else {
            report.firstStart = true
            let key = configuration.apiKey ?? SecretKey.generate(prefix: "cadence_live_")
            if configuration.apiKey == nil { report.generatedAPIKey = key }
            try await store.createTenant(
                Tenant(
                    id: DemoBank.tenantId, name: DemoBank.tenantName, apiKeyDigest: SecretKey.digest(key),
                    createdAt: now))
            for customer in DemoBank.customers {
                _ = try await store.ensureUser(tenantId: DemoBank.tenantId, userId: customer.username, now: now)
            }
        }

        let service = CadenceService(
            configuration: configuration, store: store, engine: engine, signer: SessionTokenSigner(secret: secret),
            adminKeyDigest: adminDigest, metrics: metrics, logger: logger)
        try await service.webhooks.resumePending()
        return (service, report)
    }
}
