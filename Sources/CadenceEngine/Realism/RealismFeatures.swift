import Foundation

/// Features of one pointer stroke that tell a person's movement from a synthetic one, whoever
/// the person is (population level, not identity).
///
/// Mostly shape and dimensionless: the speed profile (sub-movement peaks, where the peak falls,
/// its skew; Meyer et al. 1988 on sub-movements, Flash & Hogan 1985 on minimum jerk), normalised
/// jerk (Hogan & Sternad 2009), turning and its sign changes, overshoot and the corrective end
/// phase, straightness, pauses inside the stroke, and step and interval regularity. The speed
/// profile is computed on the path resampled every 10 ms (linear interpolation in time) and
/// smoothed over 50 ms, so the source's sampling rate and its bursts of equal timestamps (the
/// Balabit remote-desktop recording) weigh less. Strokes with fewer than 4 distinct timestamps,
/// under 80 ms or under 20 px of end-to-end distance give nil.
public enum RealismFeatures {
    public static let names: [String] = [
        "log_distance",  // log(1 + end-to-end px)
        "log_duration",  // log(1 + ms)
        "straightness",  // end-to-end / travelled
        "deviation_ratio",  // farthest px from the end-to-end line / end-to-end
        "speed_peaks",  // local maxima of smoothed speed above 20% of the peak, separated by a dip
        "peak_time_fraction",  // time of peak speed / duration
        "speed_centroid",  // speed-weighted mean time / duration
        "speed_skewness",  // third standardised moment of the speed profile over time
        "peak_to_mean_speed",
        "log_normalised_jerk",  // log(∫|jerk|² dt · T⁵ / L²)
        "mean_abs_turn",  // rad per moving step (steps of at least 1 px)
        "sd_turn",
        "sharp_turn_share",  // steps turning more than 45°
        "turn_sign_changes",  // share of consecutive turns (above 0.05 rad) changing sign
        "overshoot",  // farthest progress beyond the target along the start–end axis / end-to-end
        "end_path_share",  // path travelled after first reaching 90% of the way / travelled
        "end_time_share",  // time after first reaching 90% of the way / duration
        "pause_share",  // time in gaps over 50 ms / duration
        "longest_gap_share",  // longest gap / duration
        "interval_cv",  // coefficient of variation of the intervals between distinct timestamps
        "step_cv",  // coefficient of variation of step lengths
        "speed_roughness",  // mean |Δ speed| between raw steps / mean raw speed
        "small_step_share",  // steps of at most 1.5 px
        "mid_stops",  // dips of smoothed speed below 10% of the peak between 10% and 90% of the time
        "action_kind",  // 0 MM, 1 PC, 2 DD
        "median_curvature",  // median |turn| / step length (rad per px)
    ]

    public static var count: Int { names.count }

    /// The features of one action, or nil when it is too short to judge.
    public static func extract(from action: PointerAction) -> FeatureVector? {
        let p = PointerFeatures.mergedPoints(action.points)
        guard p.count >= 4, let first = p.first, let last = p.last else { return nil }
        let duration = last.t - first.t
        let ex = last.x - first.x
        let ey = last.y - first.y
        let distance = (ex * ex + ey * ey).squareRoot()
        guard duration >= 80, distance >= 20 else { return nil }
        var f = [Double](repeating: 0, count: count)
        // Raw steps.
        var travelled = 0.0
        var lengths: [Double] = []
        var intervals: [Double] = []
        var speeds: [Double] = []
        var deviation = 0.0
        var overshoot = 0.0
        var reached: Int?
        for i in 1..<p.count {
            let dx = p[i].x - p[i - 1].x
            let dy = p[i].y - p[i - 1].y
            let ds = (dx * dx + dy * dy).squareRoot()
            let dt = p[i].t - p[i - 1].t
            travelled += ds
            lengths.append(ds)
            intervals.append(dt)
            speeds.append(ds / dt)
            let rx = p[i].x - first.x
            let ry = p[i].y - first.y
            deviation = max(deviation, abs(ex * ry - ey * rx) / distance)
            let progress = (ex * rx + ey * ry) / (distance * distance)
            overshoot = max(overshoot, progress - 1)
            if reached == nil && progress >= 0.9 { reached = i }
        }
        f[0] = log(1 + distance)
        f[1] = log(1 + duration)
        f[2] = travelled > 0 ? distance / travelled : 1
        f[3] = deviation / distance
        f[14] = overshoot
        if let r = reached {
            f[15] = travelled > 0 ? lengths[r...].dropFirst().reduce(0, +) / travelled : 0
            f[16] = (last.t - p[r].t) / duration
        }
        f[17] = intervals.filter { $0 > 50 }.reduce(0, +) / duration
        f[18] = (intervals.max() ?? 0) / duration
        f[19] = coefficientOfVariation(intervals)
        f[20] = coefficientOfVariation(lengths)
        let meanSpeed = speeds.reduce(0, +) / Double(speeds.count)
        if speeds.count > 1, meanSpeed > 0 {
            var rough = 0.0
            for i in 1..<speeds.count { rough += abs(speeds[i] - speeds[i - 1]) }
            f[21] = rough / Double(speeds.count - 1) / meanSpeed
        }
        f[22] = Double(lengths.filter { $0 <= 1.5 }.count) / Double(lengths.count)
        f[24] = Double(action.kind.rawValue)
        // Turning over moving steps.
        var turns: [Double] = []
        var curvatures: [Double] = []
        var previous: Double?
        for i in 1..<p.count where lengths[i - 1] >= 1 {
            let theta = atan2(p[i].y - p[i - 1].y, p[i].x - p[i - 1].x)
            if let before = previous {
                let turn = PointerFeatures.wrapped(theta - before)
                turns.append(turn)
                curvatures.append(abs(turn) / lengths[i - 1])
            }
            previous = theta
        }
        if !turns.isEmpty {
            let absolute = turns.map(abs)
            f[10] = absolute.reduce(0, +) / Double(turns.count)
            f[11] = standardDeviation(turns)
            f[12] = Double(absolute.filter { $0 > Double.pi / 4 }.count) / Double(turns.count)
            let signed = turns.filter { abs($0) > 0.05 }
            if signed.count > 1 {
                var changes = 0
                for i in 1..<signed.count where (signed[i] > 0) != (signed[i - 1] > 0) { changes += 1 }
                f[13] = Double(changes) / Double(signed.count - 1)
            }
            f[25] = curvatures.sorted()[curvatures.count / 2]
        }
        // Resampled, smoothed profile.
        let grid = resampled(p, step: 10)
        let xs = smoothed(grid.map(\.x), window: 5)
        let ys = smoothed(grid.map(\.y), window: 5)
        guard xs.count >= 5 else { return f }
        let h = 0.01  // seconds per grid step
        var v: [Double] = []
        var vx: [Double] = []
        var vy: [Double] = []
        for i in 1..<xs.count {
            vx.append((xs[i] - xs[i - 1]) / h)
            vy.append((ys[i] - ys[i - 1]) / h)
            v.append((vx[i - 1] * vx[i - 1] + vy[i - 1] * vy[i - 1]).squareRoot())
        }
        let peak = v.max() ?? 0
        guard peak > 0 else { return f }
        let peakIndex = v.firstIndex(of: peak) ?? 0
        let n = Double(v.count)
        f[5] = (Double(peakIndex) + 0.5) / n
        let vSum = v.reduce(0, +)
        var centroid = 0.0
        for (i, s) in v.enumerated() { centroid += (Double(i) + 0.5) / n * s }
        centroid /= vSum
        var m2 = 0.0
        var m3 = 0.0
        for (i, s) in v.enumerated() {
            let d = (Double(i) + 0.5) / n - centroid
            m2 += s * d * d
            m3 += s * d * d * d
        }
        m2 /= vSum
        m3 /= vSum
        f[6] = centroid
        f[7] = m2 > 0 ? m3 / pow(m2, 1.5) : 0
        f[8] = peak / (vSum / n)
        f[4] = Double(peaks(v, peak: peak))
        var stops = 0
        var below = false
        for i in 0..<v.count {
            let u = (Double(i) + 0.5) / n
            let low = v[i] < 0.1 * peak
            if u > 0.1 && u < 0.9 && low && !below { stops += 1 }
            below = low
        }
        f[23] = Double(stops)
        var jerkSquared = 0.0
        if vx.count >= 3 {
            for i in 2..<vx.count {
                let jx = (vx[i] - 2 * vx[i - 1] + vx[i - 2]) / (h * h)
                let jy = (vy[i] - 2 * vy[i - 1] + vy[i - 2]) / (h * h)
                jerkSquared += (jx * jx + jy * jy) * h
            }
        }
        let seconds = duration / 1000
        let smoothLength = max(v.reduce(0, +) * h, 1)
        f[9] = log(1 + jerkSquared * pow(seconds, 5) / (smoothLength * smoothLength))
        return f
    }

    /// Counts local maxima above 20% of `peak` that are separated from the previous counted one
    /// by a dip below 70% of the smaller of the two.
    static func peaks(_ v: [Double], peak: Double) -> Int {
        var count = 0
        var lastPeak: Double?
        var dip = Double.infinity
        for i in 0..<v.count {
            let left = i > 0 ? v[i - 1] : -1
            let right = i + 1 < v.count ? v[i + 1] : -1
            dip = min(dip, v[i])
            guard v[i] >= left, v[i] > right, v[i] >= 0.2 * peak else { continue }
            if let previous = lastPeak {
                if dip < 0.7 * min(previous, v[i]) {
                    count += 1
                    lastPeak = v[i]
                } else {
                    lastPeak = max(previous, v[i])
                }
            } else {
                count = 1
                lastPeak = v[i]
            }
            dip = Double.infinity
        }
        return count
    }

    /// Positions every `step` ms from the first point to the last, by linear interpolation.
    static func resampled(_ p: [PointerAction.Point], step: Double) -> [(x: Double, y: Double)] {
        guard let first = p.first, let last = p.last, last.t > first.t else { return [] }
        var out: [(x: Double, y: Double)] = []
        var j = 1
        var t = first.t
        while t <= last.t {
            while j < p.count - 1 && p[j].t < t { j += 1 }
            let a = p[j - 1]
            let b = p[j]
            let f = b.t > a.t ? min(max((t - a.t) / (b.t - a.t), 0), 1) : 1
            out.append((a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)))
            t += step
        }
        return out
    }

    /// Centred moving average over `window` samples (shorter at the ends).
    static func smoothed(_ values: [Double], window: Int) -> [Double] {
        let half = window / 2
        return values.indices.map { i in
            let lo = max(0, i - half)
            let hi = min(values.count - 1, i + half)
            var sum = 0.0
            for k in lo...hi { sum += values[k] }
            return sum / Double(hi - lo + 1)
        }
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        var squares = 0.0
        for x in values { squares += (x - mean) * (x - mean) }
        return (squares / Double(values.count)).squareRoot()
    }

    static func coefficientOfVariation(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return mean > 0 ? standardDeviation(values) / mean : 0
    }
}
