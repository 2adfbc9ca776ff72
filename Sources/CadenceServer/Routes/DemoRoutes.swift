import CadenceEngine
import Foundation
import Hummingbird

extension CadenceService {
    /// The demo bank's backend: it logs the demo customers in and starts their Cadence sessions
    /// server-side with the demo tenant, as a real bank backend would with its API key.
    func addDemoRoutes(to router: Router<CadenceRequestContext>) {
        let demo = router.group("demo")

        demo.get("users") { _, _ in
            DemoBank.customers
        }

        demo.post("login") { request, context in
            let body = try await request.decode(as: DemoLoginRequest.self, context: context)
            guard
                let customer = DemoBank.customers.first(where: {
                    $0.username == body.username.lowercased() && CadenceService.equal($0.password, body.password)
                })
            else { throw APIError.unauthorized("wrong user name or password") }
            guard let tenant = try await tenant(id: DemoBank.tenantId) else {
                throw APIError.notFound("the demo tenant does not exist")
            }
            // Password login counts as strong authentication in the demo, so demo sessions enrol.
            let start = SessionStart(
                userId: customer.username, authenticated: true, loginSample: try? Validate.loginSample(body.loginSample)
            )
            let started = try await startSession(tenant: tenant, start: start)
            return DemoLogin(
                sessionId: started.sessionId, token: started.token, expiresAt: started.expiresAt,
                userId: customer.username, username: customer.username, displayName: customer.displayName,
                endpoint: "/v1", trust: started.trust, decision: started.decision)
        }

        // The page acts on its own session with the session token it was given at login.
        let page = demo.group().add(middleware: Authenticate(credential: .sessionToken, service: self))

        page.get("session/:id") { _, context in
            let id = try context.parameters.require("id")
            return try await sessionView(tenant: try await demoTenant(context, sessionId: id), id: id)
        }

        page.post("session/:id/step-up") { request, context in
            let id = try context.parameters.require("id")
            let tenant = try await demoTenant(context, sessionId: id)
            let body = try await request.decode(as: DemoStepUpRequest.self, context: context)
            return try await demoStepUp(tenant: tenant, sessionId: id, code: body.code)
        }

        page.post("logout") { request, context in
            let body = try await request.decode(as: DemoLogoutRequest.self, context: context)
            let tenant = try await demoTenant(context, sessionId: body.sessionId)
            guard let session = try await store.session(tenantId: tenant.id, id: body.sessionId)
            else { throw APIError.notFound("no session \(body.sessionId)") }
            if session.endedAt != nil { return try await sessionView(tenant: tenant, id: session.id) }
            // The demo bank vouches for sessions that ended without a challenge.
            let outcome: SessionOutcome = session.snapshot.decision == .allow ? .genuine : .unknown
            return try await endSession(tenant: tenant, id: session.id, outcome: outcome)
        }
    }
}
