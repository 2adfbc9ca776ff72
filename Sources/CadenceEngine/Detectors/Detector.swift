/// A feature vector: one sample's features, in a fixed order that a detector was trained on.
public typealias FeatureVector = [Double]

/// A way of learning one user's behaviour from samples and scoring new samples against it.
///
/// Score convention: higher means *less* likely the genuine user. Scores of different detectors
/// are not comparable; ``ScoreCalibration`` turns them into log-likelihood ratios.
public protocol Detector: Sendable {
    /// Kebab-case name used in tables and CSV files, e.g. `scaled-manhattan`.
    var name: String { get }

    /// Learns a model of one user.
    ///
    /// - Parameters:
    ///   - genuine: the user's own samples (at least one).
    ///   - impostors: other users' samples; one-class detectors ignore them.
    func train(genuine: [FeatureVector], impostors: [FeatureVector]) throws -> any DetectorModel
}

/// A trained per-user model.
public protocol DetectorModel: Sendable {
    /// Anomaly score of one sample: higher = less likely the genuine user.
    func score(_ sample: FeatureVector) -> Double
}

/// Training could not proceed.
public struct DetectorError: Error, CustomStringConvertible, Sendable {
    public var detector: String
    public var reason: String

    public init(detector: String, reason: String) {
        self.detector = detector
        self.reason = reason
    }

    public var description: String { "\(detector): \(reason)" }
}
