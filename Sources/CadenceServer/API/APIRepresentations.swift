import CadenceEngine
import Foundation
import Hummingbird

// The answers of the API, the dashboard's JSON and the demo bank's backend: every shape a client
// reads, in one place (`openapi.yaml` documents them; `tests/browser` checks the dashboard reads
// exactly these). Stored and engine values (`SessionRecord`, `SessionSnapshot`, `Decision`, …)
// are converted here, nowhere else. The answers `cadence replay` reads are public, so it decodes
// the very types the server encodes.

/// A session as `GET /v1/sessions/{id}` and the dashboard show it.
public struct SessionView: Codable, Sendable, ResponseEncodable {
    public struct Thresholds: Codable, Sendable {
        public var challengeBelow: Double
        public var blockBelow: Double
    }

    public var sessionId: String
    public var userId: String
    /// Whether strong authentication vouched for the session.
    public var authenticated: Bool
    /// How the bank said the session ended; nil while it runs.
    public var outcome: SessionOutcome?
    public var createdAt: Date
    /// When the session token stops being accepted.
    public var expiresAt: Date
    public var endedAt: Date?
    /// 0...100.
    public var trust: Double
    public var decision: Decision
    public var reasons: [DecisionReason]
    public var counts: SessionSnapshot.Counts
    public var lastScores: SessionSnapshot.LastScores
    public var automation: AutomationVerdict
    public var profileStatus: ProfileStatus
    /// Acknowledged batches and their events.
    public var batches: Int
    public var events: Int
    public var thresholds: Thresholds

    init(_ session: SessionRecord, profileStatus: ProfileStatus, settings: TenantSettings) {
        sessionId = session.id
        userId = session.userId
        authenticated = session.authenticated
        createdAt = session.createdAt
        expiresAt = session.expiresAt
        endedAt = session.endedAt
        outcome = session.outcome
        trust = session.snapshot.trust
        decision = session.snapshot.decision
        reasons = session.snapshot.reasons
        counts = session.snapshot.counts
        lastScores = session.snapshot.lastScores
        automation = session.snapshot.automation
        self.profileStatus = profileStatus
        batches = session.batchCount
        events = session.eventCount
        thresholds = Thresholds(challengeBelow: settings.policy.challengeBelow, blockBelow: settings.policy.blockBelow)
    }
}

/// One point of a session's trust timeline: the state after one batch, or after a step-up.
struct TimelinePoint: Codable, Sendable, ResponseEncodable {
    var seq: Int
    /// When the batch was acknowledged (or the step-up applied), epoch milliseconds.
    var time: Double
    /// Seconds since the session's first point (``Timeline/start``), to the millisecond.
    var elapsed: Double
    var trust: Double
    var decision: Decision
    var reasons: [DecisionReason]
    /// Whether the decision or the reasons' codes differ from the point before (true for the
    /// session's first point): where the explanation changed, rather than its numbers.
    var changed: Bool
    var events: Int
    /// `passed` or `failed` for a step-up point (its seq is the last batch before it); nil for a batch.
    var stepUp: String?

    init(_ batch: BatchRecord, start: Date) {
        seq = batch.seq
        time = (batch.receivedAt.timeIntervalSince1970 * 1000).rounded()
        elapsed = Self.seconds(from: start, to: batch.receivedAt)
        trust = batch.trust
        decision = batch.decision
        reasons = batch.reasons
        changed = true
        events = batch.eventCount
    }

    init(_ stepUp: StepUpRecord, start: Date) {
        seq = stepUp.lastSeq
        time = (stepUp.at.timeIntervalSince1970 * 1000).rounded()
        elapsed = Self.seconds(from: start, to: stepUp.at)
        trust = stepUp.trust
        decision = stepUp.decision
        reasons = stepUp.reasons
        changed = true
        events = 0
        self.stepUp = stepUp.result.rawValue
    }

    private static func seconds(from start: Date, to time: Date) -> Double {
        (time.timeIntervalSince(start) * 1000).rounded() / 1000
    }

    /// Sets ``changed`` on each of `points`, in order, against the one before; the first against
    /// `previous` (the last point of the page before), or true when it opens the timeline.
    static func markChanges(_ points: inout [TimelinePoint], after previous: TimelinePoint?) {
        var last = previous
        for index in points.indices {
            let point = points[index]
            points[index].changed =
                last.map { $0.decision != point.decision || $0.reasons.map(\.code) != point.reasons.map(\.code) }
                ?? true
            last = point
        }
    }
}

/// A user's profile as `GET /v1/users/{id}/profile` and the dashboard show it.
struct ProfileView: Codable, Sendable, ResponseEncodable {
    var userId: String
    var profileStatus: ProfileStatus
    /// Enrolment samples held, per modality.
    var samples: [String: Int]
    var sessions: Int?
    var createdAt: Date
    var updatedAt: Date
}

/// The answer to `POST /v1/sessions`.
public struct StartedSession: Codable, Sendable, ResponseEncodable {
    public var sessionId: String
    /// The session token the browser SDK sends with its batches.
    public var token: String
    public var expiresAt: Date
    public var trust: Double
    public var decision: Decision
}

/// The answer to an event batch (202).
///
/// Trust, decision and reasons are there only when the tenant shows them to the browser
/// (``BrowserPolicy/showsDecision``): by default the page, which a bot may hold, learns nothing
/// it could tune itself on.
public struct BatchAcknowledgement: Codable, Sendable, ResponseEncodable {
    public var sessionId: String
    public var seq: Int
    public var trust: Double?
    public var decision: Decision?
    public var reasons: [DecisionReason]?
    /// True when this seq had already been acknowledged: nothing was counted again.
    public var duplicate: Bool

    init(sessionId: String, seq: Int, snapshot: SessionSnapshot, duplicate: Bool, shown: Bool) {
        self.sessionId = sessionId
        self.seq = seq
        self.duplicate = duplicate
        if shown {
            trust = snapshot.trust
            decision = snapshot.decision
            reasons = snapshot.reasons
        }
    }
}

/// The answer to `POST /v1/sessions/{id}/token`.
struct RenewedToken: Codable, ResponseEncodable {
    var sessionId: String
    var token: String
    var expiresAt: Date
}

struct ErasureAnswer: Codable, ResponseEncodable {
    var userId: String
    var erased: ErasureReport
}

struct WebhookAnswer: Codable, ResponseEncodable {
    var url: String?
    /// The generated secret, returned once when the request did not give one.
    var secret: String?
}

/// Lists are pages: `next`, when present, asks for the following one (`before=`, `after=`).
struct SessionList: Codable, ResponseEncodable {
    var tenantId: String
    var sessions: [SessionView]
    /// The cursor of the next (older) page, for `?before=`; nil on the last page.
    var next: String?
}

struct Timeline: Codable, ResponseEncodable {
    var sessionId: String
    var thresholds: SessionView.Thresholds
    /// When the session's first point was recorded (its first batch, or a step-up before it),
    /// epoch milliseconds; the session's creation time while it has none. Points' `elapsed` count from it.
    var start: Double
    var timeline: [TimelinePoint]
    /// The last seq of this page, for `?after=`; nil on the last page.
    var next: Int?
    /// True when retention (`retention.timelineDays`) deleted the session's timeline: its batches
    /// are counted in the session's summary, their points are gone. Absent otherwise.
    var dropped: Bool?
}

struct UserList: Codable, ResponseEncodable {
    var tenantId: String
    var users: [ProfileView]
    /// The last user id of this page, for `?after=`; nil on the last page.
    var next: String?
}

struct Health: Codable, ResponseEncodable {
    var status: String
    var version: String
}

struct DemoLogin: Codable, ResponseEncodable {
    var sessionId: String
    var token: String
    var expiresAt: Date
    var userId: String
    var username: String
    var displayName: String
    var endpoint: String
    var trust: Double
    var decision: Decision
}

/// The answer to `POST /demo/session/{id}/step-up`: whether the code was right, and the session after it.
struct DemoStepUpAnswer: Codable, ResponseEncodable {
    var verified: Bool
    /// Wrong codes still allowed before the step-up counts as failed.
    var attemptsLeft: Int
    var trust: Double
    var decision: Decision
    var reasons: [DecisionReason]
}

/// `GET/PUT /v1/settings` answer with the tenant's settings as they are stored.
extension TenantSettings: ResponseEncodable {}
