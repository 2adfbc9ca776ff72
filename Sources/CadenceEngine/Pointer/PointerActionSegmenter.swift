/// Cuts a stream of pointer events into actions, incrementally.
///
/// Follows the segmentation of Antal & Egyed-Zsigmond 2019 (after Ahmed & Traore 2007): a
/// release after a press ends a point-and-click (PC) when the pointer did not move while the
/// button was held, else a drag-and-drop (DD), whose preceding movement becomes a mouse move
/// (MM); a pause longer than ``Configuration/pauseThreshold`` ends the movement so far as an MM.
/// Wheel events are ignored. Actions with fewer than ``Configuration/minimumPoints`` points are
/// dropped. Events may arrive one by one or in batches of any size (the service feeds network
/// batches), and the actions are the same either way. `Codable`, so a session's segmentation
/// state can be stored between batches and resumed on another node.
public struct PointerActionSegmenter: Sendable, Codable, Hashable {
    public struct Configuration: Sendable, Hashable, Codable {
        /// A gap between consecutive events longer than this ends the action (milliseconds).
        public var pauseThreshold: Double
        /// Fewest points an action needs to be emitted (at least 4 give a jerk value).
        public var minimumPoints: Int
        /// An MM is emitted once it holds this many points, and a drag keeps at most this many, so
        /// no action grows without bound.
        public var maximumPoints: Int

        public init(pauseThreshold: Double = 10_000, minimumPoints: Int = 4, maximumPoints: Int = 2_000) {
            self.pauseThreshold = pauseThreshold
            self.minimumPoints = minimumPoints
            self.maximumPoints = maximumPoints
        }
    }

    public var configuration: Configuration
    private var moves: [PointerAction.Point] = []
    /// A button held down: where and which (a struct rather than a tuple so the segmenter's
    /// state can be stored between batches).
    private struct Press: Sendable, Codable, Hashable {
        var point: PointerAction.Point
        var button: PointerEvent.Button
    }

    private var press: Press?
    private var dragPoints: [PointerAction.Point] = []
    private var lastTime: Double?

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Feeds one event; returns the actions it completed (usually none).
    public mutating func feed(_ event: PointerEvent) -> [PointerAction] {
        var out: [PointerAction] = []
        feed(event, into: &out)
        return out
    }

    /// Feeds events in order; returns the actions they completed.
    public mutating func feed(_ events: some Sequence<PointerEvent>) -> [PointerAction] {
        var out: [PointerAction] = []
        for event in events { feed(event, into: &out) }
        return out
    }

    /// Ends the stream: the movement in progress becomes an MM if long enough.
    public mutating func flush() -> [PointerAction] {
        var out: [PointerAction] = []
        emitMoves(into: &out)
        press = nil
        dragPoints.removeAll(keepingCapacity: true)
        lastTime = nil
        return out
    }

    /// Closes the movement in progress if the pointer has been idle past the pause threshold at
    /// `now` (milliseconds, same origin as the events); for callers that see time pass without events.
    public mutating func idle(until now: Double) -> [PointerAction] {
        guard let last = lastTime, now - last > configuration.pauseThreshold else { return [] }
        return flush()
    }

    private mutating func feed(_ event: PointerEvent, into out: inout [PointerAction]) {
        let point = PointerAction.Point(t: event.timestamp, x: event.x, y: event.y)
        if let last = lastTime, event.timestamp - last > configuration.pauseThreshold {
            emitMoves(into: &out)
            press = nil
            dragPoints.removeAll(keepingCapacity: true)
        }
        switch event.kind {
        case .wheel:
            return
        case .move, .drag:
            if press != nil {
                if dragPoints.count < configuration.maximumPoints { dragPoints.append(point) }
            } else {
                moves.append(point)
                if moves.count >= configuration.maximumPoints { emitMoves(into: &out) }
            }
        case .down:
            if press == nil {
                press = Press(point: point, button: event.button)
                dragPoints.removeAll(keepingCapacity: true)
            }
        case .up:
            guard let pressed = press else { break }
            press = nil
            let moved = dragPoints.contains { $0.x != pressed.point.x || $0.y != pressed.point.y }
            if moved {
                emitMoves(into: &out)
                let points = [pressed.point] + dragPoints + [point]
                if points.count >= configuration.minimumPoints {
                    out.append(
                        PointerAction(
                            kind: .dragAndDrop, points: points, holdTime: event.timestamp - pressed.point.t,
                            button: pressed.button))
                }
            } else {
                moves.append(pressed.point)
                if moves.count >= configuration.minimumPoints {
                    out.append(
                        PointerAction(
                            kind: .pointAndClick, points: moves, holdTime: event.timestamp - pressed.point.t,
                            button: pressed.button))
                }
                moves.removeAll(keepingCapacity: true)
            }
            dragPoints.removeAll(keepingCapacity: true)
        }
        lastTime = event.timestamp
    }

    private mutating func emitMoves(into out: inout [PointerAction]) {
        if moves.count >= configuration.minimumPoints {
            out.append(PointerAction(kind: .mouseMove, points: moves))
        }
        moves.removeAll(keepingCapacity: true)
    }
}
