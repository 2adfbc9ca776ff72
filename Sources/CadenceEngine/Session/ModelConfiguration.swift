/// Which trainers build a user's models, and the bounds on one sample's influence.
public struct ModelConfiguration: Sendable {
    public var pointerTrainer: any ModalityTrainer
    public var keyTrainer: any ModalityTrainer
    /// Largest magnitude of one sample's log-likelihood ratio: no single action or window,
    /// however odd, moves trust by more than a bounded step.
    public var maximumSampleScore: Double

    public init(
        pointerTrainer: any ModalityTrainer = TreeEnsembleTrainer(),
        keyTrainer: any ModalityTrainer = GaussianLikelihoodTrainer(),
        maximumSampleScore: Double = 4
    ) {
        self.pointerTrainer = pointerTrainer
        self.keyTrainer = keyTrainer
        self.maximumSampleScore = maximumSampleScore
    }

    public static let standard = ModelConfiguration()
}
