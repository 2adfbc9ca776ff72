import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema, as a sequence of migrations; never edit a shipped migration, add one.
///
/// Named as the SQLite ones are (`v<N>-<what-it-changes>`), recorded in `schema_migration`. The
/// first one builds what SQLite's twelve built, with PostgreSQL's types: `bytea` blobs, `bigint`
/// counters, times as `double precision` seconds since 1970 (the values SQLite stores, so that a
/// `Date` reads back exactly as written). `user` is a reserved word here: the table is `end_user`.
/// Ids that lists sort and page by are `COLLATE "C"`: byte order, as SQLite's, whatever the
/// server's locale.
/// The schema is described in `docs/schema.md`.
enum PostgresMigrations {
    struct Migration: Sendable {
        var identifier: String
        /// Statements run in order, in one transaction (the extended protocol takes one per query).
        var statements: [String]
    }

    /// Any constant shared by every version of Cadence: the key of the advisory lock that lets
    /// one node at a time migrate.
    static let lockKey = 0x6361_6465_6e63_6501

    static let all: [Migration] = [
        Migration(
            identifier: "v1-initial",
            statements: [
                "CREATE TABLE setting (name text PRIMARY KEY, value bytea NOT NULL)",
                """
                CREATE TABLE tenant (
                    id text COLLATE "C" PRIMARY KEY,
                    name text NOT NULL,
                    settings text NOT NULL,
                    webhook_url text,
                    webhook_secret text,
                    created_at double precision NOT NULL,
                    version bigint NOT NULL DEFAULT 0)
                """,
                """
                CREATE TABLE api_key (
                    id text COLLATE "C" PRIMARY KEY,
                    digest text NOT NULL UNIQUE,
                    tenant_id text NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    role text NOT NULL,
                    created_at double precision NOT NULL,
                    revoked_at double precision)
                """,
                "CREATE INDEX api_key_by_tenant ON api_key(tenant_id)",
                """
                CREATE TABLE audit_event (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    at double precision NOT NULL,
                    actor text NOT NULL,
                    tenant_id text,
                    action text NOT NULL,
                    detail text NOT NULL)
                """,
                "CREATE INDEX audit_event_by_tenant ON audit_event(tenant_id, id)",
                """
                CREATE TABLE end_user (
                    tenant_id text NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    user_id text COLLATE "C" NOT NULL,
                    status text NOT NULL,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL,
                    version bigint NOT NULL DEFAULT 0,
                    sample_counts text,
                    profile bytea,
                    PRIMARY KEY (tenant_id, user_id))
                """,
                """
                CREATE TABLE session (
                    id text COLLATE "C" PRIMARY KEY,
                    tenant_id text NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    user_id text NOT NULL,
                    authenticated boolean NOT NULL,
                    created_at double precision NOT NULL,
                    expires_at double precision NOT NULL,
                    ended_at double precision,
                    outcome text,
                    decision text NOT NULL DEFAULT 'allow',
                    batch_count bigint NOT NULL,
                    event_count bigint NOT NULL,
                    byte_count bigint NOT NULL DEFAULT 0,
                    last_seq bigint NOT NULL,
                    version bigint NOT NULL,
                    token_generation bigint NOT NULL DEFAULT 0,
                    snapshot bytea NOT NULL,
                    state bytea NOT NULL)
                """,
                "CREATE INDEX session_by_tenant_time ON session(tenant_id, created_at)",
                "CREATE INDEX session_by_user ON session(tenant_id, user_id, created_at)",
                // (session_id, seq) is unique: the same batch committed by two nodes at once is stored once.
                """
                CREATE TABLE batch (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    session_id text NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                    seq bigint NOT NULL,
                    received_at double precision NOT NULL,
                    event_count bigint NOT NULL,
                    trust double precision NOT NULL,
                    decision text NOT NULL,
                    reasons text NOT NULL,
                    events bytea NOT NULL,
                    samples bytea,
                    UNIQUE (session_id, seq))
                """,
                """
                CREATE TABLE step_up (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    session_id text NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                    result text NOT NULL,
                    at double precision NOT NULL,
                    last_seq bigint NOT NULL,
                    trust double precision NOT NULL,
                    decision text NOT NULL,
                    reasons text NOT NULL)
                """,
                "CREATE INDEX step_up_by_session ON step_up(session_id, at)",
                """
                CREATE TABLE webhook_delivery (
                    id text COLLATE "C" PRIMARY KEY,
                    tenant_id text NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    session_id text NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                    url text NOT NULL,
                    secret text NOT NULL,
                    body bytea NOT NULL,
                    attempts bigint NOT NULL,
                    status text NOT NULL,
                    next_attempt_at double precision NOT NULL,
                    lease_until double precision,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL)
                """,
                "CREATE INDEX webhook_delivery_pending ON webhook_delivery(status, created_at)",
                "CREATE INDEX webhook_delivery_by_session ON webhook_delivery(session_id)",
            ]),
        // Each user's seeded cohort rank (CohortRank: the same value SQLite's v13 stores, computed
        // here for every row, old and new), an index of the scored users with a profile by it
        // (the background cohort is the first rows of one range), and the cohort snapshots.
        Migration(
            identifier: "v2-background-cohort",
            statements: [
                """
                ALTER TABLE end_user ADD COLUMN cohort_rank bigint GENERATED ALWAYS AS
                    (('x' || substr(md5('cadence-cohort/' || tenant_id || '/' || user_id), 1, 16))::bit(64)::bigint)
                    STORED
                """,
                """
                CREATE INDEX end_user_by_cohort_rank ON end_user(tenant_id, cohort_rank, user_id)
                    WHERE status IN ('ready', 'weak') AND profile IS NOT NULL
                """,
                """
                CREATE TABLE background_cohort (
                    tenant_id text NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    generation bigint NOT NULL,
                    population bigint NOT NULL,
                    created_at double precision NOT NULL,
                    members text[] NOT NULL,
                    profiles bytea NOT NULL,
                    PRIMARY KEY (tenant_id, generation))
                """,
            ]),
        // Raw payloads (events, collected samples) move from `batch` to `batch_payload`, range-partitioned
        // by the time received, a partition per UTC day (RawEventPartition): retention drops a day that
        // every tenant's period has passed instead of rewriting its rows. The timeline stays in `batch`,
        // whose unique (session_id, seq) still stores a batch once. The days existing batches were
        // received on get their partitions here; a node makes the coming days' ones (and the default
        // partition takes any row no partition covers, so that an insert never fails).
        Migration(
            identifier: "v3-raw-event-partitions",
            statements: [
                """
                CREATE TABLE batch_payload (
                    batch_id bigint NOT NULL,
                    tenant_id text NOT NULL,
                    session_id text NOT NULL,
                    seq bigint NOT NULL,
                    received_at double precision NOT NULL,
                    events bytea NOT NULL,
                    samples bytea)
                    PARTITION BY RANGE (received_at)
                """,
                "CREATE INDEX batch_payload_by_session ON batch_payload(session_id, batch_id)",
                "CREATE INDEX batch_payload_by_tenant ON batch_payload(tenant_id, received_at)",
                "CREATE TABLE batch_payload_default PARTITION OF batch_payload DEFAULT",
                """
                DO $$
                DECLARE day bigint;
                BEGIN
                    FOR day IN SELECT DISTINCT floor(received_at / 86400)::bigint FROM batch LOOP
                        EXECUTE format('CREATE TABLE %I PARTITION OF batch_payload FOR VALUES FROM (%s) TO (%s)',
                            'batch_payload_' || to_char(date '1970-01-01' + day::integer, 'YYYYMMDD'),
                            day * 86400, (day + 1) * 86400);
                    END LOOP;
                END $$
                """,
                // A batch whose events and samples retention already cleared gets no payload row.
                """
                INSERT INTO batch_payload (batch_id, tenant_id, session_id, seq, received_at, events, samples)
                SELECT batch.id, session.tenant_id, batch.session_id, batch.seq, batch.received_at, batch.events,
                       batch.samples
                FROM batch JOIN session ON session.id = batch.session_id
                WHERE length(batch.events) > 0 OR batch.samples IS NOT NULL
                """,
                // Emptied before they are dropped: a dropped column's values stay in rows not rewritten.
                "UPDATE batch SET events = ''::bytea, samples = NULL WHERE length(events) > 0 OR samples IS NOT NULL",
                "ALTER TABLE batch DROP COLUMN events, DROP COLUMN samples",
            ]),
        // Timelines dropped by age (retention.timelineDays): the sweep walks the sessions that still
        // keep one by the time they closed (ended, or their last token expired), so that a round
        // reads only the sessions it drops. Additive; the index build holds writes to `session`
        // for its duration (see deployment.md).
        Migration(
            identifier: "v4-timeline-retention",
            statements: [
                "ALTER TABLE session ADD COLUMN timeline_kept boolean NOT NULL DEFAULT true",
                """
                CREATE INDEX session_timeline_kept ON session(tenant_id, (COALESCE(ended_at, expires_at)))
                    WHERE timeline_kept
                """,
            ]),
    ]

    /// Brings the database to the current schema under an advisory lock, so that nodes starting
    /// together migrate one after the other (the later ones find nothing left to do); throws
    /// ``SchemaTooNew`` when the database has a migration this version does not know. Then
    /// makes the raw event partitions of today and the coming days.
    /// - Parameter last: the last migration to apply (a test building an older schema); nil for all.
    static func migrate(
        on connection: PostgresConnection, database: String, through last: String? = nil, logger: Logger
    ) async throws {
        // A session-level lock: released by the unlock below, or by the server when the
        // connection drops (a node killed mid-migration does not leave it held).
        try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        do {
            try await migrateLocked(connection, database: database, through: last, logger: logger)
            if last == nil {
                do {
                    try await PostgresStore.transaction(on: connection, logger: logger) { connection in
                        try await PostgresStore.makeRawEventPartitions(now: Date(), on: connection, logger: logger)
                    }
                } catch {
                    // Not a reason to refuse to start: the default partition takes today's batches,
                    // and the retention sweep (at start, then hourly) tries again.
                    logger.warning(
                        "raw event partitions not made", metadata: ["error": "\(PostgresStore.summary(of: error))"])
                }
            }
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            throw error
        }
        try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
    }

    /// Throws ``SchemaTooNew`` when `applied` holds a migration this version does not know.
    static func requireKnown(_ applied: Set<String>, database: String) throws {
        let unknown = applied.subtracting(all.map(\.identifier))
        guard unknown.isEmpty else {
            throw SchemaTooNew(
                database: database, unknownMigrations: unknown.sorted(), newestKnown: all.last?.identifier ?? "none")
        }
    }

    private static func migrateLocked(
        _ connection: PostgresConnection, database: String, through last: String?, logger: Logger
    ) async throws {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migration (
                identifier text PRIMARY KEY,
                applied_at double precision NOT NULL)
            """, logger: logger)
        var applied = Set<String>()
        for try await identifier in try await connection.query(
            "SELECT identifier FROM schema_migration", logger: logger
        ).decode(String.self) {
            applied.insert(identifier)
        }
        try requireKnown(applied, database: "PostgreSQL database \(database)")
        // Through `last` when given (a test building an older schema), else every one.
        let end = last.flatMap { last in all.firstIndex { $0.identifier == last } }.map { $0 + 1 } ?? all.count
        for migration in all[..<end] where !applied.contains(migration.identifier) {
            try await PostgresStore.transaction(on: connection, logger: logger) { connection in
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let now = Date().timeIntervalSince1970
                try await connection.query(
                    "INSERT INTO schema_migration (identifier, applied_at) VALUES (\(migration.identifier), \(now))",
                    logger: logger)
            }
            logger.info("migrated", metadata: ["migration": "\(migration.identifier)", "database": "\(database)"])
        }
    }
}
