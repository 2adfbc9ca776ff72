import Foundation
import Hummingbird

/// The tenant's ``UsageLimits`` and the per-address limit of unauthenticated routes, enforced:
/// each answers 429 with `Retry-After` and counts under its name in `/metrics`.
extension CadenceService {
    /// One limit a request runs into: its bucket's charge and how the 429 names it.
    struct Charge {
        var limit: UsageLimit
        var key: String
        var cost: Double
        var rate: Double
        var burst: Double
        var what: String

        var bucket: TokenBuckets.Charge {
            TokenBuckets.Charge(key: "\(limit.rawValue):\(key)", cost: cost, rate: rate, burst: burst)
        }
    }

    /// Spends every charge or none (a refused request costs no budget); the 429 of the first
    /// limit that refuses it, counted in `/metrics`.
    func spend(_ charges: [Charge]) throws(APIError) {
        guard let refused = buckets.spend(charges.map(\.bucket), now: Date().timeIntervalSince1970) else { return }
        throw limitReached(charges[refused.index], wait: refused.wait)
    }

    /// The 429 of `charge`'s limit, counted.
    func limitReached(_ charge: Charge, wait: Double) -> APIError {
        metrics.limitReached(charge.limit)
        return APIError.tooManyRequests(
            "\(charge.what) (limit \(Self.show(charge.rate))/s, burst \(Self.show(charge.burst))); "
                + "retry in \(Int(wait.rounded(.up))) s",
            retryAfter: wait)
    }

    /// Requests of one session token (before its body is decoded).
    func limitTokenRequests(_ token: SessionToken, limits: UsageLimits) throws(APIError) {
        try spend([
            Charge(
                limit: .tokenRequests, key: "\(token.session).\(token.generation)", cost: 1,
                rate: limits.tokenRequestsPerSecond, burst: limits.tokenRequestBurst,
                what: "too many requests with this session token")
        ])
    }

    /// A batch's events and bytes against the session's and the tenant's rates, spent once per
    /// request before the session is read, all or none. The session's buckets are its current
    /// token generation's: a token replaced by a renewal (refused once the session is read)
    /// cannot drain the live one's.
    func limitBatchRates(bytes: Int, events: Int, token: SessionToken, tenant: Tenant) throws(APIError) {
        let limits = tenant.settings.limits
        let session = "\(token.session).\(token.generation)"
        try spend([
            Charge(
                limit: .sessionEvents, key: session, cost: Double(events), rate: limits.sessionEventsPerSecond,
                burst: limits.sessionEventBurst, what: "the session sends too many events"),
            Charge(
                limit: .sessionBytes, key: session, cost: Double(bytes), rate: limits.sessionBytesPerSecond,
                burst: limits.sessionByteBurst, what: "the session sends too many bytes"),
            // The tenant's bucket holds ten seconds of its rate.
            Charge(
                limit: .tenantEvents, key: tenant.id, cost: Double(events), rate: limits.tenantEventsPerSecond,
                burst: 10 * limits.tenantEventsPerSecond, what: "the tenant's sessions send too many events"),
        ])
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
            try service.spend([
                CadenceService.Charge(
                    limit: .address, key: address, cost: 1, rate: limits.addressRequestsPerSecond,
                    burst: limits.addressRequestBurst, what: "too many requests from this address")
            ])
            return try await next(request, context)
        }
        // Credentials are limited by what they are; wrong ones by where they come from: an
        // address whose requests keep failing authentication is refused until it slows down, at
        // five times the unauthenticated rate (a misconfigured backend is slowed, not shut out).
        let failure = CadenceService.Charge(
            limit: .address, key: "failed:" + address, cost: 1, rate: 5 * limits.addressRequestsPerSecond,
            burst: 5 * limits.addressRequestBurst, what: "too many requests with wrong credentials from this address")
        if let wait = service.buckets.wait(failure.bucket, now: Date().timeIntervalSince1970) {
            throw service.limitReached(failure, wait: wait)
        }
        do {
            return try await next(request, context)
        } catch let error as APIError where error.status == .unauthorized {
            _ = service.buckets.spend([failure.bucket], now: Date().timeIntervalSince1970)
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
