import Foundation
import Logging

/// Raw events kept no longer than each tenant's `retention.rawEventDays`: a sweep at start and
/// then every ``ServerConfiguration/retentionSweepInterval`` seconds drops older batches' events
/// and collected samples and the scoring state of sessions ended before the cutoff. Timelines
/// (trust, decision and reasons per batch), session summaries and profiles stay.
extension CadenceService {
    /// What one sweep cleared.
    public struct RetentionReport: Sendable, Hashable {
        public var batches = 0
        public var sessions = 0
    }

    /// Applies every tenant's retention once, as of `now`.
    @discardableResult
    public func applyRetention(now: Date = Date()) async throws -> RetentionReport {
        var report = RetentionReport()
        for tenant in try await store.tenants() {
            let cutoff = now.addingTimeInterval(-Double(tenant.settings.retention.rawEventDays) * 86_400)
            let cleared = try await store.dropRawEvents(tenantId: tenant.id, before: cutoff)
            report.batches += cleared.batches
            report.sessions += cleared.sessions
        }
        if report.batches + report.sessions > 0 {
            logger.info(
                "retention: raw events dropped",
                metadata: ["batches": "\(report.batches)", "sessions": "\(report.sessions)"])
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
                    logger.error("retention sweep failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
                }
                try? await Task.sleep(for: .seconds(configuration.retentionSweepInterval))
            }
        }
    }
}
