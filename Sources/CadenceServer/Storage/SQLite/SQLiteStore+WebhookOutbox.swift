import Foundation
import GRDB

extension SQLiteStore {
    public func enqueueDelivery(_ delivery: WebhookDelivery) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO webhook_delivery (id, tenantId, sessionId, url, secret, body, attempts, status,
                                                  nextAttemptAt, leaseUntil, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING
                    """,
                arguments: [
                    delivery.id, delivery.tenantId, delivery.sessionId, delivery.url, delivery.secret, delivery.body,
                    delivery.attempts, delivery.status.rawValue, delivery.nextAttemptAt.timeIntervalSince1970,
                    delivery.leaseUntil?.timeIntervalSince1970, delivery.createdAt.timeIntervalSince1970,
                    delivery.createdAt.timeIntervalSince1970,
                ])
        }
    }

    public func delivery(id: String) async throws -> WebhookDelivery? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM webhook_delivery WHERE id = ?", arguments: [id])
                .map(Self.delivery(from:))
        }
    }

    public func pendingDeliveries(limit: Int) async throws -> [WebhookDelivery] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM webhook_delivery WHERE status = ? ORDER BY createdAt, id LIMIT ?",
                arguments: [WebhookDelivery.Status.pending.rawValue, limit]
            ).map(Self.delivery(from:))
        }
    }

    public func claimDelivery(id: String, until: Date, now: Date) async throws -> WebhookDelivery? {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE webhook_delivery SET leaseUntil = ?, updatedAt = ?
                    WHERE id = ? AND status = ? AND (leaseUntil IS NULL OR leaseUntil <= ?)
                    """,
                arguments: [
                    until.timeIntervalSince1970, now.timeIntervalSince1970, id, WebhookDelivery.Status.pending.rawValue,
                    now.timeIntervalSince1970,
                ])
            guard db.changesCount == 1 else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM webhook_delivery WHERE id = ?", arguments: [id])
                .map(Self.delivery(from:))
        }
    }

    public func finishDeliveryAttempt(
        id: String, attempts: Int, status: WebhookDelivery.Status, nextAttemptAt: Date, now: Date
    ) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE webhook_delivery SET attempts = ?, status = ?, nextAttemptAt = ?, leaseUntil = NULL,
                        updatedAt = ?
                    WHERE id = ?
                    """,
                arguments: [
                    attempts, status.rawValue, nextAttemptAt.timeIntervalSince1970, now.timeIntervalSince1970, id,
                ])
        }
    }

    public func pruneDeliveries(before: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM webhook_delivery WHERE status != ? AND updatedAt < ?",
                arguments: [WebhookDelivery.Status.pending.rawValue, before.timeIntervalSince1970])
            return db.changesCount
        }
    }

    static func delivery(from row: Row) -> WebhookDelivery {
        let status: String = row["status"]
        let lease: Double? = row["leaseUntil"]
        return WebhookDelivery(
            id: row["id"], tenantId: row["tenantId"], sessionId: row["sessionId"], url: row["url"],
            secret: row["secret"], body: row["body"], attempts: row["attempts"],
            status: WebhookDelivery.Status(rawValue: status) ?? .gaveUp,
            nextAttemptAt: Date(timeIntervalSince1970: row["nextAttemptAt"]),
            leaseUntil: lease.map(Date.init(timeIntervalSince1970:)),
            createdAt: Date(timeIntervalSince1970: row["createdAt"]))
    }
}
