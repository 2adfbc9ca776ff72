import CadenceEngine
import Foundation
import NIOConcurrencyHelpers

/// Users' trained models, kept until their profile changes (the user row's version moves).
///
/// One training per user version and population at a time: the batches of every session of a
/// user that miss together (after a start, or when the profile changes under hundreds of open
/// sessions) wait for the same training instead of each running its own, which at 1000 sessions
/// kept both cores training the same five models for the first half minute of a load.
final class ModelCache: Sendable {
    /// What models are trained from: the user row's version and the population's size.
    private struct Generation: Equatable {
        var version: Int
        var population: Int
    }

    private struct Entry {
        var generation: Generation
        var models: UserModels
    }

    private struct Training {
        var generation: Generation
        var task: Task<UserModels, any Error>
    }

    private struct Entries {
        var trained: [String: Entry] = [:]
        var training: [String: Training] = [:]
    }

    private let entries = NIOLockedValueBox(Entries())
    /// Entries kept before the cache is emptied (a crude bound on memory).
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The cached models of the user's current version and population, or `train`'s result;
    /// `train` receives the models of an older version trained on the same population, if any,
    /// so it can refresh them instead of retraining. A training already running for the same
    /// version and population is awaited rather than started again.
    ///
    /// - Parameter population: the size of the impostor population the models would be trained
    ///   on now (saturated by the caller): a change retrains them.
    func models(
        user: UserRecord, population: Int,
        train: @escaping @Sendable (_ stale: UserModels?) async throws -> UserModels
    ) async throws -> UserModels {
        // The creation time tells a user erased and created again from the one cached.
        let key = "\(user.tenantId)\u{0}\(user.userId)\u{0}\(user.createdAt.timeIntervalSince1970)"
        let generation = Generation(version: user.version, population: population)
        enum Found {
            case models(UserModels)
            case task(Task<UserModels, any Error>)
        }
        let found: Found = entries.withLockedValue { entries in
            if let hit = entries.trained[key], hit.generation == generation { return .models(hit.models) }
            if let running = entries.training[key], running.generation == generation { return .task(running.task) }
            let stale = entries.trained[key].flatMap { $0.generation.population == population ? $0.models : nil }
            let task = Task { try await train(stale) }
            entries.training[key] = Training(generation: generation, task: task)
            return .task(task)
        }
        let task: Task<UserModels, any Error>
        switch found {
        case .models(let models): return models
        case .task(let running): task = running
        }
        let result = await task.result
        entries.withLockedValue { entries in
            if entries.training[key]?.generation == generation { entries.training[key] = nil }
            // A failed training is not kept: the next batch tries again.
            guard case .success(let models) = result else { return }
            if let kept = entries.trained[key], kept.generation.version > generation.version { return }
            if entries.trained.count >= capacity { entries.trained.removeAll(keepingCapacity: true) }
            entries.trained[key] = Entry(generation: generation, models: models)
        }
        return try result.get()
    }

    /// Drops every cached model of the tenant: after an erasure, models of the tenant's other
    /// users may have been trained with the erased user's samples as impostor examples.
    func forget(tenantId: String) {
        let prefix = "\(tenantId)\u{0}"
        entries.withLockedValue { entries in
            for key in entries.trained.keys where key.hasPrefix(prefix) { entries.trained.removeValue(forKey: key) }
            for key in entries.training.keys where key.hasPrefix(prefix) { entries.training.removeValue(forKey: key) }
        }
    }
}
