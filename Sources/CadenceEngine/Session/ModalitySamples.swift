/// One modality's samples in a profile: the enrolment anchor and the bounded update pool.
///
/// Samples are feature vectors (timings, distances, speeds: aggregated figures), never typed
/// characters or raw event sequences.
public struct ModalitySamples: Sendable, Codable, Hashable {
    /// Samples from authenticated enrolment sessions, in arrival order; frozen once ready.
    public var anchor: [FeatureVector]
    /// Samples from later sessions that ended genuine, oldest first.
    public var updates: [FeatureVector]

    public init(anchor: [FeatureVector] = [], updates: [FeatureVector] = []) {
        self.anchor = anchor
        self.updates = updates
    }

    /// Anchor and updates together, in that order.
    public var all: [FeatureVector] { anchor + updates }

    public var count: Int { anchor.count + updates.count }
}
