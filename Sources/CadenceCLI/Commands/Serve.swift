import ArgumentParser
import CadenceServer
import Foundation

/// `cadence serve`: the HTTP API, the demo bank, the dashboard and the SDK, on one SQLite file or,
/// for several nodes, on one PostgreSQL database.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Cadence service: API, demo bank at /, dashboard at /admin, SDK at /sdk/cadence.js.",
        discussion: """
            On first start it creates the database and the tenant `default`, and prints its API key and \
            the admin key (only their digests are stored). With --demo it also runs the demo bank at / \
            on a tenant of its own, `demo`, with the customers alice, bob and carol. The environment \
            variables CADENCE_API_KEY (tenant `default`), CADENCE_DEMO_API_KEY (tenant `demo`) and \
            CADENCE_ADMIN_KEY, when set, give the keys instead: each at least 32 random characters, \
            no two the same. SIGINT or SIGTERM stops it gracefully.
            """
    )

    @Option(help: "TCP port to listen on.")
    var port = 8080

    @Option(name: [.long, .customLong("hostname")], help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(
        help: """
            SQLite database file (created if missing), or postgres://user@host:port/database for several nodes \
            on one PostgreSQL database (its password in PGPASSWORD, or in the URL; never shown).
            """)
    var database = "cadence.sqlite"

    @Option(
        help: """
            With a PostgreSQL --database: a read replica of it (postgres://…, a streaming standby) that the \
            dashboard's session lists, timelines and user lists are read from, so that analysts' queries never \
            load the primary. Opened read-only; its password in PGPASSWORD or the URL, never shown.
            """)
    var dashboardDatabase: String?

    @Option(help: "SQLite synchronous mode: normal (survives a killed process) or full (also survives power loss).")
    var synchronous = "normal"

    @Option(help: "Write-ahead log size (MiB) past which the background checkpoint makes it start over.")
    var walRestartMib = 64

    @Option(name: .customLong("public"), help: "Serve the pages from this folder instead of the built-in ones.")
    var publicDirectory: String?

    @Flag(help: "Run the demo bank at / on its own tenant `demo` (never on a real tenant's sessions).")
    var demo = false

    @Option(help: "PEM certificate chain: serve HTTPS (with HSTS) instead of plain HTTP. Needs --tls-key.")
    var tlsCertificate: String?

    @Option(help: "PEM private key of --tls-certificate.")
    var tlsKey: String?

    @Flag(help: "Development only: let webhooks use plain http and reach loopback and private addresses.")
    var devWebhooks = false

    @Option(help: "Seconds a connection may stay open without a complete request head.")
    var idleTimeout = ConnectionLimits.standard.idleTimeout

    @Option(help: "Seconds a request's body may take to arrive (408 past it).")
    var bodyTimeout = ConnectionLimits.standard.bodyTimeout

    @Option(help: "Connections open at once; past it new connections are closed at once.")
    var maxConnections = ConnectionLimits.standard.maximumConnections

    func run() async throws {
        guard let sync = SQLiteStore.Synchronous(rawValue: synchronous.uppercased()) else {
            throw ValidationError("--synchronous must be normal or full")
        }
        let tls: TLSFiles?
        switch (tlsCertificate, tlsKey) {
        case (nil, nil): tls = nil
        case (let certificate?, let key?): tls = TLSFiles(certificatePath: certificate, keyPath: key)
        default: throw ValidationError("--tls-certificate and --tls-key go together")
        }
        guard idleTimeout > 0, bodyTimeout > 0, maxConnections > 0 else {
            throw ValidationError("--idle-timeout, --body-timeout and --max-connections must be above 0")
        }
        guard bodyTimeout < idleTimeout else {
            throw ValidationError(
                "--body-timeout must be below --idle-timeout (the 408 goes out before the idle close)")
        }
        let environment = ProcessInfo.processInfo.environment
        func key(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let configuration = ServerConfiguration(
            host: host, port: port, databasePath: database, synchronous: sync,
            apiKey: key("CADENCE_API_KEY"), demo: demo, demoAPIKey: demo ? key("CADENCE_DEMO_API_KEY") : nil,
            adminKey: key("CADENCE_ADMIN_KEY"), publicDirectory: publicDirectory, tls: tls,
            webhookDestinations: devWebhooks ? .development : .publicHTTPS,
            connections: ConnectionLimits(
                idleTimeout: idleTimeout, bodyTimeout: bodyTimeout, maximumConnections: maxConnections))
        guard (1...65_536).contains(walRestartMib) else {
            throw ValidationError("--wal-restart-mib must be 1 to 65536")
        }
        let location = try DatabaseLocation(database)
        let replica = try dashboardReplica(primary: location)
        let store: any CadenceStore =
            switch location {
            case .sqlite(let path):
                try SQLiteStore(path: path, synchronous: sync, walRestartFrames: walRestartMib * 256)
            case .postgres(let url): PostgresStore(url: url)
            }
        let (service, report): (CadenceService, BootstrapReport)
        do {
            (service, report) = try await CadenceService.bootstrap(
                configuration: configuration, store: store, dashboardStore: replica)
        } catch let weak as WeakKey {
            throw ValidationError(weak.description)
        } catch let newer as SchemaTooNew {
            throw ValidationError(newer.description)
        } catch {
            // postgres-nio's errors show no connection details; the URL shown has no password.
            throw ValidationError("\(location.shown): \(String(reflecting: error))")
        }
        var lines: [String] = []
        if let replica { lines.append(try await Self.describe(replica)) }
        if report.firstStart { lines.append("Created \(location.shown) with the tenant `default`.") }
        if report.demoCreated { lines.append("Created the demo tenant `demo` with the customers alice, bob, carol.") }
        // Generated keys go to the terminal only; when standard output is not one (a service
        // manager, a container, a pipe: a log stream), to a file only the service's user reads.
        var generated: [String] = []
        if let key = report.generatedAPIKey { generated.append("Tenant `default` API key: \(key)") }
        if let key = report.generatedDemoAPIKey { generated.append("Tenant `demo` API key:    \(key)") }
        if let key = report.generatedAdminKey { generated.append("Admin key:                \(key)") }
        if configuration.apiKey != nil { lines.append("Tenant `default` API key: from CADENCE_API_KEY") }
        if configuration.demoAPIKey != nil { lines.append("Tenant `demo` API key:    from CADENCE_DEMO_API_KEY") }
        if configuration.adminKey != nil { lines.append("Admin key:                from CADENCE_ADMIN_KEY") }
        if !generated.isEmpty {
            if isatty(STDOUT_FILENO) == 1 {
                lines += generated
                lines.append("Keep these keys: only their digests are stored, they are not shown again.")
            } else {
                // Beside the SQLite file; for PostgreSQL, in the working directory, named after the database.
                let file =
                    switch location {
                    case .sqlite(let path): path + ".keys"
                    case .postgres(let url): url.database + ".keys"
                    }
                try Self.writePrivately(generated.joined(separator: "\n") + "\n", to: file)
                lines.append(
                    "Generated keys written to \(file) (mode 0600), not to this output: read them, then delete the file."
                )
            }
        }
        for line in lines { Self.say(line) }
        try await service.run { [host] boundPort in
            Self.say(
                "Cadence listening on \(tls == nil ? "http" : "https")://\(host):\(boundPort) (\(configuration.demo ? "demo bank /, " : "")dashboard /admin)"
            )
        }
    }

    /// Writes `text` to a new file readable by its owner only; refuses to overwrite one.
    /// The dashboard's read replica's store (read-only), when `--dashboard-database` names one.
    private func dashboardReplica(primary: DatabaseLocation) throws -> PostgresStore? {
        guard let dashboardDatabase else { return nil }
        guard case .postgres = primary else {
            throw ValidationError("--dashboard-database needs a PostgreSQL --database (it is a replica of it)")
        }
        guard case .postgres(let url) = try DatabaseLocation(dashboardDatabase) else {
            throw ValidationError("--dashboard-database must be a postgres:// URL")
        }
        return PostgresStore(url: url, maximumConnections: 8, readOnly: true)
    }

    /// The replica checked (reachable, no unknown migration), in one line for the start-up output.
    private static func describe(_ replica: PostgresStore) async throws -> String {
        let found: DashboardReplica
        do {
            found = try await replica.checkDashboardReplica()
        } catch let newer as SchemaTooNew {
            throw ValidationError(newer.description)
        } catch let unavailable as StoreUnavailable {
            // A standby being rebuilt or restarted must not keep the node from serving: the
            // dashboard's lists answer 503 until it is back, as they do when it goes away later.
            return "Dashboard lists and timelines read from \(replica.url), unreachable now (\(unavailable.reason)): "
                + "they answer 503 until it is."
        } catch {
            throw ValidationError("--dashboard-database \(replica.url): \(PostgresStore.summary(of: error))")
        }
        var line = "Dashboard lists and timelines read from \(replica.url)"
        line += found.inRecovery ? " (a standby" : " (not a standby: a primary, read through read-only connections"
        if let lag = found.lagSeconds { line += String(format: ", last replayed transaction %.1f s ago", lag) }
        line += ")."
        if !found.missingMigrations.isEmpty {
            line += " It has not replayed \(found.missingMigrations.joined(separator: ", ")) yet."
        }
        return line
    }

    static func writePrivately(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ValidationError(
                "\(path): cannot create the keys file (it may exist already; keys are not overwritten)")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw ValidationError("\(path): could not write the generated keys")
        }
    }

    /// Writes a line to standard output at once (unbuffered, so logs and tests see it immediately).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
