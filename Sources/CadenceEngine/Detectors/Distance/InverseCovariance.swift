/// The inverse covariance matrix that the Mahalanobis detectors use, safe when there are fewer
/// training samples than features.
///
/// With more samples than features and a well-conditioned sample covariance S (divisor n − 1),
/// this is exactly S⁻¹, as in Killourhy & Maxion 2009. Otherwise S is singular or nearly so
/// (keystroke-challenge trains on 4 samples of 37 features) and the estimate is shrunk towards its
/// diagonal, `S* = (1 − λ) S + λ diag(S)`, with the shrinkage intensity λ estimated from the data
/// (Schäfer & Strimmer 2005, target "D": correlations shrunk towards zero), then inverted; a
/// feature that never varied gets the smallest positive variance. No per-data-set tuning.
struct InverseCovariance: Sendable {
    /// Row-major `d × d` matrix, in 1/(feature unit)² (1/ms² for timing vectors).
    let matrix: [Double]
    let dimension: Int
    /// Shrinkage intensity used, 0 when the plain inverse was possible.
    let shrinkage: Double

    init(samples: [FeatureVector], mean: FeatureVector) {
        let n = samples.count
        let d = mean.count
        dimension = d
        var centred = samples.map { s in (0..<d).map { s[$0] - mean[$0] } }
        var covariance = [Double](repeating: 0, count: d * d)
        let divisor = Double(max(n - 1, 1))
        for x in centred {
            for i in 0..<d {
                let xi = x[i]
                if xi == 0 { continue }
                for j in i..<d { covariance[i * d + j] += xi * x[j] }
            }
        }
        for i in 0..<d {
            for j in i..<d {
                covariance[i * d + j] /= divisor
                covariance[j * d + i] = covariance[i * d + j]
            }
        }
        if n > d {
            let eigen = SymmetricEigen(covariance, dimension: d)
            let largest = eigen.values.max() ?? 0
            let smallest = eigen.values.min() ?? 0
            if largest > 0 && smallest > 1e-10 * largest {
                matrix = eigen.reassembled { 1 / $0 }
                shrinkage = 0
                return
            }
        }
        // Shrink correlations towards zero (Schäfer & Strimmer 2005, target D).
        let variances = (0..<d).map { covariance[$0 * d + $0] }
        let floor = variances.filter { $0 > 0 }.min() ?? 1
        let sd = variances.map { ($0 > 0 ? $0 : floor).squareRoot() }
        for k in centred.indices {
            for j in 0..<d { centred[k][j] /= sd[j] }
        }
        var numerator = 0.0
        var denominator = 0.0
        let nd = Double(n)
        if n > 1 {
            for i in 0..<d {
                for j in (i + 1)..<max(d, i + 1) {
                    var wMean = 0.0
                    for x in centred { wMean += x[i] * x[j] }
                    wMean /= nd
                    var wVar = 0.0
                    for x in centred {
                        let w = x[i] * x[j] - wMean
                        wVar += w * w
                    }
                    let r = nd / (nd - 1) * wMean
                    numerator += nd / ((nd - 1) * (nd - 1) * (nd - 1)) * wVar
                    denominator += r * r
                }
            }
        }
        let lambda = denominator > 0 ? min(max(numerator / denominator, 0), 1) : 1
        shrinkage = lambda
        var shrunk = covariance
        for i in 0..<d {
            for j in 0..<d {
                shrunk[i * d + j] = i == j ? sd[i] * sd[i] : (1 - lambda) * covariance[i * d + j]
            }
        }
        let eigen = SymmetricEigen(shrunk, dimension: d)
        let largest = eigen.values.max() ?? 1
        matrix = eigen.reassembled { $0 > 1e-12 * largest ? 1 / $0 : 0 }
    }

    /// The quadratic form `δᵀ M δ`: the squared Mahalanobis distance of a deviation δ.
    func quadraticForm(_ delta: FeatureVector) -> Double {
        let d = dimension
        var sum = 0.0
        for i in 0..<d {
            let di = delta[i]
            if di == 0 { continue }
            var row = 0.0
            for j in 0..<d { row += matrix[i * d + j] * delta[j] }
            sum += di * row
        }
        return sum
    }
}
