/// Other people's samples, the impostor class of a user's discriminative models.
///
/// The service builds it from the anchors of the tenant's other ready users. When a tenant has
/// fewer than ``minimumUsers`` other users with samples of a modality, the trainer falls back to
/// Breiman's synthetic second class (Breiman 2001, unsupervised random forests): each feature
/// drawn independently from the user's own marginal distribution, which keeps the ranges but
/// breaks the dependence between features that characterises the user. Nothing is shipped.
public struct PopulationSamples: Sendable, Codable, Hashable {
    /// Pointer action features, one array per other user.
    public var pointer: [[FeatureVector]]
    /// Keystroke window features, one array per other user.
    public var keys: [[FeatureVector]]

    public static let minimumUsers = 2

    public init(pointer: [[FeatureVector]] = [], keys: [[FeatureVector]] = []) {
        self.pointer = pointer
        self.keys = keys
    }

    public static let empty = PopulationSamples()

    /// The anchors of other users' profiles, at most `perUser` samples each (evenly spaced).
    public init(profiles: [UserProfile], perUser: Int = 1000) {
        func thin(_ samples: [FeatureVector]) -> [FeatureVector] {
            guard samples.count > perUser, perUser > 0 else { return samples }
            let step = Double(samples.count) / Double(perUser)
            return (0..<perUser).map { samples[Int(Double($0) * step)] }
        }
        pointer = profiles.map { thin($0.pointer.anchor) }.filter { !$0.isEmpty }
        keys = profiles.map { thin($0.keys.anchor) }.filter { !$0.isEmpty }
    }
}
