import Foundation
import Hummingbird

/// The tenant's ``UsageLimits`` and the per-address limit of unauthenticated routes, enforced:
/// each answers 429 with `Retry-After` and counts under its name in `/metrics`.
extension CadenceService {
    /// Spends `cost` from `key`'s bucket or throws the 429 of `limit`.
    func spend(
        _ limit: UsageLimit, key: String, cost: Double, rate: Double, burst: Double, what: String
    ) throws(APIError) {
        guard let wait = buckets.spend(
            "\(limit.rawValue):\(key)", cost: cost, rate: rate, burst: burst, now: Date().timeIntervalSince1970)
        else { return }
        metrics.limitReached(limit)
        throw APIError.tooManyRequests(
            "\(what) (limit \(Self.show(rate))/s, burst \(Self.show(burst))); retry in \(Int(wait.rounded(.up))) s",
            retryAfter: wait)
    }

    /// Requests of one session token (before its body is read).
    func limitTokenRequests(_ token: SessionToken, limits: UsageLimits) throws(APIError) {
        try spend(
            .tokenRequests, key: "\(token.session).\(token.generation)", cost: 1, rate: limits.tokenRequestsPerSecond,
            burst: limits.tokenRequestBurst, what: "too many requests with this session token")
    }

    /// A batch's events and bytes against the session's and the tenant's rates, spent once per
    /// request before the session is read, and only when every one of them allows it (a refused
    /// batch costs no budget).
    func limitBatchRates(bytes: Int, events: Int, sessionId: String, tenant: Tenant) throws(APIError) {
        let limits = tenant.settings.limits
        let checks: [(UsageLimit, String, Double, Double, Double, String)] = [
            (.sessionEvents, sessionId, Double(events), limits.sessionEventsPerSecond, limits.sessionEventBurst,
             "the session sends too many events"),
            (.sessionBytes, sessionId, Double(bytes), limits.sessionBytesPerSecond, limits.sessionByteBurst,
             "the session sends too many bytes"),
            // The tenant's bucket holds ten seconds of its rate.
            (.tenantEvents, tenant.id, Double(events), limits.tenantEventsPerSecond, 10 * limits.tenantEventsPerSecond,
             "the tenant's sessions send too many events"),
        ]
        let now = Date().timeIntervalSince1970
        for (limit, key, cost, rate, burst, what) in checks {
            if let wait = buckets.wait("\(limit.rawValue):\(key)", cost: cost, rate: rate, burst: burst, now: now) {
                metrics.limitReached(limit)
                throw APIError.tooManyRequests(
                    "\(what) (limit \(Self.show(rate))/s, burst \(Self.show(burst))); retry in \(Int(wait.rounded(.up))) s",
                    retryAfter: wait)
            }
        }
        for (limit, key, cost, rate, burst, what) in checks {
            try spend(limit, key: key, cost: cost, rate: rate, burst: burst, what: what)
        }
    }

    /// The session's totals of events and bytes, with this batch.
    func limitSessionTotals(bytes: Int, events: Int, session: SessionRecord, tenant: Tenant) throws(APIError) {
        let limits = tenant.settings.limits
        if session.eventCount + events > limits.sessionEvents || session.byteCount + bytes > limits.sessionBytes {
            metrics.limitReached(.sessionTotal)
            let end = session.createdAt.addingTimeInterval(limits.sessionLifetime).timeIntervalSinceNow
            throw APIError.tooManyRequests(
                "the session has reached its total of \(limits.sessionEvents) events or \(limits.sessionBytes) bytes"
                    + " (limits.sessionEvents, limits.sessionBytes); start a new session",
                retryAfter: max(1, end))
        }
    }

    /// Open sessions of a user, before another is started.
    func limitOpenSessions(tenant: Tenant, userId: String) async throws {
        let limit = tenant.settings.limits.openSessionsPerUser
        let open = try await store.openSessionCount(tenantId: tenant.id, userId: userId, now: Date())
        guard open < limit else {
            metrics.limitReached(.openSessions)
            throw APIError.tooManyRequests(
                "user \(userId) already has \(open) open sessions (limits.openSessionsPerUser \(limit)); end one first",
                retryAfter: 60)
        }
    }

    static func show(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// Requests per client address on the routes that need no credential (pages, the SDK, the demo
/// bank's login, health, CORS preflights): 429 with `Retry-After` past the rate. Routes under
/// `/v1/`, `/admin/api/` and `/demo/session/`, `/demo/logout` and `/metrics` need a credential and are limited by it instead
/// (a session token's request rate; tenant and admin keys are the bank's own backends).
struct AddressLimit: RouterMiddleware {
    let service: CadenceService

    func handle(
        _ request: Request, context: CadenceRequestContext,
        next: (Request, CadenceRequestContext) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let authenticated =
            (path.hasPrefix("/v1/") || path.hasPrefix("/admin/api/") || path.hasPrefix("/operator/") || path == "/metrics"
                || path.hasPrefix("/demo/session/") || path == "/demo/logout") && request.method != .options
        if authenticated { return try await next(request, context) }
        let limits = service.configuration.connections
        let address = context.remoteAddress ?? "unknown"
        try service.spend(
            .address, key: address, cost: 1, rate: limits.addressRequestsPerSecond,
            burst: limits.addressRequestBurst, what: "too many requests from this address")
        return try await next(request, context)
    }
}
