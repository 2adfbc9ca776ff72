import Foundation

/// The owner's usual value of each ``DeviationMeasure`` of one modality: mean and standard
/// deviation of its log over the profile's samples. Built with the models, from the profile only.
public struct BehaviourBaseline: Sendable, Hashable {
    public var modality: Modality
    /// Per measure (in ``DeviationMeasure/measures(of:)`` order): mean of the log value, nil
    /// when fewer than 10 of the owner's samples have it.
    public var means: [Double?]
    /// Per measure: standard deviation of the log value over single samples.
    public var deviations: [Double]

    public init(modality: Modality, samples: [FeatureVector]) {
        self.modality = modality
        let measures = DeviationMeasure.measures(of: modality)
        var means: [Double?] = []
        var deviations: [Double] = []
        for measure in measures {
            let values = samples.compactMap(measure.value)
            guard values.count >= 10 else {
                means.append(nil)
                deviations.append(1)
                continue
            }
            let statistics = MeanAndDeviation(values)
            means.append(statistics.mean)
            deviations.append(max(statistics.standardDeviation, 1e-3))
        }
        self.means = means
        self.deviations = deviations
    }
}
