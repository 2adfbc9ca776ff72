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

    /// What one request costs one bucket: `cost` from `key`'s, which holds at most `burst`
    /// and regains `rate` per second.
    struct Charge {
        var key: String
        var cost: Double
        var rate: Double
        var burst: Double
    }

    /// Spends every charge, or none of them: nil when all were allowed, else the first refused
    /// one's index and the seconds until it would be allowed. A cost above its `burst` is never
    /// allowed (the answer is then how long a full refill takes).
    func spend(_ charges: [Charge], now: Double) -> (index: Int, wait: Double)? {
        buckets.withLockedValue { buckets in
            var refilled: [Bucket] = []
            for (index, charge) in charges.enumerated() {
                var bucket = buckets[charge.key] ?? Bucket(tokens: charge.burst, updated: now, rate: charge.rate, burst: charge.burst)
                bucket.rate = charge.rate
                bucket.burst = charge.burst
                bucket.tokens = bucket.refilled(at: now)
                bucket.updated = now
                guard charge.cost <= bucket.tokens else {
                    let wait = charge.cost > charge.burst ? charge.burst / charge.rate : (charge.cost - bucket.tokens) / charge.rate
                    return (index, wait)
                }
                refilled.append(bucket)
            }
            if buckets.count + charges.count > capacity {
                buckets = buckets.filter { $0.value.refilled(at: now) < $0.value.burst }
                if buckets.count + charges.count > capacity { buckets.removeAll(keepingCapacity: true) }
            }
            for (charge, var bucket) in zip(charges, refilled) {
                bucket.tokens -= charge.cost
                buckets[charge.key] = bucket
            }
            return nil
        }
    }

    /// The seconds until `charge` could be spent, or nil when it could now; spends nothing.
    func wait(_ charge: Charge, now: Double) -> Double? {
        buckets.withLockedValue { buckets in
            let tokens = buckets[charge.key]?.refilled(at: now) ?? charge.burst
            guard charge.cost > tokens else { return nil }
            return charge.cost > charge.burst ? charge.burst / charge.rate : (charge.cost - tokens) / charge.rate
        }
    }

    var count: Int { buckets.withLockedValue { $0.count } }
}
