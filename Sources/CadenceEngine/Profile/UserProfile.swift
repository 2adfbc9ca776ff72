/// Whether a user's profile can score sessions yet.
public enum ProfileStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// Too few samples: sessions are monitored for automation but not scored for identity.
    case enrolling
    /// At least one modality can be scored, and one is reliable.
    case ready
    /// Scored, but the owner's own sessions disagree with each other too much for any modality to
    /// be reliable: low trust challenges and never blocks, and enrolment goes on.
    case weak

    /// Whether sessions are scored for identity (`ready` or `weak`).
    public var isScored: Bool { self != .enrolling }
}

/// What Cadence keeps about one user: samples per modality, replay fingerprints, status.
///
/// Codable for storage. Trained models are not stored: they are rebuilt from the samples
/// (``UserModels/train(profile:population:configuration:)``) and cached by ``revision``.
public struct UserProfile: Sendable, Codable, Hashable {
    public var status: ProfileStatus
    public var pointer: ModalitySamples
    public var keys: ModalitySamples
    /// Fixed-text timing vectors of the login form (all of one length; reset when it changes).
    public var login: ModalitySamples
    /// Replay fingerprints of earlier sessions (hashes only), most recent last.
    public var fingerprints: [UInt64]
    /// Sessions that fed the anchor.
    public var enrolmentSessions: Int
    /// Sessions that added updates.
    public var updateSessions: Int
    /// Incremented on every change.
    public var revision: Int
    /// Incremented when pointer or keys samples change: only then must models be retrained
    /// (fingerprints and login samples are refreshed cheaply, see ``UserModels/refreshed(for:)``).
    public var sampleRevision: Int

    public static let maximumFingerprints = 50_000

    public init() {
        status = .enrolling
        pointer = ModalitySamples()
        keys = ModalitySamples()
        login = ModalitySamples()
        fingerprints = []
        enrolmentSessions = 0
        updateSessions = 0
        revision = 0
        sampleRevision = 0
    }

    /// The samples of a modality.
    public subscript(modality: Modality) -> ModalitySamples {
        get {
            switch modality {
            case .pointer: pointer
            case .keys: keys
            case .login: login
            }
        }
        set {
            switch modality {
            case .pointer: pointer = newValue
            case .keys: keys = newValue
            case .login: login = newValue
            }
        }
    }

    /// Whether a modality's anchor is complete under `policy`.
    public func isReady(_ modality: Modality, policy: EnrolmentPolicy) -> Bool {
        self[modality].anchor.count >= policy.samplesNeeded(modality)
    }
}
