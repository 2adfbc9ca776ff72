import Foundation

/// One free-text typing sample ready for scoring: its features at key level and at key-class level.
///
/// The key-class level is the fallback for keys and n-graphs a profile has not seen; with
/// ``KeyIdentity/keyClass`` both levels are the same.
public struct FreeTextSample: Sendable, Hashable, Codable {
    public var keys: FreeTextFeatures
    public var classes: FreeTextFeatures

    public init(keystrokes: [Keystroke], identity: KeyIdentity) {
        keys = FreeTextFeatures(keystrokes: keystrokes, correctionKeys: identity.correctionKeys)
        switch identity {
        case .keyClass:
            classes = keys
        case .keyCode:
            let classed = keystrokes.map { k in
                Keystroke(key: identity.keyClass(of: k.key).rawValue, press: k.press, release: k.release)
            }
            classes = FreeTextFeatures(keystrokes: classed, correctionKeys: KeyIdentity.keyClass.correctionKeys)
        }
    }

    /// Sample of a recorded sequence of key events.
    public init(events: [KeyEvent], identity: KeyIdentity) {
        self.init(keystrokes: KeystrokeWindowBuilder.keystrokes(of: events), identity: identity)
    }

    /// Global rhythm figures in a fixed order (see ``FreeTextProfile/globalNames``).
    public var globals: [Double] {
        let f = keys
        return [
            f.typingSpeed, f.correctionRate, f.pauseRate, f.rolloverRate,
            Self.logDuration(f.medianHold), Self.logDuration(f.medianDownDown),
        ]
    }

    /// Natural logarithm of a duration in ms, floored at 1 ms so it stays finite.
    static func logDuration(_ milliseconds: Double) -> Double {
        log(max(milliseconds, 1))
    }
}
