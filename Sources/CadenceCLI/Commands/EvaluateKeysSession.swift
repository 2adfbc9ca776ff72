import ArgumentParser
import CadenceEngine
import Foundation

/// `cadence evaluate keys-session`: the service's live keys path on Aalto keystroke files.
struct EvaluateKeysSession: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys-session",
        abstract: "Measure the service's live keys path (SessionPipeline) on Aalto keystroke files, with key classes.",
        discussion: """
            DIR holds Aalto *_keystrokes.txt files. Keys are reduced to the key classes the browser \
            SDK sends. Participants with more than --enrol sequences, in sorted file order, are split \
            into halves: the first (where the shipped window model was fitted) and the held-out rest. \
            Per participant, through the same SessionPipeline as `cadence serve`: an authenticated \
            session of its first --enrol sequences enrols it; a session of its other sequences gives \
            genuine 40-keystroke windows; a session of --impostor-sequences consecutive sequences of \
            each other participant of its half gives impostor windows. The log-likelihood ratios the \
            pipeline feeds the trust model are scored: window EER per participant (mean ± sd) and \
            pooled over a half. Runs the free-text window model (the service's) and the interim \
            8-aggregate scorer on the same split. With --fit, the window model is fitted on the first \
            half instead of using the shipped one, and its Swift source is written to --model-source.
            """
    )

    @OptionGroup var dataSetOptions: AaltoDataSetOptions

    @Option(help: "Sequences of the enrolment session.")
    var enrol = 5

    @Option(help: "Consecutive sequences of each impostor session.")
    var impostorSequences = 2

    @Option(help: "Seed of the impostor draws.")
    var seed: UInt64 = 1

    @Option(
        help: ArgumentHelp(
            "Train against at most this many profiles of the other half (the lowest seeded ranks, as the service's "
                + "background cohort picks them) instead of all of them."))
    var background: Int?

    @Flag(help: "Fit the window model on the first half instead of using the shipped one.")
    var fit = false

    @Option(help: "With --fit: write the fitted model's Swift source to this file.")
    var modelSource: String?

    @OptionGroup var progress: ProgressOptions

    var dataset: String { dataSetOptions.dataset }
    var impostors: Int? { dataSetOptions.impostors }

    func validate() throws {
        guard enrol >= 1 else { throw ValidationError("--enrol must be at least 1") }
        guard impostorSequences >= 1 else { throw ValidationError("--impostor-sequences must be at least 1") }
        if let impostors, impostors < 1 { throw ValidationError("--impostors must be at least 1") }
        if let background, background < 1 { throw ValidationError("--background must be at least 1") }
    }

    func run() async throws {
        let started = Date()
        let loaded = try dataSetOptions.load(identity: .keyClass)
        var options = KeysSessionEvaluation.Options(
            enrolCount: enrol, impostorSequences: impostorSequences, impostors: impostors, seed: seed)
        options.background = background
        let participants = KeysSessionEvaluation.participants(from: loaded.participants, options: options)
        guard participants.count >= 4 else {
            throw ValidationError("\(dataset): fewer than four participants have more than \(enrol) sequences")
        }
        var model = KeystrokeWindowModel.shipped
        if fit {
            guard let fitted = KeysSessionEvaluation.fitModel(KeysSessionEvaluation.halves(participants)[0], seed: seed)
            else { throw ValidationError("\(dataset): too few participants to fit the window model") }
            model = fitted
            if let modelSource { try OutputFile.write(fitted.swiftSource + "\n", to: modelSource) }
        }
        let scorers: [(String, ModelConfiguration)] = [
            (
                fit ? "free-text windows (fitted now)" : "free-text windows (shipped)",
                ModelConfiguration(keyTrainer: KeystrokeWindowTrainer(model: model))
            ),
            ("interim 8 aggregates", .interimKeys),
        ]
        let bar = ProgressBar(label: "keys", total: participants.count * scorers.count, enabled: !progress.noProgress)
        let results = scorers.map { name, configuration in
            KeysSessionEvaluation.run(participants, name: name, configuration: configuration, options: options) {
                bar.advance()
            }
        }
        bar.finish()
        let halves = KeysSessionEvaluation.halves(participants)
        print(
            """
            \(dataset): \(participants.count) participants with more than \(enrol) sequences, keys as key classes \
            (what the service sees); live SessionPipeline, 40-keystroke windows, batches of \(options.batchEvents) events
            protocol: enrol on the first \(enrol) sequences (one authenticated session), genuine = a session of the \
            other sequences, impostors = a session of \(impostorSequences) consecutive sequences of \
            \(impostors.map { "\($0) random other participants" } ?? "every other participant") of the same half
            halves: participants 1–\(halves[0].count) (sorted file order; the shipped window model was fitted on \
            them, so their figures are in-sample) and \(halves[0].count + 1)–\(participants.count) (held out)
            background: \(background.map { "at most \($0) profiles of the other half" } ?? "every profile of the other half") \
            (what a model that needs a population learns against)
            total \(String(format: "%.1f", Date().timeIntervalSince(started))) s
            """)
        var table = TextTable([
            "scorer", "held-out EER (mean ± sd)", "held-out pooled EER", "first-half EER", "participants",
            "genuine windows", "impostor windows", "mean LLR genuine / impostor",
        ])
        func mean(_ values: [Double]) -> String {
            Format.fixed(values.reduce(0, +) / Double(max(values.count, 1)), 2)
        }
        for r in results {
            let heldOut = r.equalErrorRate(half: 1)
            table.add([
                r.name, "\(Format.percent(heldOut.mean)) ± \(Format.percent(heldOut.standardDeviation))",
                Format.percent(r.pooledCurve(half: 1).equalErrorRate.rate),
                Format.percent(r.equalErrorRate(half: 0).mean),
                "\(r.participants.filter { $0.half == 1 }.count) + \(r.participants.filter { $0.half == 0 }.count)",
                "\(r.genuine[1].count)", "\(r.impostor[1].count)", "\(mean(r.genuine[1])) / \(mean(r.impostor[1]))",
            ])
        }
        print(table.render())
    }
}
