import CadenceEngine
import NIOConcurrencyHelpers

/// Users' trained models, kept until their profile's revision changes.
///
/// Training happens outside the lock; two requests that miss at once may both train, and the
/// second result simply replaces the first (both come from the same profile revision).
final class ModelCache: Sendable {
    private let entries = NIOLockedValueBox([String: UserModels]())
    /// Entries kept before the cache is emptied (a crude bound on memory).
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func models(
        tenantId: String, userId: String, revision: Int, train: () async throws -> UserModels
    ) async rethrows -> UserModels {
        let key = tenantId + "\u{0}" + userId
        if let hit = entries.withLockedValue({ $0[key] }), hit.profileRevision == revision { return hit }
        let models = try await train()
        entries.withLockedValue {
            if $0.count >= capacity { $0.removeAll(keepingCapacity: true) }
            $0[key] = models
        }
        return models
    }
}
