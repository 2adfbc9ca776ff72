import Hummingbird

/// Authenticates every request of the routes behind it with one kind of credential and puts the
/// caller into the context (``CadenceRequestContext/caller``); 401 or 403 with a JSON reason otherwise.
struct Authenticate: RouterMiddleware {
    enum Credential {
        /// A tenant API key (`Authorization: Bearer <key>`); the admin key is refused with 403.
        case tenantKey
        /// The admin key, or a tenant's dashboard key (the dashboard's routes: that tenant only);
        /// a tenant API key is refused with 403.
        case adminKey
        /// The admin (operator) key only: `/operator/*`, `/metrics`.
        case operatorKey
        /// A session token (`Authorization: Bearer`, never the URL), verified but not yet
        /// bound to a session: the route checks that with ``CadenceRequestContext/sessionToken(for:)``.
        case sessionToken
    }

    let credential: Credential
    let service: CadenceService

    func handle(
        _ request: Request, context: CadenceRequestContext,
        next: (Request, CadenceRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        switch credential {
        case .tenantKey:
            let (tenant, keyId) = try await service.authenticateTenant(request)
            context.caller = .tenant(tenant, keyId: keyId)
        case .adminKey: context.caller = try await service.authenticateAdmin(request, dashboard: true)
        case .operatorKey: context.caller = try await service.authenticateAdmin(request, dashboard: false)
        case .sessionToken: context.caller = .session(try service.verifySessionToken(request))
        }
        return try await next(request, context)
    }
}
