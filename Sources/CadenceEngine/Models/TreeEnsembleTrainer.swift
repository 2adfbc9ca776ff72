/// Trains the pointer modality's model: the pointer engine's per-user extra-trees ensemble
/// against the population, with cross-fitted Platt calibration (``PointerModelTrainer``).
public struct TreeEnsembleTrainer: ModalityTrainer {
    public var configuration: PointerModelTrainer.Configuration

    public init(configuration: PointerModelTrainer.Configuration = .init()) {
        self.configuration = configuration
    }

    public func train(genuine: [FeatureVector], impostors: [[FeatureVector]]) throws -> any SampleScorer {
        try PointerModelTrainer(configuration: configuration).train(genuine: [genuine], impostors: impostors)
    }
}

extension PointerModel: SampleScorer {
    public func logLikelihoodRatio(_ sample: FeatureVector) -> Double {
        actionLogLikelihoodRatio(sample)
    }
}
