/// A way of scoring free-text typing samples against a user's ``FreeTextProfile``.
///
/// Free text does not fit the fixed-length vectors of ``Detector``: samples share only some keys
/// and n-graphs with a profile. A free-text detector may learn population-level parameters (how
/// to combine distances, a cohort for score normalisation) from participants who must be
/// disjoint from the users it then scores; it never learns anything per user beyond the profile.
///
/// Score convention: higher = less likely the genuine user.
public protocol FreeTextDetector: Sendable {
    /// Kebab-case name used in tables and CSV files.
    var name: String { get }

    /// Whether ``trained(onPopulation:enrolCount:seed:)`` learns anything.
    var learnsFromPopulation: Bool { get }

    /// A copy trained on a population: every participant's samples, in typing order. The users
    /// scored afterwards must not be among them.
    func trained(onPopulation participants: [[FreeTextSample]], enrolCount: Int, seed: UInt64) -> Self

    /// Per-sample work shared by all profiles the sample is scored against (e.g. cohort statistics).
    func probe(_ sample: FreeTextSample) -> FreeTextProbe

    /// Anomaly score of a probed sample against a profile: higher = less likely genuine.
    func score(_ probe: FreeTextProbe, against profile: FreeTextProfile) -> Double
}

/// A sample prepared for scoring, with the test-normalisation (T-norm, Auckenthaler et al. 2000)
/// of its raw score, `(raw − offset) / scale`, and optionally of each distance component.
public struct FreeTextProbe: Sendable {
    public var sample: FreeTextSample
    public var offset: Double
    public var scale: Double
    /// Per-component offsets and scales; empty for none.
    public var componentOffsets: [Double]
    public var componentScales: [Double]

    public init(
        sample: FreeTextSample, offset: Double = 0, scale: Double = 1, componentOffsets: [Double] = [],
        componentScales: [Double] = []
    ) {
        self.sample = sample
        self.offset = offset
        self.scale = scale
        self.componentOffsets = componentOffsets
        self.componentScales = componentScales
    }

    /// Components normalised by the per-component offsets and scales (unchanged without them).
    public func normalisedComponents(_ components: [Double]) -> [Double] {
        guard componentOffsets.count == components.count else { return components }
        return components.indices.map { (components[$0] - componentOffsets[$0]) / componentScales[$0] }
    }

    public func normalised(_ raw: Double) -> Double {
        (raw - offset) / scale
    }
}
