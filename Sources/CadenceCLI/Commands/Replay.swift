import ArgumentParser
import CadenceEngine
import Foundation

/// `cadence replay`: enrols users from a Balabit-layout data set through a running service, then
/// replays their test sessions as monitored sessions and reports how trust evolved.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay recorded sessions through a running Cadence service (or the engine offline).",
        discussion: """
            Enrols each user from its training sessions (authenticated sessions ended 'genuine'), then \
            replays every test session as a monitored session, in wire-format batches with the recorded \
            timings accelerated by --speed (0 = as fast as possible). Also the service's load generator: \
            it reports events per second and batch latency percentiles.
            """
    )

    @Option(help: "Base URL of the service, e.g. http://127.0.0.1:8080.")
    var server: String?

    @Option(help: "Tenant API key.")
    var apiKey: String?

    @Option(help: "Data set folder in the Balabit layout (training_files, test_files, public_labels.csv).")
    var dataset: String

    @Option(help: "Replay only this user's test sessions (repeatable), e.g. --user user7; every user is enrolled.")
    var user: [String] = []

    @Option(help: "Time acceleration of the recorded timings; 0 sends as fast as possible.")
    var speed: Double = 1

    @Option(help: "Sessions streamed at once.")
    var concurrency: Int = 8

    @Option(help: "Longest batch, milliseconds of recorded time (the SDK sends about one a second).")
    var batchMilliseconds: Double = 1000

    @Option(help: "Most events in one batch.")
    var batchEvents: Int = 200

    @Option(help: "Write per-session results as a JSON array to this file.")
    var json: String?

    @Flag(help: "Skip enrolment (the users' profiles are already on the server).")
    var skipEnrolment = false

    @Flag(help: "Enrol the users and stop, without replaying the test sessions (to prepare a benchmark database).")
    var enrolOnly = false

    @Flag(help: "Run the same protocol in the engine, without a server.")
    var offline = false

    @Flag(
        help: """
            With --offline: evaluate on the training files only (enrol on all but each user's last \
            training session; pieces of the last sessions are the tests), to choose parameters without labels.
            """)
    var heldOutTraining = false

    @Option(help: "With --offline: write every action's log-likelihood ratio per session as JSON to this file.")
    var scores: String?

    func validate() throws {
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be 0 or more") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard batchEvents >= 1, batchMilliseconds > 0 else { throw ValidationError("batch limits must be positive") }
        if !offline && (server == nil || apiKey == nil) {
            throw ValidationError("--server and --api-key are required unless --offline")
        }
        if enrolOnly && (offline || skipEnrolment) {
            throw ValidationError("--enrol-only enrols through a server: not with --offline or --skip-enrolment")
        }
    }

    func run() async throws {
        let data = try ReplayDataSet(root: dataset, users: user)
        let results: [ContinuousEvaluation.SessionResult]
        if offline {
            results = try runOffline(data)
        } else {
            let runner = ReplayRunner(
                server: server ?? "", apiKey: apiKey ?? "", speed: speed, concurrency: concurrency,
                batchMilliseconds: batchMilliseconds, batchEvents: batchEvents)
            results = try await runner.run(data, enrol: !skipEnrolment, test: !enrolOnly)
            if enrolOnly {
                print("enrolled \(data.allUsers.count) user(s); no test session replayed (--enrol-only)")
                return
            }
        }
        print(ReplayReport.table(results))
        print("")
        print(ReplayReport.perUser(results))
        print("")
        print(ReplayReport.summary(results))
        if let json { try OutputFile.writeJSON(results.map(ReplayResultRecord.init), to: json) }
    }

    private func runOffline(_ data: ReplayDataSet) throws -> [ContinuousEvaluation.SessionResult] {
        let evaluation = ContinuousEvaluation(recordScores: scores != nil)
        if heldOutTraining {
            let training = try data.allUsers.map { name in
                (name: name, sessions: try (data.training[name] ?? []).map(ReplayDataSet.events(of:)))
            }
            let results = evaluation.run(ContinuousEvaluation.heldOutTraining(training))
            try writeScores(results)
            return results
        }
        var users: [ContinuousEvaluation.User] = []
        for name in data.allUsers {
            let training = try (data.training[name] ?? []).map(ReplayDataSet.events(of:))
            let tests = try (data.users.contains(name) ? data.tests[name] ?? [] : []).map {
                ContinuousEvaluation.TestSession(
                    name: $0.name, events: try ReplayDataSet.events(of: $0), illegal: $0.illegal)
            }
            users.append(ContinuousEvaluation.User(name: name, training: training, tests: tests))
        }
        let results = evaluation.run(users)
        try writeScores(results)
        return results
    }

    private func writeScores(_ results: [ContinuousEvaluation.SessionResult]) throws {
        guard let scores else { return }
        struct Record: Encodable {
            var user: String
            var session: String
            var illegal: Bool?
            var scores: [Double]
            var evidence: SessionEvidenceModel?
            var weak: Bool?
        }
        try OutputFile.writeJSON(
            results.map {
                Record(
                    user: $0.user, session: $0.session, illegal: $0.illegal, scores: $0.scores ?? [],
                    evidence: $0.evidence, weak: $0.weak)
            },
            to: scores)
    }
}

/// One line of `--json`: {user, session, decision, minTrust, actions, actionsUntilChallenge, actionsUntilBlock}.
struct ReplayResultRecord: Encodable {
    var user: String
    var session: String
    var illegal: Bool?
    var decision: String
    var minTrust: Double
    var actions: Int
    var actionsUntilChallenge: Int?
    var actionsUntilBlock: Int?
    var automation: String

    init(_ r: ContinuousEvaluation.SessionResult) {
        user = r.user
        session = r.session
        illegal = r.illegal
        decision = r.decision.rawValue
        minTrust = (r.minTrust * 100).rounded() / 100
        actions = r.actions
        actionsUntilChallenge = r.actionsUntilChallenge
        actionsUntilBlock = r.actionsUntilBlock
        automation = r.automation.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case user, session, illegal, decision, minTrust, actions, actionsUntilChallenge, actionsUntilBlock, automation
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(user, forKey: .user)
        try c.encode(session, forKey: .session)
        try c.encode(illegal, forKey: .illegal)
        try c.encode(decision, forKey: .decision)
        try c.encode(minTrust, forKey: .minTrust)
        try c.encode(actions, forKey: .actions)
        try c.encode(actionsUntilChallenge, forKey: .actionsUntilChallenge)  // null when never reached
        try c.encode(actionsUntilBlock, forKey: .actionsUntilBlock)
        try c.encode(automation, forKey: .automation)
    }
}
