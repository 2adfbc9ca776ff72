import CadenceEngine

/// `POST /v1/sessions`.
public struct CreateSessionRequest: Codable, Sendable {
    public var userId: String
    /// Did strong authentication (password + OTP) vouch for this session; default false.
    public var authenticated: Bool?
    public var loginSample: LoginSample?

    public init(userId: String, authenticated: Bool? = nil, loginSample: LoginSample? = nil) {
        self.userId = userId
        self.authenticated = authenticated
        self.loginSample = loginSample
    }
}

/// `POST /v1/sessions/{id}/end`.
public struct EndSessionRequest: Codable, Sendable {
    /// `genuine`, `fraud` or `unknown` (checked by the route, so a wrong value gets its own reason).
    public var outcome: String

    public init(outcome: SessionOutcome) {
        self.outcome = outcome.rawValue
    }
}

/// `POST /v1/sessions/{id}/step-up`.
struct StepUpRequest: Decodable {
    /// `passed` or `failed`, as the bank's backend verified the OTP or re-login.
    var result: String
}

/// `PUT /v1/webhook`.
struct WebhookRequest: Decodable {
    var url: String
    /// Signing secret; generated (and returned once) when absent.
    var secret: String?
}

/// `POST /demo/login`.
struct DemoLoginRequest: Decodable {
    var username: String
    var password: String
    var loginSample: LoginSample?
}

/// `POST /demo/session/{id}/step-up`.
struct DemoStepUpRequest: Decodable {
    /// The one-time code the customer typed.
    var code: String
}

/// `POST /demo/logout`.
struct DemoLogoutRequest: Decodable {
    var sessionId: String
}

enum Validate {
    /// A user id: 1 to 128 bytes of UTF-8, no control, format (bidirectional overrides, zero
    /// widths) or unassigned characters: what an analyst reads on the dashboard is what is stored.
    static func userId(_ value: String, field: String = "userId") throws -> String {
        guard !value.isEmpty, value.utf8.count <= 128, !value.unicodeScalars.contains(where: isForbidden) else {
            throw APIError.badRequest(
                "\(field): must be 1 to 128 bytes of UTF-8 without control, bidirectional or invisible characters")
        }
        return value
    }

    /// Control (Cc), format (Cf: bidi overrides and isolates, zero-width characters), line and
    /// paragraph separators, private-use, surrogate and unassigned code points.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: true
        default: false
        }
    }

    static func outcome(_ value: String) throws -> SessionOutcome {
        guard let outcome = SessionOutcome(rawValue: value) else {
            throw APIError.badRequest("outcome: must be one of genuine, fraud, unknown")
        }
        return outcome
    }

    static func loginSample(_ sample: LoginSample?) throws -> LoginSample? {
        if let problem = sample?.problem { throw APIError.badRequest("\(problem.field): \(problem.reason)") }
        return sample
    }
}
