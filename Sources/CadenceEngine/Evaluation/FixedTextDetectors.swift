/// The fixed-text keystroke detectors `cadence evaluate keystroke` knows, by kebab-case name.
public enum FixedTextDetectors {
    /// The Killourhy & Maxion 2009 family, in the order of their paper's table.
    public static let killourhyMaxion: [any Detector] = [
        MeanTemplateDetector(.euclidean),
        EuclideanNormedDetector(),
        MeanTemplateDetector(.manhattan),
        ManhattanFilteredDetector(),
        ScaledManhattanDetector(),
        MahalanobisDetector(),
        MahalanobisNormedDetector(),
        NearestNeighborMahalanobisDetector(),
        OutlierCountDetector(),
        KMeansDetector(),
        OneClassSVMDetector(),
    ]

    /// Cadence's own: chosen on half of the keystroke-challenge subjects, checked on the other half.
    public static let cadence: [any Detector] = [
        PopulationLikelihoodRatioDetector(),
        CappedZScoreDetector(),
    ]

    /// Every detector: the K&M family plus Cadence's own.
    public static var all: [any Detector] { killourhyMaxion + cadence }

    /// The detector called `name`, or nil.
    public static func named(_ name: String) -> (any Detector)? {
        all.first { $0.name == name }
    }
}
