extension CodingUserInfoKey {
    /// The format version (an `Int`) of a stored binary blob being decoded, when the decoder
    /// knows it: a field added in version `v` is read only from blobs of version `v` or later,
    /// because the binary format is positional (fields are not named).
    public static let storedFormatVersion = CodingUserInfoKey(rawValue: "cadence.storedFormatVersion")!
}

extension KeyedDecodingContainer {
    /// A non-optional field added in format `version`: from a positional blob, read when the blob
    /// is that recent (else nil); from JSON, which names its fields, read when present.
    func decodeField<T: Decodable>(
        _ type: T.Type, forKey key: Key, addedIn version: Int, of decoder: any Decoder
    ) throws -> T? {
        if let stored = decoder.userInfo[.storedFormatVersion] as? Int {
            return stored >= version ? try decode(type, forKey: key) : nil
        }
        return try decodeIfPresent(type, forKey: key)
    }
}
