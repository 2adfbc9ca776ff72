import Foundation

/// The Balabit Mouse Dynamics Challenge protocol (Fülöp et al. 2016), as a pure function.
///
/// For each user: a ``PointerProfile`` is trained on the user's training sessions against the
/// other users' training sessions as impostor examples (Antal & Egyed-Zsigmond 2019), then every
/// test session of that user is scored (mean calibrated log-likelihood ratio of its actions).
/// Reported: each session's score, the session-level AUC over all labelled test sessions of all
/// users together (the challenge's metric), per-user AUC and EER, and the action-level AUC.
/// Sessions are read and users trained in parallel; results do not depend on scheduling.
public enum MouseEvaluation {
    public struct Configuration: Sendable, Hashable, Codable {
        public var timestampUnit: TimestampUnit
        public var segmenter: PointerActionSegmenter.Configuration
        public var trainer: PointerProfileTrainer.Configuration

        public init(
            timestampUnit: TimestampUnit = .auto,
            segmenter: PointerActionSegmenter.Configuration = .init(),
            trainer: PointerProfileTrainer.Configuration = .init()
        ) {
            self.timestampUnit = timestampUnit
            self.segmenter = segmenter
            self.trainer = trainer
        }

        /// The default configuration with another seed for every random choice.
        public static func seeded(_ seed: UInt64) -> Configuration {
            var configuration = Configuration()
            configuration.trainer.trees.seed = seed
            return configuration
        }
    }

    /// One scored test session.
    public struct SessionResult: Sendable, Codable, Hashable {
        /// User folder name, e.g. `user7`.
        public var user: String
        /// File name, e.g. `session_0041905381`.
        public var session: String
        /// True when labelled illegal (not the owner), false when labelled legal, nil when unlabelled.
        public var isIllegal: Bool?
        public var actionCount: Int
        /// Mean calibrated log-likelihood ratio of the actions; higher = less likely the owner.
        public var score: Double
    }

    /// Figures of one user.
    public struct UserResult: Sendable, Codable, Hashable {
        public var user: String
        public var trainingSessions: Int
        public var trainingActions: Int
        public var testSessions: Int
        public var labelledSessions: Int
        public var testActions: Int
        /// Session-level AUC over this user's labelled test sessions (nan without both labels).
        public var sessionAUC: Double
        /// Session-level equal error rate over this user's labelled test sessions.
        public var sessionEER: Double
        /// Action-level AUC over the actions of this user's labelled test sessions.
        public var actionAUC: Double
    }

    public struct Result: Sendable, Codable {
        public var sessions: [SessionResult]
        public var users: [UserResult]
        /// ROC over all labelled test sessions of all users together (the challenge's metric).
        public var sessionROC: ROCCurve
        /// ROC over the actions of all labelled test sessions, each labelled as its session.
        public var actionROC: ROCCurve
        /// What the session loader skipped.
        public var loadReport: LoadReport
        public var configuration: Configuration
    }

    /// Progress: `completed` of `total` units (session files read, then users trained and scored).
    public typealias Progress = @Sendable (_ completed: Int, _ total: Int) -> Void

    /// Runs the protocol on a data set in the Balabit layout.
    ///
    /// - Throws: ``DataSetError`` when no session holds a usable action.
    public static func run(
        dataSet: BalabitDataSet, configuration: Configuration = Configuration(), progress: Progress? = nil
    ) throws -> Result {
        let files = dataSet.allSessions
        // Users without test sessions only serve as impostor examples.
        let users = dataSet.users.filter { !(dataSet.testSessions[$0] ?? []).isEmpty }
        let total = files.count + users.count
        let counter = ProgressCounter(total: total) { done, total in progress?(done, total) }
        let loader = BalabitSessionLoader(timestampUnit: configuration.timestampUnit)
        // Read and featurise every session file in parallel, biggest first for balance.
        let order = files.indices.sorted { fileSize(files[$0].path) > fileSize(files[$1].path) }
        let featured = ParallelMap.map(order.count) { k -> (PointerSessionFeatures, LoadReport) in
            let file = files[order[k]]
            defer { counter.advance() }
            do {
                let session = try loader.load(path: file.path)
                return (
                    PointerSessionFeatures(events: session.events, segmenter: configuration.segmenter), session.report
                )
            } catch {
                var report = LoadReport()
                report.skip(file: file.path, line: 0, reason: "\(error)")
                return (PointerSessionFeatures(), report)
            }
        }
        var loaded = featured
        for (k, index) in order.enumerated() { loaded[index] = featured[k] }
        var loadReport = LoadReport()
        for (_, report) in loaded { loadReport.merge(report) }
        var training: [String: [[FeatureVector]]] = [:]
        var test: [String: [(BalabitDataSet.SessionFile, PointerSessionFeatures)]] = [:]
        for (file, (session, _)) in zip(files, loaded) {
            switch file.split {
            case .training: training[file.user, default: []].append(session.features)
            case .test: test[file.user, default: []].append((file, session))
            }
        }
        // Train and score per user in parallel.
        let (trainingByUser, testByUser) = (training, test)
        let perUser = ParallelMap.map(users.count) { u -> Swift.Result<UserOutcome, any Error> in
            defer { counter.advance() }
            let user = users[u]
            let genuine = trainingByUser[user] ?? []
            let impostors = dataSet.users.filter { $0 != user }.flatMap { trainingByUser[$0] ?? [] }
            var trainer = configuration.trainer
            trainer.trees.seed &+= UInt64(dataSet.users.firstIndex(of: user) ?? u) &* 1_000_003
            do {
                let profile = try PointerProfileTrainer(configuration: trainer).train(
                    genuine: genuine.filter { !$0.isEmpty }, impostors: impostors.filter { !$0.isEmpty })
                var sessions: [SessionResult] = []
                var actions: [(llr: Double, isIllegal: Bool?)] = []
                for (file, session) in testByUser[user] ?? [] {
                    let llrs = session.features.map(profile.actionLogLikelihoodRatio)
                    sessions.append(
                        SessionResult(
                            user: user, session: file.session, isIllegal: file.isIllegal, actionCount: llrs.count,
                            score: PointerProfile.sessionScore(actionLogLikelihoodRatios: llrs)))
                    actions += llrs.map { ($0, file.isIllegal) }
                }
                return .success(
                    UserOutcome(
                        sessions: sessions, actions: actions, trainingSessions: genuine.count,
                        trainingActions: genuine.reduce(0) { $0 + $1.count }))
            } catch {
                return .failure(error)
            }
        }
        var sessions: [SessionResult] = []
        var userResults: [UserResult] = []
        var actionGenuine: [Double] = []
        var actionImpostor: [Double] = []
        for (user, outcome) in zip(users, perUser) {
            guard case .success(let o) = outcome else { continue }
            sessions += o.sessions
            let g = o.sessions.filter { $0.isIllegal == false }.map(\.score)
            let i = o.sessions.filter { $0.isIllegal == true }.map(\.score)
            let roc = ROCCurve(genuine: g, impostor: i)
            let ag = o.actions.filter { $0.isIllegal == false }.map(\.llr)
            let ai = o.actions.filter { $0.isIllegal == true }.map(\.llr)
            actionGenuine += ag
            actionImpostor += ai
            userResults.append(
                UserResult(
                    user: user, trainingSessions: o.trainingSessions, trainingActions: o.trainingActions,
                    testSessions: o.sessions.count, labelledSessions: g.count + i.count,
                    testActions: o.actions.count, sessionAUC: roc.auc, sessionEER: roc.equalErrorRate.rate,
                    actionAUC: ROCCurve(genuine: ag, impostor: ai).auc))
        }
        guard !userResults.isEmpty else {
            throw DataSetError(path: dataSet.root, reason: "no user could be trained (no usable actions)")
        }
        let sessionROC = ROCCurve(
            genuine: sessions.filter { $0.isIllegal == false }.map(\.score),
            impostor: sessions.filter { $0.isIllegal == true }.map(\.score))
        return Result(
            sessions: sessions, users: userResults, sessionROC: sessionROC,
            actionROC: ROCCurve(genuine: actionGenuine, impostor: actionImpostor), loadReport: loadReport,
            configuration: configuration)
    }

    private struct UserOutcome: Sendable {
        var sessions: [SessionResult]
        var actions: [(llr: Double, isIllegal: Bool?)]
        var trainingSessions: Int
        var trainingActions: Int
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
