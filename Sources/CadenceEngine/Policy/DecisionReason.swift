/// Why a session's decision is what it is: a stable code for programs and a sentence for people.
public struct DecisionReason: Sendable, Codable, Hashable, CustomStringConvertible {
    /// Stable kebab-case code, e.g. `trust-below-challenge`, `automation-teleport`.
    public var code: String
    /// A sentence for the dashboard and logs.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
