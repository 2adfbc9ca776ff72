import Foundation

/// How `cadence serve` runs: where it listens, where it stores, and its limits.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The SQLite database file.
    public var databasePath: String
    public var synchronous: SQLiteStore.Synchronous
    /// Largest event batch body, bytes (413 beyond).
    public var maximumBatchBytes: Int
    /// Largest body of the other JSON endpoints, bytes (413 beyond).
    public var maximumJSONBytes: Int
    /// How long a session token is accepted, seconds.
    public var tokenLifetime: Double
    /// How far behind the highest acknowledged seq a new batch may arrive and still be accepted.
    public var reorderWindow: Int
    /// How far ahead of the highest acknowledged seq a batch may jump.
    public var maximumSeqJump: Int
    /// The API key of the tenant `default`, when given (`CADENCE_API_KEY`): the tenant is created
    /// with it when missing, and its key replaced when different.
    public var apiKey: String?
    /// Run the demo bank (`cadence serve --demo`): its tenant `demo` and customers are created,
    /// `/demo/*` and the bank's page at `/` are routed. Off, neither exists.
    public var demo: Bool
    /// The demo tenant's API key, when given (`CADENCE_DEMO_API_KEY`); only with ``demo``.
    public var demoAPIKey: String?
    /// The admin key, when given (`CADENCE_ADMIN_KEY`).
    public var adminKey: String?
    /// Serve the pages from this folder instead of the bundled `Public` resources (for page development).
    public var publicDirectory: String?
    /// The certificate chain and private key (PEM files) when the service terminates TLS itself
    /// (`--tls-certificate`, `--tls-key`); nil behind a TLS-terminating proxy or on loopback.
    public var tls: TLSFiles?
    public var webhookAttempts: Int
    /// Delay before the first webhook retry, seconds; doubles after each failure.
    public var webhookInitialDelay: Double
    /// Seconds one webhook attempt may take.
    public var webhookTimeout: Double
    /// Where webhooks may go: https to public addresses unless `--dev-webhooks`.
    public var webhookDestinations: WebhookDestinationPolicy
    /// Idle and body timeouts, and the connection cap.
    public var connections: ConnectionLimits
    /// Seconds between two retention sweeps (see `retention.rawEventDays`).
    public var retentionSweepInterval: Double

    /// The default of ``maximumJSONBytes``: 256 KiB.
    public static let standardMaximumJSONBytes = 256 << 10

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        databasePath: String = "cadence.sqlite",
        synchronous: SQLiteStore.Synchronous = .normal,
        maximumBatchBytes: Int = 1 << 20,
        maximumJSONBytes: Int = Self.standardMaximumJSONBytes,
        tokenLifetime: Double = 3600,
        reorderWindow: Int = 64,
        maximumSeqJump: Int = 10_000,
        apiKey: String? = nil,
        demo: Bool = false,
        demoAPIKey: String? = nil,
        adminKey: String? = nil,
        publicDirectory: String? = nil,
        tls: TLSFiles? = nil,
        webhookAttempts: Int = 6,
        webhookInitialDelay: Double = 1,
        webhookTimeout: Double = 5,
        webhookDestinations: WebhookDestinationPolicy = .publicHTTPS,
        connections: ConnectionLimits = .standard,
        retentionSweepInterval: Double = 3_600
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.synchronous = synchronous
        self.maximumBatchBytes = maximumBatchBytes
        self.maximumJSONBytes = maximumJSONBytes
        self.tokenLifetime = tokenLifetime
        self.reorderWindow = reorderWindow
        self.maximumSeqJump = maximumSeqJump
        self.apiKey = apiKey
        self.demo = demo
        self.demoAPIKey = demoAPIKey
        self.adminKey = adminKey
        self.publicDirectory = publicDirectory
        self.tls = tls
        self.webhookAttempts = webhookAttempts
        self.webhookInitialDelay = webhookInitialDelay
        self.webhookTimeout = webhookTimeout
        self.webhookDestinations = webhookDestinations
        self.connections = connections
        self.retentionSweepInterval = retentionSweepInterval
    }
}

/// PEM files for TLS: the certificate chain (leaf first) and its private key.
public struct TLSFiles: Sendable, Hashable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}
