/// Per-feature statistics of a set of training vectors, as the Killourhy & Maxion 2009
/// detectors use them.
///
/// Units are those of the features (milliseconds for timing vectors).
struct TrainingStatistics: Sendable {
    /// Mean of each feature.
    let mean: FeatureVector
    /// Mean absolute deviation of each feature from its mean, `(1/n) Σ |xᵢ − x̄|`.
    let meanAbsoluteDeviation: FeatureVector
    /// Sample standard deviation of each feature (n − 1 in the denominator; 0 when n = 1).
    let standardDeviation: FeatureVector

    init(_ samples: [FeatureVector]) {
        let n = Double(samples.count)
        let d = samples.first?.count ?? 0
        var mean = FeatureVector(repeating: 0, count: d)
        for s in samples {
            for j in 0..<d { mean[j] += s[j] }
        }
        for j in 0..<d { mean[j] /= n }
        var mad = FeatureVector(repeating: 0, count: d)
        var variance = FeatureVector(repeating: 0, count: d)
        for s in samples {
            for j in 0..<d {
                let delta = s[j] - mean[j]
                mad[j] += abs(delta)
                variance[j] += delta * delta
            }
        }
        self.mean = mean
        self.meanAbsoluteDeviation = mad.map { $0 / n }
        self.standardDeviation = variance.map { samples.count > 1 ? ($0 / (n - 1)).squareRoot() : 0 }
    }

    /// Validates training input shared by every detector: at least one sample, equal lengths,
    /// finite values.
    static func validate(_ samples: [FeatureVector], detector: String) throws(DetectorError) {
        guard let first = samples.first else {
            throw DetectorError(detector: detector, reason: "no genuine training samples")
        }
        guard !first.isEmpty else { throw DetectorError(detector: detector, reason: "empty feature vectors") }
        for (i, s) in samples.enumerated() {
            guard s.count == first.count else {
                throw DetectorError(
                    detector: detector, reason: "training sample \(i) has \(s.count) features, expected \(first.count)")
            }
            guard s.allSatisfy(\.isFinite) else {
                throw DetectorError(detector: detector, reason: "training sample \(i) has a non-finite feature")
            }
        }
    }

    /// Replaces zero scales by the smallest positive scale (or 1 when all are zero), so that a
    /// feature that never varied in training cannot divide by zero.
    static func positiveScales(_ scales: FeatureVector) -> FeatureVector {
        let floor = scales.filter { $0 > 0 }.min() ?? 1
        return scales.map { $0 > 0 ? $0 : floor }
    }
}

/// Vector helpers for the distance detectors.
enum FeatureVectorDistance {
    static func euclideanNorm(_ x: FeatureVector) -> Double {
        x.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    static func squaredEuclidean(_ x: FeatureVector, _ y: FeatureVector) -> Double {
        var sum = 0.0
        for j in x.indices {
            let d = x[j] - y[j]
            sum += d * d
        }
        return sum
    }

    static func manhattan(_ x: FeatureVector, _ y: FeatureVector) -> Double {
        var sum = 0.0
        for j in x.indices { sum += abs(x[j] - y[j]) }
        return sum
    }
}
