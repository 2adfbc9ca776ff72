import Foundation

/// The behavioural-realism protocol of issue 11 on a Balabit-layout data set.
///
/// Users are split in two halves (alternately in user order); each half is in turn the training
/// half and the other the report half, so every user is reported once, by models that never saw
/// them. In the training half, each user's even-numbered training sessions are fitted (human) and
/// the odd-numbered ones only choose the threshold. For each generator family in turn, a model is
/// trained on the fitted human strokes against the other families' generated sessions and tested
/// on the held-out family's sessions, generated afresh (other seeds, the report half's intervals
/// and paths). False flags are counted on the report half's training sessions and on every legal
/// labelled test session (`public_labels.csv` is_illegal = 0) of the report half. A model trained
/// on all families gives the per-user false-flag table.
public enum RealismEvaluation {
    public struct Configuration: Sendable {
        public var trainer = RealismTrainer()
        /// Generated sessions per family to fit, per fold.
        public var trainingSessionsPerFamily = 60
        /// Generated sessions of the held-out family to test, per fold.
        public var testSessionsPerFamily = 40
        /// Movements per generated session.
        public var movementsPerSession = 40
        public var timestampUnit: TimestampUnit = .auto
        public var seed: UInt64 = 1
        /// Session files in the Balabit layout made by someone else's generators (an attack the
        /// models never saw): each is judged by both folds' all-families models.
        public var attackSessions: [String] = []

        public init() {}
    }

    /// Detection of one held-out family, and false flags of the models that held it out.
    public struct FamilyRow: Sendable, Codable, Hashable {
        public var family: String
        public var sessions = 0
        public var detected = 0
        public var browserTimingSessions = 0
        public var browserTimingDetected = 0
        public var humanTimingSessions = 0
        public var humanTimingDetected = 0
        /// Median over detected sessions of the strokes scored when flagged.
        public var medianStrokesToDetection: Double?
        /// Median over detected sessions of the seconds from the session's start to the flag.
        public var medianSecondsToDetection: Double?
        /// Mean stroke score of the held-out family's sessions.
        public var meanStrokeScore = 0.0
        /// The session threshold of each fold's model.
        public var thresholds: [Double] = []
        /// Report users' training sessions flagged.
        public var humanSessions = 0
        public var humanFlagged = 0
        /// Report users' legal labelled test sessions flagged.
        public var legalTestSessions = 0
        public var legalTestFlagged = 0
        /// `user/session` of the legal test sessions flagged.
        public var legalTestFlaggedSessions: [String] = []

        public var detectionRate: Double { sessions > 0 ? Double(detected) / Double(sessions) : 0 }
    }

    /// False flags of the all-families model on one report user.
    public struct UserRow: Sendable, Codable, Hashable {
        public var user: String
        public var fold: Int
        public var threshold: Double
        public var trainingSessions = 0
        public var trainingFlagged = 0
        public var legalTestSessions = 0
        public var legalTestFlagged = 0
        /// Highest running mean reached by any of the user's sessions.
        public var highestMean = 0.0
        /// Mean stroke score over the user's sessions.
        public var meanStrokeScore = 0.0
    }

    public struct Result: Sendable, Codable {
        public var families: [FamilyRow]
        /// Detection of each family by the model trained on all of them (in-distribution; fresh seeds).
        public var allFamilies: [FamilyRow]
        public var users: [UserRow]
        public var trainingUsers: [[String]]
        public var humanStrokesFitted: [Int]
        public var legalTestSessionsTotal: Int
        public var legalTestFlaggedByAny: Int
        /// Each attack session as judged by each fold's all-families model.
        public var attack: [AttackRow]
    }

    /// One attack session (``Configuration/attackSessions``) judged by one fold's model.
    public struct AttackRow: Sendable, Codable, Hashable {
        public var session: String
        public var fold: Int
        public var strokes: Int
        public var flagged: Bool
        public var flaggedAfterStrokes: Int?
        public var flaggedAfterSeconds: Double?
        public var highestMean: Double
        public var threshold: Double
    }

    /// One user's sessions as strokes, with real intervals and paths for the generators.
    struct UserData: Sendable {
        var user: String
        var training: [[PointerAction]]
        var legalTest: [[PointerAction]]
        var legalTestNames: [String]
        var intervals: [Double]
        var paths: [[PointerAction.Point]]
    }

    public static func run(dataSet: BalabitDataSet, configuration: Configuration) throws -> Result {
        let users = load(dataSet: dataSet, configuration: configuration)
        let halves = [
            users.indices.filter { $0 % 2 == 0 },
            users.indices.filter { $0 % 2 == 1 },
        ]
        var families = SyntheticPointerFamily.allCases.map { FamilyRow(family: $0.rawValue) }
        var allFamilies = SyntheticPointerFamily.allCases.map { FamilyRow(family: $0.rawValue) }
        var userRows: [UserRow] = []
        var fitted: [Int] = []
        var strokesToDetection: [[Double]] = Array(repeating: [], count: families.count)
        var secondsToDetection: [[Double]] = Array(repeating: [], count: families.count)
        var scoreSums = [Double](repeating: 0, count: families.count)
        var legalFlaggedByAny = Set<String>()
        var legalTotal = 0
        let loader = BalabitSessionLoader(timestampUnit: configuration.timestampUnit)
        let attackPaths = configuration.attackSessions
        let attack = ParallelMap.map(attackPaths.count) { k -> [PointerAction] in
            guard let session = try? loader.load(path: attackPaths[k]) else { return [] }
            return configuration.trainer.strokes(session.events)
        }
        var attackRows: [AttackRow] = []
        for fold in 0..<2 {
            let train = halves[fold].map { users[$0] }
            let report = halves[1 - fold].map { users[$0] }
            let human = train.flatMap { u in u.training.enumerated().filter { $0.offset % 2 == 0 }.flatMap(\.element) }
            let calibration = train.flatMap { u in u.training.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            }
            fitted.append(human.count)
            let trainPool = pools(train, fitOnly: true)
            let reportPool = pools(report, fitOnly: false)
            let synthetic = SyntheticPointerFamily.allCases.map { family in
                generated(
                    family, sessions: configuration.trainingSessionsPerFamily, pool: trainPool, purpose: 1,
                    fold: fold, configuration: configuration
                ).flatMap { $0.strokes }
            }
            let tests = SyntheticPointerFamily.allCases.map { family in
                generated(
                    family, sessions: configuration.testSessionsPerFamily, pool: reportPool, purpose: 2, fold: fold,
                    configuration: configuration)
            }
            // Models 0..<families hold out that family; the last one sees all of them.
            let modelCount = families.count + 1
            let trainer = configuration.trainer
            let models = ParallelMap.map(modelCount) { m -> RealismModel? in
                let impostors = synthetic.enumerated().filter { $0.offset != m }.flatMap(\.element)
                return try? trainer.train(human: human, synthetic: impostors, calibration: calibration)
            }
            for m in 0..<modelCount {
                guard let model = models[m] else { throw DetectorError(detector: "realism", reason: "training failed") }
                let heldOut = m < families.count ? [m] : Array(0..<families.count)
                for f in heldOut {
                    var row = m < families.count ? families[f] : allFamilies[f]
                    for session in tests[f] {
                        let j = model.judge(actions: session.strokes, start: 0)
                        row.sessions += 1
                        if session.timing == .browser {
                            row.browserTimingSessions += 1
                        } else {
                            row.humanTimingSessions += 1
                        }
                        if j.isFlagged {
                            row.detected += 1
                            if session.timing == .browser {
                                row.browserTimingDetected += 1
                            } else {
                                row.humanTimingDetected += 1
                            }
                            if m < families.count {
                                strokesToDetection[f].append(Double(j.flaggedAfterStrokes ?? 0))
                                secondsToDetection[f].append((j.flaggedAfterMilliseconds ?? 0) / 1000)
                            }
                        }
                        if m < families.count { scoreSums[f] += j.meanScore }
                    }
                    if m < families.count {
                        row.thresholds.append(model.threshold)
                        for u in report {
                            for s in u.training {
                                row.humanSessions += 1
                                if model.judge(actions: s, start: s.first?.points.first?.t ?? 0).isFlagged {
                                    row.humanFlagged += 1
                                }
                            }
                            for (k, s) in u.legalTest.enumerated() {
                                row.legalTestSessions += 1
                                if model.judge(actions: s, start: s.first?.points.first?.t ?? 0).isFlagged {
                                    row.legalTestFlagged += 1
                                    row.legalTestFlaggedSessions.append("\(u.user)/\(u.legalTestNames[k])")
                                    legalFlaggedByAny.insert("\(u.user)/\(u.legalTestNames[k])")
                                }
                            }
                        }
                        families[f] = row
                    } else {
                        row.thresholds.append(model.threshold)
                        allFamilies[f] = row
                    }
                }
                if m == families.count {
                    for (k, strokes) in attack.enumerated() {
                        let j = model.judge(actions: strokes, start: strokes.first?.points.first?.t ?? 0)
                        attackRows.append(
                            AttackRow(
                                session: attackPaths[k], fold: fold, strokes: j.strokes, flagged: j.isFlagged,
                                flaggedAfterStrokes: j.flaggedAfterStrokes,
                                flaggedAfterSeconds: j.flaggedAfterMilliseconds.map { $0 / 1000 },
                                highestMean: j.highestMean, threshold: model.threshold))
                    }
                    for u in report {
                        var row = UserRow(user: u.user, fold: fold, threshold: model.threshold)
                        var sum = 0.0
                        var judged = 0
                        for (s, isTest) in u.training.map({ ($0, false) }) + u.legalTest.map({ ($0, true) }) {
                            let j = model.judge(actions: s, start: s.first?.points.first?.t ?? 0)
                            if isTest {
                                row.legalTestSessions += 1
                                if j.isFlagged {
                                    row.legalTestFlagged += 1
                                    legalFlaggedByAny.insert("\(u.user)/\(u.legalTestNames[row.legalTestSessions - 1])")
                                }
                            } else {
                                row.trainingSessions += 1
                                if j.isFlagged { row.trainingFlagged += 1 }
                            }
                            row.highestMean = max(row.highestMean, j.highestMean)
                            if j.strokes > 0 {
                                sum += j.meanScore
                                judged += 1
                            }
                        }
                        row.meanStrokeScore = judged > 0 ? sum / Double(judged) : 0
                        userRows.append(row)
                    }
                }
            }
            legalTotal += report.reduce(0) { $0 + $1.legalTest.count }
        }
        for f in families.indices {
            families[f].medianStrokesToDetection = median(strokesToDetection[f])
            families[f].medianSecondsToDetection = median(secondsToDetection[f])
            families[f].meanStrokeScore = families[f].sessions > 0 ? scoreSums[f] / Double(families[f].sessions) : 0
        }
        return Result(
            families: families, allFamilies: allFamilies, users: userRows.sorted { $0.user < $1.user },
            trainingUsers: halves.map { $0.map { users[$0].user } }, humanStrokesFitted: fitted,
            legalTestSessionsTotal: legalTotal, legalTestFlaggedByAny: legalFlaggedByAny.count, attack: attackRows)
    }

    /// A generated session's strokes and the timing it was generated with.
    struct GeneratedSession: Sendable {
        var strokes: [PointerAction]
        var timing: SyntheticTiming
    }

    /// Real intervals and paths of `users`; with `fitOnly`, from the fitted sessions only.
    static func pools(_ users: [UserData], fitOnly: Bool) -> (intervals: [Double], paths: [[PointerAction.Point]]) {
        (users.flatMap(\.intervals), users.flatMap(\.paths))
    }

    /// `sessions` sessions of `family`, alternating browser and human-interval timing; the seed
    /// depends on the purpose (1 fit, 2 test), the fold and the family.
    static func generated(
        _ family: SyntheticPointerFamily, sessions: Int, pool: (intervals: [Double], paths: [[PointerAction.Point]]),
        purpose: UInt64, fold: Int, configuration: Configuration
    ) -> [GeneratedSession] {
        let familyIndex = UInt64(SyntheticPointerFamily.allCases.firstIndex(of: family) ?? 0)
        let trainer = configuration.trainer
        return ParallelMap.map(sessions) { k in
            let timing: SyntheticTiming = k % 2 == 0 ? .browser : .humanIntervals
            let generator = SyntheticPointerGenerator(
                family: family, timing: timing, intervalPool: pool.intervals, humanPaths: pool.paths)
            let seed =
                configuration.seed &* 1_000_003 &+ purpose &* 100_000 &+ UInt64(fold) &* 10_000 &+ familyIndex
                &* 1_000 &+ UInt64(k)
            let events = generator.session(movements: configuration.movementsPerSession, seed: seed)
            return GeneratedSession(strokes: trainer.strokes(events), timing: timing)
        }
    }

    /// Reads every user's training sessions and legal labelled test sessions as strokes.
    static func load(dataSet: BalabitDataSet, configuration: Configuration) -> [UserData] {
        let loader = BalabitSessionLoader(timestampUnit: configuration.timestampUnit)
        let trainer = configuration.trainer
        var list: [(user: Int, test: Bool, path: String)] = []
        // Session file names are the last path component.
        for (u, user) in dataSet.users.enumerated() {
            for f in dataSet.trainingSessions[user] ?? [] { list.append((u, false, f.path)) }
            for f in dataSet.testSessions[user] ?? [] where f.isIllegal == false { list.append((u, true, f.path)) }
        }
        let files = list
        let read = ParallelMap.map(files.count) { k -> (strokes: [PointerAction], intervals: [Double]) in
            guard let session = try? loader.load(path: files[k].path) else { return ([], []) }
            var intervals: [Double] = []
            var previous: PointerEvent?
            for e in session.events {
                if let p = previous, p.kind == .move, e.kind == .move, e.timestamp >= p.timestamp,
                    e.timestamp - p.timestamp <= 100, intervals.count < 4_000
                {
                    intervals.append(e.timestamp - p.timestamp)
                }
                previous = e
            }
            return (trainer.strokes(session.events), intervals)
        }
        var users = dataSet.users.map {
            UserData(user: $0, training: [], legalTest: [], legalTestNames: [], intervals: [], paths: [])
        }
        for (k, file) in files.enumerated() {
            if file.test {
                users[file.user].legalTest.append(read[k].strokes)
                users[file.user].legalTestNames.append((file.path as NSString).lastPathComponent)
            } else {
                let index = users[file.user].training.count
                users[file.user].training.append(read[k].strokes)
                // Intervals and paths for the generators come from fitted (even) sessions only.
                if index % 2 == 0 {
                    users[file.user].intervals += read[k].intervals
                    for s in read[k].strokes where s.kind != .dragAndDrop && s.points.count >= 10 {
                        if users[file.user].paths.count < 3_000 { users[file.user].paths.append(s.points) }
                    }
                }
            }
        }
        return users
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
