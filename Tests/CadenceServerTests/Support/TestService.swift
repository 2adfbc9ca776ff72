import CadenceServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A service on a real SQLite file in a fresh temporary folder, with known keys.
struct TestService: Sendable {
    static let apiKey = "test-tenant-key-0123456789abcdef"
    static let adminKey = "test-admin-key-0123456789abcdef01"
    /// The demo tenant's key (the demo bank runs in every test service).
    static let demoKey = "test-demo-tenant-key-0123456789ab"

    let service: CadenceService
    let store: SQLiteStore
    let directory: URL

    /// Runs `body` with a bootstrapped service and an in-process client, then removes the folder;
    /// with `in: folder`, the service uses that folder's database and the folder is kept (a restart).
    static func with<T: Sendable>(
        in existing: URL? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestService, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let directory =
            existing
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if existing == nil { try? FileManager.default.removeItem(at: directory) } }
        var configuration = ServerConfiguration(
            databasePath: directory.appendingPathComponent("cadence.sqlite").path, apiKey: apiKey, demo: true,
            demoAPIKey: demoKey, adminKey: adminKey, webhookInitialDelay: 0.05,
            // The tests' receivers listen on loopback over plain http; WebhookDestinationTests use the default.
            webhookDestinations: .development)
        configure(&configuration)
        let store = try SQLiteStore(path: configuration.databasePath)
        let (service, _) = try await CadenceService.bootstrap(configuration: configuration, store: store)
        let test = TestService(service: service, store: store, directory: directory)
        let app = Application(router: service.router())
        return try await app.test(.router) { client in try await body(test, client) }
    }
}

/// A response with its status and body parsed as a JSON object (empty when not an object).
struct JSONResponse {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String
    var json: [String: Any]

    subscript(key: String) -> Any? { json[key] }

    func string(_ key: String) -> String? { json[key] as? String }
    func double(_ key: String) -> Double? { (json[key] as? NSNumber)?.doubleValue }
    func int(_ key: String) -> Int? { (json[key] as? NSNumber)?.intValue }
    func bool(_ key: String) -> Bool? { json[key] as? Bool }
    func array(_ key: String) -> [Any]? { json[key] as? [Any] }

    /// Every error is JSON `{"error", "reason"}` with a non-empty reason.
    var isJSONError: Bool {
        headers[.contentType]?.hasPrefix("application/json") == true && !(string("error") ?? "").isEmpty
            && !(string("reason") ?? "").isEmpty
    }
}

extension TestClientProtocol {
    /// Sends `body` (a JSON value, or raw bytes when it is `[UInt8]` or a `String`) with an optional bearer credential.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, bearer: String? = nil, json: Any? = nil, raw: String? = nil
    ) async throws -> JSONResponse {
        var headers: HTTPFields = [:]
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        var buffer: ByteBuffer?
        if let raw {
            buffer = ByteBuffer(string: raw)
        } else if let json {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        if buffer != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let text = String(buffer: response.body)
            let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
            return JSONResponse(status: response.status, headers: response.headers, text: text, json: object ?? [:])
        }
    }

    /// Turns the tenant's `browser.showsDecision` on, so that batch answers carry trust, decision
    /// and reasons (tests that read the score from the 202; off by default).
    func showDecisionsToBrowser(key: String = TestService.apiKey) async throws {
        let put = try await call(.put, "/v1/settings", bearer: key, json: ["browser": ["showsDecision": true]])
        #expect(put.status == .ok, "\(put.text)")
    }

    /// `GET /metrics` with the admin key, as text.
    func metricsText() async throws -> String {
        try await execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(TestService.adminKey)"]) {
            String(buffer: $0.body)
        }
    }

    /// Starts a session for `userId` with the test tenant key; returns (sessionId, token).
    func startSession(userId: String = "alice", authenticated: Bool = true) async throws -> (id: String, token: String)
    {
        let response = try await call(
            .post, "/v1/sessions", bearer: TestService.apiKey, json: ["userId": userId, "authenticated": authenticated])
        #expect(response.status == .created, "\(response.text)")
        return (try #require(response.string("sessionId")), try #require(response.string("token")))
    }

    /// Posts a wire-format batch of `events` with sequence number `seq`.
    func sendBatch(
        session: (id: String, token: String), seq: Int, events: [[Double]] = WireFixtures.pointerAndKeys
    ) async throws -> JSONResponse {
        let body: [String: Any] = ["v": 1, "seq": seq, "t0": 1_764_057_600_123.25 + Double(seq) * 1000, "e": events]
        return try await call(.post, "/v1/sessions/\(session.id)/events", bearer: session.token, json: body)
    }
}

/// Small wire-format batches built inline.
enum WireFixtures {
    /// A point-and-click action (14 moves along a bowed path with uneven timing, a press and a
    /// release) followed by 10 keystrokes with uneven holds and gaps: 36 events, times in ms,
    /// varied by `seq` with a fixed-seed generator.
    static func humanLike(seq: Int) -> [[Double]] {
        var state = UInt64(seq + 1) &* 0x9E37_79B9_7F4A_7C15
        func random(_ range: ClosedRange<Double>) -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Double(state >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        var events: [[Double]] = []
        var t = random(0...20)
        let (x0, y0) = (random(100...600), random(100...500))
        let (x1, y1) = (random(100...600), random(100...500))
        let bow = random(-40...40)
        for i in 1...14 {
            t += random(10...24)
            let p = Double(i) / 14
            let eased = p * p * (3 - 2 * p)
            let x = x0 + (x1 - x0) * eased + bow * sin(.pi * p) + random(-1...1)
            let y = y0 + (y1 - y0) * eased - bow * sin(.pi * p) + random(-1...1)
            events.append([2, t, x.rounded(), y.rounded(), 0, 0])
        }
        let (x, y) = (events.last![2], events.last![3])
        t += random(40...120)
        events.append([3, t, x, y, 1, 0])
        t += random(70...140)
        events.append([4, t, x, y, 1, 0])
        let keys: [Double] = [1, 2, 4, 5, 8, 2, 6, 1, 3, 5]
        for key in keys {
            t += random(80...220)
            events.append([0, t, key, 0])
            events.append([1, t + random(55...115), key, 0])
        }
        return events
    }

    /// Four clicks, each right after an instant jump of the pointer (WebDriver-style): 13 events
    /// that the automation detector judges `automated`.
    static let teleportClicks: [[Double]] = {
        var events: [[Double]] = [[2, 0, 0, 0, 0, 0]]
        for i in 0..<4 {
            let base = Double(i) * 1000
            let x = 100 + 200 * Double(i)
            events += [[2, base + 500, x, 100, 0, 0], [3, base + 501, x, 100, 1, 0], [4, base + 560, x, 100, 1, 0]]
        }
        return events
    }()

    /// Two pointer events (a move and a left press) and a key down/up pair: 4 events.
    static let pointerAndKeys: [[Double]] = [
        [2, 0, 410, 233, 0, 0], [3, 16.7, 415, 236, 1, 0], [0, 40.1, 2, 0], [1, 121.9, 2, 0],
    ]
}
