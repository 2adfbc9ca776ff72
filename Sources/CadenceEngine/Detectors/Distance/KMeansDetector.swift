/// k-means detector of Killourhy & Maxion 2009 (after Kang, Hwang & Cho 2007).
///
/// Training: k-means clustering (Lloyd's algorithm, k = 3 in K&M) of the genuine samples, seeded
/// deterministically by k-means++ with a fixed random seed so results are reproducible. Score:
/// the Euclidean distance from the test vector to the nearest cluster centroid (ms for timing
/// vectors). With fewer than k samples, each sample is its own centroid.
public struct KMeansDetector: Detector {
    public let name = "k-means"

    public var clusters: Int
    public var seed: UInt64

    public init(clusters: Int = 3, seed: UInt64 = 0x4B4D) {
        self.clusters = clusters
        self.seed = seed
    }

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel {
        try TrainingStatistics.validate(genuine, detector: name)
        let k = min(max(clusters, 1), genuine.count)
        var random = SplitMix64(seed: seed)
        // k-means++ seeding (Arthur & Vassilvitskii 2007).
        var centroids = [genuine[Int(random.next() % UInt64(genuine.count))]]
        while centroids.count < k {
            let weights = genuine.map { x in centroids.map { FeatureVectorDistance.squaredEuclidean(x, $0) }.min()! }
            let total = weights.reduce(0, +)
            guard total > 0 else { break }
            var target = random.nextUnit() * total
            var chosen = genuine.count - 1
            for (i, w) in weights.enumerated() {
                target -= w
                if target < 0 {
                    chosen = i
                    break
                }
            }
            centroids.append(genuine[chosen])
        }
        let d = genuine[0].count
        for _ in 0..<100 {
            let assignment = genuine.map { x in
                centroids.indices.min {
                    FeatureVectorDistance.squaredEuclidean(x, centroids[$0])
                        < FeatureVectorDistance.squaredEuclidean(x, centroids[$1])
                }!
            }
            var sums = [FeatureVector](repeating: FeatureVector(repeating: 0, count: d), count: centroids.count)
            var counts = [Int](repeating: 0, count: centroids.count)
            for (x, c) in zip(genuine, assignment) {
                counts[c] += 1
                for j in 0..<d { sums[c][j] += x[j] }
            }
            var next = centroids
            for c in centroids.indices where counts[c] > 0 {
                next[c] = sums[c].map { $0 / Double(counts[c]) }
            }
            if next == centroids { break }
            centroids = next
        }
        return Model(centroids: centroids)
    }

    struct Model: DetectorModel {
        let centroids: [FeatureVector]

        func score(_ sample: FeatureVector) -> Double {
            guard sample.count == centroids[0].count else { return .infinity }
            return centroids.map { FeatureVectorDistance.squaredEuclidean(sample, $0) }.min()!.squareRoot()
        }
    }
}
