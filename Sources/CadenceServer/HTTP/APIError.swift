import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error answered as JSON: `{"error": "...", "reason": "..."}` with its status.
///
/// `error` is a short stable code for programs (`unauthorized`, `bad-request`, …); `reason`
/// says, for a person, what was wrong and where (the field and why, for a bad body).
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var error: String
    public var reason: String
    /// Seconds to wait before trying again (`Retry-After`), for 429 answers.
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ error: String, _ reason: String, retryAfter: Int? = nil) {
        self.status = status
        self.error = error
        self.reason = reason
        self.retryAfter = retryAfter
    }

    /// 429 with `Retry-After` (whole seconds, at least 1).
    public static func tooManyRequests(_ reason: String, retryAfter seconds: Double) -> APIError {
        APIError(.tooManyRequests, "rate-limited", reason, retryAfter: max(1, Int(min(seconds, 86_400).rounded(.up))))
    }

    public static func badRequest(_ reason: String) -> APIError { APIError(.badRequest, "bad-request", reason) }
    public static func unauthorized(_ reason: String) -> APIError { APIError(.unauthorized, "unauthorized", reason) }
    public static func forbidden(_ reason: String) -> APIError { APIError(.forbidden, "forbidden", reason) }
    public static func notFound(_ reason: String) -> APIError { APIError(.notFound, "not-found", reason) }
    public static func conflict(_ reason: String) -> APIError { APIError(.conflict, "conflict", reason) }
    public static func tooLarge(_ reason: String) -> APIError { APIError(.contentTooLarge, "too-large", reason) }
    public static func requestTimeout(_ reason: String) -> APIError { APIError(.requestTimeout, "timeout", reason) }

    /// A number of seconds as short text (`15`, `0.5`).
    static func show(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = APIResponseEncoder.response(ErrorBody(error: error, reason: reason), status: status)
        if status == .unauthorized {
            response.headers[.wwwAuthenticate] = "Bearer"
        }
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    struct ErrorBody: Encodable {
        var error: String
        var reason: String
    }
}
