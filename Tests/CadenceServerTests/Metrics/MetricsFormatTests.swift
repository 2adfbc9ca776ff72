import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("GET /metrics: Prometheus text exposition")
struct MetricsFormatTests {
    @Test("every sample line is well formed, histograms are cumulative, and counters follow the traffic")
    func format() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            for seq in 0..<3 { _ = try await client.sendBatch(session: session, seq: seq) }
            _ = try await client.sendBatch(session: session, seq: 1)
            let anonymous = try await client.call(.get, "/metrics")
            #expect(anonymous.status == .unauthorized, "the counters are the admin's to read")
            let tenantKey = try await client.call(.get, "/metrics", bearer: TestService.apiKey)
            #expect(tenantKey.status == .forbidden)
            let (status, contentType, text) = try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(TestService.adminKey)"]
            ) {
                ($0.status, $0.headers[.contentType], String(buffer: $0.body))
            }
            #expect(status == .ok)
            #expect(contentType?.hasPrefix("text/plain; version=0.0.4") == true)

            let sample = try Regex(
                #"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? -?[0-9.e+]+$"#
            )
            var typed: Set<String> = []
            var values: [String: Double] = [:]
            for line in text.split(separator: "\n") {
                if line.hasPrefix("# TYPE ") {
                    typed.insert(String(line.split(separator: " ")[2]))
                    continue
                }
                if line.hasPrefix("# HELP ") { continue }
                #expect(line.wholeMatch(of: sample) != nil, "malformed line: \(line)")
                let parts = line.split(separator: " ")
                values[String(parts[0])] = Double(parts[1])
            }
            for name in values.keys {
                let family = name.split(separator: "{")[0]
                    .replacing(/_(bucket|sum|count)$/, with: "")
                #expect(typed.contains(String(family)), "\(name) has no # TYPE")
            }
            #expect(values["cadence_events_ingested_total"] == 12)
            #expect(values[#"cadence_batches_total{result="accepted"}"#] == 3)
            #expect(values[#"cadence_batches_total{result="duplicate"}"#] == 1)
            #expect(values[#"cadence_decisions_total{decision="allow"}"#] == 3)
            #expect(values["cadence_sessions_started_total"] == 1)

            let buckets = text.split(separator: "\n").filter { $0.hasPrefix("cadence_batch_duration_seconds_bucket") }
                .map { Double($0.split(separator: " ")[1])! }
            #expect(buckets == buckets.sorted())
            #expect(buckets.last == values["cadence_batch_duration_seconds_count"])
            #expect(values["cadence_batch_duration_seconds_count"] == 3)
            #expect((values["cadence_http_request_duration_seconds_count"] ?? 0) >= 5)
        }
    }

}
