import Foundation
import Hummingbird

extension CadenceService {
    /// The tenant API under `/v1`: sessions, events, users, webhook.
    func addAPIRoutes(to router: Router<BasicRequestContext>) {
        let limit = configuration.maximumJSONBytes
        let v1 = router.group("v1")

        v1.post("sessions") { request, _ in
            let tenant = try await authenticateTenant(request)
            let body = try await JSONBody.decode(CreateSessionRequest.self, from: request, limit: limit)
            let start = SessionStart(
                userId: try Validate.userId(body.userId), authenticated: body.authenticated ?? false,
                loginSample: try Validate.loginSample(body.loginSample))
            return JSONBody.response(try await startSession(tenant: tenant, start: start), status: .created)
        }

        v1.post("sessions/:id/events") { request, context in
            let id = try context.parameters.require("id")
            let token = try authenticateSession(request, sessionId: id)
            let body = try await JSONBody.bytes(of: request, limit: configuration.maximumBatchBytes)
            return JSONBody.response(try await ingest(body: body, sessionId: id, token: token), status: .accepted)
        }

        v1.get("sessions/:id") { request, context in
            let tenant = try await authenticateTenant(request)
            return JSONBody.response(try await sessionView(tenant: tenant, id: try context.parameters.require("id")))
        }

        v1.post("sessions/:id/end") { request, context in
            let tenant = try await authenticateTenant(request)
            let body = try await JSONBody.decode(EndSessionRequest.self, from: request, limit: limit)
            let view = try await endSession(
                tenant: tenant, id: try context.parameters.require("id"), outcome: try Validate.outcome(body.outcome))
            return JSONBody.response(view)
        }

        v1.post("sessions/:id/token") { request, context in
            let tenant = try await authenticateTenant(request)
            let id = try context.parameters.require("id")
            guard let session = try await store.session(tenantId: tenant.id, id: id) else {
                throw APIError.notFound("no session \(id)")
            }
            guard session.endedAt == nil else { throw APIError.conflict("session \(id) has ended") }
            let expires = Date().addingTimeInterval(configuration.tokenLifetime)
            let token = signer.sign(
                SessionToken(tenant: tenant.id, session: id, expires: Int(expires.timeIntervalSince1970.rounded(.down)))
            )
            return JSONBody.response(RenewedToken(sessionId: id, token: token, expiresAt: expires))
        }

        v1.get("users/:id/profile") { request, context in
            let tenant = try await authenticateTenant(request)
            let userId = try context.parameters.require("id")
            guard let user = try await store.user(tenantId: tenant.id, userId: userId) else {
                throw APIError.notFound("no user \(userId)")
            }
            return JSONBody.response(profileView(user, sessions: nil))
        }

        v1.delete("users/:id") { request, context in
            let tenant = try await authenticateTenant(request)
            let userId = try context.parameters.require("id")
            let report = try await store.eraseUser(tenantId: tenant.id, userId: userId)
            scorer.forget(tenantId: tenant.id, userId: userId)
            users.forget(ExpiringCache<UserRecord>.userKey(tenantId: tenant.id, userId: userId))
            guard report.users + report.sessions > 0 else { throw APIError.notFound("no user \(userId)") }
            return JSONBody.response(ErasureAnswer(userId: userId, erased: report))
        }

        v1.get("webhook") { request, _ in
            let tenant = try await authenticateTenant(request)
            return JSONBody.response(WebhookAnswer(url: tenant.webhookURL, secret: nil))
        }

        v1.put("webhook") { request, _ in
            var tenant = try await authenticateTenant(request)
            let body = try await JSONBody.decode(WebhookRequest.self, from: request, limit: limit)
            guard let url = URL(string: body.url), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", url.host != nil, body.url.count <= 2048
            else { throw APIError.badRequest("url: must be an absolute http or https URL") }
            if let secret = body.secret, secret.count < 16 || secret.count > 256 {
                throw APIError.badRequest("secret: must be 16 to 256 characters")
            }
            let secret = body.secret ?? SecretKey.generate(prefix: "whsec_")
            tenant.webhookURL = body.url
            tenant.webhookSecret = secret
            try await store.updateTenant(tenant)
            tenants.forget(tenant.id)
            return JSONBody.response(WebhookAnswer(url: body.url, secret: body.secret == nil ? secret : nil))
        }

        v1.delete("webhook") { request, _ in
            var tenant = try await authenticateTenant(request)
            tenant.webhookURL = nil
            tenant.webhookSecret = nil
            try await store.updateTenant(tenant)
            tenants.forget(tenant.id)
            return JSONBody.response(WebhookAnswer(url: nil, secret: nil))
        }
    }

    func profileView(_ user: UserRecord, sessions: Int?) -> ProfileView {
        ProfileView(
            userId: user.userId, profileStatus: user.status, samples: scorer.samples(in: user), sessions: sessions,
            createdAt: user.createdAt, updatedAt: user.updatedAt)
    }
}

/// The answer to `POST /v1/sessions/{id}/token`.
struct RenewedToken: Codable {
    var sessionId: String
    var token: String
    var expiresAt: Date
}

struct ErasureAnswer: Codable {
    var userId: String
    var erased: ErasureReport
}

struct WebhookAnswer: Codable {
    var url: String?
    /// The generated secret, returned once when the request did not give one.
    var secret: String?
}
