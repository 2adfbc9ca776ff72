import Foundation

/// Where a PostgreSQL database is: `postgres://user[:password]@host[:port]/database[?sslmode=…]`.
///
/// The password never leaves this value in text: ``description`` (what logs and errors show)
/// writes `***` in its place. Prefer giving it in `PGPASSWORD`: a URL on a command line is seen
/// by every user of the machine (`ps`).
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection uses TLS (`sslmode`, as libpq names it; `prefer` when not given).
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        case disable
        case prefer
        case require
    }

    public var host: String
    /// TCP port, 5432 when the URL gives none.
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
        tls: TLSMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Whether `text` names a PostgreSQL database rather than an SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`; `environmentPassword` (`PGPASSWORD`) is used when the URL has no password.
    public init(_ text: String, environmentPassword: String? = nil) throws(PostgresURLError) {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw PostgresURLError(url: Self.redacted(text), reason: "expected postgres://user@host:port/database")
        }
        let shown = Self.redacted(text)
        guard let host = components.host, !host.isEmpty else {
            throw PostgresURLError(url: shown, reason: "no host")
        }
        guard let username = components.user, !username.isEmpty else {
            throw PostgresURLError(url: shown, reason: "no user name")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresURLError(url: shown, reason: "no database name (…/database)")
        }
        if let port = components.port, !(1...65_535).contains(port) {
            throw PostgresURLError(url: shown, reason: "port \(port) is out of range")
        }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw PostgresURLError(url: shown, reason: "sslmode must be disable, prefer or require")
                }
                tls = mode
            default:
                throw PostgresURLError(url: shown, reason: "unknown parameter \(item.name) (only sslmode is read)")
            }
        }
        self.init(
            host: host, port: components.port ?? 5432, username: username,
            password: components.password ?? environmentPassword.flatMap { $0.isEmpty ? nil : $0 },
            database: database.removingPercentEncoding ?? database, tls: tls)
    }

    /// The URL with the password, if any, replaced by `***`.
    public var description: String {
        let credentials = password == nil ? username : username + ":***"
        let query = tls == .prefer ? "" : "?sslmode=\(tls.rawValue)"
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(credentials)@\(shownHost):\(port)/\(database)\(query)"
    }

    /// `text` with whatever stands between the scheme's `//` and the `@` after a `:` replaced by
    /// `***`: what an error may show of a URL that did not parse.
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        let credentials = rest[..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<scheme.upperBound] + credentials[..<colon] + ":***" + rest[at...])
    }
}

/// A `--database` URL that does not name a PostgreSQL database Cadence can use; never shows a password.
public struct PostgresURLError: Error, CustomStringConvertible, Sendable {
    /// The URL as given, its password replaced by `***`.
    public var url: String
    public var reason: String

    public var description: String { "\(url): \(reason)" }
}
