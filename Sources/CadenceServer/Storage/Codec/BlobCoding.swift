import Foundation

/// How per-session states and user profiles are stored: ``BinaryEncoder`` blobs, with JSON
/// blobs (written before the binary format existed) still read.
enum BlobCoding {
    static func encode(_ value: some Encodable) throws -> Data {
        try BinaryEncoder().encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if BinaryDecoder.recognises(data) { return try BinaryDecoder().decode(type, from: data) }
        return try JSONDecoder().decode(type, from: data)
    }
}
