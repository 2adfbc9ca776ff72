/// Limits that separate human input from synthetic input, per tenant.
///
/// Chosen so that every Balabit training session (real people, remote desktop) is judged human
/// with a margin, while input synthesised the way WebDriver, the DevTools protocol and simple
/// scripts do it is judged automated (see the automation tests).
public struct AutomationThresholds: Sendable, Codable, Hashable {
    /// A click whose pointer arrived this far (pixels) in one step, with no other movement in the
    /// preceding ``quietBeforeClick`` milliseconds, is a teleport click.
    public var teleportDistance: Double = 40
    /// Milliseconds without pointer movement before a teleport click.
    public var quietBeforeClick: Double = 300
    /// Teleport clicks that make the input automated (at least this many and half of all clicks).
    public var teleportClicksForAutomated: Int = 3
    /// Pointer moves in a run needed to judge its straightness and regularity.
    public var minimumRunLength: Int = 10
    /// A run at least this straight (net distance / path length, 0...1) …
    public var linearStraightness: Double = 0.999
    /// … with step lengths and intervals varying less than this (coefficient of variation) is synthetic.
    public var linearVariation: Double = 0.05
    /// A run whose mean jerk per step is below this share of its mean step length, with regular
    /// intervals, is synthetically smooth.
    public var smoothJerkRatio: Double = 0.02
    /// Synthetic runs that make the input automated.
    public var syntheticRunsForAutomated: Int = 2
    /// Keystrokes needed before hold and interval variation are judged.
    public var minimumKeystrokes: Int = 10
    /// Hold times (ms) with a standard deviation below this are synthetic.
    public var holdDeviation: Double = 2
    /// Key-down intervals (ms) with a standard deviation below this are synthetic.
    public var intervalDeviation: Double = 3
    /// Share of pointer events repeating the previous timestamp (with ≥ 50 events) that is suspicious.
    public var identicalTimestampShare: Double = 0.6
    /// Fingerprint windows seen in an earlier session (or earlier in this one) that make it a replay.
    public var replayMatchesForAutomated: Int = 3

    public init() {}

    public static let standard = AutomationThresholds()
}
