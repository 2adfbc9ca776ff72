import Foundation

/// A session's latest replay fingerprints, kept to recognise the session repeating itself; part of
/// the state written with every batch, so each is kept as its low 32 bits.
///
/// Codable as `Data` of the sorted values, four bytes each (little-endian): raw bytes in the
/// service's binary blobs, Base64 in JSON. Half the width of a ``FingerprintSet`` value and without
/// its Base64 text, 512 fingerprints take 2 KB rather than 5.5 KB, so a session's row fits in one
/// database page. A false match needs two of a session's fingerprints to agree in 32 bits: about
/// one chance in 8 million per fingerprint against 512 held.
struct RecentFingerprints: Sendable, Hashable, Codable {
    private var values: Set<UInt32> = []

    init() {}

    var count: Int { values.count }
    func contains(_ fingerprint: UInt64) -> Bool { values.contains(UInt32(truncatingIfNeeded: fingerprint)) }
    mutating func insert(_ fingerprint: UInt64) { values.insert(UInt32(truncatingIfNeeded: fingerprint)) }

    init(from decoder: any Decoder) throws {
        let data = try decoder.singleValueContainer().decode(Data.self)
        // A state written before this type held 64-bit values as Base64 text: whatever whole
        // 4-byte words it gives are kept (a few stray values in a session's recent set).
        values = data.withUnsafeBytes { raw in
            Set(
                stride(from: 0, to: raw.count - raw.count % 4, by: 4).map {
                    UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt32.self))
                })
        }
    }

    func encode(to encoder: any Encoder) throws {
        var data = Data(capacity: values.count * 4)
        for value in values.sorted() {
            var bits = value.littleEndian
            withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
        }
        var c = encoder.singleValueContainer()
        try c.encode(data)
    }
}
