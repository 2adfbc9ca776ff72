/// Whether a session's input looks typed and moved by a person, with the reasons.
///
/// Separate from identity: a verdict says nothing about *which* person, only whether a person
/// produced the events (rather than WebDriver, the DevTools protocol, a script, or a replay).
public struct AutomationVerdict: Sendable, Codable, Hashable {
    public enum Level: String, Sendable, Codable, Hashable, Comparable {
        case human
        case suspicious
        case automated

        var rank: Int {
            switch self {
            case .human: 0
            case .suspicious: 1
            case .automated: 2
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public var level: Level
    /// Codes start with `automation-`; empty for `human`.
    public var reasons: [DecisionReason]

    public init(level: Level, reasons: [DecisionReason] = []) {
        self.level = level
        self.reasons = reasons
    }

    public static let human = AutomationVerdict(level: .human)

    /// Both verdicts at once: the higher level, with the reasons of both (this one's first).
    public func combined(with other: AutomationVerdict) -> AutomationVerdict {
        AutomationVerdict(level: max(level, other.level), reasons: reasons + other.reasons)
    }

    /// The level is written as `verdict`, the API's word for it (`"automation": {"verdict":
    /// "human", "reasons": []}`); stored binary states carry no keys.
    enum CodingKeys: String, CodingKey {
        case level = "verdict"
        case reasons
        /// The level's key in session states stored as JSON before it was named `verdict`.
        case storedLevel = "level"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let key: CodingKeys = !container.contains(.level) && container.contains(.storedLevel) ? .storedLevel : .level
        level = try container.decode(Level.self, forKey: key)
        reasons = try container.decode([DecisionReason].self, forKey: .reasons)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(level, forKey: .level)
        try container.encode(reasons, forKey: .reasons)
    }
}
