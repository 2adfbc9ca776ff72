/// Pairs a stream of key events into keystrokes and cuts them into windows of a fixed number of
/// keystrokes, across as many `add` calls (network batches) as it takes.
///
/// Events must arrive in time order. A key-up is paired with the oldest unreleased press of the
/// same key (first in, first out), so two overlapping keys of one key class pair correctly. An
/// up without a press is ignored; a press still unreleased `staleAfter` milliseconds after it
/// happened (a lost key-up) is dropped and counted. Keystrokes are emitted in press order, so a
/// key held down (Shift) does not reorder the ones typed meanwhile. Codable, so a service can keep
/// a session's unfinished window between batches that land on different nodes.
public struct KeystrokeWindowBuilder: Sendable, Hashable, Codable {
    /// Keystrokes per window (at least 1); `Int.max` makes ``flush()`` return the whole stream.
    public let windowSize: Int
    /// Milliseconds after which an unreleased press is given up on.
    public let staleAfter: Double
    /// Presses dropped because their release never came.
    public private(set) var droppedPresses = 0

    /// A press waiting for its release (or released, waiting for earlier presses' releases).
    private struct Pending: Sendable, Hashable, Codable {
        var key: UInt32
        var press: Double
        var release: Double?
    }

    private var pending: [Pending] = []
    private var pendingStart = 0
    private var window: [Keystroke] = []

    public init(windowSize: Int, staleAfter: Double = 5_000) {
        precondition(windowSize >= 1, "a window holds at least one keystroke")
        self.windowSize = windowSize
        self.staleAfter = staleAfter
    }

    /// Presses not yet in the window: waiting for their release, or for an earlier press's.
    public var waitingCount: Int { pending.count - pendingStart }

    /// Keystrokes of the unfinished window so far.
    public var windowCount: Int { window.count }

    /// Adds one event; returns the windows it completed (usually none, at most one).
    public mutating func add(_ event: KeyEvent) -> [[Keystroke]] {
        var completed: [[Keystroke]] = []
        dropStale(now: event.timestamp)
        switch event.transition {
        case .down:
            pending.append(Pending(key: event.key, press: event.timestamp, release: nil))
        case .up:
            if let i = pending[pendingStart...].firstIndex(where: { $0.key == event.key && $0.release == nil }) {
                pending[i].release = event.timestamp
            }
        }
        release(into: &completed)
        return completed
    }

    /// Adds a batch of events; returns the windows completed.
    public mutating func add(contentsOf events: some Sequence<KeyEvent>) -> [[Keystroke]] {
        var completed: [[Keystroke]] = []
        for event in events { completed += add(event) }
        return completed
    }

    /// Ends the stream: returns the keystrokes of the unfinished window (possibly empty) and
    /// drops presses still waiting for their release.
    public mutating func flush() -> [Keystroke] {
        var completed: [[Keystroke]] = []
        release(into: &completed)
        droppedPresses += pending.count - pendingStart
        pending.removeAll()
        pendingStart = 0
        let rest = completed.flatMap { $0 } + window
        window.removeAll()
        return rest
    }

    /// All keystrokes of a finished sequence of events, in press order.
    public static func keystrokes(of events: some Sequence<KeyEvent>) -> [Keystroke] {
        var builder = KeystrokeWindowBuilder(windowSize: .max)
        _ = builder.add(contentsOf: events)
        return builder.flush()
    }

    /// Equal when what is still to come is equal (presses already windowed do not count).
    public static func == (a: Self, b: Self) -> Bool {
        a.windowSize == b.windowSize && a.staleAfter == b.staleAfter && a.droppedPresses == b.droppedPresses
            && a.window == b.window && a.pending[a.pendingStart...].elementsEqual(b.pending[b.pendingStart...])
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(windowSize)
        hasher.combine(window)
        hasher.combine(waitingCount)
        for p in pending[pendingStart...] { hasher.combine(p) }
    }

    enum CodingKeys: String, CodingKey {
        case windowSize, staleAfter, droppedPresses, pending, window
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        windowSize = try c.decode(Int.self, forKey: .windowSize)
        staleAfter = try c.decode(Double.self, forKey: .staleAfter)
        droppedPresses = try c.decode(Int.self, forKey: .droppedPresses)
        pending = try c.decode([Pending].self, forKey: .pending)
        window = try c.decode([Keystroke].self, forKey: .window)
        guard windowSize >= 1, window.count < windowSize else {
            throw DecodingError.dataCorruptedError(
                forKey: .window, in: c, debugDescription: "a window holds 1 to windowSize - 1 keystrokes")
        }
    }

    /// Encodes only what is still to come: presses already moved into the window are left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(windowSize, forKey: .windowSize)
        try c.encode(staleAfter, forKey: .staleAfter)
        try c.encode(droppedPresses, forKey: .droppedPresses)
        try c.encode(Array(pending[pendingStart...]), forKey: .pending)
        try c.encode(window, forKey: .window)
    }

    private mutating func dropStale(now: Double) {
        while pendingStart < pending.count, pending[pendingStart].release == nil,
            now - pending[pendingStart].press > staleAfter
        {
            pendingStart += 1
            droppedPresses += 1
        }
    }

    /// Moves released presses from the front of the queue into the window.
    private mutating func release(into completed: inout [[Keystroke]]) {
        while pendingStart < pending.count, let release = pending[pendingStart].release {
            let p = pending[pendingStart]
            window.append(Keystroke(key: p.key, press: p.press, release: release))
            pendingStart += 1
            if window.count == windowSize {
                completed.append(window)
                window.removeAll(keepingCapacity: true)
            }
        }
        if pendingStart > 64 && pendingStart * 2 > pending.count {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
    }
}
