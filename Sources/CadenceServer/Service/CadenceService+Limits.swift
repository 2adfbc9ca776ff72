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

    /// Requests of one session token (before its body is decoded).
    func limitTokenRequests(_ token: SessionToken, limits: UsageLimits) throws(APIError) {
        try spend(
            .tokenRequests, key: "\(token.session).\(token.generation)", cost: 1, rate: limits.tokenRequestsPerSecond,
            burst: limits.tokenRequestBurst, what: "too many requests with this session token")
    }

    /// A batch's events and bytes against the session's and the tenant's rates, spent once per
    /// request before the session is read, and only when every one of them allows it (a refused
    /// batch costs no budget). The session's buckets are its current token generation's: a token
    /// replaced by a renewal (refused once the session is read) cannot drain the live one's.
    func limitBatchRates(bytes: Int, events: Int, token: SessionToken, tenant: Tenant) throws(APIError) {
        let limits = tenant.settings.limits
        let session = "\(token.session).\(token.generation)"
        let checks: [(UsageLimit, String, Double, Double, Double, String)] = [
            (.sessionEvents, session, Double(events), limits.sessionEventsPerSecond, limits.sessionEventBurst,
             "the session sends too many events"),
            (.sessionBytes, session, Double(bytes), limits.sessionBytesPerSecond, limits.sessionByteBurst,
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
        let limits = service.configuration.connections
        let address = Self.client(context.remoteAddress)
        guard authenticated else {
            try service.spend(
                .address, key: address, cost: 1, rate: limits.addressRequestsPerSecond,
                burst: limits.addressRequestBurst, what: "too many requests from this address")
            return try await next(request, context)
        }
        // Credentials are limited by what they are; wrong ones by where they come from: an
        // address whose requests keep failing authentication is refused until it slows down.
        let failures = "failed:" + address
        // Five times the unauthenticated rate: a misconfigured backend is slowed, not shut out.
        let (rate, burst) = (5 * limits.addressRequestsPerSecond, 5 * limits.addressRequestBurst)
        if let wait = service.buckets.wait(
            "address:" + failures, cost: 1, rate: rate, burst: burst, now: Date().timeIntervalSince1970)
        {
            service.metrics.limitReached(.address)
            throw APIError.tooManyRequests(
                "too many requests with wrong credentials from this address; retry in \(Int(wait.rounded(.up))) s",
                retryAfter: wait)
        }
        do {
            return try await next(request, context)
        } catch let error as APIError where error.status == .unauthorized {
            _ = try? service.spend(
                .address, key: failures, cost: 1, rate: rate, burst: burst, what: "too many requests with wrong credentials")
            throw error
        }
    }

    /// The key an address is limited under: an IPv4 address, or the /64 of an IPv6 one (a single
    /// host usually holds a whole /64 and may rotate through it).
    static func client(_ address: String?) -> String {
        guard let address else { return "unknown" }
        guard address.contains(":") else { return address }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        return bytes[0..<8].map { String($0, radix: 16) }.joined(separator: ":") + "::/64"
    }
}
