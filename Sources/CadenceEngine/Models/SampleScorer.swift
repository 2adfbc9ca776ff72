/// A trained model of one user in one modality.
///
/// Scores one sample two ways: ``sampleScore(_:)``, the raw score whose running mean over a
/// session ``evidence`` turns into a log-likelihood ratio that accounts for how much evidence
/// the run holds and for the owner's session-to-session drift (what trust is built from), and
/// ``logLikelihoodRatio(_:)``, one sample's calibrated evidence on its own (what decides whether
/// a sample may update the profile).
public protocol SampleScorer: Sendable {
    /// `log p(x | impostor) / p(x | owner)` of one sample's features: positive favours an impostor.
    func logLikelihoodRatio(_ sample: FeatureVector) -> Double

    /// The per-sample score ``evidence`` aggregates; higher = less like the owner.
    func sampleScore(_ sample: FeatureVector) -> Double

    /// The user's calibration of runs of ``sampleScore(_:)``.
    var evidence: SessionEvidenceModel { get }

    /// ``logLikelihoodRatio(_:)`` of `sample` when its ``sampleScore(_:)`` is already known
    /// (cheaper where the ratio is a function of that score).
    func logLikelihoodRatio(sampleScore: Double, sample: FeatureVector) -> Double
}

extension SampleScorer {
    public func sampleScore(_ sample: FeatureVector) -> Double { logLikelihoodRatio(sample) }
    public func logLikelihoodRatio(sampleScore: Double, sample: FeatureVector) -> Double { sampleScore }
    public var evidence: SessionEvidenceModel { .sumOfLogLikelihoodRatios }
}

/// Trains a ``SampleScorer`` for one user of one modality.
public protocol ModalityTrainer: Sendable {
    /// - Parameters:
    ///   - genuine: the user's samples, one array per session (enrolment sessions in order, then
    ///     the update pool), so that calibration can hold whole sessions out.
    ///   - impostors: other people's samples, one array per person (never empty when
    ///     ``usesPopulation``: the caller supplies a synthetic population when the tenant has too
    ///     few users).
    func train(genuine: [[FeatureVector]], impostors: [[FeatureVector]]) throws -> any SampleScorer

    /// Whether `train` reads `impostors`; when false the caller passes none (no synthetic
    /// population is drawn for it).
    var usesPopulation: Bool { get }
}

extension ModalityTrainer {
    public var usesPopulation: Bool { true }
}
