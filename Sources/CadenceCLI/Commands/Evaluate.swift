import ArgumentParser

/// `cadence evaluate`: the field's standard protocols on public data sets.
struct Evaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a detector evaluation protocol on a public data set.",
        subcommands: [
            EvaluateMouse.self, EvaluateKeystroke.self, EvaluateFreeText.self, EvaluateKeysSession.self,
            EvaluateLogin.self, EvaluateRealism.self, EvaluateKeyAutomation.self,
        ]
    )
}
