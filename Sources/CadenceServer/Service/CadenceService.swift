import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Everything a request handler needs: storage, the scorer, token signing, metrics, webhooks.
public struct CadenceService: Sendable {
    public let configuration: ServerConfiguration
    public let store: any CadenceStore
    public let scorer: any SessionScorer
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
    /// Users' heads (status, version; no profile), for 2 s: a profile another node changed
    /// reaches this node's models that much later.
    let users = ExpiringCache<UserRecord>(lifetime: 2)
    /// How many ready users each tenant has, for 5 s.
    let populations = ExpiringCache<Int>(lifetime: 5)
    /// The demo bank's wrong one-time codes per session.
    let demoCodeAttempts = DemoCodeAttempts()
    let logger: Logger

    public init(
        configuration: ServerConfiguration,
        store: any CadenceStore,
        scorer: any SessionScorer,
        signer: SessionTokenSigner,
        adminKeyDigest: String,
        metrics: ServiceMetrics,
        logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.scorer = scorer
        self.signer = signer
        self.adminKeyDigest = adminKeyDigest
        self.metrics = metrics
        self.logger = logger
        self.tenants = ExpiringCache(lifetime: 5)
        self.webhooks = WebhookDispatcher(
            store: store, maximumAttempts: configuration.webhookAttempts,
            initialDelay: configuration.webhookInitialDelay,
            metrics: metrics, logger: logger)
    }

    // MARK: authentication

    /// The bearer credential of a request, if any.
    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    /// The tenant whose API key the request carries; 401 otherwise, 403 for the admin key.
    func authenticateTenant(_ request: Request) async throws -> Tenant {
        guard let key = Self.bearer(request) else {
            throw APIError.unauthorized("missing API key: send Authorization: Bearer <tenant API key>")
        }
        let digest = SecretKey.digest(key)
        if let tenant = try await store.tenant(apiKeyDigest: digest) { return tenant }
        if Self.equal(digest, adminKeyDigest) {
            throw APIError.forbidden("the admin key cannot call tenant endpoints; use the tenant API key")
        }
        throw APIError.unauthorized("the API key is not valid")
    }

    /// Passes when the request carries the admin key; 401 otherwise, 403 for a tenant key.
    func authenticateAdmin(_ request: Request) async throws {
        guard let key = Self.bearer(request) else {
            throw APIError.unauthorized("missing admin key: send Authorization: Bearer <admin key>")
        }
        let digest = SecretKey.digest(key)
        if Self.equal(digest, adminKeyDigest) { return }
        if try await store.tenant(apiKeyDigest: digest) != nil {
            throw APIError.forbidden("a tenant API key cannot call admin endpoints")
        }
        throw APIError.unauthorized("the admin key is not valid")
    }

    /// The session token of a browser request (header, else `?token=` for `sendBeacon`), verified
    /// and bound to `sessionId`.
    func authenticateSession(_ request: Request, sessionId: String) throws -> SessionToken {
        guard let text = Self.bearer(request) ?? request.uri.queryParameters.get("token") else {
            throw APIError.unauthorized("missing session token: send Authorization: Bearer <token> or ?token=")
        }
        let now = Date()
        let token: SessionToken
        do {
            // The SDK sends the same token with every batch: verified once, then looked up.
            if let known = verifiedTokens.token(text), Double(known.expires) > now.timeIntervalSince1970 {
                token = known
            } else {
                token = try signer.verify(text, now: now)
                verifiedTokens.keep(token, for: text)
            }
        } catch .expired {
            throw APIError.unauthorized("the session token has expired")
        } catch {
            throw APIError.unauthorized("the session token is not valid")
        }
        guard token.session == sessionId else {
            throw APIError.forbidden("the session token belongs to another session")
        }
        return token
    }

    /// Constant-time comparison of two digests.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: sessions

    /// The scoring context of a tenant: its settings and its ready users' profiles (read on demand).
    func scoringContext(_ tenant: Tenant) -> ScoringContext {
        ScoringContext(
            tenant: tenant, readyProfiles: { [store] in try await store.readyUsers(tenantId: tenant.id) },
            user: { [store] userId in try await store.user(tenantId: tenant.id, userId: userId) },
            readyUserCount: { [store, populations] in
                try await populations.value(tenant.id, now: Date()) {
                    try await store.readyUserCount(tenantId: tenant.id)
                } ?? 0
            })
    }

    /// Starts a monitored session for `start.userId`: creates the user if new, scores the login
    /// sample, stores the session, and signs its token.
    func startSession(tenant: Tenant, start: SessionStart) async throws -> StartedSession {
        let now = Date()
        let user = try await store.ensureUser(tenantId: tenant.id, userId: start.userId, now: now)
        let step = try await scorer.start(start, user: user, context: scoringContext(tenant))
        let id = UUID().uuidString.lowercased()
        let expires = now.addingTimeInterval(configuration.tokenLifetime)
        let session = SessionRecord(
            id: id, tenantId: tenant.id, userId: start.userId, authenticated: start.authenticated, createdAt: now,
            expiresAt: expires, state: step.state, snapshot: step.snapshot)
        try await store.createSession(session)
        metrics.sessionStarted()
        let token = signer.sign(
            SessionToken(tenant: tenant.id, session: id, expires: Int(expires.timeIntervalSince1970.rounded(.down))))
        return StartedSession(
            sessionId: id, token: token, expiresAt: expires, trust: step.snapshot.trust,
            decision: step.snapshot.decision)
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
    func endSession(tenant: Tenant, id: String, outcome: EndOutcome) async throws -> SessionView {
        for _ in 0..<16 {
            guard let session = try await store.session(tenantId: tenant.id, id: id) else {
                throw APIError.notFound("no session \(id)")
            }
            guard session.endedAt == nil else { throw APIError.conflict("session \(id) has already ended") }
            let user = try await store.user(tenantId: tenant.id, userId: session.userId)
            let collected = try await store.collectedSamples(sessionId: id)
            let step = try await scorer.end(
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
                await notify(
                    tenant: tenant, session: session, snapshot: step.snapshot, seq: session.maxSeq, at: now)
                return try await sessionView(tenant: tenant, id: id)
            case .alreadyEnded: throw APIError.conflict("session \(id) has already ended")
            case .missing: throw APIError.notFound("no session \(id)")
            case .conflict: continue
            }
        }
        throw APIError(.serviceUnavailable, "busy", "the session is being updated concurrently; retry")
    }

    /// The tenant, from the cache when recent.
    func tenant(id: String) async throws -> Tenant? {
        try await tenants.value(id, now: Date()) { try await store.tenant(id: id) }
    }
}

/// The answer to `POST /v1/sessions`.
struct StartedSession: Codable, Sendable {
    var sessionId: String
    /// The session token the browser SDK sends with its batches.
    var token: String
    var expiresAt: Date
    var trust: Double
    var decision: DecisionValue
}
