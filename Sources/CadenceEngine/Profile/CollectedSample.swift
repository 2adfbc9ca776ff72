/// One write into a session's sample reservoir: the sample `features` of `modality` goes into
/// reservoir slot `slot`, replacing what an earlier write put there.
///
/// A session keeps a uniform sample of its pointer actions and keystroke windows for the profile
/// (reservoir sampling, Vitter 1985). Rather than a reservoir that is rewritten whenever a slot
/// changes, the session records the writes in order; replaying the log gives the reservoir. The
/// service drains the writes of each batch into their own rows (``SessionState/drainCollected()``)
/// so the per-batch session state stays small, and hands them back when the session ends
/// (``SessionState/restoreCollected(_:)``), with the replay fingerprints (``SessionCollection``).
public struct CollectedSample: Sendable, Codable, Hashable {
    public var modality: Modality
    /// Reservoir slot, `0..<cap` for the session's cap of that modality.
    public var slot: Int
    public var features: FeatureVector

    public init(modality: Modality, slot: Int, features: FeatureVector) {
        self.modality = modality
        self.slot = slot
        self.features = features
    }

    enum CodingKeys: String, CodingKey { case modality, slot, features }

    /// Features are coded as ``PackedSamples`` (32-bit floats; stored binary blobs keep only the
    /// non-zero runs of sparse keystroke windows), the precision every stored profile sample has.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        modality = try c.decode(Modality.self, forKey: .modality)
        slot = try c.decode(Int.self, forKey: .slot)
        features = try c.decode(PackedSamples.self, forKey: .features).vectors.first ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(modality, forKey: .modality)
        try c.encode(slot, forKey: .slot)
        try c.encode(PackedSamples([features]), forKey: .features)
    }

    /// The reservoir of `modality` after applying `log` in order.
    static func reservoir(of modality: Modality, from log: [CollectedSample]) -> [FeatureVector] {
        var slots: [FeatureVector] = []
        for write in log where write.modality == modality {
            if write.slot < slots.count {
                slots[write.slot] = write.features
            } else if write.slot == slots.count {
                slots.append(write.features)
            }
            // A slot past the end cannot occur (slots fill in order); it is ignored.
        }
        return slots
    }
}

/// What a session gathered for the profile since the last drain: reservoir writes and replay
/// fingerprints (hashes). Stored by the service beside the batch that gathered it.
public struct SessionCollection: Sendable, Codable, Hashable {
    public var samples: [CollectedSample]
    public var fingerprints: [UInt64]

    public init(samples: [CollectedSample] = [], fingerprints: [UInt64] = []) {
        self.samples = samples
        self.fingerprints = fingerprints
    }

    public var isEmpty: Bool { samples.isEmpty && fingerprints.isEmpty }

    /// Several collections, in order, as one.
    public init(joining parts: [SessionCollection]) {
        self.init(samples: parts.flatMap(\.samples), fingerprints: parts.flatMap(\.fingerprints))
    }
}
