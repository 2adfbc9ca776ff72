/// A trained model of one user in one modality, scoring samples as calibrated log-likelihood ratios.
public protocol SampleScorer: Sendable {
    /// `log p(x | impostor) / p(x | owner)` of one sample's features: positive favours an impostor.
    func logLikelihoodRatio(_ sample: FeatureVector) -> Double
}

/// Trains a ``SampleScorer`` for one user of one modality.
public protocol ModalityTrainer: Sendable {
    /// - Parameters:
    ///   - genuine: the user's samples, in arrival order.
    ///   - impostors: other people's samples, one array per person (never empty when
    ///     ``usesPopulation``: the caller supplies a synthetic population when the tenant has too
    ///     few users).
    func train(genuine: [FeatureVector], impostors: [[FeatureVector]]) throws -> any SampleScorer

    /// Whether `train` reads `impostors`; when false the caller passes none (no synthetic
    /// population is drawn for it).
    var usesPopulation: Bool { get }
}

extension ModalityTrainer {
    public var usesPopulation: Bool { true }
}
