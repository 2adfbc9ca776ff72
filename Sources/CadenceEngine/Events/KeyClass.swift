/// A coarse class of key, computed in the browser so the character never leaves it.
///
/// Every letter is one class, ``letter``: what leaves the browser and what is stored tells a
/// word's length and where spaces, digits and punctuation fall, and nothing of which letters
/// were typed. Letters used to be reduced to their QWERTY zone (hand and row, codes 1–6), which
/// let the most frequent English word with a word's zone sequence be that word 82% of the time
/// on the Aalto sentences (`scripts/privacy-decoder`), against 10% from word lengths alone; with
/// one letter class a decoder knows the lengths and no more. Zone codes 2–6 from earlier SDKs
/// are still accepted and folded into ``letter`` as a batch is decoded (``wire``), so no zone is
/// ever stored. The browser SDK (`cadence.js`) holds the same table; keep them in step.
public enum KeyClass: UInt32, Sendable, CaseIterable, Codable {
    case unknown = 0
    /// Any letter, of any script.
    case letter = 1
    /// Legacy zone codes (left home, left bottom, right top, right home, right bottom rows of a
    /// QWERTY layout) that SDKs before the single letter class sent; never produced, never
    /// stored: ``wire`` folds them into ``letter``.
    case legacyLeftHomeLetter = 2
    case legacyLeftBottomLetter = 3
    case legacyRightTopLetter = 4
    case legacyRightHomeLetter = 5
    case legacyRightBottomLetter = 6
    case digit = 7
    case space = 8
    case backspace = 9  // Backspace and Delete
    case enter = 10
    case modifier = 11  // Shift, Control, Alt, Meta, CapsLock
    case punctuation = 12
    case navigation = 13  // arrows, Tab, Home, End, PageUp, PageDown
    case other = 14

    /// The codes the wire format accepts for `key` (`docs/wire-format.md`).
    public static let codes: ClosedRange<Int> = Int(KeyClass.unknown.rawValue)...Int(KeyClass.other.rawValue)

    /// The code kept for a received code: the legacy zone codes become ``letter``.
    public static func wire(_ code: Int) -> Int {
        (2...6).contains(code) ? Int(KeyClass.letter.rawValue) : code
    }

    /// The class of a key given its `KeyboardEvent.key`-like name or a single character.
    ///
    /// Used by loaders of research data sets (which record characters) so that evaluations can
    /// also be run on exactly what the service sees.
    public init(keyName: String) {
        let lower = keyName.lowercased()
        if lower.count == 1, let c = lower.first {
            switch c {
            case " ": self = .space
            default:
                if c.isNumber { self = .digit } else if c.isLetter { self = .letter } else { self = .punctuation }
            }
            return
        }
        switch lower {
        case "backspace", "bksp", "delete", "del": self = .backspace
        case "enter", "return": self = .enter
        case "shift", "control", "ctrl", "alt", "meta", "capslock", "caps_lock", "altgraph": self = .modifier
        case "space", "spacebar": self = .space
        case "tab", "arrowleft", "arrowright", "arrowup", "arrowdown", "home", "end", "pageup", "pagedown":
            self = .navigation
        default: self = .other
        }
    }
}
