import Foundation
import Hummingbird

extension CadenceService {
    /// The demo bank's backend: it logs the demo customers in and starts their Cadence sessions
    /// server-side with the demo tenant, as a real bank backend would with its API key.
    func addDemoRoutes(to router: Router<BasicRequestContext>) {
        let demo = router.group("demo")
        let limit = configuration.maximumJSONBytes

        demo.get("users") { _, _ in
            JSONBody.response(DemoBank.customers)
        }

        demo.post("login") { request, _ in
            let body = try await JSONBody.decode(DemoLoginRequest.self, from: request, limit: limit)
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
            return JSONBody.response(
                DemoLogin(
                    sessionId: started.sessionId, token: started.token, expiresAt: started.expiresAt,
                    userId: customer.username, username: customer.username, displayName: customer.displayName,
                    endpoint: "/v1", trust: started.trust, decision: started.decision))
        }

        // The page reads its own session with the session token it was given at login.
        demo.get("session/:id") { request, context in
            let id = try context.parameters.require("id")
            let tenant = try await demoTenant(request, sessionId: id)
            return JSONBody.response(try await sessionView(tenant: tenant, id: id))
        }

        demo.post("session/:id/step-up") { request, context in
            let id = try context.parameters.require("id")
            let tenant = try await demoTenant(request, sessionId: id)
            let body = try await JSONBody.decode(DemoStepUpRequest.self, from: request, limit: limit)
            return JSONBody.response(try await demoStepUp(tenant: tenant, sessionId: id, code: body.code))
        }

        demo.post("logout") { request, _ in
            let body = try await JSONBody.decode(DemoLogoutRequest.self, from: request, limit: limit)
            let tenant = try await demoTenant(request, sessionId: body.sessionId)
            guard let session = try await store.session(tenantId: tenant.id, id: body.sessionId)
            else { throw APIError.notFound("no session \(body.sessionId)") }
            if session.endedAt != nil {
                return JSONBody.response(try await sessionView(tenant: tenant, id: session.id))
            }
            // The demo bank vouches for sessions that ended without a challenge.
            let outcome: EndOutcome = session.snapshot.decision == .allow ? .genuine : .unknown
            return JSONBody.response(try await endSession(tenant: tenant, id: session.id, outcome: outcome))
        }
    }
}

struct DemoLogin: Codable {
    var sessionId: String
    var token: String
    var expiresAt: Date
    var userId: String
    var username: String
    var displayName: String
    var endpoint: String
    var trust: Double
    var decision: DecisionValue
}
