/// Trains the pointer modality's model: the pointer engine's per-user extra-trees ensemble
/// against the population, with cross-fitted Platt calibration (``PointerModelTrainer``).
public struct TreeEnsembleTrainer: ModalityTrainer {
    public var configuration: PointerModelTrainer.Configuration

    public init(configuration: PointerModelTrainer.Configuration = .init()) {
        self.configuration = configuration
    }

    public func train(genuine: [[FeatureVector]], impostors: [[FeatureVector]]) throws -> any SampleScorer {
        try PointerModelTrainer(configuration: configuration).train(genuine: genuine, impostors: impostors)
    }
}

extension PointerModel: SampleScorer {
    public func logLikelihoodRatio(_ sample: FeatureVector) -> Double {
        actionLogLikelihoodRatio(sample)
    }

    public func sampleScore(_ sample: FeatureVector) -> Double {
        Self.logit(actionScore(sample))
    }

    public func logLikelihoodRatio(sampleScore: Double, sample: FeatureVector) -> Double {
        calibration.logLikelihoodRatio(sampleScore)
    }

    /// The fitted evidence model; for a model stored before one was fitted, one derived from the
    /// held-out genuine logits (impostors assumed one genuine deviation per unit of calibration slope away).
    public var evidence: SessionEvidenceModel {
        if let fittedEvidence { return fittedEvidence }
        let sigma = genuineLogitDeviation
        return SessionEvidenceModel(
            genuine: ScoreSpread(
                mean: genuineLogitMean, withinSession: sigma, betweenSessions: 0.3 * sigma, sessions: 0),
            impostor: ScoreSpread(
                mean: genuineLogitMean + 2 * sigma, withinSession: sigma, betweenSessions: 0.3 * sigma, sessions: 0))
    }
}
