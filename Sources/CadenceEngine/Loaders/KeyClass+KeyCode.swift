extension KeyClass {
    /// The class of a key given its browser `KeyboardEvent.keyCode` (US layout codes), as research
    /// data sets such as Aalto's record it.
    public init(browserKeyCode code: Int) {
        switch code {
        case 65...90:
            self.init(keyName: String(UnicodeScalar(UInt8(code + 32))))
        case 48...57, 96...105: self = .digit
        case 32: self = .space
        case 8, 46: self = .backspace
        case 13: self = .enter
        case 16, 17, 18, 20, 91, 92, 93, 224, 225: self = .modifier
        case 9, 33...40: self = .navigation
        case 106...111, 186...192, 219...222: self = .punctuation
        default: self = .other
        }
    }
}
