/// Scores keystroke windows (``KeystrokeWindowVector``s) against a user's free-text profile with
/// the shipped population model (``KeystrokeWindowModel``): the service's keys detector.
///
/// The profile pools every window of the user's anchor and updates; a window is scored by the
/// free-text distances between it and that profile, combined into a log-likelihood ratio by
/// weights fitted offline on other people (Aalto participants), never on the tenant.
public struct KeystrokeWindowScorer: SampleScorer {
    public var model: KeystrokeWindowModel
    public var profile: FreeTextProfile

    public init(model: KeystrokeWindowModel, profile: FreeTextProfile) {
        self.model = model
        self.profile = profile
    }

    /// `log p(x | impostor) / p(x | owner)`; 0 (no evidence) for a vector of another layout.
    public func logLikelihoodRatio(_ sample: FeatureVector) -> Double {
        guard let window = KeystrokeWindowVector.sample(sample) else { return 0 }
        return model.logLikelihoodRatio(window, against: profile)
    }
}

/// Builds ``KeystrokeWindowScorer``s: pools the user's windows into a profile.
///
/// Other people's samples are not used: the combination is population-level and shipped, so a
/// tenant with one user (whose "population" would be synthetic, see ``PopulationSamples``) is
/// scored exactly like a large one, and no tenant's users ever train another user's model.
public struct KeystrokeWindowTrainer: ModalityTrainer {
    public var model: KeystrokeWindowModel

    public init(model: KeystrokeWindowModel = .shipped) {
        self.model = model
    }

    public var usesPopulation: Bool { false }

    public func train(genuine: [FeatureVector], impostors: [[FeatureVector]]) throws -> any SampleScorer {
        let windows = genuine.compactMap(KeystrokeWindowVector.sample)
        guard !windows.isEmpty, windows.count == genuine.count else {
            throw DetectorError(
                detector: "keystroke-windows",
                reason: genuine.isEmpty
                    ? "no windows to train on"
                    : "the profile's keys samples are not keystroke-window vectors of width \(KeystrokeWindowVector.width)"
            )
        }
        return KeystrokeWindowScorer(model: model, profile: FreeTextProfile(enrolment: windows))
    }
}
