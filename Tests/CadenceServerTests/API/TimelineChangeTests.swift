import CadenceEngine
import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A session's timeline keeps a point per batch and marks where the explanation changed, with the
/// session's own time beside the wall clock (issue 10).
@Suite("Dashboard timeline: changes marked, session time")
struct TimelineChangeTests {
    static let start = Date(timeIntervalSince1970: 1_764_057_600.25)

    static func reason(_ code: String, _ message: String) -> DecisionReason {
        DecisionReason(code: code, message: message)
    }

    /// Batches 1.5 s apart: (decision, reasons) and whether each is a change.
    static let batches: [(Decision, [DecisionReason], changed: Bool)] = [
        (.allow, [], true),
        (.allow, [], false),
        (.challenge, [reason("trust-below-challenge", "trust 80.0 is below 92.0")], true),
        // The same reason restating a new number is no change.
        (.challenge, [reason("trust-below-challenge", "trust 61.5 is below 92.0")], false),
        (
            .challenge, [reason("trust-below-challenge", "trust 40.0 is below 92.0"), reason("keys-deviation", "k")],
            true
        ),
        (.block, [reason("trust-below-block", "trust 0.0 is below 25.0"), reason("keys-deviation", "k")], true),
        (.block, [reason("trust-below-block", "trust 0.0 is below 25.0"), reason("keys-deviation", "k")], false),
        (.block, [reason("trust-below-block", "trust 0.0 is below 25.0"), reason("keys-deviation", "k")], false),
        // Same codes in another order: the list differs.
        (.block, [reason("keys-deviation", "k"), reason("trust-below-block", "trust 0.0 is below 25.0")], true),
    ]

    @Test(
        "changed where the decision or the reason codes change, on every page; elapsed from the first batch"
    )
    func changesAndElapsed() async throws {
        try await TestService.with { test, client in
            let session = SessionRecord(
                id: "t1", tenantId: "default", userId: "ann", authenticated: true,
                createdAt: Self.start.addingTimeInterval(-5), expiresAt: Self.start.addingTimeInterval(3600),
                state: Data(), snapshot: SessionSnapshot(trust: 100, decision: .allow))
            try await test.store.createSession(session)
            for (seq, batch) in Self.batches.enumerated() {
                let record = BatchRecord(
                    sessionId: "t1", seq: seq, receivedAt: Self.start.addingTimeInterval(Double(seq) * 1.5),
                    eventCount: 3, events: Data(), trust: 100 - Double(seq) * 10, decision: batch.0, reasons: batch.1)
                let result = try await test.store.commit(
                    BatchCommit(
                        batch: record, expectedVersion: seq, state: Data(),
                        snapshot: SessionSnapshot(trust: record.trust, decision: batch.0, reasons: batch.1)))
                #expect(result == .committed(version: seq + 1))
            }
            let path = "/admin/api/sessions/t1/timeline?tenant=default"
            let whole = try await client.call(.get, path, bearer: TestService.adminKey)
            #expect(whole.status == .ok, "\(whole.text)")
            let points = try #require(whole["timeline"] as? [[String: Any]])
            #expect(points.count == Self.batches.count, "one point per batch, repeats kept")
            #expect(points.map { $0["changed"] as? Bool } == Self.batches.map(\.changed))
            #expect(
                points.map { ($0["elapsed"] as? NSNumber)?.doubleValue }
                    == Self.batches.indices.map { Double($0) * 1.5 })
            #expect(whole.double("start") == 1_764_057_600_250)
            #expect((points.first?["time"] as? NSNumber)?.doubleValue == 1_764_057_600_250, "the wall clock stays")

            // Pages of two: each page's first point is compared with the page before.
            var paged: [Bool?] = []
            var after: Int?
            repeat {
                let page = try await client.call(
                    .get, path + "&limit=2" + (after.map { "&after=\($0)" } ?? ""), bearer: TestService.adminKey)
                #expect(page.double("start") == 1_764_057_600_250, "every page counts from the first batch")
                paged += try #require(page["timeline"] as? [[String: Any]]).map { $0["changed"] as? Bool }
                after = page.int("next")
            } while after != nil && paged.count < 40
            #expect(paged == Self.batches.map(\.changed))
        }
    }

    @Test("a step-up is a point of its own, and the batch after it is compared with it")
    func stepUps() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            for seq in 0..<2 { _ = try await client.sendBatch(session: session, seq: seq) }
            let failed = try await client.call(
                .post, "/v1/sessions/\(session.id)/step-up", bearer: TestService.apiKey, json: ["result": "failed"])
            #expect(failed.status == .ok, "\(failed.text)")
            for seq in 2..<4 { _ = try await client.sendBatch(session: session, seq: seq) }
            let path = "/admin/api/sessions/\(session.id)/timeline?tenant=default"
            let points = try #require(
                try await client.call(.get, path, bearer: TestService.adminKey)["timeline"] as? [[String: Any]])
            #expect(points.map { $0["stepUp"] as? String } == [nil, nil, "failed", nil, nil])
            #expect(points[2]["changed"] as? Bool == true && points[2]["decision"] as? String == "block")
            // Blocked still, but by trust rather than by the step-up: a change; then the same again.
            #expect(points.map { $0["changed"] as? Bool } == [true, false, true, true, false], "\(points)")
            // The page after batch 1 starts with the step-up, compared with batch 1.
            let page = try await client.call(.get, path + "&after=1", bearer: TestService.adminKey)
            let rest = try #require(page["timeline"] as? [[String: Any]])
            #expect(rest.map { $0["changed"] as? Bool } == [true, true, false])
            // The page after batch 2 starts with batch 3, compared with batch 2.
            let last = try await client.call(.get, path + "&after=2", bearer: TestService.adminKey)
            #expect((last["timeline"] as? [[String: Any]])?.map { $0["changed"] as? Bool } == [false])
            let elapsed = points.compactMap { ($0["elapsed"] as? NSNumber)?.doubleValue }
            #expect(elapsed.first == 0 && elapsed == elapsed.sorted(), "\(elapsed)")
        }
    }
}
