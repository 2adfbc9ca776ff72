import CadenceEngine
import Foundation

/// ``BehaviourEngine`` on the behaviour engine's ``SessionPipeline``: the wire decoder, pointer
/// and keystroke segmentation across batches, per-user models, the Mondal & Bours trust model,
/// the tenant's policy, automation and replay detection, bounded profile updates.
///
/// A session's state is the engine's ``SessionState`` and a user's profile its ``UserProfile``,
/// both stored as compact binary blobs (``BlobCoding``). Models are trained from the profile
/// against the tenant's background cohort (``BackgroundCohortRecord``: at most
/// ``BackgroundCohort/standardSize`` other users' profiles) and cached by profile version and cohort.
public struct PipelineEngine: BehaviourEngine {
    public var decoder: WireDecoder
    private let cache: ModelCache
    private let states = SessionVersionCache<SessionState>()

    /// - Parameter modelBytes: the model cache's budget, bytes (estimated, see ``UserModels/estimatedByteCount``).
    public init(decoder: WireDecoder = WireDecoder(), modelBytes: Int = 512 << 20) {
        self.decoder = decoder
        cache = ModelCache(budget: modelBytes)
    }

    /// Estimated bytes and number of the users' models cached now.
    public var cachedModels: (bytes: Int, users: Int) { (cache.bytes, cache.count) }

    public func decode(_ bytes: [UInt8]) throws(WireDecodingError) -> WireBatch {
        try decoder.decode(bytes)
    }

    public func encode(_ batch: WireBatch) -> Data {
        Data(WireEncoder.encode(batch))
    }

    public func start(_ start: SessionStart, user: UserRecord, context: ScoringContext) async throws -> ScoringStep {
        let pipeline = pipeline(context.tenant.settings)
        let models = try await models(for: user, context: context)
        let state = pipeline.start(
            authenticated: start.authenticated, loginSample: start.loginSample?.timingVector, models: models)
        return try step(state)
    }

    public func process(
        _ batch: WireBatch, session: SessionRecord, user: UserRecord?, context: ScoringContext
    ) async throws -> ScoringStep {
        guard let held = states.value(session.id, version: session.version) else {
            // Read without its state because this node held it, but another batch moved it on since.
            if session.state.isEmpty { throw StateNotHeld() }
            return try await process(
                batch, state: try BlobCoding.decode(SessionState.self, from: session.state), user: user,
                context: context)
        }
        return try await process(batch, state: held, user: user, context: context)
    }

    private func process(
        _ batch: WireBatch, state: SessionState, user: UserRecord?, context: ScoringContext
    ) async throws -> ScoringStep {
        var state = state
        let models = try await models(for: user, context: context)
        pipeline(context.tenant.settings).process(batch, state: &state, models: models)
        let collected = state.drainCollected()
        var result = try step(state)
        if !collected.isEmpty { result.collected = try BlobCoding.encode(collected) }
        return result
    }

    public func holdsState(sessionId: String, version: Int) -> Bool {
        states.value(sessionId, version: version) != nil
    }

    public func committed(_ step: ScoringStep, sessionId: String, version: Int) {
        guard let state = step.engineState else { return }
        states.keep(state, sessionId: sessionId, version: version)
    }

    public func end(
        _ session: SessionRecord, collected: [Data], outcome: SessionOutcome, user: UserRecord?, context: ScoringContext
    ) async throws -> ScoringStep {
        states.forget(session.id)
        var state = try BlobCoding.decode(SessionState.self, from: session.state)
        state.restoreCollected(
            SessionCollection(joining: try collected.map { try BlobCoding.decode(SessionCollection.self, from: $0) }))
        let user = try await Self.whole(user, context: context)
        let models = try await models(for: user, context: context)
        var profile = try user.flatMap(Self.profile(of:)) ?? UserProfile()
        let before = profile
        _ = pipeline(context.tenant.settings).end(&state, outcome: outcome, profile: &profile, models: models)
        _ = state.drainCollected()  // in the profile now; the final state stays small
        var result = try step(state)
        if profile != before {
            result.profile = StoredProfile(
                profile: try BlobCoding.encode(profile), status: profile.status,
                samples: ["pointer": profile.pointer.count, "keys": profile.keys.count, "login": profile.login.count])
        }
        return result
    }

    public func samples(in user: UserRecord) -> [String: Int] {
        let profile = (try? Self.profile(of: user)) ?? UserProfile()
        return ["pointer": profile.pointer.count, "keys": profile.keys.count, "login": profile.login.count]
    }

    public func forget(tenantId: String, userId: String) {
        cache.forget(tenantId: tenantId)
    }

    public func forgetModels(tenantId: String) {
        cache.forget(tenantId: tenantId)
    }

    // MARK: helpers

    private func pipeline(_ settings: TenantSettings) -> SessionPipeline {
        var pipeline = SessionPipeline(trust: settings.trust, policy: settings.policy, enrolment: settings.enrolment)
        pipeline.timelineLimit = 0  // trust per batch is in the batch rows; the state stays small
        return pipeline
    }

    /// The user with their profile: read again when the record was read without it.
    static func whole(_ user: UserRecord?, context: ScoringContext) async throws -> UserRecord? {
        guard let user, user.profileOmitted else { return user }
        return try await context.user(user.userId)
    }

    static func profile(of user: UserRecord) throws -> UserProfile? {
        try user.profile.map { try BlobCoding.decode(UserProfile.self, from: $0) }
    }

    /// The user's models, trained on a cache miss. The cache is keyed by the user row's version,
    /// which every profile write increments, and the tenant's background cohort snapshot, so the
    /// profile is only decoded when one of them changed.
    private func models(for user: UserRecord?, context: ScoringContext) async throws -> UserModels {
        guard let user, user.hasProfile else { return .none }
        let cohort = try await context.backgroundCohort()
        return try await cache.models(user: user, cohort: Self.identity(of: cohort)) { stale in
            // A user read without the profile (every batch does) is read whole only on a miss.
            guard let profile = try await Self.whole(user, context: context).flatMap(Self.profile(of:)) else {
                return .none
            }
            // Only fingerprints or login samples changed (every session end adds fingerprints): no retraining.
            if let fresh = stale?.refreshed(for: profile, enrolment: context.tenant.settings.enrolment) { return fresh }
            let background = try Self.background(
                for: user.userId, in: try await context.backgroundProfiles(cohort.generation))
            return UserModels.train(
                profile: profile, population: PopulationSamples(profiles: background),
                enrolment: context.tenant.settings.enrolment)
        }
    }

    /// A cohort snapshot's identity as the model cache keys it: its generation and creation time
    /// (a snapshot deleted with an erased member and built again under the same generation is
    /// another snapshot).
    static func identity(of cohort: BackgroundCohortRecord) -> String {
        "\(cohort.generation)@\(cohort.createdAt.timeIntervalSince1970)"
    }

    /// The profiles a user's models are trained against: the cohort's members but the user, the
    /// ``BackgroundCohort/standardSize`` of lowest rank, in user-id order. Training depends on the
    /// order of its impostor samples, and `cadence replay --offline` passes the other users in
    /// user-id order: in rank order (a hash of the tenant id) the served models differed from the
    /// offline ones on the same profiles.
    public static func background(for userId: String, in cohort: BackgroundCohortRecord) throws -> [UserProfile] {
        try zip(cohort.members, cohort.profiles).filter { $0.0 != userId }.prefix(BackgroundCohort.standardSize)
            .sorted { $0.0 < $1.0 }.map { try BlobCoding.decode(UserProfile.self, from: $0.1) }
    }

    private func step(_ state: SessionState) throws -> ScoringStep {
        var step = ScoringStep(state: try BlobCoding.encode(state), snapshot: SessionSnapshot(state))
        step.engineState = state
        return step
    }
}
