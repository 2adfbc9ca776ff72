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
    /// Events all of the tenant's sessions may send per second on one node.
    public var tenantEventsPerSecond: Double
    /// Sessions a user may have open (not ended, not expired) at once.
    public var openSessionsPerUser: Int

    public init(
        sessionEventsPerSecond: Double = 400, sessionEventBurst: Double = 4_000,
        sessionBytesPerSecond: Double = 32_768, sessionByteBurst: Double = 1_048_576,
        sessionEvents: Int = 2_000_000, sessionBytes: Int = 64 << 20,
        tokenRequestsPerSecond: Double = 10, tokenRequestBurst: Double = 30,
        tenantEventsPerSecond: Double = 1_000_000, openSessionsPerUser: Int = 20
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
    }

    public static let standard = UsageLimits()
}
