import ArgumentParser

/// `cadence bench`: benchmarks of the service that need more than `cadence load`.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks of the service (tenant size).", subcommands: [BenchTenant.self])
}
