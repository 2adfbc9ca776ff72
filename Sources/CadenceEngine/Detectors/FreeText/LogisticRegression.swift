import Foundation

/// L2-regularised logistic regression on standardised inputs, fitted by Newton's method, with
/// both classes weighted equally however many samples each has.
///
/// Used to learn, on a population, how to combine several distances into one score; its output
/// is the log-odds of the positive class (an impostor), so higher = less likely genuine.
public struct LogisticRegression: Sendable, Hashable, Codable {
    public var means: [Double]
    public var scales: [Double]
    /// Weights of the standardised inputs.
    public var weights: [Double]
    public var intercept: Double

    /// Fits `P(positive | x)`. Both lists must be non-empty and of equal dimension.
    ///
    /// - Parameter ridge: L2 penalty on the weights of the standardised inputs, relative to the
    ///   (class-balanced) total sample weight of 1 per class.
    public static func fit(positives: [[Double]], negatives: [[Double]], ridge: Double = 1e-3) -> LogisticRegression {
        precondition(!positives.isEmpty && !negatives.isEmpty, "both classes need samples")
        let d = positives[0].count
        let all = positives + negatives
        var means = [Double](repeating: 0, count: d)
        var scales = [Double](repeating: 1, count: d)
        for j in 0..<d {
            let stats = TimingStatistics(all.map { $0[j] })
            means[j] = stats.mean
            scales[j] = stats.standardDeviation > 1e-12 ? stats.standardDeviation : 1
        }
        let rows = all.map { x in (0..<d).map { (x[$0] - means[$0]) / scales[$0] } + [1] }
        let labels = [Double](repeating: 1, count: positives.count) + [Double](repeating: 0, count: negatives.count)
        let sampleWeights =
            [Double](repeating: 1 / Double(positives.count), count: positives.count)
            + [Double](repeating: 1 / Double(negatives.count), count: negatives.count)
        var beta = [Double](repeating: 0, count: d + 1)
        for _ in 0..<30 {
            var gradient = [Double](repeating: 0, count: d + 1)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: d + 1), count: d + 1)
            for (r, row) in rows.enumerated() {
                var z = 0.0
                for j in 0...d { z += beta[j] * row[j] }
                let p = 1 / (1 + exp(-z))
                let w = sampleWeights[r]
                let g = w * (p - labels[r])
                let h = w * max(p * (1 - p), 1e-12)
                for j in 0...d {
                    gradient[j] += g * row[j]
                    let hj = h * row[j]
                    for k in j...d { hessian[j][k] += hj * row[k] }
                }
            }
            for j in 0..<d {
                gradient[j] += ridge * beta[j]
                hessian[j][j] += ridge
            }
            hessian[d][d] += 1e-9
            for j in 0...d { for k in 0..<j { hessian[j][k] = hessian[k][j] } }
            guard let step = solve(hessian, gradient) else { break }
            var change = 0.0
            for j in 0...d {
                beta[j] -= step[j]
                change += abs(step[j])
            }
            if change < 1e-9 { break }
        }
        return LogisticRegression(means: means, scales: scales, weights: Array(beta[0..<d]), intercept: beta[d])
    }

    public init(means: [Double], scales: [Double], weights: [Double], intercept: Double) {
        self.means = means
        self.scales = scales
        self.weights = weights
        self.intercept = intercept
    }

    /// Log-odds of the positive class.
    public func logit(_ x: [Double]) -> Double {
        var z = intercept
        for j in weights.indices { z += weights[j] * (x[j] - means[j]) / scales[j] }
        return z
    }

    /// Solves `a · x = b` by Gaussian elimination with partial pivoting; nil if singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a
        var v = b
        let n = v.count
        for col in 0..<n {
            var pivot = col
            for r in (col + 1)..<max(n, col + 1) where abs(m[r][col]) > abs(m[pivot][col]) { pivot = r }
            guard abs(m[pivot][col]) > 1e-300 else { return nil }
            m.swapAt(col, pivot)
            v.swapAt(col, pivot)
            for r in (col + 1)..<max(n, col + 1) {
                let f = m[r][col] / m[col][col]
                if f == 0 { continue }
                for c in col..<n { m[r][c] -= f * m[col][c] }
                v[r] -= f * v[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = v[r]
            for c in (r + 1)..<max(n, r + 1) { s -= m[r][c] * x[c] }
            x[r] = s / m[r][r]
        }
        return x
    }
}
