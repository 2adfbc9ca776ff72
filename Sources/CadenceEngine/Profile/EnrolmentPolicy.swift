/// How a profile is built while enrolling and how far a ready profile may move afterwards.
///
/// Enrolment: sessions created with `authenticated = true` (strong authentication vouched for
/// them) add their samples — at most ``maximumSamplesPerEnrolmentSession``, drawn evenly over the
/// session — to a modality's *anchor*; the modality is ready once the anchor holds
/// ``samplesNeeded(_:)``, and the profile is `ready` once the pointer or the keys modality is.
/// Authenticated sessions keep growing the anchor up to ``anchorTarget(_:)``; after that it is
/// frozen. Updates: a session that ended `genuine` may add at most ``maximumSamplesPerSession``
/// samples per modality to the modality's update pool, which holds at most
/// ``maximumUpdateShare`` × the anchor's size (oldest replaced first), so the anchor always keeps
/// the majority; samples farther from the anchor than ``acceptanceQuantile`` of the anchor's own
/// samples are rejected, and a session whose samples scored impostor-like on average
/// (mean log-likelihood ratio above ``maximumSessionScore``) adds nothing.
public struct EnrolmentPolicy: Sendable, Codable, Hashable {
    /// Pointer actions a ready pointer modality needs.
    public var pointerSamplesNeeded: Int
    /// Keystroke windows a ready keys modality needs.
    public var keySamplesNeeded: Int
    /// Login samples needed before the login sample is scored.
    public var loginSamplesNeeded: Int
    /// Most samples one enrolling session may contribute to a modality.
    public var maximumSamplesPerEnrolmentSession: Int
    /// Size at which a pointer anchor stops growing.
    public var pointerAnchorTarget: Int
    /// Size at which a keys anchor stops growing.
    public var keyAnchorTarget: Int
    /// `k`: most samples one genuine session may add to a ready modality.
    public var maximumSamplesPerSession: Int
    /// Largest update pool, as a share of the anchor's size.
    public var maximumUpdateShare: Double
    /// A new sample is accepted if it is no farther from the anchor than this quantile of the
    /// anchor samples' own distances (0...1).
    public var acceptanceQuantile: Double
    /// A session whose mean log-likelihood ratio exceeds this adds nothing.
    public var maximumSessionScore: Double
    /// Most login samples kept (most recent).
    public var maximumLoginSamples: Int

    public init(
        pointerSamplesNeeded: Int = 300,
        keySamplesNeeded: Int = 20,
        loginSamplesNeeded: Int = 3,
        maximumSamplesPerEnrolmentSession: Int = 600,
        pointerAnchorTarget: Int = 4000,
        keyAnchorTarget: Int = 100,
        maximumSamplesPerSession: Int = 50,
        maximumUpdateShare: Double = 0.3,
        acceptanceQuantile: Double = 0.9,
        maximumSessionScore: Double = 0,
        maximumLoginSamples: Int = 20
    ) {
        self.pointerSamplesNeeded = pointerSamplesNeeded
        self.keySamplesNeeded = keySamplesNeeded
        self.loginSamplesNeeded = loginSamplesNeeded
        self.maximumSamplesPerEnrolmentSession = maximumSamplesPerEnrolmentSession
        self.pointerAnchorTarget = pointerAnchorTarget
        self.keyAnchorTarget = keyAnchorTarget
        self.maximumSamplesPerSession = maximumSamplesPerSession
        self.maximumUpdateShare = maximumUpdateShare
        self.acceptanceQuantile = acceptanceQuantile
        self.maximumSessionScore = maximumSessionScore
        self.maximumLoginSamples = maximumLoginSamples
    }

    public static let standard = EnrolmentPolicy()

    /// Samples a modality's anchor needs before that modality is ready.
    public func samplesNeeded(_ modality: Modality) -> Int {
        switch modality {
        case .pointer: pointerSamplesNeeded
        case .keys: keySamplesNeeded
        case .login: loginSamplesNeeded
        }
    }

    /// Size at which a modality's anchor stops growing (never below ``samplesNeeded(_:)``).
    public func anchorTarget(_ modality: Modality) -> Int {
        switch modality {
        case .pointer: max(pointerAnchorTarget, pointerSamplesNeeded)
        case .keys: max(keyAnchorTarget, keySamplesNeeded)
        case .login: maximumLoginSamples
        }
    }
}
