/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan,
/// Matrix Computations, §8.5).
///
/// Matrices are row-major `d × d` arrays. Accurate to rounding for the tens of dimensions of
/// keystroke timing vectors; cost O(d³) per sweep, a handful of sweeps.
struct SymmetricEigen: Sendable {
    /// Eigenvalues, in no particular order.
    let values: [Double]
    /// Eigenvectors as columns of a row-major `d × d` matrix: vector k is `vectors[i * d + k]`.
    let vectors: [Double]
    let dimension: Int

    init(_ matrix: [Double], dimension d: Int) {
        var a = matrix
        var v = [Double](repeating: 0, count: d * d)
        for i in 0..<d { v[i * d + i] = 1 }
        for _ in 0..<100 {
            var offDiagonal = 0.0
            var diagonal = 0.0
            for p in 0..<d {
                diagonal += a[p * d + p] * a[p * d + p]
                for q in (p + 1)..<max(d, p + 1) { offDiagonal += a[p * d + q] * a[p * d + q] }
            }
            if offDiagonal <= 1e-30 * max(diagonal, 1e-300) { break }
            for p in 0..<d {
                for q in (p + 1)..<max(d, p + 1) {
                    let apq = a[p * d + q]
                    if apq == 0 { continue }
                    let theta = (a[q * d + q] - a[p * d + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<d {
                        let akp = a[k * d + p]
                        let akq = a[k * d + q]
                        a[k * d + p] = c * akp - s * akq
                        a[k * d + q] = s * akp + c * akq
                    }
                    for k in 0..<d {
                        let apk = a[p * d + k]
                        let aqk = a[q * d + k]
                        a[p * d + k] = c * apk - s * aqk
                        a[q * d + k] = s * apk + c * aqk
                    }
                    for k in 0..<d {
                        let vkp = v[k * d + p]
                        let vkq = v[k * d + q]
                        v[k * d + p] = c * vkp - s * vkq
                        v[k * d + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        values = (0..<d).map { a[$0 * d + $0] }
        vectors = v
        dimension = d
    }

    /// `V f(Λ) Vᵀ` for the eigenvalue map `f`, row-major.
    func reassembled(_ f: (Double) -> Double) -> [Double] {
        let d = dimension
        let mapped = values.map(f)
        var result = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in i..<d {
                var sum = 0.0
                for k in 0..<d { sum += vectors[i * d + k] * mapped[k] * vectors[j * d + k] }
                result[i * d + j] = sum
                result[j * d + i] = sum
            }
        }
        return result
    }
}
