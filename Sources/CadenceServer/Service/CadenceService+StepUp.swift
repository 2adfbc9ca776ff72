import CadenceEngine
import Foundation
import HTTPTypes

extension CadenceService {
    /// Applies a step-up result the bank's backend verified (`POST /v1/sessions/{id}/step-up`):
    /// `passed` restores trust (the tenant's ``StepUpPolicy``) and the decision is computed again;
    /// `failed` blocks the session. The new state and the timeline point are written against the
    /// session version they were computed from (re-read and applied again on a conflict, like a
    /// batch); a decision change is notified like any other.
    func stepUp(tenant: Tenant, id: String, result: StepUpResult) async throws -> SessionView {
        try await retryingConflicts(busy: "the session is being updated concurrently; retry") {
            guard let session = try await store.session(tenantId: tenant.id, id: id) else {
                throw APIError.notFound("no session \(id)")
            }
            guard session.endedAt == nil else { throw APIError.conflict("session \(id) has ended") }
            if result == .passed && session.snapshot.decision == .block && tenant.settings.policy.blockIsFinal {
                throw APIError.conflict("session \(id) is blocked: a passed step-up does not lift a block")
            }
            let step = try await engine.stepUp(session, result: result, context: scoringContext(tenant))
            let now = Date()
            let record = StepUpRecord(
                sessionId: id, result: result, at: now, lastSeq: session.lastSeq, trust: step.snapshot.trust,
                decision: step.snapshot.decision, reasons: step.snapshot.reasons)
            let commit = StepUpCommit(
                tenantId: tenant.id, record: record, expectedVersion: session.version, state: step.state,
                snapshot: step.snapshot)
            switch try await store.commitStepUp(commit) {
            case .committed:
                heads.forget(id)
                metrics.stepUp(result.rawValue)
                await notify(
                    tenant: tenant, session: session, snapshot: step.snapshot, seq: session.lastSeq, at: now)
                return .done(try await sessionView(tenant: tenant, id: id))
            case .ended: throw APIError.conflict("session \(id) has ended")
            case .missing: throw APIError.notFound("no session \(id)")
            case .conflict: return .retry
            }
        }
    }
}
