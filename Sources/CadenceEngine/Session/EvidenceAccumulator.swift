import Foundation

/// The running, recency-weighted mean of one modality's sample scores in a session, and how many
/// samples' worth of evidence it holds.
///
/// Each new score gets weight 1 and older ones decay by `2^(−1/h)` per sample (half-life `h`
/// samples), so a session taken over midway stops looking like the owner within a few
/// half-lives. The effective count is Kish's `(Σw)² / Σw²` (Kish 1965): `n` for the first
/// samples, at most about `2.9·h` in a long session.
public struct EvidenceAccumulator: Sendable, Codable, Hashable {
    public private(set) var weightedSum = 0.0
    public private(set) var weights = 0.0
    public private(set) var squaredWeights = 0.0
    /// Samples added.
    public private(set) var samples = 0

    public init() {}

    public mutating func add(_ score: Double, halfLife: Double) {
        guard score.isFinite else { return }
        let decay = halfLife > 0 && halfLife.isFinite ? pow(0.5, 1 / halfLife) : 1
        weightedSum = weightedSum * decay + score
        weights = weights * decay + 1
        squaredWeights = squaredWeights * decay * decay + 1
        samples += 1
    }

    /// The weighted mean score (0 when empty).
    public var mean: Double { weights > 0 ? weightedSum / weights : 0 }

    /// Kish's effective number of samples.
    public var effectiveCount: Double { squaredWeights > 0 ? weights * weights / squaredWeights : 0 }
}
