import Foundation

/// One user's trained pointer model: a tree ensemble plus its per-user calibration.
///
/// Scores are comparable across users once calibrated: ``actionLogLikelihoodRatio(_:)`` is
/// `log p(s | impostor) / p(s | genuine)` fitted (Platt 1999) on held-out scores of the user's own
/// actions and of other users' actions, and a session's score is the mean of its actions'
/// ratios. Storable as JSON (`Codable`) so the service can keep one per user.
public struct PointerProfile: Sendable, Codable {
    public var model: TreeEnsembleModel
    /// Maps the logit of the ensemble's impostor share to a log-likelihood ratio.
    public var calibration: ScoreCalibration
    /// Actions the model was trained on (genuine, impostor).
    public var trainingCounts: [Int]

    public init(model: TreeEnsembleModel, calibration: ScoreCalibration, trainingCounts: [Int]) {
        self.model = model
        self.calibration = calibration
        self.trainingCounts = trainingCounts
    }

    /// The ensemble's impostor share for one action's ``PointerFeatures``, in [0, 1].
    public func actionScore(_ features: FeatureVector) -> Double {
        model.score(features)
    }

    /// The calibrated log-likelihood ratio of one action: positive favours an impostor.
    public func actionLogLikelihoodRatio(_ features: FeatureVector) -> Double {
        calibration.logLikelihoodRatio(Self.logit(actionScore(features)))
    }

    /// A session's score from its actions' log-likelihood ratios: their mean (0 when empty).
    ///
    /// The mean, not the sum, so sessions of different lengths stay comparable; higher = less
    /// likely the genuine user.
    public static func sessionScore(actionLogLikelihoodRatios llrs: [Double]) -> Double {
        llrs.isEmpty ? 0 : llrs.reduce(0, +) / Double(llrs.count)
    }

    /// `log((p + ε) / (1 - p + ε))` with ε = 0.01, so shares of exactly 0 or 1 stay finite.
    public static func logit(_ share: Double) -> Double {
        log((share + 0.01) / (1 - share + 0.01))
    }
}
