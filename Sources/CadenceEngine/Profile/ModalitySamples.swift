/// One modality's samples in a profile: the enrolment anchor and the bounded update pool.
///
/// Samples are feature vectors (timings, distances, speeds: aggregated figures), never typed
/// characters or raw event sequences. Stored packed (``PackedSamples``: 32-bit floats in Base64)
/// because profiles are read whenever a user's models are trained. The anchor remembers how many
/// samples each enrolment session gave (``anchorSessionSizes``), so models can be calibrated on
/// sessions they never saw (leave-one-session-out, see ``PointerModelTrainer``).
public struct ModalitySamples: Sendable, Codable, Hashable {
    private var packedAnchor: PackedSamples
    private var packedUpdates: PackedSamples
    /// Samples each enrolment session added to the anchor, in order (sums to the anchor's count);
    /// empty for anchors stored before sessions were counted.
    public private(set) var anchorSessionSizes: [Int]

    public init(anchor: [FeatureVector] = [], updates: [FeatureVector] = []) {
        packedAnchor = PackedSamples(anchor)
        packedUpdates = PackedSamples(updates)
        anchorSessionSizes = anchor.isEmpty ? [] : [anchor.count]
    }

    /// An anchor made of whole sessions (in order), and updates.
    public init(anchorSessions: [[FeatureVector]], updates: [FeatureVector] = []) {
        let sessions = anchorSessions.filter { !$0.isEmpty }
        packedAnchor = PackedSamples(sessions.flatMap { $0 })
        packedUpdates = PackedSamples(updates)
        anchorSessionSizes = sessions.map(\.count)
    }

    /// Samples from authenticated enrolment sessions, in arrival order; frozen at its target size.
    public var anchor: [FeatureVector] {
        get { packedAnchor.vectors }
        set {
            packedAnchor = PackedSamples(newValue)
            anchorSessionSizes = newValue.isEmpty ? [] : [newValue.count]
        }
    }

    /// Adds one enrolment session's samples to the anchor.
    public mutating func appendAnchorSession(_ samples: [FeatureVector]) {
        guard !samples.isEmpty else { return }
        let sizes = sessionSizesMatchingAnchor
        packedAnchor = PackedSamples(packedAnchor.vectors + samples)
        anchorSessionSizes = sizes + [samples.count]
    }

    /// Drops the oldest enrolment sessions until at least `room` more samples fit under `target`.
    public mutating func dropOldestAnchorSessions(toFit room: Int, target: Int) {
        var sizes = sessionSizesMatchingAnchor
        var vectors = packedAnchor.vectors
        while vectors.count + room > target, sizes.count > 1 {
            vectors.removeFirst(sizes.removeFirst())
        }
        packedAnchor = PackedSamples(vectors)
        anchorSessionSizes = vectors.isEmpty ? [] : sizes
    }

    /// Samples from later sessions that ended genuine, oldest first.
    public var updates: [FeatureVector] {
        get { packedUpdates.vectors }
        set { packedUpdates = PackedSamples(newValue) }
    }

    /// Anchor and updates together, in that order.
    public var all: [FeatureVector] { anchor + updates }

    public var count: Int { packedAnchor.count + packedUpdates.count }

    /// The samples grouped by session: each enrolment session of the anchor, then the update pool
    /// as one more group (its samples come from several later sessions, a few from each).
    public var sessions: [[FeatureVector]] {
        let vectors = packedAnchor.vectors
        var groups: [[FeatureVector]] = []
        var start = 0
        for size in sessionSizesMatchingAnchor {
            groups.append(Array(vectors[start..<start + size]))
            start += size
        }
        if !packedUpdates.vectors.isEmpty { groups.append(packedUpdates.vectors) }
        return groups
    }

    /// ``anchorSessionSizes`` when they add up to the anchor, else the anchor as one session.
    private var sessionSizesMatchingAnchor: [Int] {
        let count = packedAnchor.count
        if anchorSessionSizes.reduce(0, +) == count, anchorSessionSizes.allSatisfy({ $0 > 0 }) {
            return anchorSessionSizes
        }
        return count == 0 ? [] : [count]
    }

    enum CodingKeys: String, CodingKey {
        case packedAnchor = "anchor"
        case packedUpdates = "updates"
        case anchorSessionSizes = "anchorSessions"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        packedAnchor = try c.decode(PackedSamples.self, forKey: .packedAnchor)
        packedUpdates = try c.decode(PackedSamples.self, forKey: .packedUpdates)
        anchorSessionSizes = try c.decodeField([Int].self, forKey: .anchorSessionSizes, addedIn: 3, of: decoder) ?? []
    }
}
