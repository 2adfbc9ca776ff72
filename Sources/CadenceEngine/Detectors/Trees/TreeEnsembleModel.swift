/// A trained tree ensemble: the per-user model of ``ExtraTreesDetector``, storable as JSON.
public struct TreeEnsembleModel: DetectorModel, Hashable, Codable {
    public var trees: [DecisionTree]
    /// Length of the feature vectors the trees were grown on.
    public var featureCount: Int

    public init(trees: [DecisionTree], featureCount: Int) {
        self.trees = trees
        self.featureCount = featureCount
    }

    /// Mean impostor share over the trees, in [0, 1]: higher = less likely the genuine user.
    ///
    /// Non-finite feature values are read as 0, as in training.
    public func score(_ sample: FeatureVector) -> Double {
        guard !trees.isEmpty else { return 0.5 }
        let clean = sample.allSatisfy(\.isFinite) ? sample : sample.map { $0.isFinite ? $0 : 0 }
        var sum = 0.0
        for tree in trees { sum += tree.impostorShare(clean) }
        return sum / Double(trees.count)
    }
}
