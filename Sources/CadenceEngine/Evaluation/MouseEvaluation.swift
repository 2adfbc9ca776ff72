import Foundation

/// The Balabit Mouse Dynamics Challenge protocol (Fülöp et al. 2016), as a pure function.
///
/// For each user: a ``PointerModel`` is trained on the user's training sessions against the
/// other users' training sessions as impostor examples (Antal & Egyed-Zsigmond 2019), then every
/// test session of that user is scored (``PointerModel/sessionScore(_:)``: the mean action score
/// z-normalised per user).
/// Reported: each session's score, the session-level AUC over all labelled test sessions of all
/// users together (the challenge's metric), per-user AUC and EER, and the action-level AUC.
/// A user whose model cannot be trained stays in the result with the reason
/// (``UserResult/trainingFailure``). Sessions are read and users trained in parallel; results do
/// not depend on scheduling.
public enum MouseEvaluation {
    public struct Configuration: Sendable, Hashable, Codable {
        public var timestampUnit: TimestampUnit
        public var segmenter: PointerActionSegmenter.Configuration
        public var trainer: PointerModelTrainer.Configuration
        /// Other users whose training actions a user's model learns against: the `background`
        /// of lowest seeded rank (``BackgroundCohort``, as the service picks them); nil = all.
        public var background: Int?
        /// Seed of the background cohort's ranks.
        public var backgroundSeed: UInt64 = 1

        public init(
            timestampUnit: TimestampUnit = .auto,
            segmenter: PointerActionSegmenter.Configuration = .init(),
            trainer: PointerModelTrainer.Configuration = .init(),
            background: Int? = nil
        ) {
            self.timestampUnit = timestampUnit
            self.segmenter = segmenter
            self.trainer = trainer
            self.background = background
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
        /// ``PointerModel/sessionScore(_:)``: higher = less likely the owner.
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
        /// Why this user's model could not be trained (e.g. no usable training action), nil when it
        /// was. An untrained user's test sessions are not scored: its AUCs and EER are nan.
        public var trainingFailure: String?
    }

    public struct Result: Sendable, Codable {
        public var sessions: [SessionResult]
        public var users: [UserResult]
        /// ROC over all labelled test sessions of all users together (the challenge's metric).
        public var sessionROC: ROCCurve
        /// ROC over the actions of all labelled test sessions, each labelled as its session, scored
        /// by their calibrated log-likelihood ratios.
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
        // Users without test sessions only serve as impostor examples.
        let users = dataSet.users.filter { !(dataSet.testSessions[$0] ?? []).isEmpty }
        let files = dataSet.allSessions
        let counter = ProgressCounter(total: files.count + users.count) { done, total in progress?(done, total) }
        let (loaded, loadReport) = featurise(files, configuration: configuration, counter: counter)
        var training: [String: [[FeatureVector]]] = [:]
        var test: [String: [TestSession]] = [:]
        for (file, session) in zip(files, loaded) {
            switch file.split {
            case .training: training[file.user, default: []].append(session.features)
            case .test:
                test[file.user, default: []].append(
                    TestSession(name: file.session, isIllegal: file.isIllegal, features: session.features))
            }
        }
        return try evaluate(
            users: users, allUsers: dataSet.users, training: training, test: test, configuration: configuration,
            loadReport: loadReport, counter: counter, root: dataSet.root)
    }

    /// The same protocol on the training files alone, for choosing parameters without test labels.
    ///
    /// Each user's last training session (in file-name order) is held out and cut into
    /// pseudo-sessions of `actionsPerSession` consecutive actions; the models learn from the other
    /// training sessions. A user's pseudo-sessions are labelled legal; as many pseudo-sessions of the
    /// other users' held-out sessions, taken in turn from each, are labelled illegal. Needs at
    /// least two training sessions per user; users with fewer are only impostor examples.
    public static func runOnTrainingSessions(
        dataSet: BalabitDataSet, configuration: Configuration = Configuration(), actionsPerSession: Int = 40,
        progress: Progress? = nil
    ) throws -> Result {
        let files = dataSet.users.flatMap { dataSet.trainingSessions[$0] ?? [] }
        let users = dataSet.users.filter { (dataSet.trainingSessions[$0] ?? []).count >= 2 }
        let counter = ProgressCounter(total: files.count + users.count) { done, total in progress?(done, total) }
        let (loaded, loadReport) = featurise(files, configuration: configuration, counter: counter)
        var training: [String: [[FeatureVector]]] = [:]
        var heldOut: [String: [TestSession]] = [:]
        for user in dataSet.users {
            let sessions = zip(files, loaded).filter { $0.0.user == user }
            for (k, (file, session)) in sessions.enumerated() {
                if k == sessions.count - 1 && users.contains(user) {
                    let size = max(actionsPerSession, 1)
                    heldOut[user] = stride(from: 0, to: session.features.count, by: size).map { start in
                        TestSession(
                            name: "\(file.session)#\(start / size)", isIllegal: false,
                            features: Array(session.features[start..<min(start + size, session.features.count)]))
                    }
                } else {
                    training[user, default: []].append(session.features)
                }
            }
        }
        var test: [String: [TestSession]] = [:]
        for user in users {
            let own = heldOut[user] ?? []
            let others = users.filter { $0 != user }.map { other in
                (heldOut[other] ?? []).map {
                    TestSession(name: "\(other)/\($0.name)", isIllegal: true, features: $0.features)
                }
            }
            var impostors: [TestSession] = []
            var round = 0
            while impostors.count < own.count && others.contains(where: { $0.count > round }) {
                for list in others where list.count > round && impostors.count < own.count {
                    impostors.append(list[round])
                }
                round += 1
            }
            test[user] = own + impostors
        }
        return try evaluate(
            users: users, allUsers: dataSet.users, training: training, test: test, configuration: configuration,
            loadReport: loadReport, counter: counter, root: dataSet.root)
    }

    /// A session to score: its name, label and action features.
    struct TestSession: Sendable {
        var name: String
        var isIllegal: Bool?
        var features: [FeatureVector]
    }

    /// Reads and featurises session files in parallel, biggest first for balance; results in file order.
    private static func featurise(
        _ files: [BalabitDataSet.SessionFile], configuration: Configuration, counter: ProgressCounter
    ) -> ([PointerSessionFeatures], LoadReport) {
        let loader = BalabitSessionLoader(timestampUnit: configuration.timestampUnit)
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
        var loaded = [PointerSessionFeatures](repeating: PointerSessionFeatures(), count: files.count)
        var loadReport = LoadReport()
        for (k, index) in order.enumerated() {
            loaded[index] = featured[k].0
        }
        for (_, report) in featured { loadReport.merge(report) }
        return (loaded, loadReport)
    }

    /// Trains each user in `users` against the others in `allUsers` and scores its test sessions.
    private static func evaluate(
        users: [String], allUsers: [String], training: [String: [[FeatureVector]]], test: [String: [TestSession]],
        configuration: Configuration, loadReport: LoadReport, counter: ProgressCounter, root: String
    ) throws -> Result {
        let perUser = ParallelMap.map(users.count) { u -> Swift.Result<UserOutcome, any Error> in
            defer { counter.advance() }
            let user = users[u]
            let genuine = training[user] ?? []
            let everyone = allUsers.filter { $0 != user }
            let others = configuration.background.map {
                BackgroundCohort.members(of: everyone, size: $0, seed: configuration.backgroundSeed)
            } ?? everyone
            let impostors = others.flatMap { training[$0] ?? [] }
            var trainer = configuration.trainer
            trainer.trees.seed &+= UInt64(allUsers.firstIndex(of: user) ?? u) &* 1_000_003
            do {
                let pointerModel = try PointerModelTrainer(configuration: trainer).train(
                    genuine: genuine.filter { !$0.isEmpty }, impostors: impostors.filter { !$0.isEmpty })
                var sessions: [SessionResult] = []
                var actions: [(llr: Double, isIllegal: Bool?)] = []
                for session in test[user] ?? [] {
                    let logits = session.features.map { PointerModel.logit(pointerModel.actionScore($0)) }
                    let llrs = logits.map(pointerModel.calibration.logLikelihoodRatio)
                    sessions.append(
                        SessionResult(
                            user: user, session: session.name, isIllegal: session.isIllegal, actionCount: llrs.count,
                            score: pointerModel.sessionScore(actionLogits: logits)))
                    actions += llrs.map { ($0, session.isIllegal) }
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
            let o: UserOutcome
            switch outcome {
            case .success(let trained): o = trained
            case .failure(let error):
                userResults.append(
                    untrained(user, training: training[user] ?? [], test: test[user] ?? [], error: error))
                continue
            }
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
        guard userResults.contains(where: { $0.trainingFailure == nil }) else {
            throw DataSetError(path: root, reason: "no user could be trained (no usable actions)")
        }
        let sessionROC = ROCCurve(
            genuine: sessions.filter { $0.isIllegal == false }.map(\.score),
            impostor: sessions.filter { $0.isIllegal == true }.map(\.score))
        return Result(
            sessions: sessions, users: userResults, sessionROC: sessionROC,
            actionROC: ROCCurve(genuine: actionGenuine, impostor: actionImpostor), loadReport: loadReport,
            configuration: configuration)
    }

    /// The figures of a user whose training failed: its data, no scores.
    private static func untrained(
        _ user: String, training: [[FeatureVector]], test: [TestSession], error: any Error
    ) -> UserResult {
        UserResult(
            user: user, trainingSessions: training.count, trainingActions: training.reduce(0) { $0 + $1.count },
            testSessions: test.count, labelledSessions: test.filter { $0.isIllegal != nil }.count,
            testActions: test.reduce(0) { $0 + $1.features.count }, sessionAUC: .nan, sessionEER: .nan,
            actionAUC: .nan, trainingFailure: "\(error)")
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
