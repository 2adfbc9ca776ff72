/// Trains the pointer modality's model: the pointer engine's per-user extra-trees ensemble
/// against the population, with cross-fitted Platt calibration (``PointerProfileTrainer``).
public struct TreeEnsembleTrainer: ModalityTrainer {
    public var configuration: PointerProfileTrainer.Configuration

    public init(configuration: PointerProfileTrainer.Configuration = .init()) {
        self.configuration = configuration
    }

    public func train(genuine: [FeatureVector], impostors: [[FeatureVector]]) throws -> any SampleScorer {
        try PointerProfileTrainer(configuration: configuration).train(genuine: [genuine], impostors: impostors)
    }
}

extension PointerProfile: SampleScorer {
    public func logLikelihoodRatio(_ sample: FeatureVector) -> Double {
        actionLogLikelihoodRatio(sample)
    }
}
