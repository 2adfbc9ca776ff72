import CadenceEngine
import Foundation

/// What the service needs from the behaviour engine: decode batches, score them against a
/// session's state and its user's profile, and update the profile when the session ends.
///
/// States and profiles are opaque serialised values to the service: it stores them and hands
/// them back, so any node can continue any session. Scoring does no storage I/O besides asking
/// the context for the tenant's background cohort, so one batch is one storage transaction.
public protocol BehaviourEngine: Sendable {
    /// Decodes one wire-format batch (`docs/wire-format.md`).
    func decode(_ bytes: [UInt8]) throws(WireDecodingError) -> WireBatch
    /// The batch in the wire format, from its decoded events: what is stored (never characters).
    func encode(_ batch: WireBatch) -> Data
    /// The initial state and snapshot of a new session, scoring its login sample if any.
    func start(_ start: SessionStart, user: UserRecord, context: ScoringContext) async throws -> ScoringStep
    /// Scores one batch: the session's next state and snapshot.
    func process(
        _ batch: WireBatch, session: SessionRecord, user: UserRecord?, context: ScoringContext
    ) async throws -> ScoringStep
    /// Ends the session: its final state and snapshot, and the user's profile if it changed.
    ///
    /// - Parameter collected: the ``ScoringStep/collected`` of the session's committed batches, in
    ///   commit order.
    func end(
        _ session: SessionRecord, collected: [Data], outcome: SessionOutcome, user: UserRecord?, context: ScoringContext
    ) async throws -> ScoringStep
    /// Whether the engine still holds the session's state at `version`, so the service may read
    /// the session without its state (``CadenceStore/sessionHead(tenantId:id:)``).
    func holdsState(sessionId: String, version: Int) -> Bool
    /// Tells the engine that `step` was committed as version `version` of the session, so it can
    /// keep the state it computed instead of decoding it again for the next batch.
    func committed(_ step: ScoringStep, sessionId: String, version: Int)
    /// Applies a step-up's result (the bank verified an OTP or a re-login): the session's next
    /// state and snapshot.
    func stepUp(_ session: SessionRecord, result: StepUpResult, context: ScoringContext) async throws -> ScoringStep
    /// Samples held per modality, for the profile endpoint and the dashboard.
    func samples(in user: UserRecord) -> [String: Int]
    /// Drops whatever the engine keeps in memory about the user (their data was erased), and every
    /// cached model of the tenant, which may have been trained with the user's samples as impostor
    /// examples; models are trained again on their next use.
    func forget(tenantId: String, userId: String)
    /// Drops every cached model of the tenant (their settings changed); trained again on next use.
    func forgetModels(tenantId: String)
}

/// The tenant a session belongs to and a way to reach its background cohort.
public struct ScoringContext: Sendable {
    public var tenant: Tenant
    /// The tenant's current background cohort without its profiles (may be a few seconds old):
    /// models are cached by its generation, and trained again when it moves.
    public var backgroundCohort: @Sendable () async throws -> BackgroundCohortRecord
    /// A background cohort with its members' profiles (the impostor population of discriminative
    /// models), by generation; the latest one when that generation is gone.
    public var backgroundProfiles: @Sendable (_ generation: Int) async throws -> BackgroundCohortRecord
    /// A user of the tenant with their profile (for a user read without it, on a model cache miss).
    public var user: @Sendable (_ userId: String) async throws -> UserRecord?

    public init(
        tenant: Tenant,
        backgroundCohort: (@Sendable () async throws -> BackgroundCohortRecord)? = nil,
        backgroundProfiles: (@Sendable (_ generation: Int) async throws -> BackgroundCohortRecord)? = nil,
        user: @escaping @Sendable (_ userId: String) async throws -> UserRecord? = { _ in nil }
    ) {
        let none = BackgroundCohortRecord(
            tenantId: tenant.id, generation: 0, population: 0, createdAt: tenant.createdAt, members: [])
        self.tenant = tenant
        self.backgroundCohort = backgroundCohort ?? { none }
        self.backgroundProfiles = backgroundProfiles ?? { _ in none }
        self.user = user
    }
}

/// ``BehaviourEngine/process(_:session:user:context:)`` was given a session read without its
/// state (``SessionRecord/state`` empty) and no longer holds that version: read it whole and retry.
public struct StateNotHeld: Error, Sendable {
    public init() {}
}

/// What `POST /v1/sessions` tells the engine about a new session.
public struct SessionStart: Sendable, Hashable {
    public var userId: String
    public var authenticated: Bool
    public var loginSample: LoginSample?

    public init(userId: String, authenticated: Bool, loginSample: LoginSample?) {
        self.userId = userId
        self.authenticated = authenticated
        self.loginSample = loginSample
    }
}

/// The result of scoring: the session's next state, its snapshot, and a profile change if any.
public struct ScoringStep: Sendable {
    public var state: Data
    public var snapshot: SessionSnapshot
    public var profile: StoredProfile?
    /// Profile samples collected by this step, stored beside its batch (``BatchCommit/collected``).
    public var collected: Data?
    /// The engine's state behind ``state``, kept by the engine once committed.
    var engineState: SessionState?

    public init(state: Data, snapshot: SessionSnapshot, profile: StoredProfile? = nil, collected: Data? = nil) {
        self.state = state
        self.snapshot = snapshot
        self.profile = profile
        self.collected = collected
    }
}
