import Foundation
import Hummingbird

extension CadenceService {
    /// The tenant API under `/v1`: sessions, events, users, webhook.
    func addAPIRoutes(to router: Router<CadenceRequestContext>) {
        // The browser's one route: its tenant's origins (and only its), a session token, the batch limit.
        router.group("v1")
            .add(middleware: EventsCORS(service: self))
            .on("sessions/:id/events", method: .options) { _, _ in Response(status: .noContent) }
        router.group("v1")
            .add(middleware: EventsCORS(service: self))
            .add(middleware: Authenticate(credential: .sessionToken, service: self))
            .add(middleware: UploadLimit(bytes: configuration.maximumBatchBytes))
            .post("sessions/:id/events") { request, context in
                let id = try context.parameters.require("id")
                let token = try context.sessionToken(for: id)
                let body = try await request.bodyBytes(upTo: context.maxUploadSize, within: context.bodyTimeout)
                return EditedResponse(
                    status: .accepted, response: try await ingest(body: body, sessionId: id, token: token))
            }

        let v1 = router.group("v1").add(middleware: Authenticate(credential: .tenantKey, service: self))

        v1.post("sessions") { request, context in
            let tenant = try context.tenant()
            let body = try await request.decode(as: CreateSessionRequest.self, context: context)
            let start = SessionStart(
                userId: try Validate.userId(body.userId), authenticated: body.authenticated ?? false,
                loginSample: try Validate.loginSample(body.loginSample))
            return EditedResponse(status: .created, response: try await startSession(tenant: tenant, start: start))
        }

        v1.get("sessions/:id") { _, context in
            try await sessionView(tenant: try context.tenant(), id: try context.parameters.require("id"))
        }

        v1.post("sessions/:id/end") { request, context in
            let tenant = try context.tenant()
            let body = try await request.decode(as: EndSessionRequest.self, context: context)
            return try await endSession(
                tenant: tenant, id: try context.parameters.require("id"), outcome: try Validate.outcome(body.outcome))
        }

        v1.post("sessions/:id/token") { _, context in
            try await renewToken(tenant: try context.tenant(), id: try context.parameters.require("id"))
        }

        v1.get("users/:id/profile") { _, context in
            let tenant = try context.tenant()
            let userId = try context.parameters.require("id")
            guard let user = try await store.user(tenantId: tenant.id, userId: userId) else {
                throw APIError.notFound("no user \(userId)")
            }
            return profileView(user, sessions: nil)
        }

        v1.delete("users/:id") { _, context in
            let tenant = try context.tenant()
            let userId = try context.parameters.require("id")
            let report = try await store.eraseUser(tenantId: tenant.id, userId: userId)
            engine.forget(tenantId: tenant.id, userId: userId)
            cohorts.forget(tenant.id)
            users.forget(ExpiringCache<UserRecord>.userKey(tenantId: tenant.id, userId: userId))
            guard report.users + report.sessions > 0 else { throw APIError.notFound("no user \(userId)") }
            // The log keeps a digest of the id, not the id: the erasure leaves no trace of it.
            await audit(context, tenantId: tenant.id, "user.erase", "sha256:" + SecretKey.digest(userId).prefix(16))
            return ErasureAnswer(userId: userId, erased: report)
        }

        v1.get("webhook") { _, context in
            let tenant = try await storedTenant(context)
            return tagged(WebhookAnswer(url: tenant.webhookURL, secret: nil), tenant)
        }

        v1.put("webhook") { request, context in
            let body = try await request.decode(as: WebhookRequest.self, context: context)
            do {
                // Checked now for a clear answer, and again at every delivery (DNS may change).
                _ = try await WebhookDestination.check(body.url, policy: configuration.webhookDestinations)
            } catch let refused as RefusedDestination {
                throw APIError.badRequest("url: \(refused.description)")
            }
            if let secret = body.secret, secret.count < 16 || secret.count > 256 {
                throw APIError.badRequest("secret: must be 16 to 256 characters")
            }
            let secret = body.secret ?? SecretKey.generate(prefix: "whsec_")
            let tenant = try await modifyTenant(try context.tenant().id, ifMatch: request.headers[.ifMatch]) {
                $0.webhookURL = body.url
                $0.webhookSecret = secret
            }
            await audit(context, tenantId: tenant.id, "webhook.set", body.url)
            return tagged(WebhookAnswer(url: body.url, secret: body.secret == nil ? secret : nil), tenant)
        }

        v1.delete("webhook") { request, context in
            let tenant = try await modifyTenant(try context.tenant().id, ifMatch: request.headers[.ifMatch]) {
                $0.webhookURL = nil
                $0.webhookSecret = nil
            }
            await audit(context, tenantId: tenant.id, "webhook.delete", "")
            return tagged(WebhookAnswer(url: nil, secret: nil), tenant)
        }
    }

    func profileView(_ user: UserRecord, sessions: Int?) -> ProfileView {
        ProfileView(
            userId: user.userId, profileStatus: user.status, samples: user.sampleCounts ?? engine.samples(in: user),
            sessions: sessions,
            createdAt: user.createdAt, updatedAt: user.updatedAt)
    }
}
