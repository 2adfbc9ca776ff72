import NIOConcurrencyHelpers

/// Wrong one-time codes per demo session, in memory (the demo bank's own bookkeeping, as a real
/// bank backend keeps it; lost on restart, which only gives a demo customer fresh attempts).
final class DemoCodeAttempts: Sendable {
    private let wrong = NIOLockedValueBox([String: Int]())
    let allowed: Int

    init(allowed: Int = DemoBank.oneTimeCodeAttempts) {
        self.allowed = allowed
    }

    /// Counts a wrong code; the attempts left (0: the step-up failed).
    func wrongCode(sessionId: String) -> Int {
        wrong.withLockedValue { counts in
            if counts.count > 10_000 { counts.removeAll() }
            counts[sessionId, default: 0] += 1
            return max(allowed - counts[sessionId]!, 0)
        }
    }

    func reset(sessionId: String) {
        wrong.withLockedValue { _ = $0.removeValue(forKey: sessionId) }
    }
}
