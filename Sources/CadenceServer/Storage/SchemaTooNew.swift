/// The database was migrated by a newer version of Cadence than this one: this node refuses to
/// use it rather than read or write rows of a schema it does not know.
public struct SchemaTooNew: Error, CustomStringConvertible, Sendable {
    /// Which store (`SQLite`, `PostgreSQL`) and where, without credentials.
    public var database: String
    /// Migrations the database has applied that this version does not know.
    public var unknownMigrations: [String]
    /// The newest migration this version knows.
    public var newestKnown: String

    public var description: String {
        "\(database) has migrations this version of Cadence does not know (\(unknownMigrations.joined(separator: ", "))); "
            + "its newest is \(newestKnown). Run a Cadence at least as new as the one that migrated it."
    }
}
