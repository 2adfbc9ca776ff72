import CadenceEngine
import Foundation

/// A session as `GET /v1/sessions/{id}` and the dashboard show it.
struct SessionView: Codable, Sendable {
    struct Thresholds: Codable, Sendable {
        var challengeBelow: Double
        var blockBelow: Double
    }

    var sessionId: String
    var userId: String
    var authenticated: Bool
    var createdAt: Date
    var expiresAt: Date
    var endedAt: Date?
    var outcome: EndOutcome?
    /// 0...100.
    var trust: Double
    var decision: DecisionValue
    var reasons: [Reason]
    var counts: ModalityTally
    var lastScores: LastScores
    var automation: AutomationSummary
    var profileStatus: ProfileStatus
    /// Acknowledged batches and their events.
    var batches: Int
    var events: Int
    var thresholds: Thresholds

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
struct TimelinePoint: Codable, Sendable {
    var seq: Int
    /// When the batch was acknowledged (or the step-up applied), epoch milliseconds.
    var time: Double
    var trust: Double
    var decision: DecisionValue
    var reasons: [Reason]
    var events: Int
    /// `passed` or `failed` for a step-up point (its seq is the last batch before it); nil for a batch.
    var stepUp: String?

    init(_ batch: BatchRecord) {
        seq = batch.seq
        time = (batch.receivedAt.timeIntervalSince1970 * 1000).rounded()
        trust = batch.trust
        decision = batch.decision
        reasons = batch.reasons
        events = batch.eventCount
    }

    init(_ stepUp: StepUpRecord) {
        seq = stepUp.afterSeq
        time = (stepUp.at.timeIntervalSince1970 * 1000).rounded()
        trust = stepUp.trust
        decision = stepUp.decision
        reasons = stepUp.reasons
        events = 0
        self.stepUp = stepUp.result.rawValue
    }
}

/// A user's profile as `GET /v1/users/{id}/profile` and the dashboard show it.
struct ProfileView: Codable, Sendable {
    var userId: String
    var profileStatus: ProfileStatus
    /// Enrolment samples held, per modality.
    var samples: [String: Int]
    var sessions: Int?
    var createdAt: Date
    var updatedAt: Date
}
