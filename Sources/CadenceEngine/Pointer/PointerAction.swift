/// One pointer action: a movement, or a movement that ends in a click, or a drag.
///
/// The unit mouse-dynamics detectors score (Ahmed & Traore 2007; Antal & Egyed-Zsigmond 2019):
/// a `mouseMove` (MM) is movement ended by a pause, a `pointAndClick` (PC) is the movement that
/// leads to a click plus the click, a `dragAndDrop` (DD) is a button press, movement with the
/// button held, and the release. ``PointerActionSegmenter`` cuts event streams into actions.
public struct PointerAction: Sendable, Hashable, Codable {
    public enum Kind: UInt8, Sendable, Hashable, Codable, CaseIterable {
        case mouseMove = 0
        case pointAndClick = 1
        case dragAndDrop = 2
    }

    /// One sampled pointer position.
    public struct Point: Sendable, Hashable, Codable {
        /// Milliseconds from an arbitrary origin.
        public var t: Double
        /// Pixels.
        public var x: Double
        /// Pixels, growing downwards as on screen.
        public var y: Double

        public init(t: Double, x: Double, y: Double) {
            self.t = t
            self.x = x
            self.y = y
        }
    }

    public var kind: Kind
    /// The trajectory in time order. For PC it ends with the press position; for DD it runs from
    /// the press to the release.
    public var points: [Point]
    /// Milliseconds from press to release for PC and DD; nil for MM.
    public var holdTime: Double?
    /// The button pressed, `.none` for MM.
    public var button: PointerEvent.Button

    public init(kind: Kind, points: [Point], holdTime: Double? = nil, button: PointerEvent.Button = .none) {
        self.kind = kind
        self.points = points
        self.holdTime = holdTime
        self.button = button
    }

    /// Milliseconds from the first to the last point.
    public var duration: Double {
        guard let first = points.first, let last = points.last else { return 0 }
        return last.t - first.t
    }
}
