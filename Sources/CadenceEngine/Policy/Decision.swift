/// What the bank should do with a session now, in increasing severity.
public enum Decision: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// Let the session continue unnoticed.
    case allow
    /// Step up: ask for an OTP or re-login.
    case challenge
    /// End the session.
    case block

    var severity: Int {
        switch self {
        case .allow: 0
        case .challenge: 1
        case .block: 2
        }
    }

    public static func < (lhs: Decision, rhs: Decision) -> Bool { lhs.severity < rhs.severity }
}
