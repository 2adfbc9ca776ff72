import CadenceEngine
import Foundation
import NIOConcurrencyHelpers

/// Users' trained models, kept until their profile or the tenant's background cohort changes,
/// within a budget of bytes (``UserModels/estimatedByteCount``), least recently used out first.
///
/// One training per user version and cohort at a time: the batches of every session of a user
/// that miss together (after a start, or when the profile changes under hundreds of open
/// sessions) wait for the same training instead of each running its own, which at 1000 sessions
/// kept both cores training the same five models for the first half minute of a load.
///
/// The key is the user row's version and the cohort snapshot's identity, both stored: every node
/// trains the same models from the same rows, whatever it trained before.
final class ModelCache: Sendable {
    /// What models are trained from: the user row's version and the cohort snapshot.
    private struct Generation: Equatable {
        var version: Int
        var cohort: String
    }

    private struct Entry {
        var generation: Generation
        var models: UserModels
        var bytes: Int
        /// ``Entries/clock`` at the entry's last use.
        var used: UInt64
    }

    private struct Training {
        var generation: Generation
        var task: Task<UserModels, any Error>
    }

    private struct Entries {
        var trained: [String: Entry] = [:]
        var training: [String: Training] = [:]
        /// Sum of the trained entries' ``Entry/bytes``.
        var bytes = 0
        var clock: UInt64 = 0

        mutating func remove(_ key: String) {
            if let entry = trained.removeValue(forKey: key) { bytes -= entry.bytes }
        }

        /// Drops least recently used entries until `bytes` is at most `budget`: sorts once and
        /// drops down to 90% of it, so that eviction costs O(log n) per entry over time.
        mutating func evict(toFit budget: Int) {
            guard bytes > budget else { return }
            let target = budget / 10 * 9
            for (key, _) in trained.sorted(by: { $0.value.used < $1.value.used }) {
                guard bytes > target else { break }
                remove(key)
            }
        }
    }

    private let entries = NIOLockedValueBox(Entries())
    /// Bytes of models kept (estimated): past it the least recently used are dropped.
    let budget: Int

    /// - Parameter budget: bytes of models to keep, by ``UserModels/estimatedByteCount``
    ///   (512 MiB by default: about a hundred users' pointer models of a few megabytes each).
    init(budget: Int = 512 << 20) {
        self.budget = budget
    }

    /// Estimated bytes of the models kept now.
    var bytes: Int { entries.withLockedValue { $0.bytes } }
    /// Users whose models are kept now.
    var count: Int { entries.withLockedValue { $0.trained.count } }

    /// The cached models of the user's current version and cohort, or `train`'s result; `train`
    /// receives the models of an older version trained against the same cohort, if any, so it can
    /// refresh them instead of retraining. A training already running for the same version and
    /// cohort is awaited rather than started again.
    ///
    /// - Parameter cohort: the identity of the background cohort snapshot the models are trained
    ///   against (``BackgroundCohortRecord``): a change retrains them.
    func models(
        user: UserRecord, cohort: String,
        train: @escaping @Sendable (_ stale: UserModels?) async throws -> UserModels
    ) async throws -> UserModels {
        // The creation time tells a user erased and created again from the one cached.
        let key = "\(user.tenantId)\u{0}\(user.userId)\u{0}\(user.createdAt.timeIntervalSince1970)"
        let generation = Generation(version: user.version, cohort: cohort)
        enum Found {
            case models(UserModels)
            case task(Task<UserModels, any Error>)
        }
        let found: Found = entries.withLockedValue { entries in
            entries.clock += 1
            if let hit = entries.trained[key], hit.generation == generation {
                entries.trained[key]?.used = entries.clock
                return .models(hit.models)
            }
            if let running = entries.training[key], running.generation == generation { return .task(running.task) }
            let stale = entries.trained[key].flatMap { $0.generation.cohort == cohort ? $0.models : nil }
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
        // Estimated outside the lock: it walks every tree.
        let bytes = (try? result.get())?.estimatedByteCount ?? 0
        entries.withLockedValue { entries in
            if entries.training[key]?.generation == generation { entries.training[key] = nil }
            // A failed training is not kept: the next batch tries again.
            guard case .success(let models) = result else { return }
            if let kept = entries.trained[key], kept.generation.version > generation.version { return }
            entries.remove(key)
            entries.clock += 1
            entries.trained[key] = Entry(generation: generation, models: models, bytes: bytes, used: entries.clock)
            entries.bytes += bytes
            entries.evict(toFit: budget)
        }
        return try result.get()
    }

    /// Drops every cached model of the tenant: after an erasure, models of the tenant's other
    /// users may have been trained with the erased user's samples as impostor examples.
    func forget(tenantId: String) {
        let prefix = "\(tenantId)\u{0}"
        entries.withLockedValue { entries in
            for key in entries.trained.keys where key.hasPrefix(prefix) { entries.remove(key) }
            for key in entries.training.keys where key.hasPrefix(prefix) { entries.training.removeValue(forKey: key) }
        }
    }
}
