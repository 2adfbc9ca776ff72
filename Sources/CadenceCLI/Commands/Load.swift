import ArgumentParser
import CadenceEngine
import Foundation

/// `cadence load`: the service's load benchmark — many concurrent monitored sessions, each
/// sending batches of recorded pointer events at the browser SDK's pace.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a running Cadence service with many concurrent monitored sessions (open loop).",
        discussion: """
            Creates --sessions monitored sessions of the data set's users (enrol them first, e.g. with \
            `cadence replay`, so batches are scored against real profiles), opens one keep-alive connection \
            per session, and has each send a batch of --events-per-batch recorded events every --interval \
            seconds. Reports events per second ingested and batch latency percentiles measured from when \
            each batch was due, after --warmup seconds.
            """
    )

    @Option(
        help: ArgumentHelp(
            "Base URL of a node of the service, e.g. http://127.0.0.1:8080 (repeatable).",
            discussion: "With several, the sessions are spread over them round-robin."))
    var server: [String]

    @Option(help: "Tenant API key.")
    var apiKey: String

    @Option(help: "Data set folder in the Balabit layout; its test sessions are the recordings sent.")
    var dataset: String

    @Option(help: "Use only this user's sessions (repeatable); the default is every user.")
    var user: [String] = []

    @Option(help: "Concurrent monitored sessions, one connection each.")
    var sessions: Int = 100

    @Option(help: "Seconds between two batches of one session.")
    var interval: Double = 1

    @Option(help: "Events in each batch.")
    var eventsPerBatch: Int = 100

    @Option(help: "Seconds measured.")
    var duration: Double = 20

    @Option(help: "Seconds sent before measuring.")
    var warmup: Double = 5

    @Option(help: "Write the result as JSON to this file.")
    var json: String?

    func validate() throws {
        guard sessions >= 1, sessions <= 10_000 else { throw ValidationError("--sessions must be 1 to 10000") }
        guard interval > 0, interval.isFinite else { throw ValidationError("--interval must be positive") }
        guard (1...2000).contains(eventsPerBatch) else { throw ValidationError("--events-per-batch must be 1 to 2000") }
        guard duration > 0, warmup >= 0 else { throw ValidationError("--duration must be positive") }
        guard !server.isEmpty else { throw ValidationError("--server is required") }
        for server in server {
            guard let url = URL(string: server), url.scheme == "http", url.host != nil else {
                throw ValidationError("--server must be an http URL such as http://127.0.0.1:8080, not \(server)")
            }
        }
    }

    func run() async throws {
        let targets = server.compactMap(URL.init(string:)).map {
            LoadGenerator.Target(host: $0.host ?? "127.0.0.1", port: $0.port ?? 80)
        }
        let data = try ReplayDataSet(root: dataset, users: user)
        var jobs = data.users.flatMap { data.tests[$0] ?? [] }
        if jobs.isEmpty { jobs = data.allUsers.flatMap { data.training[$0] ?? [] } }
        // At most 64 recordings in memory; sessions beyond that share them from other offsets.
        let recordings = try jobs.prefix(64).map {
            LoadGenerator.Recording(user: $0.user, events: try ReplayDataSet.events(of: $0))
        }.filter { $0.events.count >= eventsPerBatch }
        guard !recordings.isEmpty else {
            throw ValidationError("no session in \(dataset) has \(eventsPerBatch) events or more")
        }
        try await ReplayClient(base: server[0], apiKey: apiKey, connections: 1).prepareTenantForReplay()
        let generator = LoadGenerator(
            targets: targets, apiKey: apiKey, sessions: sessions,
            interval: interval, eventsPerBatch: eventsPerBatch, duration: duration, warmup: warmup)
        let result = try await generator.run(recordings)
        let ms = result.latencyMilliseconds
        print(
            String(
                format: """
                    %d node(s), sessions %d, one batch of %d events every %.2f s each; measured %.0f s
                    ingested %.0f events/s (%.0f batches/s), %d failed
                    batch latency from due time: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms
                    """, result.servers.count, result.sessions, result.eventsPerBatch, result.intervalSeconds, result.seconds,
                result.eventsPerSecond, result.batchesPerSecond, result.failures, ms["p50"] ?? .nan, ms["p90"] ?? .nan,
                ms["p99"] ?? .nan, ms["p99.9"] ?? .nan, ms["max"] ?? .nan))
        print(
            "last decision per session: \(result.decisions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
        )
        if let json { try OutputFile.writeJSON(result, to: json) }
        if result.failures > 0 { throw ExitCode(1) }
    }
}
