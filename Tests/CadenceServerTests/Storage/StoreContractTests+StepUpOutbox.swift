import CadenceEngine
import CadenceServer
import Foundation
import Testing

@Suite("CadenceStore contract: step-ups and the webhook outbox")
struct StoreStepUpOutboxContractTests {
    static let now = StoreContractTests.now

    static func stepUp(version: Int, trust: Double = 95) -> StepUpCommit {
        StepUpCommit(
            tenantId: "t1",
            record: StepUpRecord(
                sessionId: "s1", result: .passed, at: now, lastSeq: -1, trust: trust, decision: .allow,
                reasons: [DecisionReason(code: "step-up-passed", message: "m")]),
            expectedVersion: version, state: Data("up".utf8), snapshot: SessionSnapshot(trust: trust, decision: .allow))
    }

    static func delivery(_ id: String, at: Date = now) -> WebhookDelivery {
        WebhookDelivery(
            id: id, tenantId: "t1", sessionId: "s1", url: "http://127.0.0.1:1/hook", secret: "whsec_0123456789abcdef",
            body: Data(#"{"id":"\#(id)"}"#.utf8), nextAttemptAt: at, createdAt: at)
    }

    @Test(
        "a step-up is written against the session version, once, and never to an ended session",
        arguments: StoreFactory.all)
    func stepUps(factory: StoreFactory) async throws {
        try await factory.with { store in
            try await StoreContractTests.seeded(store)
            #expect(try await store.commitStepUp(Self.stepUp(version: 1)) == .conflict)
            #expect(try await store.commitStepUp(Self.stepUp(version: 0)) == .committed(version: 1))
            let session = try #require(try await store.session(tenantId: "t1", id: "s1"))
            #expect(session.version == 1 && session.state == Data("up".utf8) && session.snapshot.trust == 95)
            #expect(try await store.stepUps(sessionId: "s1").map(\.trust) == [95])
            var other = Self.stepUp(version: 1)
            other.tenantId = "t2"
            #expect(try await store.commitStepUp(other) == .missing)
            let end = SessionEnd(
                tenantId: "t1", sessionId: "s1", outcome: .genuine, endedAt: Self.now, expectedVersion: 1,
                state: Data(), snapshot: session.snapshot, profile: nil, expectedProfileVersion: nil)
            #expect(try await store.endSession(end) == .ended)
            #expect(try await store.commitStepUp(Self.stepUp(version: 2)) == .ended)
            #expect(try await store.stepUps(sessionId: "s1").count == 1)
        }
    }

    @Test("a delivery is leased to one attempt at a time and finished once", arguments: StoreFactory.all)
    func outbox(factory: StoreFactory) async throws {
        try await factory.with { store in
            try await StoreContractTests.seeded(store)
            try await store.enqueueDelivery(Self.delivery("d1"))
            try await store.enqueueDelivery(Self.delivery("d1"))  // the same id again: ignored
            try await store.enqueueDelivery(Self.delivery("d2", at: Self.now.addingTimeInterval(1)))
            #expect(try await store.pendingDeliveries(limit: 10).map(\.id) == ["d1", "d2"])

            let lease = Self.now.addingTimeInterval(6)
            let claimed = try #require(try await store.claimDelivery(id: "d1", until: lease, now: Self.now))
            #expect(claimed.leaseUntil == lease && claimed.attempts == 0)
            #expect(try await store.claimDelivery(id: "d1", until: lease, now: Self.now.addingTimeInterval(1)) == nil)
            #expect(try await store.claimDelivery(id: "d1", until: lease, now: lease) != nil)  // the lease expired

            let next = Self.now.addingTimeInterval(2)
            try await store.finishDeliveryAttempt(
                id: "d1", attempts: 1, status: .pending, nextAttemptAt: next, now: Self.now)
            let pending = try #require(try await store.delivery(id: "d1"))
            #expect(pending.attempts == 1 && pending.nextAttemptAt == next && pending.leaseUntil == nil)
            try await store.finishDeliveryAttempt(
                id: "d1", attempts: 2, status: .delivered, nextAttemptAt: next, now: Self.now)
            #expect(try await store.claimDelivery(id: "d1", until: lease, now: Self.now) == nil)
            #expect(try await store.pendingDeliveries(limit: 10).map(\.id) == ["d2"])
            #expect(try await store.pruneDeliveries(before: Self.now.addingTimeInterval(1)) == 1)
            #expect(try await store.delivery(id: "d1") == nil)

            // Erasing the user deletes their session's deliveries.
            _ = try await store.eraseUser(tenantId: "t1", userId: "u1")
            #expect(try await store.pendingDeliveries(limit: 10).isEmpty)
        }
    }
}
