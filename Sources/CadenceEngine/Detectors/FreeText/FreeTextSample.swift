import Foundation

/// One free-text typing sample ready for scoring: its features at key level and at key-class level.
///
/// The key-class level is the fallback for keys and n-graphs a profile has not seen; with
/// ``KeyIdentity/keyClass`` both levels are the same.
public struct FreeTextSample: Sendable, Hashable, Codable {
    public var keys: FreeTextFeatures
    public var classes: FreeTextFeatures
    /// The key-class id of each key-level n-graph, parallel to the ids of `keys`' tables.
    public var classIDs: ClassIDs

    /// Key-class codes parallel to a sample's key-level tables (computed once, used in every
    /// comparison): a key class's raw value c (< 16) for a key, `16·c₁ + c₂` for a digraph,
    /// `256·c₁ + 16·c₂ + c₃` for a trigraph; see ``ClassTableIndex``.
    public struct ClassIDs: Sendable, Hashable, Codable {
        /// Parallel to `keys.hold.ids`.
        public var hold: [Int]
        /// Parallel to `keys.downDown.ids` and `keys.upDown.ids` (the same digraphs).
        public var digraph: [Int]
        /// Parallel to `keys.trigraph.ids`.
        public var trigraph: [Int]
    }

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
        func keyClass(_ key: UInt64) -> Int {
            Int(identity.keyClass(of: UInt32(truncatingIfNeeded: key)).rawValue)
        }
        let mask: UInt64 = (1 << 21) - 1
        classIDs = ClassIDs(
            hold: keys.hold.ids.map { keyClass($0) },
            digraph: keys.downDown.ids.map { 16 * keyClass($0 >> 32) + keyClass($0 & 0xFFFF_FFFF) },
            trigraph: keys.trigraph.ids.map {
                256 * keyClass($0 >> 42) + 16 * keyClass(($0 >> 21) & mask) + keyClass($0 & mask)
            })
    }

    /// Sample of features whose keys are already key classes (``KeyIdentity/keyClass``): both
    /// levels are the same.
    init(keyClassFeatures features: FreeTextFeatures) {
        keys = features
        classes = features
        classIDs = ClassIDs(
            hold: features.hold.ids.map { Int(min($0, 15)) },
            digraph: features.downDown.ids.map { FreeTextDistances.digraphClassCode($0) },
            trigraph: features.trigraph.ids.map {
                let mask: UInt64 = (1 << 21) - 1
                return 256 * Int(min($0 >> 42, 15)) + 16 * Int(min(($0 >> 21) & mask, 15)) + Int(min($0 & mask, 15))
            })
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
