import ArgumentParser
import CadenceServer
import Foundation

/// `cadence tenant …`: tenants and their keys, on the database file (a running service sees the
/// change at once: every request looks its key up in the database). Keys are printed once, to
/// standard output only; only their digests are stored.
struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Create, list, rotate keys of and delete tenants.",
        subcommands: [Create.self, List.self, RotateKey.self, RevokeKey.self, Delete.self])

    struct Database: ParsableArguments {
        @Option(help: "SQLite database file of the service, or its postgres://user@host:port/database URL.")
        var database = "cadence.sqlite"

        func administration() async throws -> TenantAdministration {
            let store: any CadenceStore
            switch try DatabaseLocation(database) {
            case .sqlite(let path):
                guard FileManager.default.fileExists(atPath: path) else {
                    throw ValidationError("\(path): no such database (start `cadence serve` once, or pass --database)")
                }
                store = try SQLiteStore(path: path)
            case .postgres(let url):
                store = PostgresStore(url: url, maximumConnections: 2)
            }
            try await store.migrate()
            return TenantAdministration(store: store, actor: "cli")
        }
    }

    /// Runs `body`, turning the service's JSON errors into a message naming the database.
    static func run(_ database: Database, _ body: (TenantAdministration) async throws -> Void) async throws {
        do {
            try await body(try await database.administration())
        } catch let error as APIError {
            throw ValidationError(
                "\((try? DatabaseLocation(database.database))?.shown ?? PostgresURL.redacted(database.database)): \(error.reason)"
            )
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a tenant; prints its API key and its dashboard key, once.")
        @Argument(help: "Tenant id: a-z, 0-9 and -, at most 64.") var id: String
        @Option(help: "Display name.") var name: String?
        @OptionGroup var database: Database

        func run() async throws {
            try await TenantCommand.run(database) { admin in
                let created = try await admin.create(id: id, name: name)
                print("Created tenant \(created.tenantId) (\(created.name)).")
                print("API key (\(created.apiKeyId)):       \(created.apiKey)")
                print("Dashboard key (\(created.dashboardKeyId)): \(created.dashboardKey)")
                print("Keep these keys: only their digests are stored, they are not shown again.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants and their keys (ids only).")
        @OptionGroup var database: Database

        func run() async throws {
            try await TenantCommand.run(database) { admin in
                for tenant in try await admin.list() {
                    print("\(tenant.id)\t\(tenant.name)")
                    for key in tenant.keys {
                        let state = key.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
                        print("  \(key.id)\t\(key.role.rawValue)\t\(state)")
                    }
                }
            }
        }
    }

    struct RotateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key",
            abstract: "Issue a new key; the current one keeps working until `revoke-key`.")
        @Argument var id: String
        @Option(help: "tenant (the backend's API key) or dashboard.") var role = "tenant"
        @OptionGroup var database: Database

        func run() async throws {
            guard let role = APIKeyRecord.Role(rawValue: role) else {
                throw ValidationError("--role must be tenant or dashboard")
            }
            try await TenantCommand.run(database) { admin in
                let issued = try await admin.issueKey(tenantId: id, role: role)
                print("New \(role.rawValue) key (\(issued.id)): \(issued.key)")
                if !issued.stillActive.isEmpty {
                    print(
                        "Still active until revoked: \(issued.stillActive.joined(separator: ", ")) "
                            + "(cadence tenant revoke-key \(id) <key id>)")
                }
            }
        }
    }

    struct RevokeKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-key", abstract: "Revoke a key: it stops working on every node at once.")
        @Argument var id: String
        @Argument(help: "The key's id (key_…), as `list` shows it.") var key: String
        @OptionGroup var database: Database

        func run() async throws {
            try await TenantCommand.run(database) { admin in
                try await admin.revokeKey(tenantId: id, keyId: key)
                print("Revoked \(key) of tenant \(id).")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a tenant and all of its data (users, sessions, events, keys).")
        @Argument var id: String
        @Flag(help: "Confirm the deletion.") var yes = false
        @OptionGroup var database: Database

        func run() async throws {
            guard yes else { throw ValidationError("deleting tenant \(id) erases all of its data: add --yes") }
            try await TenantCommand.run(database) { admin in
                try await admin.delete(id: id)
                print("Deleted tenant \(id).")
            }
        }
    }
}
