import Foundation
import NIOConcurrencyHelpers

/// Token buckets by key (a session, a token, a tenant, a client address), behind one lock: a
/// key may spend up to `burst` at once and regains `rate` per second. Rates are kept per node.
///
/// Memory is bounded: at ``capacity`` keys, the buckets that have refilled (whose state says
/// nothing a fresh bucket would not) are dropped first, then, if still full, all of them (a
/// crude reset that can only let a client through sooner, never lock one out).
final class TokenBuckets: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
        var rate: Double
        var burst: Double

        func refilled(at now: Double) -> Double { min(burst, tokens + (now - updated) * rate) }
    }

    private let buckets = NIOLockedValueBox([String: Bucket]())
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// Spends `cost` from `key`'s bucket; nil when allowed, else the seconds until it would be.
    /// A cost above `burst` is never allowed (the answer is how long a full refill takes).
    func spend(_ key: String, cost: Double, rate: Double, burst: Double, now: Double) -> Double? {
        buckets.withLockedValue { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now, rate: rate, burst: burst)
            bucket.rate = rate
            bucket.burst = burst
            bucket.tokens = bucket.refilled(at: now)
            bucket.updated = now
            guard cost <= bucket.tokens else {
                buckets[key] = bucket
                return cost > burst ? burst / rate : (cost - bucket.tokens) / rate
            }
            bucket.tokens -= cost
            if buckets[key] == nil && buckets.count >= capacity {
                buckets = buckets.filter { $0.value.refilled(at: now) < $0.value.burst }
                if buckets.count >= capacity { buckets.removeAll(keepingCapacity: true) }
            }
            buckets[key] = bucket
            return nil
        }
    }

    /// The seconds until `cost` could be spent from `key`'s bucket, or nil when it could now;
    /// spends nothing.
    func wait(_ key: String, cost: Double, rate: Double, burst: Double, now: Double) -> Double? {
        buckets.withLockedValue { buckets in
            let tokens = buckets[key].map { min(burst, $0.tokens + (now - $0.updated) * rate) } ?? burst
            guard cost > tokens else { return nil }
            return cost > burst ? burst / rate : (cost - tokens) / rate
        }
    }

    var count: Int { buckets.withLockedValue { $0.count } }
}
