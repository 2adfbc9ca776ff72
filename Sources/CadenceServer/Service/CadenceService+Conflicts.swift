import HTTPTypes

/// One try of an optimistic write to a session: its result, or `retry` when another writer moved
/// the session on between the read and the commit.
enum WriteAttempt<Value> {
    case done(Value)
    case retry
}

extension CadenceService {
    /// How many times a write to one session is tried before the service answers 503.
    static let maximumWriteAttempts = 16

    /// Runs `attempt` until it is done: a session's writes (batches, step-ups, its end) are
    /// computed from the version they read and committed only against that version, so a write
    /// that lost the race reads and computes again. After ``maximumWriteAttempts`` lost races:
    /// 503 `busy` with `reason`. No lock is held across an `await`.
    func retryingConflicts<Value>(
        busy reason: String, _ attempt: () async throws -> WriteAttempt<Value>
    ) async throws -> Value {
        for _ in 0..<Self.maximumWriteAttempts {
            if case .done(let value) = try await attempt() { return value }
        }
        throw APIError(.serviceUnavailable, "busy", reason)
    }
}
