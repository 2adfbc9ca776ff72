import Foundation
import PostgresNIO

/// What a node found on the database its dashboard reads (`cadence serve --dashboard-database`).
public struct DashboardReplica: Sendable, Equatable {
    /// Whether the server is a standby replaying a primary's write-ahead log
    /// (`pg_is_in_recovery()`); a primary given here is read as one too.
    public var inRecovery: Bool
    /// Migrations this version knows that the replica has not replayed yet (a replica behind a
    /// migration its primary has just run): its dashboard pages may fail until it catches up.
    public var missingMigrations: [String]
    /// How far the replica's last replayed transaction is behind now, when it is a standby that
    /// has replayed one (`now() - pg_last_xact_replay_timestamp()`).
    public var lagSeconds: Double?
}

extension PostgresStore {
    /// Checks a database opened for the dashboard's reads: reachable, and with no migration this
    /// version does not know (``SchemaTooNew``). Runs nothing that writes: the replica's store is
    /// opened read-only (``PostgresStore/init(url:maximumConnections:readOnly:logger:)``).
    public func checkDashboardReplica() async throws -> DashboardReplica {
        let applied = Set(
            try await rows("SELECT identifier FROM schema_migration").map { try $0.value("identifier", String.self) })
        try PostgresMigrations.requireKnown(applied, database: "PostgreSQL database \(url) (--dashboard-database)")
        let known = PostgresMigrations.all.map(\.identifier)
        guard
            let row = try await row(
                """
                SELECT pg_is_in_recovery() AS recovery,
                    EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::double precision AS lag
                """)
        else { throw StoreRowVanished(what: "pg_is_in_recovery()") }
        return DashboardReplica(
            inRecovery: try row.value("recovery", Bool.self), missingMigrations: known.filter { !applied.contains($0) },
            lagSeconds: try row.value("lag", Double?.self))
    }
}
