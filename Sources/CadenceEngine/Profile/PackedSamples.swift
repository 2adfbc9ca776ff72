import Foundation

/// Feature vectors stored compactly: Codable as their width and the values as little-endian
/// 32-bit floats in Base64 (about a quarter of the size of a JSON array of numbers), because a
/// session's state is stored after every batch.
///
/// 32-bit floats keep seven significant digits, more than the features' measurement precision.
public struct PackedSamples: Sendable, Hashable, Codable {
    public private(set) var vectors: [FeatureVector]

    public init(_ vectors: [FeatureVector] = []) {
        self.vectors = vectors
    }

    public var count: Int { vectors.count }

    subscript(index: Int) -> FeatureVector {
        get { vectors[index] }
        set { vectors[index] = newValue }
    }

    mutating func append(_ vector: FeatureVector) { vectors.append(vector) }

    enum CodingKeys: String, CodingKey { case width, data }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let width = try c.decode(Int.self, forKey: .width)
        let text = try c.decode(String.self, forKey: .data)
        guard width >= 0, width <= 4096, let data = Data(base64Encoded: text), data.count % 4 == 0 else {
            throw DecodingError.dataCorruptedError(forKey: .data, in: c, debugDescription: "malformed packed samples")
        }
        let values: [Double] = data.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count, by: 4).map {
                Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt32.self))))
            }
        }
        guard width > 0 ? values.count % width == 0 : values.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .data, in: c, debugDescription: "length is not a multiple of width")
        }
        vectors = width > 0 ? stride(from: 0, to: values.count, by: width).map { Array(values[$0..<($0 + width)]) } : []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let width = vectors.first?.count ?? 0
        var data = Data(capacity: vectors.count * width * 4)
        for vector in vectors {
            for k in 0..<width {
                var bits = Float(k < vector.count ? vector[k] : 0).bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
            }
        }
        try c.encode(width, forKey: .width)
        try c.encode(data.base64EncodedString(), forKey: .data)
    }
}
