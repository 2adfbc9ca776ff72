import CadenceServer
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@Suite("openapi.yaml is kept in step with the router")
struct OpenAPIRouteTests {
    /// `METHOD /path` for each operation under `paths:` (a line-based reading: two-space path
    /// keys, four-space method keys).
    static func documentedOperations() throws -> Set<String> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line.hasPrefix("paths:")
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast(line.hasSuffix(":") ? 1 : 0))
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if methods.contains(String(key)) { operations.insert("\(key.uppercased()) \(path)") }
            }
        }
        return operations
    }

    @Test("every route is documented and every documented operation is routed")
    func inStep() async throws {
        try await TestService.with { test, _ in
            let routed = Set(test.service.router().routes.map { "\($0.method.rawValue) \($0.path.description)" })
            let documented = try Self.documentedOperations()
            #expect(documented.count >= 15)
            #expect(routed.subtracting(documented).sorted() == [], "routes missing from openapi.yaml")
            #expect(documented.subtracting(routed).sorted() == [], "openapi.yaml operations with no route")
        }
    }
}
