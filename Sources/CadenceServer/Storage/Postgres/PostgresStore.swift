import CadenceEngine
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOSSL
import PostgresNIO

/// ``CadenceStore`` on a PostgreSQL database that several `cadence serve` nodes share: a
/// postgres-nio `PostgresClient` (a pool of connections), every value a bind parameter.
///
/// Each method is one statement or one transaction, as in ``SQLiteStore``. Where SQLite's single
/// writer serialises two writes to a session, here the session's row lock does (`SELECT … FOR
/// UPDATE` first in the transaction), and unique keys make the rest hold when two nodes write at
/// once: a batch's `(session_id, seq)`, a delivery's id, a user's `(tenant_id, user_id)`.
public struct PostgresStore: CadenceStore {
    let client: PostgresClient
    /// Where, for messages: the password is never shown.
    public let url: PostgresURL
    let logger: Logger
    /// Runs the client's pool (it leases connections only while this runs).
    private let running: Task<Void, Never>

    /// Connects lazily: the first query opens the first connection.
    /// - Parameters:
    ///   - maximumConnections: connections the pool keeps open at most.
    ///   - readOnly: every connection starts with `default_transaction_read_only` on, so that the
    ///     server refuses any write on it (the dashboard's replica: a primary given there by
    ///     mistake is not written through it either).
    public init(
        url: PostgresURL, maximumConnections: Int = 20, readOnly: Bool = false,
        logger: Logger = Logger(label: "cadence.postgres")
    ) {
        let tls: PostgresClient.Configuration.TLS =
            switch url.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: tls)
        configuration.options.maximumConnections = maximumConnections
        if readOnly { configuration.options.additionalStartupParameters = [("default_transaction_read_only", "on")] }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.url = url
        self.logger = logger
        running = Task { await client.run() }
    }

    /// Closes the pool's connections; the store answers nothing after.
    public func close() async {
        running.cancel()
        await running.value
    }

    /// Migrates on a connection of its own, outside the pool: a server that cannot be reached,
    /// or refuses the credentials, fails the start at once (the pool would keep retrying).
    public func migrate() async throws {
        try await withDirectConnection { connection in
            try await PostgresMigrations.migrate(on: connection, database: url.description, logger: logger)
        }
    }

    /// The key of the advisory lock ``exclusively(_:)`` holds (migrations have their own).
    static let startupLockKey = 0x6361_6465_6e63_6502

    /// Runs `body` under a session-level advisory lock held on a connection of its own: nodes
    /// starting together create the token secret, the admin key and the first tenants one
    /// after the other, and the later ones find them made.
    public func exclusively<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await withDirectConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.startupLockKey))", logger: logger)
            do {
                let value = try await body()
                try await connection.query("SELECT pg_advisory_unlock(\(Self.startupLockKey))", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.startupLockKey))", logger: logger)
                throw error
            }
        }
    }

    /// Runs `body` on a new connection outside the pool, closed after it.
    private func withDirectConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T)
        async throws -> T
    {
        let tls: PostgresConnection.Configuration.TLS =
            switch url.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.username, password: url.password,
                database: url.database, tls: tls),
            id: 0, logger: logger)
        do {
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    // MARK: queries

    /// How long a request waits for a connection of the pool before it is answered 503
    /// (``StoreUnavailable``): while PostgreSQL is down the pool would otherwise keep it
    /// waiting for a minute, then fail it.
    public static let connectionWait: Duration = .seconds(5)

    /// How long a request that has a connection waits for PostgreSQL's answer before it is
    /// answered 503: a connection whose server went away without closing it (a restart, a
    /// network cut) would otherwise hold it until the operating system gives up. A batch
    /// abandoned this way may still have been committed; its retry is then a duplicate.
    public static let answerWait: Duration = .seconds(10)

    /// Runs `body` on a connection of the pool. A connection not had within ``connectionWait``,
    /// no answer within ``answerWait`` of it, and a connection lost while `body` runs, throw
    /// ``StoreUnavailable``; other errors are thrown as they are.
    ///
    /// The wait for a connection is raced, not awaited: while PostgreSQL is down the pool does
    /// not give up a waiting request when it is cancelled (measured: a batch held 20 s and more
    /// through a server restart), so the caller is answered at ``connectionWait`` and the request
    /// left behind is told to run nothing once it gets its connection.
    func leased<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let lease = NIOLockedValueBox(Lease.waiting)
        let work = Task { [client] in
            try await client.withConnection { connection in
                let proceed = lease.withLockedValue { state in
                    guard state == .waiting else { return false }
                    state = .acquired
                    return true
                }
                guard proceed else { throw StoreUnavailable(reason: "the connection came after the request gave up") }
                return try await body(connection)
            }
        }
        do {
            return try await withTaskCancellationHandler {
                try await Self.first(of: work) {
                    try? await Task.sleep(for: Self.connectionWait)
                    let abandoned = lease.withLockedValue { state in
                        guard state == .waiting else { return false }
                        state = .abandoned
                        return true
                    }
                    if abandoned { return StoreUnavailable(reason: "no connection to PostgreSQL within \(Self.connectionWait)") }
                    try? await Task.sleep(for: Self.answerWait)
                    if Task.isCancelled { return nil }
                    return StoreUnavailable(reason: "no answer from PostgreSQL within \(Self.answerWait) of a connection")
                }
            } onCancel: {
                work.cancel()
            }
        } catch let error as StoreUnavailable {
            throw error
        } catch {
            if lease.withLockedValue({ $0 }) != .acquired || Self.isConnectionFailure(error) {
                throw StoreUnavailable(reason: Self.summary(of: error))
            }
            throw error
        }
    }

    /// Where a request for a connection stands.
    private enum Lease: Sendable {
        case waiting, acquired, abandoned
    }

    /// `work`'s result, or the error `giveUp` returns as soon as it returns one (`work` is then
    /// cancelled and left to end by itself). `giveUp` is cancelled once `work` has ended.
    private static func first<T: Sendable>(
        of work: Task<T, any Error>, giveUp: @escaping @Sendable () async -> StoreUnavailable?
    ) async throws -> T {
        let answered = NIOLockedValueBox(false)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            @Sendable func answer(_ result: Result<T, any Error>) {
                let first = answered.withLockedValue { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(with: result) }
            }
            let timer = Task {
                guard let failure = await giveUp() else { return }
                work.cancel()
                answer(.failure(failure))
            }
            Task {
                do {
                    answer(.success(try await work.value))
                } catch {
                    answer(.failure(error))
                }
                timer.cancel()  // its sleep ends at once; the lease is no longer waiting
            }
        }
    }

    /// Whether `error` says the connection, or the server, went away (rather than a statement failing).
    static func isConnectionFailure(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return true
        case .server:
            // Class 08: connection exception; 57P01-57P03: the server shutting down or starting;
            // 40001: a standby cancelled the read for a conflict with its replay (the dashboard's
            // replica; no transaction here is SERIALIZABLE), which the same read retried passes.
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "40001"].contains(state)
        default:
            return false
        }
    }

    /// What failed, for a log or a 503: the error's kind, never its query or values.
    public static func summary(of error: any Error) -> String {
        if let error = error as? PSQLError {
            return "\(error.code)" + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        return String(describing: type(of: error))
    }

    /// The rows of one statement, on a connection of the pool.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await leased { [logger] connection in
            try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
        }
    }

    /// The first row of one statement, nil when it has none.
    func row(_ query: PostgresQuery) async throws -> PostgresRandomAccessRow? {
        try await rows(query).first
    }

    /// The rows of one statement inside a transaction.
    static func rows(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws
        -> [PostgresRandomAccessRow]
    {
        try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back
    /// when it throws (its error is thrown as it is).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T
    {
        try await leased { [logger] connection in
            try await Self.transaction(on: connection, logger: logger, body)
        }
    }

    static func transaction<T: Sendable>(
        on connection: PostgresConnection, logger: Logger, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await connection.query("BEGIN", logger: logger)
        do {
            let value = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return value
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    // MARK: settings

    public func setting(_ name: String) async throws -> Data? {
        try await row("SELECT value FROM setting WHERE name = \(name)")?.value("value", Data.self)
    }

    public func setSetting(_ name: String, value: Data) async throws {
        try await rows(
            """
            INSERT INTO setting (name, value) VALUES (\(name), \(value))
            ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """)
    }

    // MARK: tenants

    public func createTenant(_ tenant: Tenant, keys: [APIKeyRecord]) async throws {
        let settings = try Self.json(tenant.settings)
        try await transaction { connection in
            try await connection.query(
                """
                INSERT INTO tenant (id, name, settings, webhook_url, webhook_secret, created_at, version)
                VALUES (\(tenant.id), \(tenant.name), \(settings), \(tenant.webhookURL), \(tenant.webhookSecret),
                        \(tenant.createdAt.timeIntervalSince1970), \(tenant.version))
                """, logger: logger)
            for key in keys { try await connection.query(Self.insert(key), logger: logger) }
        }
    }

    public func tenant(id: String) async throws -> Tenant? {
        try await row("SELECT * FROM tenant WHERE id = \(id)").map(Self.tenant(from:))
    }

    public func tenants() async throws -> [Tenant] {
        try await rows("SELECT * FROM tenant ORDER BY id").map(Self.tenant(from:))
    }

    public func deleteTenant(id: String) async throws -> Bool {
        try await transaction { connection in
            // Payloads have no foreign key (one on a partitioned table would tie every partition's
            // drop to `batch`'s locks); keys, users, sessions, batches, step-ups and deliveries go
            // with the tenant (ON DELETE CASCADE).
            try await connection.query("DELETE FROM batch_payload WHERE tenant_id = \(id)", logger: logger)
            let deleted = try await Self.rows(
                "DELETE FROM tenant WHERE id = \(id) RETURNING id", on: connection, logger: logger)
            return !deleted.isEmpty
        }
    }

    public func credential(digest: String) async throws -> (key: APIKeyRecord, tenant: Tenant)? {
        guard
            let key = try await row("SELECT * FROM api_key WHERE digest = \(digest) AND revoked_at IS NULL")
                .map(Self.key(from:)),
            let tenant = try await tenant(id: key.tenantId)
        else { return nil }
        return (key, tenant)
    }

    public func addKey(_ key: APIKeyRecord) async throws {
        try await rows(Self.insert(key))
    }

    public func addKey(_ key: APIKeyRecord, maximumActive: Int) async throws -> Bool {
        try await transaction { connection in
            // The tenant's row lock orders two nodes adding keys at once: the second counts the first's.
            guard
                try await !Self.rows(
                    "SELECT id FROM tenant WHERE id = \(key.tenantId) FOR UPDATE", on: connection, logger: logger
                ).isEmpty
            else {
                try await connection.query(Self.insert(key), logger: logger)  // fails on the foreign key, as SQLite's
                return false
            }
            let active =
                try await Self.rows(
                    """
                    SELECT COUNT(*) AS active FROM api_key
                    WHERE tenant_id = \(key.tenantId) AND role = \(key.role.rawValue) AND revoked_at IS NULL
                    """, on: connection, logger: logger
                ).first?.value("active", Int.self) ?? 0
            guard active < maximumActive else { return false }
            try await connection.query(Self.insert(key), logger: logger)
            return true
        }
    }

    public func keys(tenantId: String) async throws -> [APIKeyRecord] {
        try await rows("SELECT * FROM api_key WHERE tenant_id = \(tenantId) ORDER BY created_at, id")
            .map(Self.key(from:))
    }

    public func revokeKey(tenantId: String, id: String, at: Date) async throws -> Bool {
        try await !rows(
            """
            UPDATE api_key SET revoked_at = \(at.timeIntervalSince1970)
            WHERE tenant_id = \(tenantId) AND id = \(id) AND revoked_at IS NULL
            RETURNING id
            """
        ).isEmpty
    }

    private static func insert(_ key: APIKeyRecord) -> PostgresQuery {
        """
        INSERT INTO api_key (id, digest, tenant_id, role, created_at, revoked_at)
        VALUES (\(key.id), \(key.digest), \(key.tenantId), \(key.role.rawValue), \(key.createdAt.timeIntervalSince1970),
                \(key.revokedAt?.timeIntervalSince1970))
        """
    }

    public func updateTenant(_ tenant: Tenant) async throws {
        let settings = try Self.json(tenant.settings)
        try await rows(
            """
            UPDATE tenant SET name = \(tenant.name), settings = \(settings), webhook_url = \(tenant.webhookURL),
                webhook_secret = \(tenant.webhookSecret), version = version + 1
            WHERE id = \(tenant.id)
            """)
    }

    public func updateTenant(_ tenant: Tenant, ifVersion version: Int) async throws -> Bool {
        let settings = try Self.json(tenant.settings)
        return try await !rows(
            """
            UPDATE tenant SET name = \(tenant.name), settings = \(settings), webhook_url = \(tenant.webhookURL),
                webhook_secret = \(tenant.webhookSecret), version = version + 1
            WHERE id = \(tenant.id) AND version = \(version)
            RETURNING id
            """
        ).isEmpty
    }

    public func appendAudit(_ event: AuditEvent) async throws {
        try await rows(
            """
            INSERT INTO audit_event (at, actor, tenant_id, action, detail)
            VALUES (\(event.at.timeIntervalSince1970), \(event.actor), \(event.tenantId), \(event.action), \(event.detail))
            """)
    }

    public func auditEvents(tenantId: String?, limit: Int) async throws -> [AuditEvent] {
        let rows =
            if let tenantId {
                try await rows(
                    "SELECT * FROM audit_event WHERE tenant_id = \(tenantId) ORDER BY id DESC LIMIT \(limit)")
            } else {
                try await rows("SELECT * FROM audit_event ORDER BY id DESC LIMIT \(limit)")
            }
        return try rows.map { row in
            AuditEvent(
                at: try row.date("at"), actor: try row.value("actor"), tenantId: try row.value("tenant_id"),
                action: try row.value("action"), detail: try row.value("detail"))
        }
    }

    // MARK: rows

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    private static func tenant(from row: PostgresRandomAccessRow) throws -> Tenant {
        Tenant(
            id: try row.value("id"), name: try row.value("name"),
            settings: try decodeJSON(TenantSettings.self, row.value("settings")),
            webhookURL: try row.value("webhook_url"), webhookSecret: try row.value("webhook_secret"),
            createdAt: try row.date("created_at"), version: try row.value("version"))
    }

    private static func key(from row: PostgresRandomAccessRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.value("id"), digest: try row.value("digest"), tenantId: try row.value("tenant_id"),
            role: try row.storedCase(APIKeyRecord.Role.self, "role"), createdAt: try row.date("created_at"),
            revokedAt: try row.dateIfPresent("revoked_at"))
    }
}

extension PostgresRandomAccessRow {
    /// The column's value as `T` (an optional `T` reads NULL as nil).
    func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    /// A time stored as seconds since 1970.
    func date(_ column: String) throws -> Date {
        Date(timeIntervalSince1970: try value(column, Double.self))
    }

    func dateIfPresent(_ column: String) throws -> Date? {
        try value(column, Double?.self).map(Date.init(timeIntervalSince1970:))
    }

    /// The column's text as a case of `T`; ``UnknownStoredCase`` for any other text.
    func storedCase<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T where T.RawValue == String {
        let text = try value(column, String.self)
        guard let value = T(rawValue: text) else { throw UnknownStoredCase(column: column, value: text) }
        return value
    }

    /// The column's text as a case of `T`, or nil when the column is NULL.
    func storedCaseIfPresent<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T?
    where T.RawValue == String {
        guard let text = try value(column, String?.self) else { return nil }
        guard let value = T(rawValue: text) else { throw UnknownStoredCase(column: column, value: text) }
        return value
    }
}
