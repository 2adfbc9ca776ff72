import Foundation
import PostgresNIO

extension PostgresStore {
    public func enqueueDelivery(_ delivery: WebhookDelivery) async throws {
        let created = delivery.createdAt.timeIntervalSince1970
        try await rows(
            """
            INSERT INTO webhook_delivery (id, tenant_id, session_id, url, secret, body, attempts, status,
                                          next_attempt_at, lease_until, created_at, updated_at)
            VALUES (\(delivery.id), \(delivery.tenantId), \(delivery.sessionId), \(delivery.url), \(delivery.secret),
                    \(delivery.body), \(delivery.attempts), \(delivery.status.rawValue),
                    \(delivery.nextAttemptAt.timeIntervalSince1970), \(delivery.leaseUntil?.timeIntervalSince1970),
                    \(created), \(created))
            ON CONFLICT (id) DO NOTHING
            """)
    }

    public func delivery(id: String) async throws -> WebhookDelivery? {
        try await row("SELECT * FROM webhook_delivery WHERE id = \(id)").map(Self.delivery(from:))
    }

    public func pendingDeliveries(limit: Int) async throws -> [WebhookDelivery] {
        try await rows(
            """
            SELECT * FROM webhook_delivery WHERE status = \(WebhookDelivery.Status.pending.rawValue)
            ORDER BY created_at, id LIMIT \(limit)
            """
        ).map(Self.delivery(from:))
    }

    /// One conditional UPDATE: of two nodes claiming the same delivery at once, the second waits
    /// for the first's row lock, then finds the lease taken and changes nothing.
    public func claimDelivery(id: String, until: Date, now: Date) async throws -> WebhookDelivery? {
        let now = now.timeIntervalSince1970
        return try await row(
            """
            UPDATE webhook_delivery SET lease_until = \(until.timeIntervalSince1970), updated_at = \(now)
            WHERE id = \(id) AND status = \(WebhookDelivery.Status.pending.rawValue)
              AND (lease_until IS NULL OR lease_until <= \(now))
            RETURNING *
            """
        ).map(Self.delivery(from:))
    }

    public func finishDeliveryAttempt(
        id: String, attempts: Int, status: WebhookDelivery.Status, nextAttemptAt: Date, now: Date
    ) async throws {
        try await rows(
            """
            UPDATE webhook_delivery SET attempts = \(attempts), status = \(status.rawValue),
                next_attempt_at = \(nextAttemptAt.timeIntervalSince1970), lease_until = NULL,
                updated_at = \(now.timeIntervalSince1970)
            WHERE id = \(id)
            """)
    }

    public func pruneDeliveries(before: Date) async throws -> Int {
        try await rows(
            """
            DELETE FROM webhook_delivery
            WHERE status <> \(WebhookDelivery.Status.pending.rawValue) AND updated_at < \(before.timeIntervalSince1970)
            RETURNING 1
            """
        ).count
    }

    static func delivery(from row: PostgresRandomAccessRow) throws -> WebhookDelivery {
        let text = try row.value("status", String.self)
        guard let status = WebhookDelivery.Status(rawValue: text) else {
            throw UnknownStoredCase(column: "webhook_delivery.status", value: text)
        }
        return WebhookDelivery(
            id: try row.value("id"), tenantId: try row.value("tenant_id"), sessionId: try row.value("session_id"),
            url: try row.value("url"), secret: try row.value("secret"), body: try row.value("body"),
            attempts: try row.value("attempts"), status: status, nextAttemptAt: try row.date("next_attempt_at"),
            leaseUntil: try row.dateIfPresent("lease_until"), createdAt: try row.date("created_at"))
    }
}
