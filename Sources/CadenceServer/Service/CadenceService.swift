import CadenceEngine
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Everything a request handler needs: storage, the engine, token signing, metrics, webhooks.
public struct CadenceService: Sendable {
    public let configuration: ServerConfiguration
    public let store: any CadenceStore
    /// Where the dashboard's lists and timelines are read: a read replica of ``store``
    /// (`--dashboard-database`), else ``store`` itself. Everything else, the admin pages'
    /// authentication and tenant lookups included, reads ``store``.
    public let dashboardStore: any CadenceStore
    public let engine: any BehaviourEngine
    public let signer: SessionTokenSigner
    /// SHA-256 of the admin key, hex.
    let adminKeyDigest: String
    public let metrics: ServiceMetrics
    public let webhooks: WebhookDispatcher
    /// Tenants by id, for 5 s.
    let tenants: ExpiringCache<Tenant>
    let verifiedTokens = VerifiedTokenCache()
    /// Session heads (no state) as of the version this node committed last.
    let heads = SessionVersionCache<SessionRecord>()
    /// The rate limits' token buckets (per node).
    let buckets = TokenBuckets()
    /// Users' heads (status, version; no profile), for 2 s: a profile another node changed
    /// reaches this node's models that much later.
    let users = ExpiringCache<UserRecord>(lifetime: 2)
    /// Each tenant's latest background cohort (its head: members, no profiles), for 5 s.
    let cohorts = ExpiringCache<BackgroundCohortRecord>(lifetime: 5)
    /// The demo bank's wrong one-time codes per session.
    let demoCodeAttempts = DemoCodeAttempts()
    let logger: Logger

    public init(
        configuration: ServerConfiguration,
        store: any CadenceStore,
        engine: any BehaviourEngine,
        signer: SessionTokenSigner,
        adminKeyDigest: String,
        metrics: ServiceMetrics,
        logger: Logger,
        dashboardStore: (any CadenceStore)? = nil
    ) {
        self.configuration = configuration
        self.store = store
        self.dashboardStore = dashboardStore ?? store
        self.engine = engine
        self.signer = signer
        self.adminKeyDigest = adminKeyDigest
        self.metrics = metrics
        self.logger = logger
        self.tenants = ExpiringCache(lifetime: 5)
        self.webhooks = WebhookDispatcher(
            store: store, maximumAttempts: configuration.webhookAttempts,
            initialDelay: configuration.webhookInitialDelay, timeout: configuration.webhookTimeout,
            destinations: configuration.webhookDestinations, metrics: metrics, logger: logger)
    }

    // MARK: sessions

    /// The scoring context of a tenant: its settings and its background cohort (read on demand).
    func scoringContext(_ tenant: Tenant) -> ScoringContext {
        ScoringContext(
            tenant: tenant, backgroundCohort: { [self] in try await backgroundCohort(tenant) },
            backgroundProfiles: { [self] generation in
                if let cohort = try await store.backgroundCohort(tenantId: tenant.id, generation: generation) {
                    return cohort
                }
                // Replaced twice since, or deleted with an erased member: the latest (built again if need be).
                let latest = try await backgroundCohort(tenant, rebuild: true)
                return try await store.backgroundCohort(tenantId: tenant.id, generation: latest.generation) ?? latest
            },
            user: { [store] userId in try await store.user(tenantId: tenant.id, userId: userId) })
    }

    /// Starts a monitored session for `start.userId`: creates the user if new, scores the login
    /// sample, stores the session, and signs its token.
    func startSession(tenant: Tenant, start: SessionStart) async throws -> StartedSession {
        try await limitOpenSessions(tenant: tenant, userId: start.userId)
        let now = Date()
        let user = try await store.ensureUser(tenantId: tenant.id, userId: start.userId, now: now)
        let step = try await engine.start(start, user: user, context: scoringContext(tenant))
        let id = UUID().uuidString.lowercased()
        let expires = now.addingTimeInterval(
            min(configuration.tokenLifetime, tenant.settings.limits.sessionLifetime))
        let session = SessionRecord(
            id: id, tenantId: tenant.id, userId: start.userId, authenticated: start.authenticated, createdAt: now,
            expiresAt: expires, state: step.state, snapshot: step.snapshot)
        try await store.createSession(session)
        // The first batch, when it comes to this node, is scored as every later one (see `ingest`):
        // without reading the session's head and state back from the database.
        engine.committed(step, sessionId: id, version: session.version)
        var head = session
        head.state = Data()
        heads.keep(head, sessionId: id, version: session.version)
        metrics.sessionStarted()
        let token = signer.sign(
            SessionToken(tenant: tenant.id, session: id, expires: Int(expires.timeIntervalSince1970.rounded(.down))))
        return StartedSession(
            sessionId: id, token: token, expiresAt: expires, trust: step.snapshot.trust,
            decision: step.snapshot.decision)
    }

    /// A fresh token for a session that has not ended and has not reached the tenant's absolute
    /// session lifetime; the previous token stops being accepted on every node (its generation
    /// is no longer the session's). It expires at the sooner of the token lifetime and the
    /// session's end of life, so renewals cannot extend a session forever.
    func renewToken(tenant: Tenant, id: String) async throws -> RenewedToken {
        guard let session = try await store.sessionHead(tenantId: tenant.id, id: id) else {
            throw APIError.notFound("no session \(id)")
        }
        guard session.endedAt == nil else { throw APIError.conflict("session \(id) has ended") }
        let now = Date()
        let endOfLife = session.createdAt.addingTimeInterval(tenant.settings.limits.sessionLifetime)
        guard now < endOfLife else {
            throw APIError.conflict(
                "session \(id) has reached the tenant's session lifetime (limits.sessionLifetime); start a new session")
        }
        let expires = min(now.addingTimeInterval(configuration.tokenLifetime), endOfLife)
        guard let generation = try await store.renewSessionToken(tenantId: tenant.id, id: id, expiresAt: expires) else {
            throw APIError.conflict("session \(id) has ended")
        }
        heads.forget(id)
        let token = signer.sign(
            SessionToken(
                tenant: tenant.id, session: id, expires: Int(expires.timeIntervalSince1970.rounded(.down)),
                generation: generation))
        return RenewedToken(sessionId: id, token: token, expiresAt: expires)
    }

    /// A session of the tenant as the API reports it; 404 when it does not exist.
    func sessionView(tenant: Tenant, id: String) async throws -> SessionView {
        guard let session = try await store.session(tenantId: tenant.id, id: id) else {
            throw APIError.notFound("no session \(id)")
        }
        let user = try await store.user(tenantId: tenant.id, userId: session.userId)
        return SessionView(session, profileStatus: user?.status ?? .enrolling, settings: tenant.settings)
    }

    /// Ends a session with the bank's verdict: the streams are flushed and scored, and the
    /// profile may learn from the session (enrolment, or a bounded update).
    func endSession(tenant: Tenant, id: String, outcome: SessionOutcome) async throws -> SessionView {
        try await retryingConflicts(busy: "the session is being updated concurrently; retry") {
            guard let session = try await store.session(tenantId: tenant.id, id: id) else {
                throw APIError.notFound("no session \(id)")
            }
            guard session.endedAt == nil else { throw APIError.conflict("session \(id) has already ended") }
            let user = try await store.user(tenantId: tenant.id, userId: session.userId)
            let collected = try await store.collectedSamples(sessionId: id)
            let step = try await engine.end(
                session, collected: collected, outcome: outcome, user: user, context: scoringContext(tenant))
            let now = Date()
            let end = SessionEnd(
                tenantId: tenant.id, sessionId: id, outcome: outcome, endedAt: now, expectedVersion: session.version,
                state: step.state, snapshot: step.snapshot, profile: step.profile, expectedProfileVersion: user?.version
            )
            switch try await store.endSession(end) {
            case .ended:
                heads.forget(id)
                users.forget(ExpiringCache<UserRecord>.userKey(tenantId: tenant.id, userId: session.userId))
                if step.profile != nil {
                    do {
                        try await profileWritten(tenant)
                    } catch {
                        // The session has ended; the next snapshot waits for the next profile write.
                        logger.warning(
                            "background cohort not rebuilt",
                            metadata: ["error": "\(String(reflecting: type(of: error)))"])
                    }
                }
                await notify(
                    tenant: tenant, session: session, snapshot: step.snapshot, seq: session.lastSeq, at: now)
                return .done(try await sessionView(tenant: tenant, id: id))
            case .alreadyEnded: throw APIError.conflict("session \(id) has already ended")
            case .missing: throw APIError.notFound("no session \(id)")
            case .conflict: return .retry
            }
        }
    }

    /// The tenant, from the cache when recent.
    func tenant(id: String) async throws -> Tenant? {
        try await tenants.value(id, now: Date()) { try await store.tenant(id: id) }
    }

    /// The origins whose pages may post events for `sessionId` (its tenant's
    /// `browser.allowedOrigins`); nil when there is no such session.
    func allowedOrigins(sessionId: String) async throws -> [String]? {
        guard let tenantId = try await store.sessionTenantId(id: sessionId),
            let tenant = try await tenant(id: tenantId)
        else { return nil }
        return tenant.settings.browser.allowedOrigins
    }
}
