/// Which trainers build a user's models, and the bounds on one sample's influence.
public struct ModelConfiguration: Sendable {
    public var pointerTrainer: any ModalityTrainer
    public var keyTrainer: any ModalityTrainer
    /// How a keystroke window becomes the keys feature vector; must be what `keyTrainer` reads.
    public var keyFeatures: KeystrokeWindowFeatures
    /// Largest magnitude of one sample's log-likelihood ratio: no single action or window,
    /// however odd, moves trust by more than a bounded step.
    public var maximumSampleScore: Double

    public init(
        pointerTrainer: any ModalityTrainer = TreeEnsembleTrainer(),
        keyTrainer: any ModalityTrainer = KeystrokeWindowTrainer(),
        keyFeatures: KeystrokeWindowFeatures = .keyClassTimings,
        maximumSampleScore: Double = 4
    ) {
        self.pointerTrainer = pointerTrainer
        self.keyTrainer = keyTrainer
        self.keyFeatures = keyFeatures
        self.maximumSampleScore = maximumSampleScore
    }

    /// Keystroke windows scored by the free-text detector (``KeystrokeWindowTrainer``).
    public static let standard = ModelConfiguration()

    /// The interim keys path (8 timing aggregates, ``GaussianLikelihoodTrainer``), for comparison.
    public static let interimKeys = ModelConfiguration(
        keyTrainer: GaussianLikelihoodTrainer(), keyFeatures: .interimAggregates)

    /// The window model used to accept keys updates near the anchor: the key trainer's, else the shipped one.
    var keystrokeWindowModel: KeystrokeWindowModel {
        (keyTrainer as? KeystrokeWindowTrainer)?.model ?? .shipped
    }
}
