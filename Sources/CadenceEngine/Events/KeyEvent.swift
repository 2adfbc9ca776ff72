/// One key transition captured by the browser SDK or read from a data set.
///
/// The typed character is never part of a key event: `key` is a key class (see ``KeyClass``) or a
/// per-tenant pseudonym computed in the browser, so stored events cannot reconstruct text.
public struct KeyEvent: Sendable, Hashable, Codable {
    /// Whether the key went down or came up.
    public enum Transition: UInt8, Sendable, Hashable, Codable {
        case down = 0
        case up = 1
    }

    public var transition: Transition
    /// Milliseconds from an arbitrary origin, with sub-millisecond precision.
    public var timestamp: Double
    /// Key class or pseudonym; equal values mean "the same key" for per-key statistics.
    public var key: UInt32
    /// The kind of form field that had focus.
    public var field: FieldKind

    public init(_ transition: Transition, timestamp: Double, key: UInt32, field: FieldKind = .text) {
        self.transition = transition
        self.timestamp = timestamp
        self.key = key
        self.field = field
    }
}

/// The kind of form field a keystroke went into.
public enum FieldKind: UInt8, Sendable, Hashable, Codable {
    case text = 0
    /// Password fields yield timing and position only.
    case password = 1
    case numeric = 2
    case other = 3
}
