import Foundation

/// One webhook notification in the outbox: written when a decision changes, then delivered and
/// retried from the database, so a delivery pending when the process stops resumes on the next start.
public struct WebhookDelivery: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// Not delivered yet; another attempt is due at ``WebhookDelivery/nextAttemptAt``.
        case pending
        /// The receiver answered 2xx.
        case delivered
        /// Every attempt failed.
        case gaveUp = "gave-up"
    }

    /// The notification's id (`DecisionChange.id`), sent as `Cadence-Delivery` on every attempt.
    public var id: String
    public var tenantId: String
    public var sessionId: String
    /// Where and with which secret, as the tenant's webhook was when the decision changed.
    public var url: String
    public var secret: String
    /// The JSON `DecisionChange`, exactly as sent on every attempt.
    public var body: Data
    /// Attempts made so far.
    public var attempts: Int
    public var status: Status
    public var nextAttemptAt: Date
    /// While set and in the future, an attempt is in flight (by this or another node).
    public var leaseUntil: Date?
    public var createdAt: Date

    public init(
        id: String, tenantId: String, sessionId: String, url: String, secret: String, body: Data, attempts: Int = 0,
        status: Status = .pending, nextAttemptAt: Date, leaseUntil: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.tenantId = tenantId
        self.sessionId = sessionId
        self.url = url
        self.secret = secret
        self.body = body
        self.attempts = attempts
        self.status = status
        self.nextAttemptAt = nextAttemptAt
        self.leaseUntil = leaseUntil
        self.createdAt = createdAt
    }
}
