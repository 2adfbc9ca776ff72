import Foundation
import Logging
import PostgresNIO

/// The day partitions of `batch_payload` (``RawEventPartition``): made ahead of the batches that
/// need them, dropped whole once every tenant's retention has passed them.
extension PostgresStore {
    /// Days after today whose partitions are made ahead: a week of sweeps may fail before a
    /// batch lands in the default partition.
    static let partitionDaysAhead = 7

    /// The key of the transaction-level advisory lock under which a node makes or drops partitions.
    static let partitionLockKey = 0x6361_6465_6e63_6503

    /// How long making or dropping a partition waits for its table locks (a long transaction
    /// holding the parent) before giving up until the next sweep, rather than queueing every
    /// batch commit behind it.
    static let partitionLockTimeout = "5s"

    public func rotateRawEventPartitions(droppingBefore before: Date, now: Date) async throws
        -> (partitions: Int, batches: Int)
    {
        try await transaction { [logger] connection in
            try await Self.makeRawEventPartitions(now: now, on: connection, logger: logger)
        }
        var dropped = (partitions: 0, batches: 0)
        for partition in try await rawEventPartitions() where partition.end <= before.timeIntervalSince1970 {
            guard let batches = try await drop(partition, samplesWaitingAt: before) else { continue }
            dropped.partitions += 1
            dropped.batches += batches
        }
        return dropped
    }

    /// The day partitions there are now (the default partition aside), oldest first.
    func rawEventPartitions() async throws -> [RawEventPartition] {
        try await rows(Self.partitionNames).compactMap { RawEventPartition(name: try $0.value("name")) }
            .sorted { $0.day < $1.day }
    }

    static let partitionNames: PostgresQuery = """
        SELECT child.relname AS name FROM pg_inherits JOIN pg_class child ON child.oid = pg_inherits.inhrelid
        WHERE pg_inherits.inhparent = 'batch_payload'::regclass
        """

    /// Makes the partitions of `now`'s day and of the ``partitionDaysAhead`` days after it that
    /// are missing, in the caller's transaction. A day the default partition already holds rows
    /// of is left to it (PostgreSQL refuses the partition): retention clears those rows one by one.
    static func makeRawEventPartitions(now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(partitionLockKey))", logger: logger)
        try await connection.query(
            PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = '\(partitionLockTimeout)'"), logger: logger)
        let existing = Set(
            try await rows(partitionNames, on: connection, logger: logger)
                .compactMap { RawEventPartition(name: try $0.value("name")) })
        let today = RawEventPartition(containing: now)
        for day in today.day...(today.day + partitionDaysAhead) {
            let partition = RawEventPartition(day: day)
            if existing.contains(partition) { continue }
            let held = try await rows(
                """
                SELECT 1 FROM batch_payload_default
                WHERE received_at >= \(partition.start) AND received_at < \(partition.end) LIMIT 1
                """, on: connection, logger: logger)
            guard held.isEmpty else {
                logger.warning(
                    "raw event partition not made: the default partition holds rows of its day",
                    metadata: ["partition": "\(partition.name)"])
                continue
            }
            // The name is digits after a fixed prefix, the bounds numbers: nothing from outside.
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        CREATE TABLE IF NOT EXISTS \(partition.name) PARTITION OF batch_payload
                            FOR VALUES FROM (\(Int(partition.start))) TO (\(Int(partition.end)))
                        """), logger: logger)
        }
    }

    /// Drops `partition` in one transaction; the number of batches whose events or samples it
    /// held, or nil when another node dropped it first.
    ///
    /// Collected samples still waiting for their session's end (an open session whose token had
    /// not expired at `samplesWaitingAt`) are not lost with it: they move to the default
    /// partition, their events emptied, and the per-tenant sweep clears them when their time
    /// comes, as it does in any partition.
    private func drop(_ partition: RawEventPartition, samplesWaitingAt before: Date) async throws -> Int? {
        let cutoff = before.timeIntervalSince1970
        let name = partition.name  // digits after a fixed prefix: written into the SQL as it is
        return try await transaction { [logger] connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.partitionLockKey))", logger: logger)
            try await connection.query(
                PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = '\(Self.partitionLockTimeout)'"), logger: logger)
            guard
                try await Self.rows(
                    "SELECT to_regclass(\(name)) IS NOT NULL AS present", on: connection, logger: logger
                )
                .first?.value("present", Bool.self) == true
            else { return nil }
            let waiting = "SELECT id FROM session WHERE ended_at IS NULL AND expires_at >= $1"
            var count = PostgresBindings()
            count.append(cutoff)
            let cleared =
                try await Self.rows(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT COUNT(*) AS cleared FROM \(name)
                            WHERE length(events) > 0 OR (samples IS NOT NULL AND session_id NOT IN (\(waiting)))
                            """, binds: count), on: connection, logger: logger
                ).first?.value("cleared", Int.self) ?? 0
            try await connection.query(
                PostgresQuery(unsafeSQL: "ALTER TABLE batch_payload DETACH PARTITION \(name)"), logger: logger)
            // Its day no longer has a partition: these rows go to the default one.
            var keep = PostgresBindings()
            keep.append(cutoff)
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO batch_payload (batch_id, tenant_id, session_id, seq, received_at, events, samples)
                        SELECT batch_id, tenant_id, session_id, seq, received_at, ''::bytea, samples FROM \(name)
                        WHERE samples IS NOT NULL AND session_id IN (\(waiting))
                        """, binds: keep), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \(name)"), logger: logger)
            return cleared
        }
    }
}
