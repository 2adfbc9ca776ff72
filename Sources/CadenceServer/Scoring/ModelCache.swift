import CadenceEngine
import Foundation
import NIOConcurrencyHelpers

/// Users' trained models, kept until their profile changes (the user row's version moves).
///
/// Training happens outside the lock; two requests that miss at once may both train, and the
/// second result simply replaces the first (both come from the same profile version).
final class ModelCache: Sendable {
    private let entries = NIOLockedValueBox([String: (version: Int, population: Int, models: UserModels)]())
    /// Entries kept before the cache is emptied (a crude bound on memory).
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The cached models of the user's current version and population, or `train`'s result;
    /// `train` receives the models of an older version trained on the same population, if any,
    /// so it can refresh them instead of retraining.
    ///
    /// - Parameter population: the size of the impostor population the models would be trained
    ///   on now (saturated by the caller): a change retrains them.
    func models(
        user: UserRecord, population: Int, train: (_ stale: UserModels?) async throws -> UserModels
    ) async rethrows -> UserModels {
        // The creation time tells a user erased and created again from the one cached.
        let key = "\(user.tenantId)\u{0}\(user.userId)\u{0}\(user.createdAt.timeIntervalSince1970)"
        let version = user.version
        let hit = entries.withLockedValue({ $0[key] })
        if let hit, hit.version == version, hit.population == population { return hit.models }
        let models = try await train(hit?.population == population ? hit?.models : nil)
        entries.withLockedValue {
            if $0.count >= capacity { $0.removeAll(keepingCapacity: true) }
            $0[key] = (version, population, models)
        }
        return models
    }

    /// Drops every cached model of the user (after erasure).
    func forget(tenantId: String, userId: String) {
        let prefix = "\(tenantId)\u{0}\(userId)\u{0}"
        entries.withLockedValue { entries in
            for key in entries.keys where key.hasPrefix(prefix) { entries.removeValue(forKey: key) }
        }
    }
}
