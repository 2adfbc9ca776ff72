/// The database cannot be reached now (PostgreSQL restarting, the network to it down): the
/// request may succeed when retried, so it is answered 503 with `Retry-After`, not 500.
///
/// A write that fails so may or may not have been committed; retrying it is safe, since every
/// write is idempotent or version-checked (a batch retried is a duplicate).
public struct StoreUnavailable: Error, CustomStringConvertible, Sendable {
    /// What failed, without credentials or values.
    public var reason: String

    public var description: String { "the database is unavailable: \(reason)" }

    /// Seconds a client should wait before retrying.
    public static let retryAfter = 2
}
