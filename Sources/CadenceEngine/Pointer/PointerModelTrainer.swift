/// Trains a ``PointerModel``: a cross-fitted tree ensemble and its calibration.
///
/// The actions are dealt into k folds by blocks of ``Configuration/blockSize`` consecutive actions
/// of one session (so one stretch of a session never sits on both sides of a fold). For each fold,
/// `treeCount / k` trees are grown on the other folds and score the fold's actions; those
/// held-out scores fit the calibration, and the union of all folds' trees is the model. Held-out
/// scores thus cost no extra training. With a single session per side this still works, which
/// the service needs while a user enrols.
public struct PointerModelTrainer: Sendable {
    public struct Configuration: Sendable, Hashable, Codable {
        public var trees: ExtraTreesDetector.Configuration
        /// Folds for the held-out calibration scores (at least 2).
        public var calibrationFolds: Int
        /// Consecutive actions per cross-validation block.
        public var blockSize: Int

        public init(
            trees: ExtraTreesDetector.Configuration = .init(), calibrationFolds: Int = 3, blockSize: Int = 50
        ) {
            self.trees = trees
            self.calibrationFolds = calibrationFolds
            self.blockSize = blockSize
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Held-out ensemble scores, as produced during ``train(genuine:impostors:)``.
    public struct HeldOutScores: Sendable {
        public var genuine: [Double]
        public var impostor: [Double]
    }

    /// Trains on the user's sessions and other users' sessions (each an array of action features).
    public func train(genuine: [[FeatureVector]], impostors: [[FeatureVector]]) throws(DetectorError)
        -> PointerModel
    {
        try trainReturningHeldOut(genuine: genuine, impostors: impostors).model
    }

    /// Like ``train(genuine:impostors:)``, also returning the held-out scores the calibration used.
    public func trainReturningHeldOut(genuine: [[FeatureVector]], impostors: [[FeatureVector]]) throws(DetectorError)
        -> (model: PointerModel, heldOut: HeldOutScores)
    {
        let allGenuine = genuine.flatMap { $0 }
        let allImpostors = impostors.flatMap { $0 }
        guard !allGenuine.isEmpty else {
            throw DetectorError(detector: "extra-trees", reason: "needs at least one genuine action")
        }
        let k = max(configuration.calibrationFolds, 2)
        let genuineFolds = folds(genuine, k: k)
        let impostorFolds = folds(impostors, k: k)
        let treesPerFold = max((configuration.trees.treeCount + k - 1) / k, 1)
        var trees: [DecisionTree] = []
        var heldOut = HeldOutScores(genuine: [], impostor: [])
        for fold in 0..<k {
            var trainG = genuineFolds.enumerated().filter { $0.offset != fold }.flatMap(\.element)
            var trainI = impostorFolds.enumerated().filter { $0.offset != fold }.flatMap(\.element)
            // Too little data to hold a fold out: that fold's trees see everything.
            if trainG.isEmpty || trainI.isEmpty {
                trainG = allGenuine
                trainI = allImpostors
            }
            var foldConfiguration = configuration.trees
            foldConfiguration.treeCount = treesPerFold
            foldConfiguration.seed &+= UInt64(fold) &* 7919
            let foldModel = try ExtraTreesDetector(configuration: foldConfiguration).trainEnsemble(
                genuine: trainG, impostors: trainI)
            trees += foldModel.trees
            heldOut.genuine += genuineFolds[fold].map { PointerModel.logit(foldModel.score($0)) }
            heldOut.impostor += impostorFolds[fold].map { PointerModel.logit(foldModel.score($0)) }
        }
        let model = TreeEnsembleModel(trees: trees, featureCount: allGenuine[0].count)
        let calibration = ScoreCalibration.fit(genuine: heldOut.genuine, impostor: heldOut.impostor)
        let genuineStatistics = MeanAndDeviation(heldOut.genuine)
        let deviation = genuineStatistics.standardDeviation
        let trained = PointerModel(
            model: model, calibration: calibration, trainingCounts: [allGenuine.count, allImpostors.count],
            genuineLogitMean: genuineStatistics.mean.isFinite ? genuineStatistics.mean : 0,
            genuineLogitDeviation: deviation.isFinite && deviation > 1e-6 ? deviation : 1)
        return (trained, heldOut)
    }

    /// Splits sessions into blocks of consecutive actions and deals the blocks round-robin to k folds.
    private func folds(_ sessions: [[FeatureVector]], k: Int) -> [[FeatureVector]] {
        var out = [[FeatureVector]](repeating: [], count: k)
        var block = 0
        let size = max(configuration.blockSize, 1)
        for session in sessions {
            var start = 0
            while start < session.count {
                let end = min(start + size, session.count)
                out[block % k] += session[start..<end]
                block += 1
                start = end
            }
        }
        return out
    }
}
