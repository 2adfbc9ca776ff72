import ArgumentParser

/// The `cadence` command: the service, evaluations on public data sets, and operator tools.
public struct CadenceCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cadence",
        abstract: "Continuous behavioural authentication: service, evaluation and operator tools.",
        subcommands: [Serve.self, TenantCommand.self, Evaluate.self, Replay.self, Load.self, Bench.self]
    )

    public init() {}
}
