import Foundation

/// One interpretable measure of a modality's samples that explanations compare with the owner's
/// usual: a feature of the sample vector, the samples it applies to, and how to say it.
///
/// Measures are positive quantities (speeds, times, ratios) compared on a log scale, so "40%
/// above" and "30% below" are symmetric in the evidence they express.
public struct DeviationMeasure: Sendable, Hashable {
    /// What an analyst reads, e.g. "pointer speed on long moves".
    public var phrase: String
    /// Index of the feature in the modality's sample vector.
    public var feature: Int
    /// Which samples it applies to.
    public var applies: @Sendable (FeatureVector) -> Bool

    public init(_ phrase: String, feature: Int, applies: @escaping @Sendable (FeatureVector) -> Bool = { _ in true }) {
        self.phrase = phrase
        self.feature = feature
        self.applies = applies
    }

    /// The measure's value for a sample, on the log scale; nil when it does not apply.
    public func value(_ sample: FeatureVector) -> Double? {
        guard feature < sample.count, applies(sample) else { return nil }
        let x = sample[feature]
        guard x.isFinite, x > 0 else { return nil }
        return log(x)
    }

    public static func == (lhs: DeviationMeasure, rhs: DeviationMeasure) -> Bool {
        lhs.phrase == rhs.phrase && lhs.feature == rhs.feature
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(phrase)
        hasher.combine(feature)
    }

    /// Pointer actions (``PointerFeatures``): indices are the positions in ``PointerFeatures/names``.
    public static let pointer: [DeviationMeasure] = {
        let index = { (name: String) in PointerFeatures.names.firstIndex(of: name)! }
        let distance = index("travelled_distance")
        let type = index("action_type")
        let long = { @Sendable (f: FeatureVector) in f[distance] >= 300 }
        let short = { @Sendable (f: FeatureVector) in f[distance] > 0 && f[distance] < 300 }
        let click = { @Sendable (f: FeatureVector) in f[type] == 1 }
        return [
            DeviationMeasure("pointer speed on long moves", feature: index("velocity_mean"), applies: long),
            DeviationMeasure("pointer speed on short moves", feature: index("velocity_mean"), applies: short),
            DeviationMeasure("path straightness", feature: index("straightness"), applies: { f in f[distance] > 0 }),
            DeviationMeasure("time to top speed", feature: index("time_to_max_velocity"), applies: long),
            DeviationMeasure("click hold time", feature: index("hold_time"), applies: click),
            DeviationMeasure("pause before clicking", feature: index("final_dwell"), applies: click),
        ]
    }()

    /// Keystroke windows (``KeystrokeWindowVector``).
    public static let keys: [DeviationMeasure] = [
        DeviationMeasure("typing speed", feature: 1),
        DeviationMeasure("key hold times", feature: 5),
        DeviationMeasure("digraph latencies (key to next key)", feature: 6),
    ]

    public static func measures(of modality: Modality) -> [DeviationMeasure] {
        switch modality {
        case .pointer: pointer
        case .keys: keys
        case .login: []
        }
    }
}
