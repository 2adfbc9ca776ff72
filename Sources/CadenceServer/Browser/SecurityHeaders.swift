import HTTPTypes
import Hummingbird

/// Headers every answer carries, pages and API alike: a content security policy that allows no
/// inline script and no framing, no MIME sniffing, no referrer, and HSTS when the service
/// itself serves TLS (behind a TLS proxy the proxy sets it).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    /// Whether the service terminates TLS itself.
    let tls: Bool

    /// The pages load their scripts and styles from the service's own origin only; the API's
    /// JSON is never a document, so the same policy costs it nothing.
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.crossOriginOpenerPolicy] = "same-origin"
        if tls { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        return response
    }
}

extension HTTPField.Name {
    static var referrerPolicy: Self { Self("Referrer-Policy")! }
    static var xFrameOptions: Self { Self("X-Frame-Options")! }
    static var crossOriginOpenerPolicy: Self { Self("Cross-Origin-Opener-Policy")! }
}
