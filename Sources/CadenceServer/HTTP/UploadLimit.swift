import Hummingbird

/// Sets the largest request body the routes behind it read (``CadenceRequestContext/maxUploadSize``), in bytes.
struct UploadLimit: RouterMiddleware {
    let bytes: Int

    func handle(
        _ request: Request, context: CadenceRequestContext,
        next: (Request, CadenceRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.maxUploadSize = bytes
        return try await next(request, context)
    }
}
