/// A per-user ensemble of extremely randomised trees (Geurts, Ernst & Wehenkel 2006), trained to
/// tell the user's samples from other users' samples, as the mouse-dynamics literature does
/// (Antal & Egyed-Zsigmond 2019 use a random forest the same way).
///
/// Each split draws `featuresPerSplit` features and one uniform random threshold for each
/// between the feature's minimum and maximum in the node, and keeps the draw with the lowest Gini
/// impurity. Impostor samples are subsampled (seeded) to as many as the genuine ones, so both
/// classes weigh the same. Score: the mean over trees of the leaf's impostor share, in [0, 1];
/// higher = less likely the genuine user. Needs impostor samples.
public struct ExtraTreesDetector: Detector {
    public struct Configuration: Sendable, Hashable, Codable {
        public var treeCount: Int
        /// Features tried per split; nil means the square root of the feature count.
        public var featuresPerSplit: Int?
        /// Nodes at this depth become leaves.
        public var maximumDepth: Int
        /// Fewest samples a leaf may hold.
        public var minimumLeafSize: Int
        /// Each class is subsampled (seeded) to at most this many samples, bounding training time.
        public var maximumSamplesPerClass: Int
        public var seed: UInt64

        public init(
            treeCount: Int = 100, featuresPerSplit: Int? = nil, maximumDepth: Int = 24, minimumLeafSize: Int = 1,
            maximumSamplesPerClass: Int = 4_000, seed: UInt64 = 1
        ) {
            self.treeCount = treeCount
            self.featuresPerSplit = featuresPerSplit
            self.maximumDepth = maximumDepth
            self.minimumLeafSize = minimumLeafSize
            self.maximumSamplesPerClass = maximumSamplesPerClass
            self.seed = seed
        }
    }

    public var configuration: Configuration
    public var name: String { "extra-trees" }

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws(DetectorError) -> any DetectorModel {
        try trainEnsemble(genuine: genuine, impostors: impostors)
    }

    /// Like ``train(genuine:impostors:)`` with the concrete, `Codable` model type.
    public func trainEnsemble(genuine: [FeatureVector], impostors: [FeatureVector]) throws(DetectorError)
        -> TreeEnsembleModel
    {
        guard let width = genuine.first?.count, width > 0 else {
            throw DetectorError(detector: name, reason: "needs at least one genuine sample")
        }
        guard !impostors.isEmpty else {
            throw DetectorError(detector: name, reason: "needs impostor samples")
        }
        guard genuine.allSatisfy({ $0.count == width }), impostors.allSatisfy({ $0.count == width }) else {
            throw DetectorError(detector: name, reason: "samples differ in length")
        }
        var rng = SplitMix64(seed: configuration.seed)
        let cap = max(configuration.maximumSamplesPerClass, 1)
        let g = Self.subsample(genuine, to: cap, rng: &rng)
        let i = Self.subsample(impostors, to: min(cap, g.count), rng: &rng)
        let data = TrainingData(genuine: g, impostors: i, width: width)
        let k = configuration.featuresPerSplit ?? max(Int(Double(width).squareRoot().rounded()), 1)
        let trees = (0..<max(configuration.treeCount, 1)).map { t in
            var treeRNG = SplitMix64(seed: configuration.seed &+ 0x9E37_79B9 &* UInt64(t + 1))
            return ExtraTreeBuilder(
                data: data, featuresPerSplit: min(k, width), maximumDepth: configuration.maximumDepth,
                minimumLeafSize: max(configuration.minimumLeafSize, 1)
            ).build(rng: &treeRNG)
        }
        return TreeEnsembleModel(trees: trees, featureCount: width)
    }

    /// A seeded sample of at most `count` elements without replacement, in their original order.
    static func subsample<T>(_ items: [T], to count: Int, rng: inout SplitMix64) -> [T] {
        guard items.count > count else { return items }
        var indices = Array(items.indices)
        for j in 0..<count {
            indices.swapAt(j, j + rng.nextIndex(below: indices.count - j))
        }
        return indices[0..<count].sorted().map { items[$0] }
    }
}

/// Samples in column-major order (`values[feature * count + sample]`) with their labels.
struct TrainingData: Sendable {
    let values: [Double]
    /// 1 for impostor, 0 for genuine.
    let labels: [UInt8]
    let count: Int
    let width: Int

    init(genuine: [FeatureVector], impostors: [FeatureVector], width: Int) {
        let all = genuine + impostors
        count = all.count
        self.width = width
        var values = [Double](repeating: 0, count: count * width)
        for (s, sample) in all.enumerated() {
            for f in 0..<width {
                let v = sample[f]
                values[f * count + s] = v.isFinite ? v : 0
            }
        }
        self.values = values
        labels = [UInt8](repeating: 0, count: genuine.count) + [UInt8](repeating: 1, count: impostors.count)
    }
}

/// Grows one extremely randomised tree over all training samples.
struct ExtraTreeBuilder {
    let data: TrainingData
    let featuresPerSplit: Int
    let maximumDepth: Int
    let minimumLeafSize: Int

    func build(rng: inout SplitMix64) -> DecisionTree {
        var nodes: [DecisionTree.Node] = []
        var indices = Array(0..<data.count)
        var features = Array(0..<data.width)
        // (node index, start, end, depth) of nodes still to split.
        var stack: [(Int, Int, Int, Int)] = []
        nodes.append(DecisionTree.Node(feature: -1, threshold: 0, left: -1, right: -1, value: 0))
        stack.append((0, 0, data.count, 0))
        data.values.withUnsafeBufferPointer { values in
            data.labels.withUnsafeBufferPointer { labels in
                while let (node, start, end, depth) = stack.popLast() {
                    var impostors = 0
                    for j in start..<end { impostors += Int(labels[indices[j]]) }
                    let n = end - start
                    nodes[node].value = Double(impostors) / Double(max(n, 1))
                    if impostors == 0 || impostors == n || depth >= maximumDepth || n < 2 * minimumLeafSize {
                        continue
                    }
                    guard
                        let split = bestRandomSplit(
                            values: values, labels: labels, indices: indices, start: start, end: end,
                            impostors: impostors, features: &features, rng: &rng)
                    else { continue }
                    // Partition indices[start..<end]: left (< threshold) first.
                    let base = split.feature * data.count
                    var lo = start
                    var hi = end - 1
                    while lo <= hi {
                        if values[base + indices[lo]] < split.threshold {
                            lo += 1
                        } else {
                            indices.swapAt(lo, hi)
                            hi -= 1
                        }
                    }
                    let left = nodes.count
                    nodes.append(DecisionTree.Node(feature: -1, threshold: 0, left: -1, right: -1, value: 0))
                    nodes.append(DecisionTree.Node(feature: -1, threshold: 0, left: -1, right: -1, value: 0))
                    nodes[node].feature = Int32(split.feature)
                    nodes[node].threshold = split.threshold
                    nodes[node].left = Int32(left)
                    nodes[node].right = Int32(left + 1)
                    stack.append((left, start, lo, depth + 1))
                    stack.append((left + 1, lo, end, depth + 1))
                }
            }
        }
        return DecisionTree(nodes: nodes)
    }

    /// Draws features in random order until `featuresPerSplit` non-constant ones were tried; for
    /// each, one uniform threshold in (min, max); returns the lowest-Gini draw that respects the
    /// minimum leaf size.
    private func bestRandomSplit(
        values: UnsafeBufferPointer<Double>, labels: UnsafeBufferPointer<UInt8>, indices: [Int], start: Int, end: Int,
        impostors: Int, features: inout [Int], rng: inout SplitMix64
    ) -> (feature: Int, threshold: Double)? {
        let n = end - start
        var best: (feature: Int, threshold: Double)?
        var bestImpurity = Double.infinity
        var tried = 0
        var remaining = features.count
        while tried < featuresPerSplit && remaining > 0 {
            let pick = rng.nextIndex(below: remaining)
            let feature = features[pick]
            remaining -= 1
            features.swapAt(pick, remaining)
            let base = feature * data.count
            var lo = Double.infinity
            var hi = -Double.infinity
            for j in start..<end {
                let v = values[base + indices[j]]
                lo = min(lo, v)
                hi = max(hi, v)
            }
            guard hi > lo else { continue }
            tried += 1
            var threshold = lo + rng.nextUnit() * (hi - lo)
            if threshold <= lo { threshold = hi }
            var leftCount = 0
            var leftImpostors = 0
            for j in start..<end {
                let s = indices[j]
                if values[base + s] < threshold {
                    leftCount += 1
                    leftImpostors += Int(labels[s])
                }
            }
            let rightCount = n - leftCount
            guard leftCount >= minimumLeafSize, rightCount >= minimumLeafSize else { continue }
            let rightImpostors = impostors - leftImpostors
            // Weighted Gini: Σ over children of n_c · 2 p_c (1 - p_c); smaller is purer.
            let pl = Double(leftImpostors) / Double(leftCount)
            let pr = Double(rightImpostors) / Double(rightCount)
            let impurity = Double(leftCount) * pl * (1 - pl) + Double(rightCount) * pr * (1 - pr)
            if impurity < bestImpurity {
                bestImpurity = impurity
                best = (feature, threshold)
            }
        }
        return best
    }
}
