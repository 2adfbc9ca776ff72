import Foundation

/// Cuts a session's pointer events into actions across batch boundaries and extracts each
/// action's features; Codable, so the session state survives a restart or another node.
///
/// Actions follow Ahmed & Traore (2007): a press and release with no movement in between closes a
/// point-and-click (with the movement before it), a press with movement closes a drag-and-drop, a
/// pause longer than ``pauseThreshold`` closes a mouse move. Interim stand-in until the pointer
/// engine's segmenter and features are wired in.
struct PointerStream: Sendable, Codable, Hashable {
    struct Point: Sendable, Codable, Hashable {
        var t: Double
        var x: Double
        var y: Double
    }

    enum ActionKind: Int, Sendable, Codable { case move = 0, click = 1, drag = 2 }

    /// Milliseconds without events that close a mouse move.
    static let pauseThreshold = 2_000.0
    static let minimumPoints = 4
    static let maximumPoints = 500

    private var moves: [Point] = []
    private var press: Point?
    private var dragPoints: [Point] = []
    private var lastTime: Double?

    /// Adds one event; returns the features of the actions it completed, with their end times.
    mutating func feed(_ event: PointerEvent, into out: inout [(time: Double, features: FeatureVector)]) {
        let point = Point(t: event.timestamp, x: event.x, y: event.y)
        if let last = lastTime, event.timestamp - last > Self.pauseThreshold {
            emitMoves(into: &out)
            press = nil
            dragPoints.removeAll()
        }
        lastTime = event.timestamp
        switch event.kind {
        case .wheel:
            return
        case .move, .drag:
            if press != nil {
                if dragPoints.count < Self.maximumPoints { dragPoints.append(point) }
            } else {
                moves.append(point)
                if moves.count >= Self.maximumPoints { emitMoves(into: &out) }
            }
        case .down:
            if press == nil {
                press = point
                dragPoints.removeAll()
            }
        case .up:
            guard let pressed = press else { return }
            press = nil
            let hold = event.timestamp - pressed.t
            if dragPoints.contains(where: { $0.x != pressed.x || $0.y != pressed.y }) {
                emitMoves(into: &out)
                let points = [pressed] + dragPoints + [point]
                out.append((event.timestamp, Self.features(.drag, points, hold: hold)))
            } else {
                moves.append(pressed)
                if moves.count >= Self.minimumPoints {
                    out.append((event.timestamp, Self.features(.click, moves, hold: hold)))
                }
                moves.removeAll()
            }
            dragPoints.removeAll()
        }
    }

    /// Ends the stream: the movement in progress becomes an action if long enough.
    mutating func flush(into out: inout [(time: Double, features: FeatureVector)]) {
        emitMoves(into: &out)
        press = nil
        dragPoints.removeAll()
    }

    private mutating func emitMoves(into out: inout [(time: Double, features: FeatureVector)]) {
        if moves.count >= Self.minimumPoints, let last = moves.last {
            out.append((last.t, Self.features(.move, moves, hold: 0)))
        }
        moves.removeAll()
    }

    /// Feature names, in vector order (times in ms, distances in px, speeds in px/ms).
    static let featureNames = [
        "kind", "log-duration", "log-distance", "straightness", "log-mean-speed", "log-max-speed",
        "speed-variation", "log-mean-acceleration", "direction-sin", "direction-cos", "log-points", "log-hold",
    ]

    static func features(_ kind: ActionKind, _ points: [Point], hold: Double) -> FeatureVector {
        var distance = 0.0
        var speeds: [Double] = []
        var maxSpeed = 0.0
        var lastSpeed: Double?
        var accelerationSum = 0.0
        var accelerationCount = 0
        for i in 1..<max(points.count, 1) {
            let dx = points[i].x - points[i - 1].x
            let dy = points[i].y - points[i - 1].y
            let ds = (dx * dx + dy * dy).squareRoot()
            distance += ds
            let dt = points[i].t - points[i - 1].t
            guard dt > 0 else { continue }
            let v = ds / dt
            speeds.append(v)
            maxSpeed = max(maxSpeed, v)
            if let previous = lastSpeed {
                accelerationSum += abs(v - previous) / dt
                accelerationCount += 1
            }
            lastSpeed = v
        }
        let first = points.first ?? Point(t: 0, x: 0, y: 0)
        let last = points.last ?? first
        let duration = max(last.t - first.t, 0)
        let ex = last.x - first.x
        let ey = last.y - first.y
        let end = (ex * ex + ey * ey).squareRoot()
        let meanSpeed = speeds.isEmpty ? 0 : speeds.reduce(0, +) / Double(speeds.count)
        let speedSD =
            speeds.isEmpty
            ? 0 : (speeds.reduce(0) { $0 + ($1 - meanSpeed) * ($1 - meanSpeed) } / Double(speeds.count)).squareRoot()
        let angle = atan2(ey, ex)
        return [
            Double(kind.rawValue),
            log1p(duration),
            log1p(distance),
            distance > 0 ? end / distance : 1,
            log1p(meanSpeed * 100),
            log1p(maxSpeed * 100),
            meanSpeed > 0 ? speedSD / meanSpeed : 0,
            log1p(accelerationCount > 0 ? accelerationSum / Double(accelerationCount) * 1000 : 0),
            end > 0 ? sin(angle) : 0,
            end > 0 ? cos(angle) : 0,
            log(Double(max(points.count, 1))),
            log1p(max(hold, 0)),
        ]
    }
}
