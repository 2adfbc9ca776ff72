/// Hashes windows of an event stream so that a replay of events seen before can be recognised
/// without keeping the events.
///
/// Each event becomes a tuple of quantised *relative* values (event type, interval to the previous
/// event in whole milliseconds, and for pointer events the step in whole pixels), so a replay
/// shifted in time or on screen still matches. Window starts are chosen by content (an event
/// whose tuple hash has its low bits zero, as in content-defined chunking), so a replay cut at a
/// different point or split into different batches yields the same windows. A fingerprint is a
/// 64-bit hash of ``windowLength`` tuples; only hashes are kept, never the events, and key events
/// contribute timing only, never the key. Windows with too little movement (a resting pointer)
/// are not fingerprinted, since people repeat those by chance.
public struct ReplayFingerprinter: Sendable, Codable, Hashable {
    /// Events per fingerprinted window.
    public static let windowLength = 16
    /// One window start in this many events on average (a power of two).
    static let anchorSpacing: UInt64 = 8

    private var tuples: [UInt64] = []
    private var movement: [Int32] = []
    private var head = 0
    private var lastTime: Double?
    private var lastX = 0.0
    private var lastY = 0.0
    /// Least total movement (pixels) of a pointer window, or keystrokes in a key window, to fingerprint it.
    let minimumContent: Int32

    /// - Parameter minimumContent: pixels of movement per pointer window, or 0 for key streams.
    public init(minimumContent: Int32 = 48) {
        self.minimumContent = minimumContent
    }

    /// Adds a pointer event; returns the fingerprint of a window completed by it, if any.
    public mutating func observe(_ event: PointerEvent) -> UInt64? {
        let dt = lastTime.map { event.timestamp - $0 } ?? 0
        let dx = lastTime == nil ? 0 : Self.quantise(event.x - lastX, limit: 100_000)
        let dy = lastTime == nil ? 0 : Self.quantise(event.y - lastY, limit: 100_000)
        lastTime = event.timestamp
        lastX = event.x
        lastY = event.y
        var h = Self.mix(UInt64(event.kind.rawValue) &+ 0x100 &* UInt64(event.button.rawValue))
        h = Self.mix(h ^ UInt64(bitPattern: Self.quantise(dt, limit: 60_000)))
        h = Self.mix(h ^ UInt64(bitPattern: dx))
        h = Self.mix(h ^ UInt64(bitPattern: dy))
        return push(h, content: Int32(clamping: abs(dx) + abs(dy)))
    }

    /// Adds a key event (its transition and timing only); returns a completed window's fingerprint, if any.
    public mutating func observe(_ event: KeyEvent) -> UInt64? {
        let dt = lastTime.map { event.timestamp - $0 } ?? 0
        lastTime = event.timestamp
        var h = Self.mix(0x4B45_5900 &+ UInt64(event.transition.rawValue))
        h = Self.mix(h ^ UInt64(bitPattern: Self.quantise(dt, limit: 60_000)))
        return push(h, content: 1)
    }

    private mutating func push(_ tuple: UInt64, content: Int32) -> UInt64? {
        let n = Self.windowLength
        if tuples.count < n {
            tuples.append(tuple)
            movement.append(content)
            guard tuples.count == n else { return nil }
        } else {
            tuples[head] = tuple
            movement[head] = content
            head = (head + 1) % n
        }
        // The oldest tuple of the full ring starts the window; it must be an anchor.
        let oldest = tuples[head]
        guard oldest & (Self.anchorSpacing - 1) == 0 else { return nil }
        var total: Int32 = 0
        for m in movement { total = total &+ m }
        guard total >= minimumContent else { return nil }
        var fingerprint: UInt64 = 0x6A09_E667_F3BC_C908
        for k in 0..<n {
            fingerprint = Self.mix(fingerprint ^ tuples[(head + k) % n])
        }
        return fingerprint
    }

    private static func quantise(_ value: Double, limit: Double) -> Int64 {
        guard value.isFinite else { return 0 }
        return Int64(min(max(value, -limit), limit).rounded())
    }

    /// SplitMix64's finaliser: a fast, well-spread 64-bit mix (the first output of a generator
    /// seeded with `value`).
    static func mix(_ value: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: value)
        return generator.next()
    }
}
