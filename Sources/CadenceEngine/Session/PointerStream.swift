/// Cuts a session's pointer events into actions across batch boundaries and extracts each
/// action's features; Codable, so the session state survives a restart or another node.
///
/// Wraps the pointer engine's ``PointerActionSegmenter`` (Antal & Egyed-Zsigmond 2019, after
/// Ahmed & Traore 2007) and ``PointerFeatures``; an action's time is that of the event that
/// completed it.
struct PointerStream: Sendable, Codable, Hashable {
    private var segmenter = PointerActionSegmenter()

    /// Adds one event; appends the features of the actions it completed, with their end times (ms).
    mutating func feed(_ event: PointerEvent, into out: inout [(time: Double, features: FeatureVector)]) {
        for action in segmenter.feed(event) {
            out.append((event.timestamp, PointerFeatures.extract(from: action)))
        }
    }

    /// Ends the stream: the movement in progress becomes an action if long enough.
    mutating func flush(into out: inout [(time: Double, features: FeatureVector)]) {
        for action in segmenter.flush() {
            out.append((action.points.last?.t ?? 0, PointerFeatures.extract(from: action)))
        }
    }
}
