import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Bad requests: JSON errors with reasons, size limits, never a crash")
struct BadRequestTests {
    @Test("malformed JSON answers 400 with a reason")
    func malformedJSON() async throws {
        try await TestService.with { _, client in
            let response = try await client.call(.post, "/v1/sessions", bearer: TestService.apiKey, raw: #"{"userId":"#)
            #expect(response.status == .badRequest)
            #expect(response.isJSONError)
            #expect(response.string("reason") == "the body is not valid JSON")
        }
    }

    @Test("a field of the wrong type or missing is named in the reason")
    func fieldReasons() async throws {
        try await TestService.with { _, client in
            let wrongType = try await client.call(
                .post, "/v1/sessions", bearer: TestService.apiKey, json: ["userId": 5])
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.string("reason") == "userId: expected a string")
            let missing = try await client.call(.post, "/v1/sessions", bearer: TestService.apiKey, json: ["x": 1])
            #expect(missing.string("reason") == "userId: required field is missing")
            let empty = try await client.call(.post, "/v1/sessions", bearer: TestService.apiKey, json: ["userId": ""])
            #expect(empty.status == .badRequest)
            #expect(empty.string("reason")?.hasPrefix("userId:") == true)
            let session = try await client.startSession()
            let outcome = try await client.call(
                .post, "/v1/sessions/\(session.id)/end", bearer: TestService.apiKey, json: ["outcome": "maybe"])
            #expect(outcome.status == .badRequest)
            #expect(outcome.string("reason") == "outcome: must be one of genuine, fraud, unknown")
        }
    }

    @Test("a malformed batch answers 400 naming the field")
    func malformedBatch() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            let cases: [(String, String)] = [
                (#"{"v":1,"seq":0,"t0":1,"e":[[9,0,0,0]]}"#, "e[0][0]"),
                (#"{"v":2,"seq":0,"t0":1,"e":[]}"#, "v"),
                (#"{"v":1,"t0":1,"e":[]}"#, "seq"),
                (#"{"v":1,"seq":0,"t0":1,"e":[[2,0,"x",1,0,0]]}"#, "e[0][2]"),
                (#"[1,2,3]"#, "$"),
                (#"{"v":1,"seq":0,"t0":1,"e":[],"env":{"wd":"true"}}"#, "env.wd"),
                (#"{"v":1,"seq":0,"t0":1,"e":[],"env":{"ua":"HeadlessChrome/156"}}"#, "env.ua"),
                (#"{"v":1,"seq":0,"t0":1,"e":[],"env":{"iv":2,"fast":3}}"#, "env.fast"),
                ("not json", "$"),
            ]
            for (body, field) in cases {
                let response = try await client.call(
                    .post, "/v1/sessions/\(session.id)/events", bearer: session.token, raw: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.isJSONError)
                #expect(response.string("reason")?.hasPrefix(field) == true, "\(body): \(response.text)")
            }
        }
    }

    @Test("an oversized batch or JSON body answers 413 JSON")
    func oversized() async throws {
        try await TestService.with(configure: {
            $0.maximumBatchBytes = 4096
            $0.maximumJSONBytes = 1024
        }) { _, client in
            let session = try await client.startSession()
            let events = Array(repeating: [2.0, 16.7, 410, 233, 0, 0], count: 400)
            let batch = try await client.sendBatch(session: session, seq: 0, events: events)
            #expect(batch.status == .contentTooLarge)
            #expect(batch.isJSONError)
            let start = try await client.call(
                .post, "/v1/sessions", bearer: TestService.apiKey,
                json: ["userId": "alice", "padding": String(repeating: "x", count: 2000)])
            #expect(start.status == .contentTooLarge)
            #expect(start.isJSONError)
        }
    }

    @Test("an unknown route answers 404 JSON")
    func unknownRoute() async throws {
        try await TestService.with { _, client in
            let response = try await client.call(.get, "/v1/nothing-here", bearer: TestService.apiKey)
            #expect(response.status == .notFound)
            #expect(response.isJSONError)
        }
    }

    @Test("random bodies on every JSON endpoint answer 4xx JSON, never 5xx")
    func randomBodies() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            var generator = SystemRandomNumberGenerator()
            let fragments = [
                "{", "}", "[", "]", "\"", ":", ",", "1e999", "-0", "null", "true", "\"v\"", "\"seq\"", "\"e\"",
                "\u{0}", "\\u0000", "99999999999999999999", "[[2,0,1,1,0,0]]", "\"userId\"", "NaN",
            ]
            let targets: [(String, String?)] = [
                ("/v1/sessions", TestService.apiKey), ("/v1/sessions/\(session.id)/events", session.token),
                ("/v1/sessions/\(session.id)/end", TestService.apiKey), ("/demo/login", nil),
            ]
            for round in 0..<200 {
                let body = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                    fragments.randomElement(using: &generator)!
                }.joined()
                let (uri, bearer) = targets[round % targets.count]
                let response = try await client.call(.post, uri, bearer: bearer, raw: body)
                #expect(response.status.code < 500, "\(uri) \(body): \(response.text)")
                if response.status.code >= 400 { #expect(response.isJSONError, "\(uri) \(body)") }
            }
        }
    }
}
