import Foundation
import GRDB

/// A row of the `webhook_delivery` table (the outbox): a ``WebhookDelivery`` with its status as
/// text, its times in seconds since 1970, and when it was last changed.
struct WebhookDeliveryRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "webhook_delivery"

    var id: String
    var tenantId: String
    var sessionId: String
    var url: String
    var secret: String
    var body: Data
    var attempts: Int
    /// A ``WebhookDelivery/Status`` raw value.
    var status: String
    /// Seconds since 1970.
    var nextAttemptAt: Double
    /// Seconds since 1970.
    var leaseUntil: Double?
    /// Seconds since 1970.
    var createdAt: Double
    /// Seconds since 1970: the last enqueue, claim or attempt (what pruning goes by).
    var updatedAt: Double

    enum Columns {
        static let attempts = Column(CodingKeys.attempts)
        static let status = Column(CodingKeys.status)
        static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        static let leaseUntil = Column(CodingKeys.leaseUntil)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
        static let id = Column(CodingKeys.id)
    }

    /// A delivery as enqueued: last changed when it was created.
    init(_ delivery: WebhookDelivery) {
        id = delivery.id
        tenantId = delivery.tenantId
        sessionId = delivery.sessionId
        url = delivery.url
        secret = delivery.secret
        body = delivery.body
        attempts = delivery.attempts
        status = delivery.status.rawValue
        nextAttemptAt = delivery.nextAttemptAt.timeIntervalSince1970
        leaseUntil = delivery.leaseUntil?.timeIntervalSince1970
        createdAt = delivery.createdAt.timeIntervalSince1970
        updatedAt = delivery.createdAt.timeIntervalSince1970
    }

    /// The delivery; ``UnknownStoredCase`` when `status` is none of ``WebhookDelivery/Status``'s cases.
    func delivery() throws -> WebhookDelivery {
        guard let status = WebhookDelivery.Status(rawValue: status) else {
            throw UnknownStoredCase(column: "webhook_delivery.status", value: self.status)
        }
        return WebhookDelivery(
            id: id, tenantId: tenantId, sessionId: sessionId, url: url, secret: secret, body: body, attempts: attempts,
            status: status,
            nextAttemptAt: Date(timeIntervalSince1970: nextAttemptAt),
            leaseUntil: leaseUntil.map(Date.init(timeIntervalSince1970:)),
            createdAt: Date(timeIntervalSince1970: createdAt))
    }
}
