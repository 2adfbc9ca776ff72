import CadenceEngine
import Foundation
import Hummingbird

extension CadenceService {
    /// The demo tenant, when the request carried the session token of `sessionId`; 401/403 otherwise.
    func demoTenant(_ context: CadenceRequestContext, sessionId: String) async throws -> Tenant {
        let token = try context.sessionToken(for: sessionId)
        guard token.tenant == DemoBank.tenantId else {
            throw APIError.forbidden("the session token belongs to another tenant than the demo bank")
        }
        guard let tenant = try await tenant(id: DemoBank.tenantId) else {
            throw APIError.notFound("the demo tenant does not exist")
        }
        guard let session = try await store.sessionHead(tenantId: tenant.id, id: sessionId) else {
            throw APIError.notFound("no session \(sessionId)")
        }
        try requireCurrentGeneration(token, of: session)
        guard tenant.settings.browser.showsDecision else {
            throw APIError.forbidden("the demo tenant does not show decisions to the browser (settings browser.showsDecision)")
        }
        return tenant
    }

    /// The demo bank's one-time code check: the right code reports a passed step-up; after
    /// ``DemoBank/oneTimeCodeAttempts`` wrong codes in a row it reports a failed one (the session is blocked).
    func demoStepUp(tenant: Tenant, sessionId: String, code: String) async throws -> DemoStepUpAnswer {
        let verified = CadenceService.equal(code.trimmingCharacters(in: .whitespaces), DemoBank.oneTimeCode)
        let left = verified ? DemoBank.oneTimeCodeAttempts : demoCodeAttempts.wrongCode(sessionId: sessionId)
        if verified || left == 0 {
            demoCodeAttempts.reset(sessionId: sessionId)
            let view = try await stepUp(tenant: tenant, id: sessionId, result: verified ? .passed : .failed)
            return DemoStepUpAnswer(
                verified: verified, attemptsLeft: left, trust: view.trust, decision: view.decision,
                reasons: view.reasons)
        }
        let view = try await sessionView(tenant: tenant, id: sessionId)
        return DemoStepUpAnswer(
            verified: false, attemptsLeft: left, trust: view.trust, decision: view.decision, reasons: view.reasons)
    }
}
