import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import CadenceServer

@Suite("Expiring cache: one load per key at a time")
struct ExpiringCacheTests {
    /// A load that counts its calls and answers once released.
    final class SlowLoad: Sendable {
        let calls = NIOLockedValueBox(0)
        let value: String?

        init(value: String?) { self.value = value }

        func run() async throws -> String? {
            calls.withLockedValue { $0 += 1 }
            try await Task.sleep(for: .milliseconds(200))
            return value
        }
    }

    @Test("requests that miss while a load runs share it; the value is then cached")
    func concurrentMissesShareOneLoad() async throws {
        let cache = ExpiringCache<String>(lifetime: 60)
        let load = SlowLoad(value: "tenant")
        let now = Date()
        let values = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.value("t", now: now) { try await load.run() } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: "tenant", count: 20))
        #expect(load.calls.withLockedValue { $0 } == 1)
        #expect(try await cache.value("t", now: now) { try await load.run() } == "tenant")
        #expect(load.calls.withLockedValue { $0 } == 1, "cached")
        // Expired: loaded again, once.
        #expect(try await cache.value("t", now: now.addingTimeInterval(61)) { try await load.run() } == "tenant")
        #expect(load.calls.withLockedValue { $0 } == 2)
    }

    @Test("a value set while a load runs is not overwritten by that load's older result")
    func setDuringLoadWins() async throws {
        let cache = ExpiringCache<String>(lifetime: 60)
        let load = SlowLoad(value: "old")
        let now = Date()
        async let loaded = cache.value("t", now: now) { try await load.run() }
        try await Task.sleep(for: .milliseconds(50))
        cache.set("t", "new", now: now)
        #expect(try await loaded == "old", "the request that loaded gets what it loaded")
        #expect(cache.cached("t") == "new")
    }

    @Test("a load that fails fails its waiters and is not cached; the next request loads again")
    func failedLoad() async throws {
        struct Down: Error {}
        let cache = ExpiringCache<String>(lifetime: 60)
        let calls = NIOLockedValueBox(0)
        await #expect(throws: Down.self) {
            try await cache.value("t", now: Date()) {
                calls.withLockedValue { $0 += 1 }
                throw Down()
            }
        }
        #expect(try await cache.value("t", now: Date()) { "back" } == "back")
        #expect(calls.withLockedValue { $0 } == 1)
    }
}
