/// Trains a ``PointerModel``: a cross-fitted tree ensemble, its calibration and its per-user
/// evidence model.
///
/// The owner's actions are dealt into k folds by whole sessions when there are at least two (so
/// every held-out score comes from a session the fold's trees never saw: leave-sessions-out),
/// else by blocks of ``Configuration/blockSize`` consecutive actions; other people are dealt by
/// whole person when there are at least 2k of them, else by blocks. For each fold,
/// `treeCount / k` trees are grown on the other folds and score the fold's actions; those
/// held-out scores fit the calibration and the ``SessionEvidenceModel`` (owner's scores grouped
/// by session, other people's by person), and the union of all folds' trees is the model.
/// Held-out scores thus cost no extra training. With a single session per side this still works,
/// which the service needs while a user enrols.
public struct PointerModelTrainer: Sendable {
    public struct Configuration: Sendable, Hashable, Codable {
        public var trees: ExtraTreesDetector.Configuration
        /// Most folds for the held-out scores (at least 2; fewer when there are fewer sessions).
        public var calibrationFolds: Int
        /// Consecutive actions per cross-validation block, when a side has too few sessions.
        public var blockSize: Int

        public init(
            trees: ExtraTreesDetector.Configuration = .init(), calibrationFolds: Int = 4, blockSize: Int = 50
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

    /// Held-out ensemble scores (logits), as produced during ``train(genuine:impostors:)``.
    public struct HeldOutScores: Sendable {
        /// The owner's, one array per session (or block, with a single session).
        public var genuineGroups: [[Double]]
        /// Other people's, one array per person (or block).
        public var impostorGroups: [[Double]]

        public var genuine: [Double] { genuineGroups.flatMap { $0 } }
        public var impostor: [Double] { impostorGroups.flatMap { $0 } }
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
        let genuineSessions = genuine.filter { !$0.isEmpty }
        let impostorPeople = impostors.filter { !$0.isEmpty }
        let most = max(configuration.calibrationFolds, 2)
        let k = genuineSessions.count >= 2 ? min(genuineSessions.count, most) : max(min(most, 3), 2)
        let genuineFolds = genuineSessions.count >= 2 ? Self.deal(genuineSessions, k: k) : blocks(genuineSessions, k: k)
        // By person only when every fold still trains on at least half of them: a model trained on
        // one or two people learns "not them" rather than "not the owner".
        let impostorFolds =
            impostorPeople.count >= 2 * k ? Self.deal(impostorPeople, k: k) : blocks(impostorPeople, k: k)
        let treesPerFold = max((configuration.trees.treeCount + k - 1) / k, 1)
        var trees: [DecisionTree] = []
        var heldOut = HeldOutScores(genuineGroups: [], impostorGroups: [])
        for fold in 0..<k {
            var trainG = genuineFolds.enumerated().filter { $0.offset != fold }.flatMap { $0.element.flatMap { $0 } }
            var trainI = impostorFolds.enumerated().filter { $0.offset != fold }.flatMap { $0.element.flatMap { $0 } }
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
            heldOut.genuineGroups += genuineFolds[fold].map { $0.map { PointerModel.logit(foldModel.score($0)) } }
            heldOut.impostorGroups += impostorFolds[fold].map { $0.map { PointerModel.logit(foldModel.score($0)) } }
        }
        let model = TreeEnsembleModel(trees: trees, featureCount: allGenuine[0].count)
        let calibration = ScoreCalibration.fit(genuine: heldOut.genuine, impostor: heldOut.impostor)
        let genuineStatistics = MeanAndDeviation(heldOut.genuine)
        let deviation = genuineStatistics.standardDeviation
        var trained = PointerModel(
            model: model, calibration: calibration, trainingCounts: [allGenuine.count, allImpostors.count],
            genuineLogitMean: genuineStatistics.mean.isFinite ? genuineStatistics.mean : 0,
            genuineLogitDeviation: deviation.isFinite && deviation > 1e-6 ? deviation : 1)
        trained.fittedEvidence = SessionEvidenceModel.fit(
            genuine: heldOut.genuineGroups, genuineSessions: genuineSessions.count, impostor: heldOut.impostorGroups)
        return (trained, heldOut)
    }

    /// Deals whole groups (sessions or people) round-robin to k folds.
    static func deal(_ groups: [[FeatureVector]], k: Int) -> [[[FeatureVector]]] {
        var out = [[[FeatureVector]]](repeating: [], count: k)
        for (index, group) in groups.enumerated() { out[index % k].append(group) }
        return out
    }

    /// Splits sessions into blocks of consecutive actions and deals the blocks round-robin to k
    /// folds; each block is its own group.
    private func blocks(_ sessions: [[FeatureVector]], k: Int) -> [[[FeatureVector]]] {
        var out = [[[FeatureVector]]](repeating: [], count: k)
        var block = 0
        let size = max(configuration.blockSize, 1)
        for session in sessions {
            var start = 0
            while start < session.count {
                let end = min(start + size, session.count)
                out[block % k].append(Array(session[start..<end]))
                block += 1
                start = end
            }
        }
        return out
    }
}
