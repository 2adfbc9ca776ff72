/// One pointer sample: a move, a button transition, a drag step or a wheel turn.
public struct PointerEvent: Sendable, Hashable, Codable {
    public enum Kind: UInt8, Sendable, Hashable, Codable {
        case move = 0
        case down = 1
        case up = 2
        case drag = 3
        case wheel = 4
    }

    /// Which button a `down`, `up` or `drag` concerns.
    public enum Button: UInt8, Sendable, Hashable, Codable {
        case none = 0
        case left = 1
        case right = 2
        case middle = 3
    }

    public enum PointerType: UInt8, Sendable, Hashable, Codable {
        case mouse = 0
        case touch = 1
        case pen = 2
    }

    public var kind: Kind
    /// Milliseconds from an arbitrary origin, with sub-millisecond precision.
    public var timestamp: Double
    /// Screen or page coordinates in pixels.
    public var x: Double
    public var y: Double
    public var button: Button
    public var pointerType: PointerType

    public init(
        _ kind: Kind,
        timestamp: Double,
        x: Double,
        y: Double,
        button: Button = .none,
        pointerType: PointerType = .mouse
    ) {
        self.kind = kind
        self.timestamp = timestamp
        self.x = x
        self.y = y
        self.button = button
        self.pointerType = pointerType
    }
}
