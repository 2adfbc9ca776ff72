import CadenceServer
import Foundation
import GRDB
import PostgresNIO
import Testing

/// `cadence serve --database` as an operator meets it: a database from a newer Cadence, an
/// unreachable server, a password in the URL.
@Suite("cadence serve --database: refusals and what they show")
struct ServeDatabaseTests {
    /// Runs `cadence serve` on `database` until it exits (it must, within 60 s); its status and output.
    static func serve(database: String, environment: [String: String] = [:]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = try ServerProcess.binary()
        process.arguments = ["serve", "--port", String(try ServerProcess.freePort()), "--database", database]
        process.environment = ProcessInfo.processInfo.environment.merging(KillRestartTests.environment) { $1 }
            .merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                process.waitUntilExit()
                throw ServerProcessError("cadence serve --database \(database) did not exit within 60 s")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, output)
    }

    @Test("an SQLite database a newer Cadence migrated: the node exits non-zero naming the unknown migration")
    func newerSQLiteSchema() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-newer-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cadence.sqlite").path
        try await SQLiteStore(path: path).migrate()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        try queue.close()
        let (status, output) = try await Self.serve(database: path)
        #expect(status != 0)
        #expect(output.contains("v99-from-the-future"), "\(output)")
        #expect(!output.contains("listening"))
    }

    @Test(
        "a PostgreSQL database a newer Cadence migrated: the node exits non-zero naming the unknown migration",
        .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipReason))
    func newerPostgresSchema() async throws {
        let database = try await PostgresTestServer.createDatabase()
        do {
            let store = PostgresStore(url: database.url, logger: PostgresTestServer.logger)
            try await store.migrate()
            await store.close()
            _ = try await PostgresTestServer.administer(database.url) { client in
                try await client.query(
                    "INSERT INTO schema_migration (identifier, applied_at) VALUES ('v2-from-the-future', 0)")
            }
            let (status, output) = try await Self.serve(database: database.url.description)
            #expect(status != 0)
            #expect(output.contains("v2-from-the-future"), "\(output)")
        } catch {
            Issue.record(error)
        }
        await database.drop()
    }

    @Test("a password in the URL is never printed: not when the server cannot be reached, nor when the URL is bad")
    func passwordNeverShown() async throws {
        for url in [
            "postgres://cadence:hunter2-secret@127.0.0.1:1/cadence?sslmode=disable",
            "postgres://cadence:hunter2-secret@127.0.0.1:1/cadence?sslmode=sometimes",
        ] {
            let (status, output) = try await Self.serve(database: url)
            #expect(status != 0)
            #expect(!output.contains("hunter2-secret"), "\(output)")
            #expect(output.contains("cadence:***@127.0.0.1"), "\(output)")
        }
        let (status, output) = try await Self.serve(
            database: "postgres://cadence@127.0.0.1:1/cadence?sslmode=disable",
            environment: ["PGPASSWORD": "hunter2-secret"])
        #expect(status != 0)
        #expect(!output.contains("hunter2-secret"), "\(output)")
    }
}
