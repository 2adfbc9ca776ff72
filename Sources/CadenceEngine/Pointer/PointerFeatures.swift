import Foundation

/// Per-action pointer features: kinematics and shape of one ``PointerAction``.
///
/// The set follows Antal & Egyed-Zsigmond 2019 (*Intrusion detection using mouse dynamics*, IET
/// Biometrics; 39 features per action, after Feher et al. 2012) and Ahmed & Traore 2007 (*A new
/// biometric technique based on mouse dynamics*, IEEE TDSC: travelled distance, elapsed time,
/// direction, action type, speed profile). Units: pixels, milliseconds for times, and per-second
/// rates for derivatives (px/s, px/s², px/s³, rad/s). Points with the same timestamp as the one
/// before are merged (the later position kept), since a zero time step has no velocity.
/// Statistics of an empty series are 0; the standard deviation is the population one.
public enum PointerFeatures {
    /// Curvature above which a point counts as critical (radians per pixel); our choice.
    public static let criticalCurvature = 0.3

    /// Feature names, in vector order.
    public static let names: [String] = {
        var names = [
            "action_type",  // 0 MM, 1 PC, 2 DD (Antal 2019)
            "travelled_distance",  // px, sum of segment lengths (Ahmed & Traore 2007; Antal 2019)
            "duration",  // ms, first to last point (Ahmed & Traore 2007 "elapsed time")
            "direction",  // 0...7, 45° sector of the first-to-last vector (Ahmed & Traore 2007)
            "angle",  // rad in [0, 2π), first-to-last vector (continuous form of the direction)
            "straightness",  // end-to-end / travelled, in [0, 1] (Antal 2019)
            "point_count",  // points after merging equal timestamps (Antal 2019 "num_points")
            "total_turning",  // rad, Σ|Δθ| (Antal 2019 "sum_of_angles", absolute)
            "largest_deviation",  // px, farthest point from the end-to-end line (Antal 2019)
            "end_to_end_distance",  // px (Antal 2019 "dist_end_to_end_line")
            "critical_points",  // count of points with |curvature| > criticalCurvature (Antal 2019)
            "time_to_max_velocity",  // ms from start to the fastest segment (Ahmed & Traore 2007)
            "initial_acceleration_time",  // ms of accelerating at the start (Antal 2019 "a_beg_time")
            "hold_time",  // ms press to release; 0 for MM
            "final_dwell",  // ms since the position last changed (pause before a click)
        ]
        for series in ["vx", "vy", "velocity", "acceleration", "jerk", "angular_velocity", "curvature"] {
            for stat in ["mean", "sd", "min", "max"] { names.append("\(series)_\(stat)") }
        }
        return names
    }()

    /// Number of features.
    public static var count: Int { names.count }

    /// The features of one action, in the order of ``names``.
    public static func extract(from action: PointerAction) -> FeatureVector {
        let p = mergedPoints(action.points)
        var f = [Double](repeating: 0, count: count)
        f[0] = Double(action.kind.rawValue)
        f[13] = action.holdTime ?? 0
        f[6] = Double(p.count)
        guard p.count >= 2, let first = p.first, let last = p.last else {
            return f
        }
        let n = p.count
        var vx: [Double] = [], vy: [Double] = [], v: [Double] = [], dtSeconds: [Double] = []
        var lengths: [Double] = []
        vx.reserveCapacity(n - 1)
        vy.reserveCapacity(n - 1)
        v.reserveCapacity(n - 1)
        dtSeconds.reserveCapacity(n - 1)
        lengths.reserveCapacity(n - 1)
        var travelled = 0.0
        var fastest = 0
        for i in 1..<n {
            let dt = (p[i].t - p[i - 1].t) / 1000
            let dx = p[i].x - p[i - 1].x
            let dy = p[i].y - p[i - 1].y
            let ds = (dx * dx + dy * dy).squareRoot()
            travelled += ds
            dtSeconds.append(dt)
            lengths.append(ds)
            vx.append(dx / dt)
            vy.append(dy / dt)
            v.append(ds / dt)
            if v[v.count - 1] > v[fastest] { fastest = v.count - 1 }
        }
        var a: [Double] = []
        a.reserveCapacity(max(n - 2, 0))
        for i in 1..<v.count { a.append((v[i] - v[i - 1]) / dtSeconds[i]) }
        var jerk: [Double] = []
        jerk.reserveCapacity(max(n - 3, 0))
        if a.count > 1 { for i in 1..<a.count { jerk.append((a[i] - a[i - 1]) / dtSeconds[i + 1]) } }
        // Direction of each segment that moves, and its change between consecutive moving segments.
        var omega: [Double] = []
        var curvature: [Double] = []
        var turning = 0.0
        var critical = 0
        var previousAngle: Double?
        for i in 0..<lengths.count where lengths[i] > 0 {
            let theta = atan2(p[i + 1].y - p[i].y, p[i + 1].x - p[i].x)
            if let previous = previousAngle {
                let dTheta = wrapped(theta - previous)
                turning += abs(dTheta)
                omega.append(dTheta / dtSeconds[i])
                let c = dTheta / lengths[i]
                curvature.append(c)
                if abs(c) > criticalCurvature { critical += 1 }
            }
            previousAngle = theta
        }
        let ex = last.x - first.x
        let ey = last.y - first.y
        let endToEnd = (ex * ex + ey * ey).squareRoot()
        var deviation = 0.0
        if endToEnd > 0 {
            for q in p {
                deviation = max(deviation, abs(ex * (q.y - first.y) - ey * (q.x - first.x)) / endToEnd)
            }
        } else {
            for q in p {
                deviation = max(
                    deviation, ((q.x - first.x) * (q.x - first.x) + (q.y - first.y) * (q.y - first.y)).squareRoot())
            }
        }
        var angle = atan2(ey, ex)
        if angle < 0 { angle += 2 * Double.pi }
        var initialAcceleration = 0.0
        for i in 0..<a.count {
            if a[i] <= 0 { break }
            initialAcceleration = p[i + 2].t - first.t
        }
        var dwell = 0.0
        for i in stride(from: n - 2, through: 0, by: -1) where p[i].x != last.x || p[i].y != last.y {
            dwell = last.t - p[i + 1].t
            break
        }
        f[1] = travelled
        f[2] = last.t - first.t
        f[3] = endToEnd > 0 ? Double(min(Int(angle / (Double.pi / 4)), 7)) : 0
        f[4] = endToEnd > 0 ? angle : 0
        f[5] = travelled > 0 ? endToEnd / travelled : 1
        f[7] = turning
        f[8] = deviation
        f[9] = endToEnd
        f[10] = Double(critical)
        f[11] = p[fastest + 1].t - first.t
        f[12] = initialAcceleration
        f[14] = dwell
        var k = 15
        for series in [vx, vy, v, a, jerk, omega, curvature] {
            let s = SeriesStatistics(series)
            f[k] = s.mean
            f[k + 1] = s.standardDeviation
            f[k + 2] = s.minimum
            f[k + 3] = s.maximum
            k += 4
        }
        return f
    }

    /// Points with strictly increasing timestamps: a point with a timestamp not after the one
    /// before replaces it.
    static func mergedPoints(_ points: [PointerAction.Point]) -> [PointerAction.Point] {
        var out: [PointerAction.Point] = []
        out.reserveCapacity(points.count)
        for q in points {
            if let last = out.last, q.t <= last.t {
                out[out.count - 1] = PointerAction.Point(t: last.t, x: q.x, y: q.y)
            } else {
                out.append(q)
            }
        }
        return out
    }

    /// An angle difference wrapped into (-π, π].
    static func wrapped(_ angle: Double) -> Double {
        var d = angle
        while d > Double.pi { d -= 2 * Double.pi }
        while d <= -Double.pi { d += 2 * Double.pi }
        return d
    }
}

/// Mean, population standard deviation, minimum and maximum of a series; all 0 when empty.
struct SeriesStatistics {
    var mean = 0.0
    var standardDeviation = 0.0
    var minimum = 0.0
    var maximum = 0.0

    init(_ values: [Double]) {
        guard let first = values.first else { return }
        var sum = 0.0
        var lo = first
        var hi = first
        for x in values {
            sum += x
            lo = min(lo, x)
            hi = max(hi, x)
        }
        let m = sum / Double(values.count)
        var squares = 0.0
        for x in values { squares += (x - m) * (x - m) }
        mean = m
        standardDeviation = (squares / Double(values.count)).squareRoot()
        minimum = lo
        maximum = hi
    }
}
