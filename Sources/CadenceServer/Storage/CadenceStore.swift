import Foundation

/// Everything the service keeps: tenants, users and their profiles, sessions, acknowledged batches.
///
/// One protocol, two implementations (SQLite now, PostgreSQL later) and one contract test suite
/// (`StoreContractTests`). Every method is one transaction. Tenants never see each other's data:
/// every user and session query names its tenant.
public protocol CadenceStore: Sendable {
    /// Creates or upgrades the schema.
    func migrate() async throws

    /// A service-wide setting (admin key digest, token signing secret), nil when unset.
    func setting(_ name: String) async throws -> Data?
    func setSetting(_ name: String, value: Data) async throws

    func createTenant(_ tenant: Tenant) async throws
    func tenant(id: String) async throws -> Tenant?
    func tenant(apiKeyDigest: String) async throws -> Tenant?
    func updateTenant(_ tenant: Tenant) async throws

    /// The user, created `enrolling` with no profile when new.
    func ensureUser(tenantId: String, userId: String, now: Date) async throws -> UserRecord
    func user(tenantId: String, userId: String) async throws -> UserRecord?
    /// Users of a tenant with their session counts, by user id.
    func users(tenantId: String) async throws -> [UserListing]
    func saveProfile(tenantId: String, userId: String, update: ProfileUpdate, now: Date) async throws
    /// Deletes the user, their profile, their sessions and every batch of those sessions.
    func eraseUser(tenantId: String, userId: String) async throws -> ErasureReport

    func createSession(_ session: SessionRecord) async throws
    func session(tenantId: String, id: String) async throws -> SessionRecord?
    /// The tenant's most recent sessions, newest first.
    func sessions(tenantId: String, limit: Int) async throws -> [SessionRecord]
    /// Writes a scored batch, the session's new state and snapshot, and the profile change, atomically.
    func commit(_ commit: BatchCommit) async throws -> BatchCommitResult
    /// Marks the session ended (if not already) and applies the profile change, atomically.
    /// False when the session does not exist or has already ended.
    func endSession(
        tenantId: String, id: String, outcome: EndOutcome, endedAt: Date, profile: ProfileUpdate?
    ) async throws -> Bool
    /// The session's acknowledged batches by seq (its trust timeline).
    func batches(sessionId: String) async throws -> [BatchRecord]
}
