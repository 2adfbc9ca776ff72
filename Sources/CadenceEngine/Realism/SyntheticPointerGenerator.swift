import Foundation

/// Seeded synthetic pointer sessions of one ``SyntheticPointerFamily``, as ``PointerEvent``s.
///
/// A session is a run of movements from the current position to random targets on a screen,
/// most ending in a click (press and release 60–170 ms apart), some in a drag, with pauses of
/// 0.2–3 s between them. Coordinates are whole pixels (as a browser reports a mouse at device
/// pixel ratio 1) and an event is only sent when the rounded position changes, as Chromium does.
/// Milliseconds throughout.
public struct SyntheticPointerGenerator: Sendable {
    public var family: SyntheticPointerFamily
    public var timing: SyntheticTiming
    /// Real inter-event intervals (milliseconds) drawn from under ``SyntheticTiming/humanIntervals``.
    public var intervalPool: [Double]
    /// Real movement paths for ``SyntheticPointerFamily/retimedHuman``; their timestamps are ignored.
    public var humanPaths: [[PointerAction.Point]]
    /// Screen size in pixels.
    public var width: Double
    public var height: Double

    public init(
        family: SyntheticPointerFamily, timing: SyntheticTiming = .browser, intervalPool: [Double] = [],
        humanPaths: [[PointerAction.Point]] = [], width: Double = 1600, height: Double = 900
    ) {
        self.family = family
        self.timing = timing
        self.intervalPool = intervalPool
        self.humanPaths = humanPaths
        self.width = width
        self.height = height
    }

    /// A session of `movements` movements; the same seed gives the same events.
    public func session(movements: Int, seed: UInt64) -> [PointerEvent] {
        var rng = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 0x1234_5678)
        var state = EmitState(x: (0.1 + 0.8 * rng.nextUnit()) * width, y: (0.1 + 0.8 * rng.nextUnit()) * height)
        state.events.append(PointerEvent(.move, timestamp: 0, x: state.x.rounded(), y: state.y.rounded()))
        state.lastX = state.x.rounded()
        state.lastY = state.y.rounded()
        for _ in 0..<max(movements, 0) {
            let (tx, ty) = target(from: state.x, state.y, rng: &rng)
            let ending = rng.nextUnit()
            let drag = ending < 0.1
            if drag {
                state.events.append(
                    PointerEvent(.down, timestamp: state.t, x: state.lastX, y: state.lastY, button: .left))
                state.t += 40 + 80 * rng.nextUnit()
            }
            let path = self.path(fromX: state.x, fromY: state.y, toX: tx, toY: ty, rng: &rng)
            for (k, q) in path.enumerated() where k > 0 {
                state.t += interval(&rng)
                emit(q.x, q.y, drag: drag, state: &state)
            }
            state.x = path.last?.x ?? state.x
            state.y = path.last?.y ?? state.y
            if drag || ending < 0.7 {
                state.t += 30 + 250 * rng.nextUnit() * rng.nextUnit()
                if !drag {
                    state.events.append(
                        PointerEvent(.down, timestamp: state.t, x: state.lastX, y: state.lastY, button: .left))
                }
                state.t += 60 + 110 * rng.nextUnit()
                state.events.append(
                    PointerEvent(.up, timestamp: state.t, x: state.lastX, y: state.lastY, button: .left))
            }
            state.t += 200 + 2800 * rng.nextUnit() * rng.nextUnit()
        }
        return state.events
    }

    private struct EmitState {
        var x: Double
        var y: Double
        var t = 0.0
        var lastX = 0.0
        var lastY = 0.0
        var events: [PointerEvent] = []
    }

    private func emit(_ x: Double, _ y: Double, drag: Bool, state: inout EmitState) {
        let rx = min(max(x, 0), width - 1).rounded()
        let ry = min(max(y, 0), height - 1).rounded()
        guard rx != state.lastX || ry != state.lastY else { return }
        state.events.append(
            PointerEvent(drag ? .drag : .move, timestamp: state.t, x: rx, y: ry, button: drag ? .left : .none))
        state.lastX = rx
        state.lastY = ry
    }

    /// A target 30–1000 px away (log-uniform), inside the screen.
    private func target(from x: Double, _ y: Double, rng: inout SplitMix64) -> (Double, Double) {
        for _ in 0..<20 {
            let distance = exp(log(30.0) + (log(1000.0) - log(30.0)) * rng.nextUnit())
            let angle = 2 * Double.pi * rng.nextUnit()
            let tx = x + distance * cos(angle)
            let ty = y + distance * sin(angle)
            if tx >= 5 && tx < width - 5 && ty >= 5 && ty < height - 5 { return (tx, ty) }
        }
        return (width * (0.2 + 0.6 * rng.nextUnit()), height * (0.2 + 0.6 * rng.nextUnit()))
    }

    private func interval(_ rng: inout SplitMix64) -> Double {
        switch timing {
        case .browser:
            return 8 + 9 * rng.nextUnit()
        case .humanIntervals:
            guard !intervalPool.isEmpty else { return 8 + 9 * rng.nextUnit() }
            return intervalPool[rng.nextIndex(below: intervalPool.count)]
        }
    }

    /// Milliseconds a reach of `distance` px takes: a Fitts-like law with a log-normal factor.
    private func movementTime(_ distance: Double, rng: inout SplitMix64) -> Double {
        let bits = log2(1 + distance / 12)
        return max(90, (140 + 95 * bits) * exp(0.25 * rng.nextGaussian()))
    }

    /// Positions at successive samples, the start first; the sample count follows the timing.
    private func path(fromX x0: Double, fromY y0: Double, toX x1: Double, toY y1: Double, rng: inout SplitMix64)
        -> [(x: Double, y: Double)]
    {
        let dx = x1 - x0
        let dy = y1 - y0
        let distance = max((dx * dx + dy * dy).squareRoot(), 1)
        let nx = -dy / distance
        let ny = dx / distance
        let duration = movementTime(distance, rng: &rng)
        let steps = max(Int(duration / 12.5), 3)
        let easing = Easing.allCases[rng.nextIndex(below: Easing.allCases.count)]
        var out: [(x: Double, y: Double)] = [(x0, y0)]
        switch family {
        case .bezier:
            let a1 = 0.15 + 0.35 * rng.nextUnit()
            let a2 = 0.55 + 0.35 * rng.nextUnit()
            let o1 = (rng.nextUnit() - 0.5) * 0.6 * distance
            let o2 = (rng.nextUnit() - 0.5) * 0.6 * distance
            let p1 = (x0 + dx * a1 + nx * o1, y0 + dy * a1 + ny * o1)
            let p2 = (x0 + dx * a2 + nx * o2, y0 + dy * a2 + ny * o2)
            let jitter = 0.3 + 1.5 * rng.nextUnit()
            for k in 1...steps {
                let s = easing.apply(Double(k) / Double(steps))
                let u = 1 - s
                let bx = u * u * u * x0 + 3 * u * u * s * p1.0 + 3 * u * s * s * p2.0 + s * s * s * x1
                let by = u * u * u * y0 + 3 * u * u * s * p1.1 + 3 * u * s * s * p2.1 + s * s * s * y1
                let j = k == steps ? 0 : jitter
                out.append((bx + j * rng.nextGaussian(), by + j * rng.nextGaussian()))
            }
        case .minimumJerk:
            let missed = rng.nextUnit() < 0.6
            let error = missed ? (0.03 + 0.07 * rng.nextUnit()) * distance : 0
            let errorAngle = 2 * Double.pi * rng.nextUnit()
            let ax = x1 + (missed ? error * cos(errorAngle) : 0)
            let ay = y1 + (missed ? error * sin(errorAngle) : 0)
            let bow = (rng.nextUnit() - 0.5) * 0.2 * distance
            let noise = 0.5 + 1.5 * rng.nextUnit()
            Self.minimumJerk(
                from: (x0, y0), to: (ax, ay), steps: missed ? max(Int(Double(steps) * 0.8), 3) : steps, bow: bow,
                noise: noise, rng: &rng, into: &out)
            if missed {
                let correction = max(Int((110 + 140 * rng.nextUnit()) / 12.5), 3)
                Self.minimumJerk(
                    from: out[out.count - 1], to: (x1, y1), steps: correction, bow: 0, noise: noise * 0.5, rng: &rng,
                    into: &out)
            }
        case .windMouse:
            let gravity = 7 + 4 * rng.nextUnit()
            let windForce = 2 + 3 * rng.nextUnit()
            let maxStep = 8 + 14 * rng.nextUnit() * min(distance / 300, 2)
            var x = x0
            var y = y0
            var vx = 0.0
            var vy = 0.0
            var wx = 0.0
            var wy = 0.0
            var limit = maxStep
            for _ in 0..<600 {
                let rx = x1 - x
                let ry = y1 - y
                let remaining = (rx * rx + ry * ry).squareRoot()
                if remaining < 1 { break }
                let w = min(windForce, remaining)
                if remaining >= 12 {
                    wx = wx / 3.0.squareRoot() + (2 * rng.nextUnit() - 1) * w / 5.0.squareRoot()
                    wy = wy / 3.0.squareRoot() + (2 * rng.nextUnit() - 1) * w / 5.0.squareRoot()
                } else {
                    wx /= 3.0.squareRoot()
                    wy /= 3.0.squareRoot()
                    limit = max(limit < 3 ? 3 + 3 * rng.nextUnit() : limit / 5.0.squareRoot(), 1)
                }
                vx += wx + gravity * rx / remaining
                vy += wy + gravity * ry / remaining
                let speed = (vx * vx + vy * vy).squareRoot()
                if speed > limit {
                    let clipped = limit / 2 + rng.nextUnit() * limit / 2
                    vx = vx / speed * clipped
                    vy = vy / speed * clipped
                }
                x += vx
                y += vy
                out.append((x, y))
            }
            out.append((x1, y1))
        case .retimedHuman:
            if let retimed = retimedHumanPath(fromX: x0, fromY: y0, easing: easing, rng: &rng) {
                out = retimed
            } else {
                noisyLine(from: (x0, y0), to: (x1, y1), steps: steps, easing: easing, rng: &rng, into: &out)
            }
        case .noisyLine:
            noisyLine(from: (x0, y0), to: (x1, y1), steps: steps, easing: easing, rng: &rng, into: &out)
        }
        return out
    }

    /// A straight line with Gaussian noise of 0.3–2 px, at constant speed or eased.
    private func noisyLine(
        from a: (x: Double, y: Double), to b: (x: Double, y: Double), steps: Int, easing: Easing,
        rng: inout SplitMix64, into out: inout [(x: Double, y: Double)]
    ) {
        let noise = 0.3 + 1.7 * rng.nextUnit()
        let constant = rng.nextUnit() < 0.5
        for k in 1...steps {
            let s = constant ? Double(k) / Double(steps) : easing.apply(Double(k) / Double(steps))
            let j = k == steps ? 0 : noise
            out.append((a.x + (b.x - a.x) * s + j * rng.nextGaussian(), a.y + (b.y - a.y) * s + j * rng.nextGaussian()))
        }
    }

    /// A random human path moved to start at (x0, y0), replayed with uniform (constant speed) or
    /// eased progress along its length; nil without usable human paths.
    private func retimedHumanPath(fromX x0: Double, fromY y0: Double, easing: Easing, rng: inout SplitMix64)
        -> [(x: Double, y: Double)]?
    {
        guard !humanPaths.isEmpty else { return nil }
        let human = humanPaths[rng.nextIndex(below: humanPaths.count)]
        guard human.count >= 2 else { return nil }
        let hx0 = human[0].x
        let hy0 = human[0].y
        var cumulative: [Double] = [0]
        for i in 1..<human.count {
            let ddx = human[i].x - human[i - 1].x
            let ddy = human[i].y - human[i - 1].y
            cumulative.append(cumulative[i - 1] + (ddx * ddx + ddy * ddy).squareRoot())
        }
        let total = cumulative[cumulative.count - 1]
        guard total > 0 else { return nil }
        let uniform = rng.nextUnit() < 0.4
        let steps = max(Int(movementTime(total, rng: &rng) / 12.5), 3)
        var out: [(x: Double, y: Double)] = [(x0, y0)]
        var segment = 1
        for k in 1...steps {
            let u = Double(k) / Double(steps)
            let arc = (uniform ? u : easing.apply(u)) * total
            while segment < human.count - 1 && cumulative[segment] < arc { segment += 1 }
            let span = cumulative[segment] - cumulative[segment - 1]
            let f = span > 0 ? min(max((arc - cumulative[segment - 1]) / span, 0), 1) : 1
            let hx = human[segment - 1].x + f * (human[segment].x - human[segment - 1].x)
            let hy = human[segment - 1].y + f * (human[segment].y - human[segment - 1].y)
            out.append((x0 + hx - hx0, y0 + hy - hy0))
        }
        return out
    }

    /// Appends a minimum-jerk reach, `s(u) = 10u³ − 15u⁴ + 6u⁵` (Flash & Hogan 1985), bowed by
    /// `bow` px at its middle, with Gaussian noise proportional to the speed.
    private static func minimumJerk(
        from a: (x: Double, y: Double), to b: (x: Double, y: Double), steps: Int, bow: Double, noise: Double,
        rng: inout SplitMix64, into out: inout [(x: Double, y: Double)]
    ) {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length = max((dx * dx + dy * dy).squareRoot(), 1)
        let nx = -dy / length
        let ny = dx / length
        for k in 1...steps {
            let u = Double(k) / Double(steps)
            let s = 10 * pow(u, 3) - 15 * pow(u, 4) + 6 * pow(u, 5)
            let speed = 30 * u * u * (1 - u) * (1 - u)  // ds/du, peak 1.875
            let side = bow * sin(Double.pi * s)
            let j = k == steps ? 0 : noise * speed
            out.append(
                (a.x + dx * s + nx * side + j * rng.nextGaussian(), a.y + dy * s + ny * side + j * rng.nextGaussian()))
        }
    }
}

/// Progress curves u ∈ [0, 1] → s ∈ [0, 1] that bots put on a path.
enum Easing: CaseIterable {
    case cubicInOut, quadOut, sineInOut, smoothstep, quintOut

    func apply(_ u: Double) -> Double {
        switch self {
        case .cubicInOut: u < 0.5 ? 4 * u * u * u : 1 - pow(-2 * u + 2, 3) / 2
        case .quadOut: 1 - (1 - u) * (1 - u)
        case .sineInOut: -(cos(Double.pi * u) - 1) / 2
        case .smoothstep: u * u * (3 - 2 * u)
        case .quintOut: 1 - pow(1 - u, 5)
        }
    }
}

extension SplitMix64 {
    /// A standard normal draw (Box–Muller).
    mutating func nextGaussian() -> Double {
        let u1 = max(nextUnit(), 1e-12)
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
