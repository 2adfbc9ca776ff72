import CadenceServer
import Foundation
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL server the tests use, from `CADENCE_TEST_POSTGRES_URL` (`scripts/test` starts
/// one and sets it); each test gets a database of its own, so tests run in parallel.
enum PostgresTestServer {
    static let variable = "CADENCE_TEST_POSTGRES_URL"

    /// The server's URL; nil when the variable is unset (the PostgreSQL tests are then skipped,
    /// and say so) or does not parse.
    static let url: PostgresURL? = ProcessInfo.processInfo.environment[variable].flatMap {
        $0.isEmpty ? nil : try? PostgresURL($0)
    }

    /// Set by `scripts/test` (`CADENCE_TEST_POSTGRES_REQUIRED=1`): a missing server fails the run.
    static let required = ProcessInfo.processInfo.environment["CADENCE_TEST_POSTGRES_REQUIRED"] == "1"

    /// Why the PostgreSQL tests did not run, as the skip shows it.
    static let skipReason: Comment =
        "CADENCE_TEST_POSTGRES_URL is unset: the PostgreSQL store is not tested (scripts/test starts a server and sets it)"

    /// The stores' log in tests: warnings and errors only (a pool closed while connecting says so at info).
    static let logger: Logger = {
        var logger = Logger(label: "cadence.postgres.test")
        logger.logLevel = .warning
        return logger
    }()

    /// A new, empty database on the server; drop it with ``TestDatabase/drop()``.
    static func createDatabase() async throws -> TestDatabase {
        guard let server = url else { throw PostgresUnavailable() }
        let name = "cadence_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        // The name is made here of hex digits: no value from outside reaches this SQL.
        _ = try await administer(server) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        var database = server
        database.database = name
        return TestDatabase(server: server, url: database)
    }

    /// Runs `body` with a client of its own on the server's administrative database.
    static func administer<T: Sendable>(
        _ server: PostgresURL, _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(
            configuration: PostgresClient.Configuration(
                host: server.host, port: server.port, username: server.username, password: server.password,
                database: server.database, tls: .disable))
        let running = Task { await client.run() }
        defer { running.cancel() }
        return try await body(client)
    }

    struct TestDatabase: Sendable {
        var server: PostgresURL
        var url: PostgresURL

        /// Drops the database, ending whatever connections are still open on it.
        func drop() async {
            let name = url.database
            _ = try? await PostgresTestServer.administer(server) { client in
                try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
            }
        }
    }
}

struct PostgresUnavailable: Error, CustomStringConvertible {
    var description: String { "\(PostgresTestServer.variable) is unset" }
}
