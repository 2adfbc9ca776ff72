import Foundation
import HTTPTypes
import Hummingbird

/// Cross-origin access to the one route a bank's pages call, `POST /v1/sessions/{id}/events`,
/// for the origins its tenant lists (`browser.allowedOrigins`) and no others. No other route
/// answers with CORS headers, so no other page can read the API from a browser.
///
/// A preflight carries no credential, so the session in the path says whose list applies. A
/// same-origin request (the service's own pages) needs no CORS and passes untouched; a
/// cross-origin one from an origin not listed is refused with 403 before its token is read.
struct EventsCORS: RouterMiddleware {
    let service: CadenceService
    /// Seconds a browser may cache a preflight's answer.
    static let maxAge = "600"

    func handle(
        _ request: Request, context: CadenceRequestContext,
        next: (Request, CadenceRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin], !Self.isSameOrigin(origin, request: request) else {
            return try await next(request, context)
        }
        // A preflight has only the session in its path to go by; a POST has its token, whose
        // tenant is known without reading the database.
        let allowed: [String]?
        if request.method == .options {
            allowed = try await context.parameters.get("id").asyncFlatMap { try await service.allowedOrigins(sessionId: $0) }
        } else {
            let token = try service.verifySessionToken(request)
            allowed = try await service.tenant(id: token.tenant)?.settings.browser.allowedOrigins
        }
        guard let allowed, let normalised = BrowserPolicy.origin(origin), allowed.contains(normalised) else {
            throw APIError.forbidden(
                "origin \(origin.prefix(256)) may not post events for this session (the tenant's browser.allowedOrigins)")
        }
        var response: Response
        if request.method == .options {
            response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = "POST"
            response.headers[.accessControlAllowHeaders] = "authorization, content-type"
            response.headers[.accessControlMaxAge] = Self.maxAge
        } else {
            do {
                response = try await next(request, context)
            } catch let error as APIError {
                response = try error.response(from: request, context: context)
            }
            response.headers[.accessControlExposeHeaders] = "retry-after"
        }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        return response
    }

    /// Whether `origin`'s host and port are the request's own `Host` (the service's pages).
    static func isSameOrigin(_ origin: String, request: Request) -> Bool {
        guard let host = request.head.authority else { return false }
        guard let schemeEnd = origin.range(of: "://") else { return false }
        return origin[schemeEnd.upperBound...].lowercased() == host.lowercased()
    }
}

extension Optional {
    /// `transform` of the wrapped value, awaited; nil when there is none.
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
