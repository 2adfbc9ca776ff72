/// The free-text detectors `cadence evaluate freetext` knows, by name.
public enum FreeTextDetectors {
    /// Every detector, the recommended one first.
    public static func all(identity: KeyIdentity) -> [any FreeTextDetector] {
        [
            CombinedFreeTextDetector(identity: identity),
            CombinedFreeTextDetector(identity: identity, cohortSize: 0),
            GunettiPicardiDetector(identity: identity),
        ]
    }

    public static func named(_ name: String, identity: KeyIdentity) -> (any FreeTextDetector)? {
        all(identity: identity).first { $0.name == name }
    }

    public static let names = all(identity: .keyCode).map(\.name)
}
