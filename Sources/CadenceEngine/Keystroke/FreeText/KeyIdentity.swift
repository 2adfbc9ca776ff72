/// What the `key` of a ``KeyEvent`` identifies: a research data set's full key code, or the coarse
/// ``KeyClass`` that the browser SDK sends to the service.
public enum KeyIdentity: String, Sendable, Hashable, Codable, CaseIterable {
    /// The browser `KeyboardEvent.keyCode`: full key identity, for research evaluation only.
    case keyCode
    /// A ``KeyClass`` raw value: what the service sees; typed text cannot be reconstructed from it.
    case keyClass

    /// Keys that delete text (Backspace, Delete), for the correction rate.
    public var correctionKeys: Set<UInt32> {
        switch self {
        case .keyCode: [8, 46]
        case .keyClass: [KeyClass.backspace.rawValue]
        }
    }

    /// The coarse class of a key, the fallback level for keys or digraphs a profile has not seen.
    public func keyClass(of key: UInt32) -> KeyClass {
        switch self {
        case .keyCode: KeyClass(browserKeyCode: Int(key))
        case .keyClass: KeyClass(rawValue: key) ?? .unknown
        }
    }
}
