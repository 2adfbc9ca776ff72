import Foundation

/// Turns the mean score of a run of samples into a log-likelihood ratio that knows how much
/// evidence the run holds: a user's calibration of one modality.
///
/// ``genuine`` comes from the user's own enrolment sessions, each scored by a model that never
/// saw it (leave-one-session-out), so it includes the drift from one session to the next that a
/// new session of the owner will show; ``impostor`` from other people, each scored by a model
/// that never saw them. For the mean `m` of `n` samples (an effective count, see
/// ``EvidenceAccumulator``) both are normal with variances `τ² + σ²/n` (``ScoreSpread``), and
///
///     llr(m, n) = Δ · (m − b) / (s_G · s_I),   Δ = μ_I − μ_G,   b = μ_G + Δ · s_G / (s_G + s_I)
///
/// with `s = √(τ² + σ²/n)`: linear in `m`, so it is monotone (a more owner-like mean never looks
/// less like the owner), zero where the two z-scores are equal, and equal to the exact normal
/// log-likelihood ratio when the two variances are equal. Its slope grows with `n` only until
/// `σ²/n` is small beside `τ²`: a few odd samples move it a little, and no single session's
/// evidence becomes certainty.
public struct SessionEvidenceModel: Sendable, Codable, Hashable {
    public var genuine: ScoreSpread
    public var impostor: ScoreSpread

    public init(genuine: ScoreSpread, impostor: ScoreSpread) {
        self.genuine = genuine
        self.impostor = impostor
    }

    /// For scores that are already per-sample log-likelihood ratios (scorers with no held-out
    /// sessions to learn from): `llr(m, n) = n·m`, the naive-Bayes sum, up to τ.
    public static let sumOfLogLikelihoodRatios = SessionEvidenceModel(
        genuine: ScoreSpread(mean: -1, withinSession: 2.squareRoot(), betweenSessions: 0.2, sessions: 0),
        impostor: ScoreSpread(mean: 1, withinSession: 2.squareRoot(), betweenSessions: 0.2, sessions: 0))

    /// Fits from held-out per-sample scores grouped by session or block of a session (genuine,
    /// from `genuineSessions` separate sessions; nil: one per group) and by person or block
    /// (impostor); nil without both.
    public static func fit(genuine: [[Double]], genuineSessions: Int? = nil, impostor: [[Double]])
        -> SessionEvidenceModel?
    {
        guard let g = ScoreSpread.fit(genuine, separateSessions: genuineSessions), let i = ScoreSpread.fit(impostor)
        else {
            return nil
        }
        return SessionEvidenceModel(genuine: g, impostor: i)
    }

    /// `log p(m | impostor) / p(m | owner)` for the mean `mean` of `count` samples; 0 when `count`
    /// is 0, and 0 when other people do not score above the owner (the model cannot tell them apart).
    public func logLikelihoodRatio(mean: Double, count: Double) -> Double {
        let delta = impostor.mean - genuine.mean
        guard count > 0, mean.isFinite, delta > 0 else { return 0 }
        let sG = genuine.variance(ofMeanOf: count).squareRoot()
        let sI = impostor.variance(ofMeanOf: count).squareRoot()
        let boundary = genuine.mean + delta * sG / (sG + sI)
        return delta * (mean - boundary) / (sG * sI)
    }

    /// How far other people's mean score lies from the owner's, in standard deviations of the
    /// owner's own session means of `count` samples: low when the owner's sessions disagree with
    /// each other (large τ) or barely differ from other people's.
    public func ownerConsistency(count: Double = 50) -> Double {
        (impostor.mean - genuine.mean) / genuine.variance(ofMeanOf: count).squareRoot()
    }

    /// How far apart a typical owner's session and a typical other person's session of `count`
    /// samples lie, in standard deviations (d′); below about 2 the modality cannot tell them
    /// apart reliably.
    public func separation(count: Double = 50) -> Double {
        let delta = impostor.mean - genuine.mean
        return delta / ((genuine.variance(ofMeanOf: count) + impostor.variance(ofMeanOf: count)) / 2).squareRoot()
    }
}
