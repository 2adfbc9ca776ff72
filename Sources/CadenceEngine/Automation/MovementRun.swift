/// Statistics of one run of pointer moves (consecutive moves less than 100 ms apart), used to spot
/// synthetic paths: perfectly straight with constant steps, or perfectly smooth, at constant intervals.
struct MovementRun: Sendable, Codable, Hashable {
    var steps = 0
    var sumX = 0.0
    var sumY = 0.0
    var pathLength = 0.0
    var stepLengths = RunningStatistics()
    var intervals = RunningStatistics()
    var jerk = 0.0
    var lastStepX = 0.0
    var lastStepY = 0.0
    var lastAccelerationX = 0.0
    var lastAccelerationY = 0.0

    mutating func add(stepX: Double, stepY: Double, interval: Double) {
        let length = (stepX * stepX + stepY * stepY).squareRoot()
        if steps >= 1 {
            let ax = stepX - lastStepX
            let ay = stepY - lastStepY
            if steps >= 2 {
                let jx = ax - lastAccelerationX
                let jy = ay - lastAccelerationY
                jerk += (jx * jx + jy * jy).squareRoot()
            }
            lastAccelerationX = ax
            lastAccelerationY = ay
        }
        lastStepX = stepX
        lastStepY = stepY
        steps += 1
        sumX += stepX
        sumY += stepY
        pathLength += length
        stepLengths.add(length)
        intervals.add(interval)
    }

    /// Net distance over path length, 0...1 (1 = a straight line).
    var straightness: Double {
        pathLength > 0 ? (sumX * sumX + sumY * sumY).squareRoot() / pathLength : 0
    }

    /// Mean jerk magnitude per step over mean step length.
    var jerkRatio: Double {
        guard steps > 2, stepLengths.mean > 0 else { return .infinity }
        return jerk / Double(steps - 2) / stepLengths.mean
    }

    enum Judgement { case tooShort, natural, linear, smooth }

    func judge(_ thresholds: AutomationThresholds) -> Judgement {
        guard steps >= thresholds.minimumRunLength else { return .tooShort }
        // Mean step of at least 2 px: a pointer creeping pixel by pixel is not judged.
        guard stepLengths.mean >= 2 else { return .natural }
        let regularIntervals = intervals.coefficientOfVariation < thresholds.linearVariation
        guard regularIntervals else { return .natural }
        if straightness >= thresholds.linearStraightness
            && stepLengths.coefficientOfVariation < thresholds.linearVariation
        {
            return .linear
        }
        if jerkRatio < thresholds.smoothJerkRatio { return .smooth }
        return .natural
    }
}
