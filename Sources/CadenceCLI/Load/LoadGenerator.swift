import CadenceEngine
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// An open-loop load on a running service: `sessions` monitored sessions at once, each on its own
/// keep-alive connection sending one batch of `eventsPerBatch` recorded events every `interval`
/// seconds (the browser SDK sends about one batch a second), whether or not the service keeps up.
///
/// A batch's latency runs from the moment it was due, not from when it could be sent, so a
/// service that falls behind shows it in the latency (no coordinated omission, Tene 2015).
struct LoadGenerator: Sendable {
    /// A node of the service.
    struct Target: Sendable, Encodable {
        var host: String
        var port: Int
    }

    /// The nodes the sessions are spread over, round-robin: session i streams to node i mod n (the
    /// nodes share one database, so any of them may create a session or take its batches).
    var targets: [Target]
    var apiKey: String
    var sessions: Int
    /// Seconds between two batches of one session.
    var interval: Double
    var eventsPerBatch: Int
    /// Seconds measured, after the warm-up.
    var duration: Double
    /// Seconds sent but not measured (sessions start, models load).
    var warmup: Double

    struct Recording: Sendable {
        var user: String
        var events: [PointerEvent]
    }

    struct Result: Sendable, Encodable {
        var servers: [Target]
        var sessions: Int
        var intervalSeconds: Double
        var eventsPerBatch: Int
        var seconds: Double
        var batches: Int
        var events: Int
        var eventsPerSecond: Double
        var batchesPerSecond: Double
        var failures: Int
        var latencyMilliseconds: [String: Double]
        var decisions: [String: Int]
        /// Each measured second (by due time): its batches, p99 and worst latency, to tell a
        /// steady tail from a few stalls.
        var perSecond: [Second]
    }

    struct Second: Sendable, Encodable {
        var second: Int
        var batches: Int
        var p99Milliseconds: Double
        var maxMilliseconds: Double
    }

    private struct SessionLoad: Sendable {
        var latencies: [Double] = []
        /// Seconds from the start of the measurement to each measured batch's due time.
        var dueSeconds: [Double] = []
        var events = 0
        var failures = 0
        var lastDecision = "none"
        var firstFailure: String?
    }

    func run(_ recordings: [Recording]) async throws -> Result {
        precondition(!recordings.isEmpty)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let result = try await load(recordings, group: group)
            try? await group.shutdownGracefully()
            return result
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private func load(_ recordings: [Recording], group: MultiThreadedEventLoopGroup) async throws -> Result {

        FileHandle.standardError.write(Data("creating \(sessions) session(s)…\n".utf8))
        let created = try await createSessions(recordings, group: group)
        FileHandle.standardError.write(Data("connecting…\n".utf8))
        var connections: [HTTPConnection] = []
        for i in 0..<sessions {
            let target = targets[i % targets.count]
            connections.append(try await HTTPConnection.connect(host: target.host, port: target.port, group: group))
        }

        let clock = ContinuousClock()
        let start = clock.now + .milliseconds(200)
        let measureFrom = start + .seconds(warmup)
        let stop = measureFrom + .seconds(duration)
        FileHandle.standardError.write(
            Data("sending for \(Int(warmup)) s of warm-up, then \(Int(duration)) s measured…\n".utf8))
        let loads = try await withThrowingTaskGroup(of: SessionLoad.self) { tasks in
            for i in 0..<sessions {
                let connection = connections[i]
                let (id, token) = created[i]
                let recording = recordings[i % recordings.count]
                // Sessions sharing a recording start at different places in it.
                let offset = (i / recordings.count) * eventsPerBatch * 7 % max(recording.events.count, 1)
                let phase = Duration.seconds(interval * Double(i) / Double(sessions))
                tasks.addTask {
                    try await streamSession(
                        id: id, token: token, recording: recording.events, offset: offset, connection: connection,
                        first: start + phase, measureFrom: measureFrom, stop: stop, clock: clock)
                }
            }
            var all: [SessionLoad] = []
            for try await load in tasks { all.append(load) }
            return all
        }
        for connection in connections { await connection.close() }

        var bySecond: [Int: [Double]] = [:]
        for load in loads {
            for (due, latency) in zip(load.dueSeconds, load.latencies) { bySecond[Int(due), default: []].append(latency) }
        }
        let perSecond = bySecond.keys.sorted().map { second in
            let sorted = bySecond[second]!.sorted()
            return Second(
                second: second, batches: sorted.count,
                p99Milliseconds: sorted[min(Int(Double(sorted.count) * 0.99), sorted.count - 1)] * 1000,
                maxMilliseconds: sorted[sorted.count - 1] * 1000)
        }
        var latencies = loads.flatMap(\.latencies)
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? .nan : latencies[min(Int(Double(latencies.count) * p), latencies.count - 1)] * 1000
        }
        if let failure = loads.compactMap(\.firstFailure).first {
            FileHandle.standardError.write(Data("first failure: \(failure)\n".utf8))
        }
        let events = loads.reduce(0) { $0 + $1.events }
        var decisions: [String: Int] = [:]
        for load in loads { decisions[load.lastDecision, default: 0] += 1 }
        return Result(
            servers: targets, sessions: sessions, intervalSeconds: interval, eventsPerBatch: eventsPerBatch, seconds: duration,
            batches: latencies.count, events: events, eventsPerSecond: Double(events) / duration,
            batchesPerSecond: Double(latencies.count) / duration, failures: loads.reduce(0) { $0 + $1.failures },
            latencyMilliseconds: [
                "p50": percentile(0.5), "p90": percentile(0.9), "p99": percentile(0.99), "p99.9": percentile(0.999),
                "max": latencies.last.map { $0 * 1000 } ?? .nan,
            ],
            decisions: decisions, perSecond: perSecond)
    }

    /// Creates the monitored sessions over a few connections; their ids and tokens, in order.
    private func createSessions(_ recordings: [Recording], group: any EventLoopGroup) async throws -> [(
        String, String
    )] {
        let lanes = min(8, sessions)
        return try await withThrowingTaskGroup(of: [(Int, String, String)].self) { tasks in
            for lane in 0..<lanes {
                let target = targets[lane % targets.count]
                tasks.addTask {
                    let connection = try await HTTPConnection.connect(
                        host: target.host, port: target.port, group: group)
                    defer { Task { await connection.close() } }
                    var made: [(Int, String, String)] = []
                    for i in stride(from: lane, to: sessions, by: lanes) {
                        let user = recordings[i % recordings.count].user
                        let body = try JSONSerialization.data(withJSONObject: ["userId": user, "authenticated": false])
                        let response = try await connection.send(
                            .POST, "/v1/sessions",
                            headers: [("Authorization", "Bearer \(apiKey)"), ("Content-Type", "application/json")],
                            body: ByteBuffer(bytes: body))
                        let object =
                            (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)))
                            as? [String: Any]
                        guard response.status == 201, let id = object?["sessionId"] as? String,
                            let token = object?["token"] as? String
                        else {
                            throw HTTPConnection.Failure(
                                description:
                                    "POST /v1/sessions → \(response.status): \(String(buffer: response.body).prefix(200))"
                            )
                        }
                        made.append((i, id, token))
                    }
                    return made
                }
            }
            var all = [(String, String)](repeating: ("", ""), count: sessions)
            for try await made in tasks { for (i, id, token) in made { all[i] = (id, token) } }
            return all
        }
    }

    private func streamSession(
        id: String, token: String, recording: [PointerEvent], offset: Int, connection: HTTPConnection,
        first: ContinuousClock.Instant, measureFrom: ContinuousClock.Instant, stop: ContinuousClock.Instant,
        clock: ContinuousClock
    ) async throws -> SessionLoad {
        var load = SessionLoad()
        let path = "/v1/sessions/\(id)/events"
        let headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")]
        let epochStart = Date().timeIntervalSince1970 * 1000
        var cursor = offset
        var timeShift = epochStart - (recording.first?.timestamp ?? 0)
        var seq = 0
        var due = first
        while due < stop {
            // The next events of the recording, with times made continuous when it wraps round.
            var slice: [PointerEvent] = []
            slice.reserveCapacity(eventsPerBatch)
            while slice.count < eventsPerBatch {
                if cursor >= recording.count {
                    cursor = 0
                    timeShift = (slice.last?.timestamp ?? timeShift) + 1000 - (recording.first?.timestamp ?? 0)
                }
                var event = recording[cursor]
                event.timestamp += timeShift
                slice.append(event)
                cursor += 1
            }
            let body = WireEncoder.encode(WireBatch(seq: seq, t0: slice[0].timestamp, pointerEvents: slice))
            try await clock.sleep(until: due)
            let response: HTTPConnection.Response
            do {
                response = try await connection.send(.POST, path, headers: headers, body: ByteBuffer(bytes: body))
            } catch {
                load.failures += 1
                load.firstFailure = load.firstFailure ?? "\(error)"
                break
            }
            let finished = clock.now
            if due >= measureFrom {
                let latency = finished - due
                load.latencies.append(
                    Double(latency.components.seconds) + Double(latency.components.attoseconds) * 1e-18)
                let sinceStart = due - measureFrom
                load.dueSeconds.append(
                    Double(sinceStart.components.seconds) + Double(sinceStart.components.attoseconds) * 1e-18)
                if response.status == 202 {
                    load.events += slice.count  // ingested: only what the service acknowledged
                } else {
                    load.failures += 1
                    if load.firstFailure == nil {
                        load.firstFailure = "\(path) → \(response.status): \(String(buffer: response.body).prefix(200))"
                    }
                }
            }
            if response.status == 202, let decision = Self.decision(in: response.body) { load.lastDecision = decision }
            seq += 1
            due = due + .seconds(interval)
        }
        return load
    }

    /// The `decision` of a batch acknowledgement, without a JSON parser (it is a fixed field).
    static func decision(in body: ByteBuffer) -> String? {
        let text = String(buffer: body)
        for candidate in ["allow", "challenge", "block"] where text.contains("\"decision\":\"\(candidate)\"") {
            return candidate
        }
        return nil
    }
}
