import ArgumentParser

/// `cadence evaluate`: the field's standard protocols on public data sets.
struct Evaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a detector evaluation protocol on a public data set.",
        subcommands: [
            EvaluateMouse.self, EvaluateKeystroke.self, EvaluateFreeText.self, EvaluateKeysSession.self,
            EvaluateLogin.self,
        ]
    )
}

/// Options every `evaluate` subcommand shares.
struct EvaluationOutputOptions: ParsableArguments {
    @Option(help: "Write per-sample scores as CSV to this file.")
    var scores: String?

    @Option(help: "Write machine-readable results as JSON to this file.")
    var json: String?

    @Option(help: "Write a self-contained HTML report (tables, ROC and DET curves) to this file.")
    var report: String?

    @Flag(help: "Do not draw a progress bar on standard error.")
    var noProgress = false
}
