/// What ending a session did to the user's profile.
public struct ProfileUpdate: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// Samples went into the enrolment anchor.
        case enrolled
        /// Samples went into the bounded update pool of a ready profile.
        case updated
        /// Nothing was added (with the reason).
        case unchanged
    }

    public var kind: Kind
    /// Samples added per modality.
    public var addedPointer: Int
    public var addedKeys: Int
    /// Samples rejected as too far from the anchor.
    public var rejected: Int
    public var becameReady: Bool
    public var reason: String

    public init(
        kind: Kind, addedPointer: Int = 0, addedKeys: Int = 0, rejected: Int = 0, becameReady: Bool = false,
        reason: String
    ) {
        self.kind = kind
        self.addedPointer = addedPointer
        self.addedKeys = addedKeys
        self.rejected = rejected
        self.becameReady = becameReady
        self.reason = reason
    }
}
