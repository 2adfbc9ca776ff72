/// Gunetti & Picardi 2005's free-text distance: the sum R2 + R3 + A2 + A3 of R and A distances on
/// shared digraphs and trigraphs (see ``GunettiPicardi``), with key-class fallbacks when a sample
/// shares fewer than two n-graphs with the profile. Learns nothing from a population.
public struct GunettiPicardiDetector: FreeTextDetector {
    public let name = "gunetti-picardi"
    public let learnsFromPopulation = false
    public var distances: FreeTextDistances

    public init(identity: KeyIdentity) {
        distances = FreeTextDistances(identity: identity)
    }

    public func trained(onPopulation participants: [[FreeTextSample]], enrolCount: Int, seed: UInt64) -> Self {
        self
    }

    public func probe(_ sample: FreeTextSample) -> FreeTextProbe {
        FreeTextProbe(sample: sample)
    }

    public func score(_ probe: FreeTextProbe, against profile: FreeTextProfile) -> Double {
        let c = distances.components(of: probe.sample, against: profile)
        return c[0] + c[1] + c[2] + c[3]
    }
}
