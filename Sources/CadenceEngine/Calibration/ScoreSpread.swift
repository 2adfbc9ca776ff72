import Foundation

/// How one kind of session (the owner's, or other people's) scores under a user's model: the
/// mean per-sample score, its spread within a session, and the spread of session means around
/// the mean (how much one session differs from another: drift).
///
/// The mean of `n` samples of one session is then about normal with mean ``mean`` and variance
/// ``variance(ofMeanOf:)`` `= τ² + σ²/n`: the random-effects model of a one-way analysis of
/// variance, with τ² estimated by the method of moments (between-session variance of the means
/// minus the part the within-session noise explains), floored so that no finite amount of evidence
/// from one session is taken as certain.
public struct ScoreSpread: Sendable, Codable, Hashable {
    /// Mean score of a sample, over sessions (each session weighted equally).
    public var mean: Double
    /// σ: standard deviation of one sample's score around its session's mean (> 0).
    public var withinSession: Double
    /// τ: standard deviation of session means around ``mean`` (> 0).
    public var betweenSessions: Double
    /// Separate sessions (or people) the figures come from: fewer than the groups fitted when one
    /// session was cut into blocks, since blocks of one session cannot show its drift.
    public var sessions: Int

    public init(mean: Double, withinSession: Double, betweenSessions: Double, sessions: Int) {
        self.mean = mean
        self.withinSession = withinSession
        self.betweenSessions = betweenSessions
        self.sessions = sessions
    }

    /// The smallest τ as a share of σ: a session mean is never trusted beyond that of
    /// 1 / 0.15² ≈ 44 independent samples.
    public static let minimumBetweenShare = 0.15

    /// Fits from per-group sample scores (empty groups ignored); nil when there is no score.
    ///
    /// A group is a session, a person, or a block of a session; `separateSessions` says how many
    /// separate sessions the groups come from (nil: each group is one). With one group, τ cannot
    /// be estimated and takes ``minimumBetweenShare`` × σ × 2.
    public static func fit(_ groups: [[Double]], separateSessions: Int? = nil) -> ScoreSpread? {
        let groups = groups.map { $0.filter(\.isFinite) }.filter { !$0.isEmpty }
        guard !groups.isEmpty else { return nil }
        let means = groups.map { $0.reduce(0, +) / Double($0.count) }
        let mean = means.reduce(0, +) / Double(means.count)
        var squares = 0.0
        var degrees = 0
        for (group, m) in zip(groups, means) {
            squares += group.reduce(0) { $0 + ($1 - m) * ($1 - m) }
            degrees += group.count - 1
        }
        let within = max(degrees > 0 ? (squares / Double(degrees)).squareRoot() : 1, 1e-3)
        var between: Double
        if groups.count >= 2 {
            let spread = means.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(groups.count - 1)
            let noise = groups.reduce(0) { $0 + within * within / Double($1.count) } / Double(groups.count)
            between = max(spread - noise, 0).squareRoot()
        } else {
            between = 2 * minimumBetweenShare * within
        }
        between = max(between, minimumBetweenShare * within)
        let sessions = min(separateSessions ?? groups.count, groups.count)
        return ScoreSpread(mean: mean, withinSession: within, betweenSessions: between, sessions: sessions)
    }

    /// Variance of the mean of `count` samples of one session: τ² + σ²/n.
    public func variance(ofMeanOf count: Double) -> Double {
        betweenSessions * betweenSessions + withinSession * withinSession / max(count, 1)
    }
}
