import ArgumentParser
import CadenceServer
import Foundation

/// What `--database` names: an SQLite file (the default, one node) or a PostgreSQL URL (several
/// nodes on one database). Its text, as messages show it, never holds a password.
enum DatabaseLocation {
    case sqlite(path: String)
    case postgres(PostgresURL)

    /// Parses `--database`; a PostgreSQL URL's password may be given in `PGPASSWORD` instead.
    init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard PostgresURL.isPostgres(text) else {
            self = .sqlite(path: text)
            return
        }
        do {
            self = .postgres(try PostgresURL(text, environmentPassword: environment["PGPASSWORD"]))
        } catch {
            throw ValidationError("--database \(error.description)")
        }
    }

    /// The database as messages show it (a URL with `***` for its password).
    var shown: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.description
        }
    }
}
