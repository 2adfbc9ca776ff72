/// How much one client may send: rates (token buckets) and totals, per session, per session
/// token, per tenant and per user, each answered 429 with `Retry-After` beyond.
///
/// Defaults are sized from human input: a person produces at most a few hundred input events a
/// second (pointer moves at the display's 60–144 Hz, coalesced events included), and the SDK
/// sends one batch a second of at most 200 events. Rates are kept per node (a session's batches
/// spread over `n` nodes may reach `n` times the rate there); totals are stored with the session.
public struct UsageLimits: Sendable, Hashable, Codable {
    /// Events a session may send per second, sustained.
    public var sessionEventsPerSecond: Double
    /// Events a session may send at once after being idle (a bucket's depth).
    public var sessionEventBurst: Double
    /// Batch bytes a session may send per second, sustained.
    public var sessionBytesPerSecond: Double
    /// Batch bytes a session may send at once after being idle.
    public var sessionByteBurst: Double
    /// Events one session may send in all.
    public var sessionEvents: Int
    /// Batch bytes one session may send in all.
    public var sessionBytes: Int
    /// Requests one session token may make per second, sustained (the SDK makes one a second).
    public var tokenRequestsPerSecond: Double
    /// Requests one session token may make at once.
    public var tokenRequestBurst: Double
    /// Events all of the tenant's sessions may send per second on one node (ten seconds' worth at once).
    public var tenantEventsPerSecond: Double
    /// Sessions a user may have open (not ended, not expired) at once.
    public var openSessionsPerUser: Int
    /// Seconds a session may last from its start, renewals included: no token of it is valid
    /// beyond (12 hours by default, a working day with margin).
    public var sessionLifetime: Double

    public init(
        sessionEventsPerSecond: Double = 400, sessionEventBurst: Double = 4_000,
        sessionBytesPerSecond: Double = 32_768, sessionByteBurst: Double = 1_048_576,
        sessionEvents: Int = 2_000_000, sessionBytes: Int = 64 << 20,
        tokenRequestsPerSecond: Double = 10, tokenRequestBurst: Double = 30,
        tenantEventsPerSecond: Double = 1_000_000, openSessionsPerUser: Int = 20,
        sessionLifetime: Double = 43_200
    ) {
        self.sessionEventsPerSecond = sessionEventsPerSecond
        self.sessionEventBurst = sessionEventBurst
        self.sessionBytesPerSecond = sessionBytesPerSecond
        self.sessionByteBurst = sessionByteBurst
        self.sessionEvents = sessionEvents
        self.sessionBytes = sessionBytes
        self.tokenRequestsPerSecond = tokenRequestsPerSecond
        self.tokenRequestBurst = tokenRequestBurst
        self.tenantEventsPerSecond = tenantEventsPerSecond
        self.openSessionsPerUser = openSessionsPerUser
        self.sessionLifetime = sessionLifetime
    }

    public static let standard = UsageLimits()
}

extension UsageLimits {
    /// Stored settings written before a limit existed take that limit's default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = UsageLimits.standard
        self.init(
            sessionEventsPerSecond: try c.decodeIfPresent(Double.self, forKey: .sessionEventsPerSecond)
                ?? d.sessionEventsPerSecond,
            sessionEventBurst: try c.decodeIfPresent(Double.self, forKey: .sessionEventBurst) ?? d.sessionEventBurst,
            sessionBytesPerSecond: try c.decodeIfPresent(Double.self, forKey: .sessionBytesPerSecond)
                ?? d.sessionBytesPerSecond,
            sessionByteBurst: try c.decodeIfPresent(Double.self, forKey: .sessionByteBurst) ?? d.sessionByteBurst,
            sessionEvents: try c.decodeIfPresent(Int.self, forKey: .sessionEvents) ?? d.sessionEvents,
            sessionBytes: try c.decodeIfPresent(Int.self, forKey: .sessionBytes) ?? d.sessionBytes,
            tokenRequestsPerSecond: try c.decodeIfPresent(Double.self, forKey: .tokenRequestsPerSecond)
                ?? d.tokenRequestsPerSecond,
            tokenRequestBurst: try c.decodeIfPresent(Double.self, forKey: .tokenRequestBurst) ?? d.tokenRequestBurst,
            tenantEventsPerSecond: try c.decodeIfPresent(Double.self, forKey: .tenantEventsPerSecond)
                ?? d.tenantEventsPerSecond,
            openSessionsPerUser: try c.decodeIfPresent(Int.self, forKey: .openSessionsPerUser) ?? d.openSessionsPerUser,
            sessionLifetime: try c.decodeIfPresent(Double.self, forKey: .sessionLifetime) ?? d.sessionLifetime)
    }
}

/// The limits a request can run into, as `/metrics` labels them.
public enum UsageLimit: String, Sendable, CaseIterable {
    case sessionEvents = "session-events"
    case sessionBytes = "session-bytes"
    case sessionTotal = "session-total"
    case tokenRequests = "token-requests"
    case tenantEvents = "tenant-events"
    case openSessions = "open-sessions"
    case address = "address"
    case bodyTimeout = "body-timeout"
}
