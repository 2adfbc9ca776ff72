import CadenceEngine
import Foundation
import Hummingbird

extension SessionFilter {
    /// The filter of `GET /admin/api/sessions`: `decision` (`allow`, `challenge`, `block`),
    /// `user` (a user id, exactly), `outcome` (`open`, or an ended session's `genuine`, `fraud`,
    /// `unknown`), `from` and `to` (creation time, RFC 3339 date-times with their offset, such
    /// as `2025-11-25T08:00:00Z`; `from` inclusive, `to` exclusive).
    ///
    /// A bad value is a 400 naming its parameter.
    init(query parameters: Parameters) throws {
        self.init()
        if let text = parameters.get("decision") {
            guard let decision = Decision(rawValue: text) else {
                throw APIError.badRequest("decision: must be one of allow, challenge, block")
            }
            self.decision = decision
        }
        if let text = parameters.get("user") {
            userId = try Validate.userId(text, field: "user")
        }
        if let text = parameters.get("outcome") {
            if text == "open" {
                state = .open
            } else if let outcome = SessionOutcome(rawValue: text) {
                state = .ended(outcome)
            } else {
                throw APIError.badRequest("outcome: must be one of open, genuine, fraud, unknown")
            }
        }
        createdFrom = try parameters.get("from").map { try Self.time($0, parameter: "from") }
        createdTo = try parameters.get("to").map { try Self.time($0, parameter: "to") }
        if let from = createdFrom, let to = createdTo, to <= from {
            throw APIError.badRequest("to: must be later than from")
        }
    }

    /// An RFC 3339 date-time, with or without fractional seconds.
    private static func time(_ text: String, parameter: String) throws -> Date {
        let strategies = [
            Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true),
        ]
        for strategy in strategies {
            if let date = try? strategy.parse(text) { return date }
        }
        throw APIError.badRequest(
            "\(parameter): must be an RFC 3339 date-time with its offset, such as 2025-11-25T08:00:00Z")
    }
}
