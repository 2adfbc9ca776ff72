import Foundation
import GRDB

extension SQLiteStore {
    public func enqueueDelivery(_ delivery: WebhookDelivery) async throws {
        let row = WebhookDeliveryRow(delivery)
        try await pool.write { db in try row.insert(db, onConflict: .ignore) }
    }

    public func delivery(id: String) async throws -> WebhookDelivery? {
        try await pool.read { db in try WebhookDeliveryRow.fetchOne(db, key: id)?.delivery() }
    }

    public func pendingDeliveries(limit: Int) async throws -> [WebhookDelivery] {
        try await pool.read { db in
            try WebhookDeliveryRow.filter { $0.status == WebhookDelivery.Status.pending.rawValue }
                .order { [$0.createdAt, $0.id] }
                .limit(limit)
                .fetchAll(db)
                .map { try $0.delivery() }
        }
    }

    public func claimDelivery(id: String, until: Date, now: Date) async throws -> WebhookDelivery? {
        let now = now.timeIntervalSince1970
        return try await pool.write { db in
            let claimed = try WebhookDeliveryRow.filter(key: id)
                .filter {
                    $0.status == WebhookDelivery.Status.pending.rawValue
                        && ($0.leaseUntil == nil || $0.leaseUntil <= now)
                }
                .updateAll(db) { [$0.leaseUntil.set(to: until.timeIntervalSince1970), $0.updatedAt.set(to: now)] }
            guard claimed == 1 else { return nil }
            return try WebhookDeliveryRow.fetchOne(db, key: id)?.delivery()
        }
    }

    public func finishDeliveryAttempt(
        id: String, attempts: Int, status: WebhookDelivery.Status, nextAttemptAt: Date, now: Date
    ) async throws {
        try await pool.write { db in
            _ = try WebhookDeliveryRow.filter(key: id).updateAll(db) {
                [
                    $0.attempts.set(to: attempts), $0.status.set(to: status.rawValue),
                    $0.nextAttemptAt.set(to: nextAttemptAt.timeIntervalSince1970), $0.leaseUntil.set(to: nil),
                    $0.updatedAt.set(to: now.timeIntervalSince1970),
                ]
            }
        }
    }

    public func pruneDeliveries(before: Date) async throws -> Int {
        try await pool.write { db in
            try WebhookDeliveryRow.filter {
                $0.status != WebhookDelivery.Status.pending.rawValue && $0.updatedAt < before.timeIntervalSince1970
            }
            .deleteAll(db)
        }
    }
}
