import Foundation

/// A set of replay fingerprints, Codable as Base64 of the sorted 64-bit values (little-endian),
/// about half the size of a JSON array of large integers, since it is stored with every batch.
public struct FingerprintSet: Sendable, Hashable, Codable {
    public private(set) var values: Set<UInt64>

    public init(_ values: Set<UInt64> = []) {
        self.values = values
    }

    public var count: Int { values.count }
    public func contains(_ value: UInt64) -> Bool { values.contains(value) }
    mutating func insert(_ value: UInt64) { values.insert(value) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        guard let data = Data(base64Encoded: try c.decode(String.self)), data.count % 8 == 0 else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "malformed fingerprint set")
        }
        values = data.withUnsafeBytes { raw in
            Set(
                stride(from: 0, to: raw.count, by: 8).map {
                    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt64.self))
                })
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var data = Data(capacity: values.count * 8)
        for value in values.sorted() {
            var bits = value.littleEndian
            withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
        }
        var c = encoder.singleValueContainer()
        try c.encode(data.base64EncodedString())
    }
}
