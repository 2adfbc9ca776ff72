import Foundation
import Logging

/// Raw events kept no longer than each tenant's `retention.rawEventDays`: a sweep at start and
/// then every ``ServerConfiguration/retentionSweepInterval`` seconds drops older batches' events
/// and collected samples and the scoring state of sessions ended before the cutoff. Timelines
/// (trust, decision and reasons per batch) stay, unless the tenant sets `retention.timelineDays`:
/// then a session that ended longer ago loses its timeline too. Session summaries, step-ups and
/// profiles stay.
///
/// On PostgreSQL, raw events are partitioned by day: the partitions older than every tenant's
/// cutoff are dropped whole first, then each tenant's rows in the remaining ones are cleared.
extension CadenceService {
    /// What one sweep cleared.
    public struct RetentionReport: Sendable, Hashable {
        /// Batches whose events or collected samples were dropped, in dropped partitions or by row.
        public var batches = 0
        public var sessions = 0
        /// Day partitions dropped whole (PostgreSQL).
        public var partitions = 0
        /// Sessions whose timeline was deleted (`retention.timelineDays`).
        public var timelines = 0
    }

    /// Sessions whose timelines one statement deletes, and statements per tenant and sweep: a
    /// sweep deletes at most 100,000 sessions' timelines per tenant, the next one goes on.
    static let timelineDropBatch = 500
    static let timelineDropRounds = 200

    /// Applies every tenant's retention once, as of `now`.
    @discardableResult
    public func applyRetention(now: Date = Date()) async throws -> RetentionReport {
        var report = RetentionReport()
        let tenants = try await store.tenants()
        let cutoffs = tenants.map { tenant in
            (
                tenantId: tenant.id,
                before: now.addingTimeInterval(-Double(tenant.settings.retention.rawEventDays) * 86_400)
            )
        }
        // With no tenant, no batch is kept by anyone: every day before today may go.
        let oldest = cutoffs.map(\.before).min() ?? now
        do {
            let rotated = try await store.rotateRawEventPartitions(droppingBefore: oldest, now: now)
            report.partitions = rotated.partitions
            report.batches += rotated.batches
        } catch {
            // The per-tenant sweep below still clears every row that is due, partition or not.
            logger.error(
                "retention: raw event partitions not rotated",
                metadata: ["error": "\(String(reflecting: type(of: error)))"])
        }
        for cutoff in cutoffs {
            let cleared = try await store.dropRawEvents(tenantId: cutoff.tenantId, before: cutoff.before)
            report.batches += cleared.batches
            report.sessions += cleared.sessions
        }
        for tenant in tenants {
            guard let days = tenant.settings.retention.timelineDays else { continue }
            let endedBefore = now.addingTimeInterval(-Double(days) * 86_400)
            for _ in 0..<Self.timelineDropRounds {
                let dropped = try await store.dropTimelines(
                    tenantId: tenant.id, endedBefore: endedBefore, limit: Self.timelineDropBatch)
                report.timelines += dropped
                if dropped < Self.timelineDropBatch { break }
            }
        }
        if report.timelines > 0 {
            logger.info("retention: timelines dropped", metadata: ["sessions": "\(report.timelines)"])
        }
        if report.batches + report.sessions > 0 {
            logger.info(
                "retention: raw events dropped",
                metadata: [
                    "batches": "\(report.batches)", "sessions": "\(report.sessions)",
                    "partitions": "\(report.partitions)",
                ])
        }
        return report
    }

    /// Sweeps until cancelled.
    func retentionSweeps() -> Task<Void, Never> {
        Task { [configuration] in
            while !Task.isCancelled {
                do {
                    try await applyRetention()
                } catch {
                    logger.error(
                        "retention sweep failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
                }
                try? await Task.sleep(for: .seconds(configuration.retentionSweepInterval))
            }
        }
    }
}
