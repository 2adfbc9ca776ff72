/// Bounds the wire decoder enforces so that no body can exhaust memory or time.
public struct WireLimits: Sendable, Hashable, Codable {
    /// Largest accepted body, bytes.
    public var maximumBytes: Int
    /// Most events in one batch.
    public var maximumEvents: Int
    /// Most elements in one event array (newer SDKs may append elements; they are skipped).
    public var maximumEventElements: Int
    /// Deepest nesting of skipped unknown values.
    public var maximumDepth: Int
    /// Largest absolute `dt`, milliseconds (one day).
    public var maximumRelativeTime: Double
    /// Largest absolute coordinate or wheel delta, pixels.
    public var maximumCoordinate: Double
    /// Most members of a batch's `env` object.
    public var maximumEnvironmentMembers: Int
    /// Largest count in a batch's `env` object (a batch holds at most ``maximumEvents`` events).
    public var maximumEnvironmentCount: Int

    public init(
        maximumBytes: Int = 4 << 20,
        maximumEvents: Int = 50_000,
        maximumEventElements: Int = 16,
        maximumDepth: Int = 16,
        maximumRelativeTime: Double = 86_400_000,
        maximumCoordinate: Double = 1_000_000,
        maximumEnvironmentMembers: Int = 32,
        maximumEnvironmentCount: Int = 100_000
    ) {
        self.maximumBytes = maximumBytes
        self.maximumEvents = maximumEvents
        self.maximumEventElements = maximumEventElements
        self.maximumDepth = maximumDepth
        self.maximumRelativeTime = maximumRelativeTime
        self.maximumCoordinate = maximumCoordinate
        self.maximumEnvironmentMembers = maximumEnvironmentMembers
        self.maximumEnvironmentCount = maximumEnvironmentCount
    }

    public static let standard = WireLimits()
}
