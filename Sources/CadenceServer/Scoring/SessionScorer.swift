import CadenceEngine
import Foundation

/// What the service needs from the behaviour engine: decode batches, score them against a
/// session's state and its user's profile, and update profiles when sessions end.
///
/// States and profiles are opaque serialised values to the service; it stores them and hands
/// them back. Implementations are pure (no I/O) so that one batch is one storage transaction.
public protocol SessionScorer: Sendable {
    /// Decodes one wire-format batch (`docs/wire-format.md`).
    func decode(_ bytes: [UInt8]) throws(BatchDecodingFailure) -> EventBatch
    /// The batch in the wire format, from its decoded events: what is stored (never characters).
    func encode(_ batch: EventBatch) -> Data
    /// The initial state and snapshot of a new session, scoring its login sample if any.
    func start(_ start: SessionStart, profile: UserRecord?, settings: TenantSettings) throws -> ScoringStep
    /// Scores one batch: the session's next state and snapshot, and the user's profile if it changed.
    func process(
        _ batch: EventBatch, session: SessionRecord, profile: UserRecord?, settings: TenantSettings
    ) throws -> ScoringStep
    /// The user's profile after the session ended with `outcome`, if it changes.
    func end(_ session: SessionRecord, outcome: EndOutcome, profile: UserRecord?) throws -> ProfileUpdate?
    /// Samples held per modality, for the profile endpoint and the dashboard.
    func samples(in profile: UserRecord) -> [String: Int]
}

/// One decoded event batch; event timestamps are absolute epoch milliseconds (`t0 + dt`).
public struct EventBatch: Sendable, Hashable {
    public var seq: Int
    /// Epoch milliseconds.
    public var t0: Double
    public var keyEvents: [KeyEvent]
    public var pointerEvents: [PointerEvent]

    public init(seq: Int, t0: Double, keyEvents: [KeyEvent] = [], pointerEvents: [PointerEvent] = []) {
        self.seq = seq
        self.t0 = t0
        self.keyEvents = keyEvents
        self.pointerEvents = pointerEvents
    }

    public var eventCount: Int { keyEvents.count + pointerEvents.count }
}

/// A batch body that is not a valid wire-format batch: which field and why.
public struct BatchDecodingFailure: Error, Sendable, Hashable {
    public var field: String
    public var reason: String
    /// The body or its event count exceeds a limit (answered with 413 rather than 400).
    public var tooLarge: Bool

    public init(field: String, reason: String, tooLarge: Bool = false) {
        self.field = field
        self.reason = reason
        self.tooLarge = tooLarge
    }
}

/// What `POST /v1/sessions` tells the scorer about a new session.
public struct SessionStart: Sendable, Hashable {
    public var userId: String
    public var authenticated: Bool
    public var loginSample: LoginSample?

    public init(userId: String, authenticated: Bool, loginSample: LoginSample?) {
        self.userId = userId
        self.authenticated = authenticated
        self.loginSample = loginSample
    }
}

/// The result of scoring: the session's next state, its snapshot, and a profile change if any.
public struct ScoringStep: Sendable {
    public var state: Data
    public var snapshot: SessionSnapshot
    public var profile: ProfileUpdate?

    public init(state: Data, snapshot: SessionSnapshot, profile: ProfileUpdate? = nil) {
        self.state = state
        self.snapshot = snapshot
        self.profile = profile
    }
}
