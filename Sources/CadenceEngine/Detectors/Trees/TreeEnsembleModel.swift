/// A trained tree ensemble: the per-user model of ``ExtraTreesDetector``, storable as JSON.
public struct TreeEnsembleModel: DetectorModel, Hashable, Codable {
    public var trees: [DecisionTree] {
        didSet { forest = PackedForest(trees) }
    }
    /// Length of the feature vectors the trees were grown on.
    public var featureCount: Int
    /// The same trees laid out for scoring (derived from ``trees``; not stored).
    private var forest: PackedForest

    public init(trees: [DecisionTree], featureCount: Int) {
        self.trees = trees
        self.featureCount = featureCount
        forest = PackedForest(trees)
    }

    /// Mean impostor share over the trees, in [0, 1]: higher = less likely the genuine user.
    ///
    /// Non-finite feature values are read as 0, as in training.
    public func score(_ sample: FeatureVector) -> Double {
        guard !trees.isEmpty else { return 0.5 }
        let clean = sample.allSatisfy(\.isFinite) ? sample : sample.map { $0.isFinite ? $0 : 0 }
        if let sum = forest.sum(clean) { return sum / Double(trees.count) }
        var sum = 0.0
        for tree in trees { sum += tree.impostorShare(clean) }
        return sum / Double(trees.count)
    }

    /// Bytes of the packed copy (``PackedForest``).
    var forestByteCount: Int { forest.estimatedByteCount }

    enum CodingKeys: String, CodingKey {
        case trees, featureCount
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            trees: try c.decode([DecisionTree].self, forKey: .trees),
            featureCount: try c.decode(Int.self, forKey: .featureCount))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(trees, forKey: .trees)
        try c.encode(featureCount, forKey: .featureCount)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.trees == b.trees && a.featureCount == b.featureCount
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(trees)
        hasher.combine(featureCount)
    }
}
