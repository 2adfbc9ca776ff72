import CadenceEngine
import Foundation
import Hummingbird

extension CadenceService {
    /// JSON for the dashboard (admin key): sessions with their timelines, users with profile status.
    /// `?tenant=ID` selects the tenant (default: the demo tenant with `--demo`, else `default`).
    func addAdminRoutes(to router: Router<CadenceRequestContext>) {
        let admin = router.group("admin/api").add(middleware: Authenticate(credential: .adminKey, service: self))

        admin.get("sessions") { request, context in
            let tenant = try await adminTenant(request, context)
            let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 100, 1), 1000)
            let sessions = try await store.sessions(tenantId: tenant.id, limit: limit)
            let statuses = Dictionary(
                try await store.users(tenantId: tenant.id).map { ($0.user.userId, $0.user.status) },
                uniquingKeysWith: { a, _ in a })
            let views = sessions.map {
                SessionView($0, profileStatus: statuses[$0.userId] ?? .enrolling, settings: tenant.settings)
            }
            return SessionList(tenantId: tenant.id, sessions: views)
        }

        admin.get("sessions/:id") { request, context in
            let tenant = try await adminTenant(request, context)
            return try await sessionView(tenant: tenant, id: try context.parameters.require("id"))
        }

        admin.get("sessions/:id/timeline") { request, context in
            let tenant = try await adminTenant(request, context)
            let id = try context.parameters.require("id")
            guard try await store.session(tenantId: tenant.id, id: id) != nil else {
                throw APIError.notFound("no session \(id)")
            }
            // Batches by seq, with step-ups placed after the batch they followed.
            var points = try await store.timeline(sessionId: id).map(TimelinePoint.init)
            for stepUp in try await store.stepUps(sessionId: id) {
                let index = points.lastIndex { $0.stepUp != nil || $0.seq <= stepUp.lastSeq }
                points.insert(TimelinePoint(stepUp), at: index.map { $0 + 1 } ?? 0)
            }
            let thresholds = SessionView.Thresholds(
                challengeBelow: tenant.settings.policy.challengeBelow, blockBelow: tenant.settings.policy.blockBelow)
            return Timeline(sessionId: id, thresholds: thresholds, timeline: points)
        }

        admin.get("users") { request, context in
            let tenant = try await adminTenant(request, context)
            let users = try await store.users(tenantId: tenant.id).map {
                profileView($0.user, sessions: $0.sessionCount)
            }
            return UserList(tenantId: tenant.id, users: users)
        }
    }

    /// The tenant an admin request is about: a dashboard key's own tenant (another `?tenant=` is
    /// 403); for the admin key `?tenant=ID`, else the demo tenant when the demo runs, else the
    /// tenant `default`.
    private func adminTenant(_ request: Request, _ context: CadenceRequestContext) async throws -> Tenant {
        let asked = request.uri.queryParameters.get("tenant")
        if case .dashboard(let own) = context.caller {
            guard asked == nil || asked == own else {
                throw APIError.forbidden("a dashboard key reads its own tenant (\(own)) only")
            }
            guard let tenant = try await store.tenant(id: own) else { throw APIError.notFound("no tenant \(own)") }
            return tenant
        }
        let id = asked ?? (configuration.demo ? DemoBank.tenantId : Tenant.defaultId)
        guard let tenant = try await store.tenant(id: id) else { throw APIError.notFound("no tenant \(id)") }
        return tenant
    }
}
