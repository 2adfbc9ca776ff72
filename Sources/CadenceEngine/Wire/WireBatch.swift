/// One decoded batch of the SDK wire format (see `docs/wire-format.md`).
///
/// Event timestamps are absolute: epoch milliseconds, `t0 + dt`, with sub-millisecond precision.
/// Key and pointer events keep the order in which they appeared in the batch.
public struct WireBatch: Sendable, Hashable, Codable {
    /// Format version; only `1` is decoded.
    public var version: Int
    /// Batch sequence number in the session, from 0.
    public var seq: Int
    /// Origin of the batch's event times, epoch milliseconds.
    public var t0: Double
    public var keyEvents: [KeyEvent]
    public var pointerEvents: [PointerEvent]
    /// What the SDK saw of the browser's environment (the `env` object); nil when the batch
    /// carried none (older SDKs, replays, the CLI's load generator).
    public var environment: EnvironmentReport?

    public init(
        version: Int = 1, seq: Int, t0: Double, keyEvents: [KeyEvent] = [], pointerEvents: [PointerEvent] = [],
        environment: EnvironmentReport? = nil
    ) {
        self.version = version
        self.seq = seq
        self.t0 = t0
        self.keyEvents = keyEvents
        self.pointerEvents = pointerEvents
        self.environment = environment
    }

    /// Key and pointer events together.
    public var eventCount: Int { keyEvents.count + pointerEvents.count }
}
