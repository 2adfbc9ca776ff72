import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// CORS only where a bank's pages need it and only for the tenant's origins; security headers on
/// every answer (security review, issue 9 item 10).
@Suite("Browser surface: CORS for the tenant's origins on the events route only, security headers")
struct BrowserSurfaceTests {
    static func preflight(
        _ client: some TestClientProtocol, path: String, origin: String
    ) async throws -> (HTTPResponse.Status, HTTPFields) {
        var headers: HTTPFields = [:]
        headers[.origin] = origin
        headers[.accessControlRequestMethod] = "POST"
        headers[.accessControlRequestHeaders] = "authorization, content-type"
        return try await client.execute(uri: path, method: .options, headers: headers) { ($0.status, $0.headers) }
    }

    static func allow(_ client: some TestClientProtocol, _ origins: [String]) async throws {
        let put = try await client.call(
            .put, "/v1/settings", bearer: TestService.apiKey, json: ["browser": ["allowedOrigins": origins]])
        #expect(put.status == .ok, "\(put.text)")
    }

    @Test("a preflight from a listed origin is answered with that origin, POST and the Authorization header")
    func preflightFromAllowedOrigin() async throws {
        try await TestService.with { _, client in
            try await Self.allow(client, ["https://Bank.Example:443", "https://other.example:8443/"])
            let session = try await client.startSession()
            let (status, headers) = try await Self.preflight(
                client, path: "/v1/sessions/\(session.id)/events", origin: "https://bank.example")
            #expect(status.code < 300)
            #expect(headers[.accessControlAllowOrigin] == "https://bank.example")
            #expect(headers[.accessControlAllowHeaders]?.lowercased().contains("authorization") == true)
            #expect(headers[.accessControlAllowMethods] == "POST")
            #expect(headers[.vary] == "Origin")
            let settings = try await client.call(.get, "/v1/settings", bearer: TestService.apiKey)
            let browser = try #require(settings["browser"] as? [String: Any])
            #expect(browser["allowedOrigins"] as? [String] == ["https://bank.example", "https://other.example:8443"])
        }
    }

    @Test("an origin the tenant does not list gets 403 and no CORS header, preflight and POST alike")
    func unlistedOriginRefused() async throws {
        try await TestService.with { _, client in
            try await Self.allow(client, ["https://bank.example"])
            let session = try await client.startSession()
            for origin in ["https://evil.example", "https://bank.example.evil.example", "null", "http://bank.example"] {
                let (status, headers) = try await Self.preflight(
                    client, path: "/v1/sessions/\(session.id)/events", origin: origin)
                #expect(status == .forbidden, "\(origin)")
                #expect(headers[.accessControlAllowOrigin] == nil, "\(origin)")
            }
            var headers: HTTPFields = [:]
            headers[.origin] = "https://evil.example"
            headers[.authorization] = "Bearer \(session.token)"
            let body = #"{"v":1,"seq":0,"t0":1764057600000,"e":[[2,0,1,2,0,0]]}"#
            let (status, allowOrigin) = try await client.execute(
                uri: "/v1/sessions/\(session.id)/events", method: .post, headers: headers,
                body: .init(string: body)
            ) { ($0.status, $0.headers[.accessControlAllowOrigin]) }
            #expect(status == .forbidden && allowOrigin == nil)
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.int("batches") == 0, "the refused batch was not stored")
        }
    }

    @Test("a POST from a listed origin carries the CORS headers, on its 202 and on its errors")
    func allowedPostCarriesHeaders() async throws {
        try await TestService.with { _, client in
            try await Self.allow(client, ["https://bank.example"])
            let session = try await client.startSession()
            var headers: HTTPFields = [:]
            headers[.origin] = "https://bank.example"
            headers[.authorization] = "Bearer \(session.token)"
            let good = #"{"v":1,"seq":0,"t0":1764057600000,"e":[[2,0,1,2,0,0]]}"#
            let (status, allowOrigin) = try await client.execute(
                uri: "/v1/sessions/\(session.id)/events", method: .post, headers: headers, body: .init(string: good)
            ) { ($0.status, $0.headers[.accessControlAllowOrigin]) }
            #expect(status == .accepted && allowOrigin == "https://bank.example")
            let (badStatus, badOrigin) = try await client.execute(
                uri: "/v1/sessions/\(session.id)/events", method: .post, headers: headers, body: .init(string: "{")
            ) { ($0.status, $0.headers[.accessControlAllowOrigin]) }
            #expect(badStatus == .badRequest && badOrigin == "https://bank.example", "the page can read why")
        }
    }

    @Test("no other route answers cross-origin: tenant, admin and settings routes get no CORS header")
    func otherRoutesHaveNoCORS() async throws {
        try await TestService.with { _, client in
            try await Self.allow(client, ["https://bank.example"])
            let session = try await client.startSession()
            for path in ["/v1/sessions", "/v1/sessions/\(session.id)", "/v1/settings", "/admin/api/sessions", "/health"] {
                let (_, headers) = try await Self.preflight(client, path: path, origin: "https://bank.example")
                #expect(headers[.accessControlAllowOrigin] == nil, "\(path)")
                var get: HTTPFields = [:]
                get[.origin] = "https://bank.example"
                get[.authorization] = "Bearer \(TestService.apiKey)"
                let allow = try await client.execute(uri: path, method: .get, headers: get) {
                    $0.headers[.accessControlAllowOrigin]
                }
                #expect(allow == nil, "\(path)")
            }
        }
    }

    @Test("a bad origin list answers 400 naming the field")
    func badOriginsRefused() async throws {
        try await TestService.with { _, client in
            for bad: Any in [["https://bank.example/path"], ["ftp://bank.example"], ["*"], "https://bank.example"] {
                let put = try await client.call(
                    .put, "/v1/settings", bearer: TestService.apiKey, json: ["browser": ["allowedOrigins": bad]])
                #expect(put.status == .badRequest && put.isJSONError, "\(bad)")
                #expect(put.string("reason")?.hasPrefix("browser.allowedOrigins") == true, "\(put.text)")
            }
        }
    }

    @Test("every answer carries a CSP without inline script, frame-ancestors 'none', nosniff and a referrer policy")
    func securityHeaders() async throws {
        try await TestService.with { _, client in
            for path in ["/", "/admin", "/sdk/cadence.js", "/health", "/v1/sessions", "/no-such-page"] {
                let headers = try await client.execute(uri: path, method: .get) { $0.headers }
                let csp = try #require(headers[.contentSecurityPolicy], "\(path)")
                #expect(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), "\(path)")
                #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "\(path)")
                #expect(headers[.xContentTypeOptions] == "nosniff", "\(path)")
                #expect(headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(path)")
                #expect(headers[.strictTransportSecurity] == nil, "no HSTS over plain HTTP")
            }
        }
    }

    @Test("the pages hold no inline script, no inline event handler and no inline style attribute")
    func pagesNeedNoInlineScript() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CadenceServer/Public")
        for page in ["index.html", "admin.html"] {
            let html = try String(contentsOf: folder.appendingPathComponent(page), encoding: .utf8)
            let scripts = html.components(separatedBy: "<script").dropFirst()
            #expect(scripts.allSatisfy { $0.hasPrefix(" src=") }, "\(page): every script is a file")
            #expect(html.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(page): no onclick=")
            #expect(!html.contains(" style="), "\(page): no inline style")
        }
    }
}
