/// A wire-format batch could not be decoded: where (byte offset and field path) and why.
public struct WireDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The family of problem, for callers that map errors to status codes.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Not JSON, or not the JSON shape of the format.
        case syntax
        /// A required field (`v`, `seq`, `t0`, `e`) is absent.
        case missingField
        /// A field appears twice in the batch object.
        case duplicateField
        /// A number is not finite, not an integer where one is needed, or outside its range.
        case outOfRange
        /// `v` names a version this decoder does not know.
        case unsupportedVersion
        /// The body, the event count, an event's length or the nesting depth exceeds its limit.
        case tooLarge
    }

    public var kind: Kind
    /// Byte offset in the body where the problem was found.
    public var offset: Int
    /// JSON path of the offending value, e.g. `e[12][3]` or `t0`; `$` for the whole body.
    public var field: String
    public var reason: String

    public init(_ kind: Kind, offset: Int, field: String, reason: String) {
        self.kind = kind
        self.offset = offset
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field) (byte \(offset)): \(reason)" }
}
