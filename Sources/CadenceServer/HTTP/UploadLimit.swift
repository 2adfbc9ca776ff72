import Hummingbird

/// Sets the largest request body the routes behind it read (``CadenceRequestContext/maxUploadSize``),
/// in bytes, and, when given, how long they wait for it (``CadenceRequestContext/bodyTimeout``).
struct UploadLimit: RouterMiddleware {
    let bytes: Int
    var timeout: Double? = nil

    func handle(
        _ request: Request, context: CadenceRequestContext,
        next: (Request, CadenceRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.maxUploadSize = bytes
        if let timeout { context.bodyTimeout = timeout }
        return try await next(request, context)
    }
}
