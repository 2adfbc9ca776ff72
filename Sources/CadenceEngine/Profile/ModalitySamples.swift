/// One modality's samples in a profile: the enrolment anchor and the bounded update pool.
///
/// Samples are feature vectors (timings, distances, speeds: aggregated figures), never typed
/// characters or raw event sequences. Stored packed (``PackedSamples``: 32-bit floats in Base64)
/// because profiles are read whenever a user's models are trained.
public struct ModalitySamples: Sendable, Codable, Hashable {
    private var packedAnchor: PackedSamples
    private var packedUpdates: PackedSamples

    public init(anchor: [FeatureVector] = [], updates: [FeatureVector] = []) {
        packedAnchor = PackedSamples(anchor)
        packedUpdates = PackedSamples(updates)
    }

    /// Samples from authenticated enrolment sessions, in arrival order; frozen at its target size.
    public var anchor: [FeatureVector] {
        get { packedAnchor.vectors }
        set { packedAnchor = PackedSamples(newValue) }
    }

    /// Samples from later sessions that ended genuine, oldest first.
    public var updates: [FeatureVector] {
        get { packedUpdates.vectors }
        set { packedUpdates = PackedSamples(newValue) }
    }

    /// Anchor and updates together, in that order.
    public var all: [FeatureVector] { anchor + updates }

    public var count: Int { packedAnchor.count + packedUpdates.count }

    enum CodingKeys: String, CodingKey {
        case packedAnchor = "anchor"
        case packedUpdates = "updates"
    }
}
