import CadenceEngine
import Foundation
import Hummingbird

extension CadenceService {
    /// JSON for the dashboard (admin key): sessions with their timelines, users with profile status.
    /// The lists and timelines are read from ``dashboardStore`` (a read replica when the node has
    /// one); one session's view, the tenant and the caller's key from the primary.
    /// `?tenant=ID` selects the tenant (default: the demo tenant with `--demo`, else `default`).
    func addAdminRoutes(to router: Router<CadenceRequestContext>) {
        let admin = router.group("admin/api").add(middleware: Authenticate(credential: .adminKey, service: self))

        admin.get("sessions") { request, context in
            let tenant = try await adminTenant(request, context)
            let limit = Self.pageSize(request, default: 100, maximum: 1000)
            var before: SessionCursor?
            if let text = request.uri.queryParameters.get("before") {
                guard let cursor = SessionCursor(text: text) else {
                    throw APIError.badRequest("before: not a cursor this list returned as next")
                }
                before = cursor
            }
            let filter = try SessionFilter(query: request.uri.queryParameters)
            let sessions = try await dashboardStore.sessions(
                tenantId: tenant.id, filter: filter, limit: limit, before: before)
            // The page's users' statuses from their heads: no profile is read.
            var statuses: [String: ProfileStatus] = [:]
            for userId in Set(sessions.map(\.userId)) {
                statuses[userId] = try await dashboardStore.userHead(tenantId: tenant.id, userId: userId)?.status
            }
            let views = sessions.map {
                SessionView($0, profileStatus: statuses[$0.userId] ?? .enrolling, settings: tenant.settings)
            }
            // The cursor holds no filter: the next page is asked for with the same filter and it.
            let next =
                sessions.count == limit
                ? sessions.last.map { SessionCursor(createdAt: $0.createdAt, id: $0.id).text } : nil
            return SessionList(tenantId: tenant.id, sessions: views, next: next)
        }

        admin.get("sessions/:id") { request, context in
            let tenant = try await adminTenant(request, context)
            return try await sessionView(tenant: tenant, id: try context.parameters.require("id"))
        }

        admin.get("sessions/:id/timeline") { request, context in
            let tenant = try await adminTenant(request, context)
            let id = try context.parameters.require("id")
            guard let session = try await dashboardStore.sessionHead(tenantId: tenant.id, id: id) else {
                throw APIError.notFound("no session \(id)")
            }
            // A page of batches by seq, with the step-ups that followed them placed after them.
            let limit = Self.pageSize(request, default: 1000, maximum: 5000)
            var after: Int?
            if let text = request.uri.queryParameters.get("after") {
                guard let seq = Int(text) else { throw APIError.badRequest("after: must be a seq (an integer)") }
                after = seq
            }
            let batches = try await dashboardStore.timeline(sessionId: id, afterSeq: after, limit: limit)
            let next = batches.count == limit ? batches.last?.seq : nil
            let lower = after ?? Int.min
            let upper = next ?? Int.max
            let stepUps = try await dashboardStore.stepUps(sessionId: id)
            // Elapsed times count from the session's first point, whichever page this is.
            let first = try await dashboardStore.timeline(sessionId: id, afterSeq: nil, limit: 1).first?.receivedAt
            let start = [first, stepUps.first?.at].compactMap { $0 }.min() ?? session.createdAt
            var points = batches.map { TimelinePoint($0, start: start) }
            // A step-up after the last batch of a page opens the next one.
            for stepUp in stepUps where (lower..<upper).contains(stepUp.lastSeq) {
                let index = points.lastIndex { $0.stepUp != nil || $0.seq <= stepUp.lastSeq }
                points.insert(TimelinePoint(stepUp, start: start), at: index.map { $0 + 1 } ?? 0)
            }
            // A later page's first point is compared with the last point of the page before.
            var previous: TimelinePoint?
            if let after {
                let batch = try await dashboardStore.timelineBatch(sessionId: id, atOrBefore: after)
                if let stepUp = stepUps.last(where: { $0.lastSeq < after }), stepUp.lastSeq >= batch?.seq ?? .min {
                    previous = TimelinePoint(stepUp, start: start)
                } else {
                    previous = batch.map { TimelinePoint($0, start: start) }
                }
            }
            TimelinePoint.markChanges(&points, after: previous)
            let thresholds = SessionView.Thresholds(
                challengeBelow: tenant.settings.policy.challengeBelow, blockBelow: tenant.settings.policy.blockBelow)
            // Batches counted but none stored: only retention deletes a timeline's rows.
            return Timeline(
                sessionId: id, thresholds: thresholds, start: (start.timeIntervalSince1970 * 1000).rounded(),
                timeline: points, next: next, dropped: first == nil && session.batchCount > 0 ? true : nil)
        }

        admin.get("users") { request, context in
            let tenant = try await adminTenant(request, context)
            let limit = Self.pageSize(request, default: 100, maximum: 1000)
            let page = try await dashboardStore.users(
                tenantId: tenant.id, after: request.uri.queryParameters.get("after"), limit: limit)
            var users: [ProfileView] = []
            for listing in page {
                var user = listing.user
                // Profiles written before their counts were kept beside them: read that one.
                if user.sampleCounts == nil, user.hasProfile,
                    let full = try await dashboardStore.user(tenantId: tenant.id, userId: user.userId)
                {
                    user = full
                }
                users.append(profileView(user, sessions: listing.sessionCount))
            }
            return UserList(tenantId: tenant.id, users: users, next: page.count == limit ? page.last?.user.userId : nil)
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

    /// `?limit=`, between 1 and `maximum`.
    static func pageSize(_ request: Request, default value: Int, maximum: Int) -> Int {
        min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? value, 1), maximum)
    }
}
