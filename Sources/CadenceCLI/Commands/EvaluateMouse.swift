import ArgumentParser
import CadenceEngine
import Foundation

/// `cadence evaluate mouse`: the Balabit Mouse Dynamics Challenge protocol.
struct EvaluateMouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mouse",
        abstract: "Evaluate the pointer detector on a data set in the Balabit Mouse Dynamics Challenge layout.",
        discussion: """
            For each user, trains a per-user extra-trees model on its training sessions against the \
            other users' training sessions, and scores every test session (higher = less likely the \
            account's owner). Reports the session-level AUC over all labelled test sessions together \
            (the challenge's metric), per-user AUC and EER, and the action-level AUC.
            """
    )

    @Option(help: "Folder in the Balabit layout (training_files/, test_files/, public_labels.csv).")
    var dataset: String

    @Option(help: "Unit of the session files' timestamps: seconds, milliseconds or auto.")
    var timeUnit: TimestampUnit = .auto

    @Option(help: "Seed for every random choice (tree growth, subsampling).")
    var seed: UInt64 = 1

    @Option(help: "Trees per user model.")
    var trees: Int = 100

    @Option(help: "A pause longer than this many milliseconds ends a pointer action.")
    var pauseMs: Double = 10_000

    @Option(help: "Fewest points a pointer action needs to be scored.")
    var minPoints: Int = 4

    @Option(help: "Each class is subsampled to at most this many actions per user model.")
    var maxSamples: Int = 4_000

    @Option(help: "Fewest training actions a tree leaf may hold.")
    var minLeaf: Int = 1

    @Option(
        help: ArgumentHelp(
            "challenge: train on training_files, score test_files (the challenge's protocol). training-holdout: "
                + "hold out each user's last training session, cut into pseudo-sessions, for tuning without test labels."
        ))
    var `protocol`: MouseProtocol = .challenge

    @Option(
        help: ArgumentHelp(
            "Train each user's model against at most this many other users (the lowest seeded ranks, as the service's "
                + "background cohort picks them) instead of all of them."))
    var background: Int?

    @OptionGroup var output: EvaluationOutputOptions

    func validate() throws {
        if let background, background < 1 { throw ValidationError("--background must be at least 1") }
    }

    func run() async throws {
        let dataSet: BalabitDataSet
        do {
            dataSet = try BalabitDataSet(root: dataset)
        } catch {
            throw ValidationError("cannot use --dataset \(error)")
        }
        var configuration = MouseEvaluation.Configuration.seeded(seed)
        configuration.timestampUnit = timeUnit
        configuration.trainer.trees.treeCount = trees
        configuration.segmenter.pauseThreshold = pauseMs
        configuration.segmenter.minimumPoints = minPoints
        configuration.trainer.trees.maximumSamplesPerClass = maxSamples
        configuration.trainer.trees.minimumLeafSize = minLeaf
        configuration.background = background
        let total =
            switch self.`protocol` {
            case .challenge:
                dataSet.allSessions.count + dataSet.users.filter { !(dataSet.testSessions[$0] ?? []).isEmpty }.count
            case .trainingHoldout:
                dataSet.users.reduce(0) { $0 + (dataSet.trainingSessions[$1] ?? []).count }
                    + dataSet.users.filter { (dataSet.trainingSessions[$0] ?? []).count >= 2 }.count
            }
        let bar = ProgressBar(label: "mouse", total: total, enabled: !output.noProgress)
        let start = Date()
        let result: MouseEvaluation.Result
        switch self.`protocol` {
        case .challenge:
            result = try MouseEvaluation.run(dataSet: dataSet, configuration: configuration) { _, _ in bar.advance() }
        case .trainingHoldout:
            result = try MouseEvaluation.runOnTrainingSessions(dataSet: dataSet, configuration: configuration) { _, _ in
                bar.advance()
            }
        }
        bar.finish()
        let elapsed = Date().timeIntervalSince(start)
        let summary = MouseEvaluationSummary(result: result, dataset: dataset)
        print(summary.text(elapsed: elapsed))
        if let background {
            print("background: each model trained against at most \(background) other users (lowest seeded ranks)")
        }
        if !dataSet.labelReport.summary.isEmpty {
            print("public_labels.csv: " + dataSet.labelReport.summary)
        }
        try output.write(scoresCSV: { summary.scoresCSV() }, json: { result }, report: { summary.htmlReport() })
    }
}

extension TimestampUnit: ExpressibleByArgument {}

/// Which sessions `evaluate mouse` scores.
enum MouseProtocol: String, ExpressibleByArgument, CaseIterable {
    case challenge
    case trainingHoldout = "training-holdout"
}
