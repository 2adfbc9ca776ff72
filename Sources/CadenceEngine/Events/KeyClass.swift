/// A coarse class of key, computed in the browser so the character never leaves it.
///
/// Letters are reduced to the keyboard zone they sit in (hand and row of a QWERTY layout), which
/// keeps the timing structure that matters for keystroke dynamics (same hand or alternating
/// hands, row changes) while making typed text impossible to reconstruct: each zone holds four
/// to seven letters. The browser SDK (`cadence.js`) holds the same table; keep them in step.
public enum KeyClass: UInt32, Sendable, CaseIterable, Codable {
    case unknown = 0
    case leftTopLetter = 1  // q w e r t
    case leftHomeLetter = 2  // a s d f g
    case leftBottomLetter = 3  // z x c v b
    case rightTopLetter = 4  // y u i o p
    case rightHomeLetter = 5  // h j k l
    case rightBottomLetter = 6  // n m
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

    /// The class of a key given its `KeyboardEvent.key`-like name or a single character.
    ///
    /// Used by loaders of research data sets (which record characters) so that evaluations can
    /// also be run on exactly what the service sees.
    public init(keyName: String) {
        let lower = keyName.lowercased()
        if lower.count == 1, let c = lower.first {
            switch c {
            case "q", "w", "e", "r", "t": self = .leftTopLetter
            case "a", "s", "d", "f", "g": self = .leftHomeLetter
            case "z", "x", "c", "v", "b": self = .leftBottomLetter
            case "y", "u", "i", "o", "p": self = .rightTopLetter
            case "h", "j", "k", "l": self = .rightHomeLetter
            case "n", "m": self = .rightBottomLetter
            case " ": self = .space
            default:
                if c.isNumber { self = .digit } else if c.isLetter { self = .other } else { self = .punctuation }
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
