import CadenceEngine
import Foundation

/// Which of a tenant's sessions a list holds: every condition set must hold (none set: all).
///
/// Plain values, so that each store turns them into its own query with bind parameters.
public struct SessionFilter: Sendable, Hashable {
    /// Where a session stands: still open, or ended with the outcome the bank reported.
    public enum State: Sendable, Hashable {
        /// Not ended (its token may have expired).
        case open
        case ended(SessionOutcome)
    }

    /// The session's latest decision (its snapshot's).
    public var decision: Decision?
    /// Exactly this user id.
    public var userId: String?
    public var state: State?
    /// Created at or after this time.
    public var createdFrom: Date?
    /// Created before this time (exclusive).
    public var createdTo: Date?

    public init(
        decision: Decision? = nil, userId: String? = nil, state: State? = nil, createdFrom: Date? = nil,
        createdTo: Date? = nil
    ) {
        self.decision = decision
        self.userId = userId
        self.state = state
        self.createdFrom = createdFrom
        self.createdTo = createdTo
    }
}
