import Hummingbird
import Logging

/// Turns every error into a JSON answer (`{"error", "reason"}`), so nothing a client sends
/// yields an empty or HTML body; an unreachable database
/// becomes 503 with `Retry-After`; unexpected errors become 500 and are logged without request data.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as StoreUnavailable {
            // PostgreSQL restarting or out of reach: the client retries (every write is idempotent).
            context.logger.warning("database unavailable", metadata: ["reason": "\(error.reason)"])
            return try APIError(
                .serviceUnavailable, "unavailable", "the database is unavailable; retry shortly",
                retryAfter: StoreUnavailable.retryAfter
            ).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            let status = error.status
            let code = status == .notFound ? "not-found" : status.code < 500 ? "bad-request" : "internal"
            let reason =
                status == .notFound
                ? "no route for \(request.method) \(request.uri.path)"
                : status == .contentTooLarge ? "the body is too large" : status.reasonPhrase
            return try APIError(status, code, reason).response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return try APIError(.internalServerError, "internal", "the service failed to handle the request")
                .response(from: request, context: context)
        }
    }
}
