/// The actions of one pointer session and their feature vectors.
public struct PointerSessionFeatures: Sendable {
    /// Kind of each action, in order.
    public var kinds: [PointerAction.Kind]
    /// ``PointerFeatures`` of each action, in order.
    public var features: [FeatureVector]

    public init(kinds: [PointerAction.Kind] = [], features: [FeatureVector] = []) {
        self.kinds = kinds
        self.features = features
    }

    /// Segments `events` (one whole session) and extracts every action's features.
    public init(events: [PointerEvent], segmenter configuration: PointerActionSegmenter.Configuration) {
        var segmenter = PointerActionSegmenter(configuration: configuration)
        let actions = segmenter.feed(events) + segmenter.flush()
        kinds = actions.map(\.kind)
        features = actions.map(PointerFeatures.extract(from:))
    }

    public var count: Int { features.count }
}
