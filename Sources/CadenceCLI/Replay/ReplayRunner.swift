import CadenceEngine
import CadenceServer
import Foundation

/// Streams data-set sessions through the service's HTTP API and measures it.
struct ReplayRunner: Sendable {
    var server: String
    var apiKey: String
    var speed: Double
    var concurrency: Int
    var batchMilliseconds: Double
    var batchEvents: Int

    func run(_ data: ReplayDataSet, enrol: Bool, test: Bool = true) async throws -> [ContinuousEvaluation.SessionResult]
    {
        let client = ReplayClient(base: server, apiKey: apiKey, connections: concurrency)
        let meter = LoadMeter()
        try await client.prepareTenantForReplay()
        if enrol {
            // One task per user, its sessions in order: each end updates that user's profile.
            let users = data.allUsers.compactMap { data.training[$0]?.first }
            let count = data.allUsers.reduce(0) { $0 + (data.training[$1]?.count ?? 0) }
            FileHandle.standardError.write(Data("enrolling \(users.count) user(s) from \(count) session(s)…\n".utf8))
            _ = try await forEach(users) { first in
                for session in data.training[first.user] ?? [] {
                    _ = try await stream(session, authenticated: true, outcome: .genuine, client: client, meter: meter)
                }
                return true
            }
        }
        guard test else { return [] }
        let jobs = data.users.flatMap { data.tests[$0] ?? [] }
        FileHandle.standardError.write(Data("replaying \(jobs.count) test session(s)…\n".utf8))
        let started = Date()
        await meter.reset()
        let results = try await forEach(jobs) { job in
            try await stream(job, authenticated: false, outcome: .unknown, client: client, meter: meter)
        }
        let load = await meter.summary(seconds: Date().timeIntervalSince(started))
        FileHandle.standardError.write(Data((load + "\n").utf8))
        return results.compactMap { $0 }
    }

    /// Runs `body` on every job, at most ``concurrency`` at once; results in job order.
    private func forEach<R: Sendable>(
        _ jobs: [ReplayDataSet.Session], _ body: @escaping @Sendable (ReplayDataSet.Session) async throws -> R
    ) async throws -> [R?] {
        var results = [R?](repeating: nil, count: jobs.count)
        try await withThrowingTaskGroup(of: (Int, R?).self) { group in
            var next = 0
            func launch() {
                let index = next
                let job = jobs[index]
                next += 1
                group.addTask {
                    do {
                        return (index, try await body(job))
                    } catch {
                        FileHandle.standardError.write(Data("\(job.user)/\(job.name): \(error)\n".utf8))
                        return (index, nil)
                    }
                }
            }
            while next < min(concurrency, jobs.count) { launch() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < jobs.count { launch() }
            }
        }
        return results
    }

    /// Streams one session: create, send its batches paced by `speed`, read the result, end it.
    private func stream(
        _ job: ReplayDataSet.Session, authenticated: Bool, outcome: SessionOutcome, client: ReplayClient,
        meter: LoadMeter
    ) async throws -> ContinuousEvaluation.SessionResult {
        let events = try ReplayDataSet.events(of: job)
        let created = try await client.send(
            "POST", "/v1/sessions", body: CreateSessionRequest(userId: job.user, authenticated: authenticated),
            answer: StartedSession.self)
        let id = created.sessionId
        let clockStart = Date()
        let epochStart = clockStart.timeIntervalSince1970 * 1000
        let firstTime = events.first?.timestamp ?? 0
        var minTrust = 100.0
        var untilChallenge: Int?
        var untilBlock: Int?
        var seq = 0
        var start = 0
        while start < events.count {
            var end = start + 1
            while end < events.count && end - start < batchEvents
                && events[end].timestamp - events[start].timestamp < batchMilliseconds
            {
                end += 1
            }
            let slice = events[start..<end].map {
                PointerEvent(
                    $0.kind, timestamp: epochStart + ($0.timestamp - firstTime), x: $0.x, y: $0.y, button: $0.button,
                    pointerType: $0.pointerType)
            }
            if speed > 0 {
                // Send when the batch's last event would have happened, accelerated.
                let due = (events[end - 1].timestamp - firstTime) / 1000 / speed
                let wait = due - Date().timeIntervalSince(clockStart)
                if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
            }
            let body = Data(WireEncoder.encode(WireBatch(seq: seq, t0: slice[0].timestamp, pointerEvents: slice)))
            let sent = Date()
            let answer = try await client.send(
                "POST", "/v1/sessions/\(id)/events", body: body, bearer: created.token,
                answer: BatchAcknowledgement.self)
            await meter.record(events: slice.count, latency: Date().timeIntervalSince(sent))
            guard let decision = answer.decision, let trust = answer.trust else {
                throw ReplayClient.HTTPFailure(
                    method: "POST", path: "/v1/sessions/\(id)/events", status: 202,
                    body: "the answer shows no decision (tenant setting browser.showsDecision is off)")
            }
            minTrust = min(minTrust, trust)
            if decision >= .challenge && untilChallenge == nil {
                untilChallenge = try await samples(id, client)
            }
            if decision == .block && untilBlock == nil {
                untilBlock = try await samples(id, client)
            }
            seq += 1
            start = end
        }
        let final = try await client.send("GET", "/v1/sessions/\(id)", answer: SessionView.self)
        _ = try await client.send(
            "POST", "/v1/sessions/\(id)/end", body: EndSessionRequest(outcome: outcome), answer: SessionView.self)
        return ContinuousEvaluation.SessionResult(
            user: job.user, session: job.name, illegal: job.illegal, decision: final.decision,
            minTrust: min(minTrust, final.trust), actions: final.counts.pointer.samples,
            actionsUntilChallenge: untilChallenge, actionsUntilBlock: untilBlock, automation: final.automation.level)
    }

    /// Pointer actions scored so far.
    private func samples(_ id: String, _ client: ReplayClient) async throws -> Int {
        try await client.send("GET", "/v1/sessions/\(id)", answer: SessionView.self).counts.pointer.samples
    }
}

/// Events sent and batch latencies, shared by the concurrent streams.
actor LoadMeter {
    private var events = 0
    private var latencies: [Double] = []

    func record(events count: Int, latency: Double) {
        events += count
        latencies.append(latency)
    }

    func reset() {
        events = 0
        latencies = []
    }

    func summary(seconds: Double) -> String {
        guard !latencies.isEmpty else { return "no batches sent" }
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(Int(Double(sorted.count) * p), sorted.count - 1)] * 1000 }
        return String(
            format: "load: %d events in %d batches over %.1f s = %.0f events/s; batch latency p50 %.2f ms, p99 %.2f ms",
            events, sorted.count, seconds, Double(events) / max(seconds, 1e-9), percentile(0.5), percentile(0.99))
    }
}
