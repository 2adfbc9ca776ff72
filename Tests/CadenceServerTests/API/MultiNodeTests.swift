import CadenceServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Several `cadence serve` nodes on one database: a session's batches may land on any node, and
/// each node keeps the states it computed, so a node must notice when another moved a session on.
@Suite("Several nodes on one database")
struct MultiNodeTests {
    /// Streams `batches` batches of one authenticated session, batch `i` through `route(i)`'s
    /// client, ends it `genuine` and returns (trust, pointer samples, key events, profile samples).
    static func run(
        batches: Int, clients: [any TestClientProtocol], route: (Int) -> Int
    ) async throws -> (trust: Double, samples: Int, keyEvents: Int, profileSamples: Int) {
        let session = try await clients[0].startSession(userId: "erin", authenticated: true)
        for seq in 0..<batches {
            let ack = try await clients[route(seq)].sendBatch(
                session: session, seq: seq, events: WireFixtures.humanLike(seq: seq))
            #expect(ack.status == .accepted, "\(ack.text)")
        }
        let last = clients[route(batches)]
        let view = try await last.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
        let counts = try #require(view["counts"] as? [String: Any])
        let pointer = try #require(counts["pointer"] as? [String: Any])
        let keys = try #require(counts["keys"] as? [String: Any])
        let end = try await last.call(
            .post, "/v1/sessions/\(session.id)/end", bearer: TestService.apiKey, json: ["outcome": "genuine"])
        #expect(end.status == .ok, "\(end.text)")
        let profile = try await last.call(.get, "/v1/users/erin/profile", bearer: TestService.apiKey)
        let samples = try #require(profile["samples"] as? [String: Any])
        return (
            try #require(view.double("trust")), try #require(pointer["samples"] as? Int),
            try #require(keys["events"] as? Int), try #require(samples["pointer"] as? Int)
        )
    }

    @Test("batches alternating between two nodes score and enrol exactly as on one node")
    func alternatingNodes() async throws {
        let single = try await TestService.with { _, client in
            try await Self.run(batches: 12, clients: [client]) { _ in 0 }
        }
        #expect(single.samples >= 12 && single.keyEvents == 240 && single.profileSamples == single.samples)

        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-nodes-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = ServerConfiguration(
            databasePath: directory.appendingPathComponent("cadence.sqlite").path, apiKey: TestService.apiKey,
            adminKey: TestService.adminKey)
        let (first, _) = try await CadenceService.bootstrap(
            configuration: configuration, store: try SQLiteStore(path: configuration.databasePath))
        let (second, _) = try await CadenceService.bootstrap(
            configuration: configuration, store: try SQLiteStore(path: configuration.databasePath))
        let shared = try await Application(router: first.router()).test(.router) { a in
            try await Application(router: second.router()).test(.router) { b in
                // Runs of two on one node, then a switch: each node sees the other's versions.
                try await Self.run(batches: 12, clients: [a, b]) { ($0 / 2) % 2 }
            }
        }
        #expect(shared.trust == single.trust)
        #expect(shared.samples == single.samples)
        #expect(shared.keyEvents == single.keyEvents)
        #expect(shared.profileSamples == single.profileSamples)
    }
}
