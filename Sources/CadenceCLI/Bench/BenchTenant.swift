import ArgumentParser
import CadenceEngine
import CadenceServer
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `cadence bench tenant`: what a tenant's size costs the service, measured on a real
/// `cadence serve` over a synthetic tenant of `--users` ready users.
struct BenchTenant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Measure a real cadence serve on a synthetic tenant of many ready users.",
        discussion: """
            Writes --users ready users (real profiles, enrolled through the engine from seeded \
            synthetic pointer input; --templates distinct ones shared round-robin) straight into a \
            new SQLite database, starts this binary's `cadence serve` on it, and measures: the \
            server's resident memory once started and after the sessions; for --sessions users not \
            yet trained on the node, the time to start a monitored session (which trains the user's \
            models against the background cohort, built first for the first of them), the first \
            batch's (the first score) and a later batch's; and the start of a second session of a \
            trained user (no training). Every figure is the client's wall time on this machine.
            """)

    @Option(help: "Ready users in the tenant.")
    var users = 100_000

    @Option(help: "Distinct enrolled profiles the users share.")
    var templates = 64

    @Option(help: "Users whose first sessions are timed.")
    var sessions = 5

    @Option(help: "Folder of the database (replaced) and the server's log.")
    var directory = "/tmp/cadence-bench-tenant"

    @Option(help: "TCP port of the server.")
    var port = 8097

    @Flag(help: "Keep the database of an earlier run with as many users instead of writing it again.")
    var reuse = false

    func validate() throws {
        guard users >= sessions + 1, sessions >= 1 else { throw ValidationError("--users must exceed --sessions ≥ 1") }
        guard templates >= 1 else { throw ValidationError("--templates must be at least 1") }
    }

    static let apiKey = "bench-tenant-key-0123456789abcdefghij"
    static let adminKey = "bench-admin-key-0123456789abcdefghijk"

    func run() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = "\(directory)/tenant-\(users).sqlite"
        if !(reuse && FileManager.default.fileExists(atPath: database)) {
            try await build(database)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: database)[.size] as? NSNumber)?.intValue ?? 0
        print("database \(database): \(Format.bytes(size))")

        let server = try await BenchServer(
            database: database, port: port, log: "\(directory)/serve-\(users).log",
            environment: ["CADENCE_API_KEY": Self.apiKey, "CADENCE_ADMIN_KEY": Self.adminKey])
        defer { server.stop() }
        let started = server.memory()
        print("server started in \(Format.seconds(server.startup)): RSS \(Format.bytes(started.rss))")
        _ = try await server.call("PUT", "/v1/settings", json: ["browser": ["showsDecision": true]])

        var rows: [[String]] = []
        var input = SyntheticPointer(person: 10_000)
        var t0 = Date().timeIntervalSince1970 * 1000
        // Users spread over the tenant (not only the first rows), none trained on this node yet.
        let chosen = (0..<sessions).map { users / (sessions + 1) * ($0 + 1) }
        for (k, n) in chosen.enumerated() {
            let user = "user-\(n)"
            let (startTime, session) = try await server.timed("POST", "/v1/sessions", json: ["userId": user])
            guard let id = session["sessionId"] as? String, let token = session["token"] as? String else {
                throw ValidationError("POST /v1/sessions for \(user): \(session)")
            }
            var batches: [Double] = []
            for seq in 0..<3 {
                let body = input.batch(seq: seq, t0: t0, actions: 8)
                t0 += input.span(actions: 8)
                let (time, answer) = try await server.timed(
                    "POST", "/v1/sessions/\(id)/events", body: body, bearer: token)
                guard answer["trust"] != nil else { throw ValidationError("batch of \(user): \(answer)") }
                batches.append(time)
            }
            let (again, _) = try await server.timed("POST", "/v1/sessions", json: ["userId": user])
            rows.append([
                user + (k == 0 ? " (cohort built)" : ""), Format.milliseconds(startTime),
                Format.milliseconds(batches[0]), Format.milliseconds(startTime + batches[0]),
                Format.milliseconds(batches[2]), Format.milliseconds(again),
            ])
        }
        let after = server.memory()
        print("users \(users), templates \(templates), background cohort \(BackgroundCohort.standardSize) others")
        var table = TextTable([
            "user", "start (trains)", "first batch", "first score", "third batch", "second start (trained)",
        ])
        for row in rows { table.add(row) }
        print(table.render())
        print(
            "server RSS after: \(Format.bytes(after.rss)) (peak \(Format.bytes(after.peak))); "
                + "at start \(Format.bytes(started.rss))")
    }

    /// Writes the tenant `default` (as a first `cadence serve` start does) and its users.
    private func build(_ database: String) async throws {
        for suffix in ["", "-wal", "-shm", ".keys"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let began = Date()
        let store = try SQLiteStore(path: database)
        let configuration = ServerConfiguration(databasePath: database, apiKey: Self.apiKey, adminKey: Self.adminKey)
        _ = try await CadenceService.bootstrap(configuration: configuration, store: store)
        let written = try await SyntheticTenant(templates: templates).write(
            count: users, tenantId: "default", into: store)
        let statuses = Dictionary(grouping: written.statuses, by: \.rawValue).mapValues(\.count)
        print(
            "wrote \(users) users in \(Format.seconds(Date().timeIntervalSince(began))); templates \(statuses), "
                + "profile blob \(Format.bytes(written.profileBytes))")
    }
}

/// `cadence serve` as a child process of the benchmark.
struct BenchServer {
    let process: Process
    let port: Int
    /// Seconds from launch to the first `/health` answer.
    let startup: Double
    let session: URLSession

    init(database: String, port: Int, log: String, environment: [String: String]) async throws {
        self.port = port
        process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port), "--database", database]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 600
        session = URLSession(configuration: configuration)
        let launched = Date()
        try process.run()
        while true {
            guard process.isRunning else { throw ValidationError("cadence serve exited; see \(log)") }
            if let (status, _) = try? await Self.send(session, port, "GET", "/health", body: nil, bearer: nil),
                status == 200
            {
                break
            }
            guard Date().timeIntervalSince(launched) < 300 else {
                process.terminate()
                throw ValidationError("cadence serve did not answer /health within 300 s; see \(log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        startup = Date().timeIntervalSince(launched)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// Resident and peak resident memory of the server, bytes (`/proc/<pid>/status`).
    func memory() -> (rss: Int, peak: Int) {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    func call(_ method: String, _ path: String, json: Any? = nil, body: Data? = nil, bearer: String? = nil)
        async throws -> [String: Any]
    {
        try await timed(method, path, json: json, body: body, bearer: bearer).answer
    }

    /// The request's wall time, seconds, and its JSON answer; throws unless 2xx.
    func timed(_ method: String, _ path: String, json: Any? = nil, body: Data? = nil, bearer: String? = nil)
        async throws -> (seconds: Double, answer: [String: Any])
    {
        let data = try json.map { try JSONSerialization.data(withJSONObject: $0) } ?? body
        let began = Date()
        let (status, answer) = try await Self.send(
            session, port, method, path, body: data, bearer: bearer ?? BenchTenant.apiKey)
        let seconds = Date().timeIntervalSince(began)
        guard (200..<300).contains(status) else { throw ValidationError("\(method) \(path) → \(status): \(answer)") }
        return (seconds, answer)
    }

    private static func send(
        _ session: URLSession, _ port: Int, _ method: String, _ path: String, body: Data?, bearer: String?
    ) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await session.data(for: request)
        return (
            (response as? HTTPURLResponse)?.statusCode ?? 0,
            (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        )
    }
}
