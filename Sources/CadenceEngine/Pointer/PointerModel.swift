import Foundation

/// One user's trained pointer model: a tree ensemble plus its per-user calibration.
///
/// Two per-user normalisations make scores comparable across users, both fitted on held-out
/// scores of the user's own actions and of other users' actions (see ``PointerModelTrainer``):
/// ``actionLogLikelihoodRatio(_:)`` is `log p(s | impostor) / p(s | genuine)` by Platt scaling
/// (Platt 1999), for fusing one action's evidence with other modalities; ``sessionScore(_:)`` is
/// the mean logit of a session's actions as a z-score against the user's held-out genuine actions
/// (Z-norm, Auckenthaler et al. 2000), chosen over the mean log-likelihood ratio because it ranked
/// sessions of different users better on training data alone (`--protocol training-holdout`).
/// Storable as JSON (`Codable`) so the service can keep one per user.
public struct PointerModel: Sendable, Codable {
    public var model: TreeEnsembleModel
    /// Maps the logit of the ensemble's impostor share to a log-likelihood ratio.
    public var calibration: ScoreCalibration
    /// Actions the model was trained on (genuine, impostor).
    public var trainingCounts: [Int]
    /// Mean of the held-out genuine actions' ``logit(_:)`` scores.
    public var genuineLogitMean: Double
    /// Standard deviation of the held-out genuine actions' ``logit(_:)`` scores (> 0).
    public var genuineLogitDeviation: Double
    /// How runs of actions' ``logit(_:)`` scores become evidence (fitted on sessions the trees
    /// never saw); nil for a model trained before it existed.
    public var fittedEvidence: SessionEvidenceModel?

    public init(
        model: TreeEnsembleModel, calibration: ScoreCalibration, trainingCounts: [Int], genuineLogitMean: Double = 0,
        genuineLogitDeviation: Double = 1
    ) {
        self.model = model
        self.calibration = calibration
        self.trainingCounts = trainingCounts
        self.genuineLogitMean = genuineLogitMean
        self.genuineLogitDeviation = genuineLogitDeviation
    }

    /// The ensemble's impostor share for one action's ``PointerFeatures``, in [0, 1].
    public func actionScore(_ features: FeatureVector) -> Double {
        model.score(features)
    }

    /// The calibrated log-likelihood ratio of one action: positive favours an impostor.
    public func actionLogLikelihoodRatio(_ features: FeatureVector) -> Double {
        calibration.logLikelihoodRatio(Self.logit(actionScore(features)))
    }

    /// A session's (or any run of actions') score: how many held-out genuine standard deviations
    /// the mean ``logit(_:)`` of its actions lies above the user's held-out genuine mean.
    ///
    /// Higher = less likely the genuine user; about 0 for the user's own sessions; 0 when empty.
    public func sessionScore(_ actions: [FeatureVector]) -> Double {
        sessionScore(actionLogits: actions.map { Self.logit(actionScore($0)) })
    }

    /// ``sessionScore(_:)`` from the actions' ``logit(_:)`` scores.
    public func sessionScore(actionLogits logits: [Double]) -> Double {
        guard !logits.isEmpty else { return 0 }
        let mean = logits.reduce(0, +) / Double(logits.count)
        return (mean - genuineLogitMean) / genuineLogitDeviation
    }

    /// The mean of actions' log-likelihood ratios (0 when empty): a length-independent summary.
    public static func meanLogLikelihoodRatio(_ llrs: [Double]) -> Double {
        llrs.isEmpty ? 0 : llrs.reduce(0, +) / Double(llrs.count)
    }

    /// `log((p + ε) / (1 - p + ε))` with ε = 0.01, so shares of exactly 0 or 1 stay finite.
    public static func logit(_ share: Double) -> Double {
        log((share + 0.01) / (1 - share + 0.01))
    }
}
