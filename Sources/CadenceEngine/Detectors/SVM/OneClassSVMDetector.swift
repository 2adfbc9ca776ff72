import Foundation

/// One-class SVM detector of Killourhy & Maxion 2009 (after Yu & Cho 2003): Schölkopf et al.'s
/// ν-one-class SVM with an RBF kernel.
///
/// Training: features are standardised with the genuine samples' mean and standard deviation (as
/// R's e1071 `svm` does by default), then the dual problem `min ½ αᵀQα` subject to `0 ≤ αᵢ ≤ 1`,
/// `Σ αᵢ = ν n` is solved by SMO with maximal-violating-pair selection (Fan, Chen & Lin 2005, as
/// in LIBSVM), kernel `K(x, y) = exp(−γ ‖x − y‖²)` with γ = 1/d and ν = 0.5 by default. Score:
/// `ρ − Σ αᵢ K(xᵢ, x)`, the negated decision value (unitless; positive outside the learnt region).
public struct OneClassSVMDetector: Detector {
    public let name = "svm-one-class"

    /// Upper bound on the fraction of training outliers and lower bound on support vectors, (0, 1].
    public var nu: Double
    /// RBF width; `nil` means 1 / number of features.
    public var gamma: Double?

    public init(nu: Double = 0.5, gamma: Double? = nil) {
        self.nu = nu
        self.gamma = gamma
    }

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        guard nu > 0 && nu <= 1 else { throw DetectorError(detector: name, reason: "nu must be in (0, 1]") }
        let stats = TrainingStatistics(genuine)
        let scale = TrainingStatistics.positiveScales(stats.standardDeviation)
        let standardise = Standardisation(mean: stats.mean, scale: scale)
        let x = genuine.map(standardise.apply)
        let g = gamma ?? 1 / Double(stats.mean.count)
        let n = x.count
        var q = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                let k = exp(-g * FeatureVectorDistance.squaredEuclidean(x[i], x[j]))
                q[i * n + j] = k
                q[j * n + i] = k
            }
        }
        // Feasible start as in LIBSVM: the first ⌊νn⌋ multipliers at 1, one fractional.
        var alpha = [Double](repeating: 0, count: n)
        let total = nu * Double(n)
        let whole = min(Int(total), n)
        for i in 0..<whole { alpha[i] = 1 }
        if whole < n { alpha[whole] = total - Double(whole) }
        var gradient = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + q[i * n + $1] * alpha[$1] } }
        let tolerance = 1e-6
        for _ in 0..<(100_000) {
            var i = -1
            var j = -1
            var gMin = Double.infinity  // smallest gradient among αᵢ < 1: may grow
            var gMax = -Double.infinity  // largest gradient among αⱼ > 0: may shrink
            for t in 0..<n {
                if alpha[t] < 1 && gradient[t] < gMin {
                    gMin = gradient[t]
                    i = t
                }
                if alpha[t] > 0 && gradient[t] > gMax {
                    gMax = gradient[t]
                    j = t
                }
            }
            guard i >= 0, j >= 0, gMax - gMin > tolerance else { break }
            let curvature = max(q[i * n + i] + q[j * n + j] - 2 * q[i * n + j], 1e-12)
            var step = (gMax - gMin) / curvature
            step = min(step, 1 - alpha[i], alpha[j])
            alpha[i] += step
            alpha[j] -= step
            for t in 0..<n { gradient[t] += step * (q[t * n + i] - q[t * n + j]) }
        }
        // ρ: mean gradient over free multipliers, else the middle of the feasible interval.
        var free = 0.0
        var freeCount = 0
        var upper = Double.infinity
        var lower = -Double.infinity
        for t in 0..<n {
            if alpha[t] >= 1 - 1e-12 {
                lower = max(lower, gradient[t])
            } else if alpha[t] <= 1e-12 {
                upper = min(upper, gradient[t])
            } else {
                free += gradient[t]
                freeCount += 1
            }
        }
        let rho =
            freeCount > 0 ? free / Double(freeCount) : (upper.isFinite && lower.isFinite ? (upper + lower) / 2 : 0)
        var supportVectors: [FeatureVector] = []
        var coefficients: [Double] = []
        for t in 0..<n where alpha[t] > 1e-12 {
            supportVectors.append(x[t])
            coefficients.append(alpha[t])
        }
        return Model(
            standardise: standardise, supportVectors: supportVectors, coefficients: coefficients, rho: rho, gamma: g)
    }

    struct Model: DetectorModel {
        let standardise: Standardisation
        let supportVectors: [FeatureVector]
        let coefficients: [Double]
        let rho: Double
        let gamma: Double

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == standardise.mean.count else { return .infinity }
            let z = standardise.apply(sample)
            var decision = 0.0
            for (sv, a) in zip(supportVectors, coefficients) {
                decision += a * exp(-gamma * FeatureVectorDistance.squaredEuclidean(z, sv))
            }
            return rho - decision
        }
    }
}

extension OneClassSVMDetector {
    /// Feature-wise `(x − mean) / scale`.
    struct Standardisation: Sendable {
        let mean: FeatureVector
        let scale: FeatureVector

        func apply(_ x: FeatureVector) -> FeatureVector {
            (0..<mean.count).map { (x[$0] - mean[$0]) / scale[$0] }
        }
    }
}
