/// One key press paired with its release.
///
/// Times are milliseconds from an arbitrary origin. `release >= press` for any keystroke built
/// by ``FixedTextTiming``.
public struct Keystroke: Sendable, Hashable, Codable {
    /// Key class or pseudonym (see ``KeyEvent/key``).
    public var key: UInt32
    /// Press time in milliseconds.
    public var press: Double
    /// Release time in milliseconds.
    public var release: Double

    public init(key: UInt32 = 0, press: Double, release: Double) {
        self.key = key
        self.press = press
        self.release = release
    }

    /// Hold (dwell) time in milliseconds.
    public var hold: Double { release - press }
}
