import CadenceEngine
import Foundation

/// A stored snapshot of a tenant's background cohort: the scored users of lowest ``CohortRank``
/// and their profiles as they were when it was built.
///
/// Models are trained against a snapshot and cached by its ``generation``, so every node trains
/// a user's models from the same stored data (the user's profile and one snapshot), and once the
/// tenant outgrows the cohort a member's later profile changes do not retrain everyone's models
/// (``followsMembers``). A new snapshot is built when the tenant's scored population has outgrown
/// this one (``BackgroundCohort/isStale(builtAt:ready:size:)``);
/// erasing a member deletes it (its profile is in it).
public struct BackgroundCohortRecord: Sendable, Hashable {
    public var tenantId: String
    /// 1 for the tenant's first snapshot, one more for each rebuild.
    public var generation: Int
    /// Scored users of the tenant when it was built (members included).
    public var population: Int
    public var createdAt: Date
    /// Member user ids, lowest cohort rank first: ``BackgroundCohort/standardSize`` + 1 of them at
    /// most, so that a member's own models still have that many others.
    public var members: [String]
    /// The members' profile blobs, in the order of ``members``; empty when read as a head
    /// (``CadenceStore/latestBackgroundCohort(tenantId:)``).
    public var profiles: [Data]

    public init(
        tenantId: String, generation: Int, population: Int, createdAt: Date, members: [String], profiles: [Data] = []
    ) {
        self.tenantId = tenantId
        self.generation = generation
        self.population = population
        self.createdAt = createdAt
        self.members = members
        self.profiles = profiles
    }

    /// Whether the snapshot is built again when a member's profile changes: while the tenant has
    /// no more scored users than the cohort holds, every model is trained against every other user
    /// as they are now; past that, a member's profile changes retrain no one.
    public var followsMembers: Bool { population <= BackgroundCohort.standardSize }

    /// The record without its profiles.
    public var head: BackgroundCohortRecord {
        var head = self
        head.profiles = []
        return head
    }
}
