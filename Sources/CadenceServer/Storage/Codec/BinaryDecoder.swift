import CadenceEngine
import Foundation

/// Reads what ``BinaryEncoder`` wrote, into the same type.
public struct BinaryDecoder {
    public init() {}

    /// True when `data` starts like a ``BinaryEncoder`` blob (JSON starts with `{` or `[`).
    public static func recognises(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == BinaryEncoder.magic
    }

    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let source = ByteSource(Array(data))
        guard try source.byte() == BinaryEncoder.magic else { throw source.corrupt("not a binary blob") }
        source.version = try source.byte()
        guard (1...BinaryEncoder.version).contains(source.version) else {
            throw source.corrupt("binary blob version \(source.version) is not 1...\(BinaryEncoder.version)")
        }
        let value = try ValueReader(source: source).read(T.self)
        guard source.offset == source.bytes.count else { throw source.corrupt("trailing bytes") }
        return value
    }
}

/// The input and the read position; every read is bounds-checked.
final class ByteSource {
    let bytes: [UInt8]
    var offset = 0
    /// The blob's format version (see ``BinaryEncoder/version``).
    var version = BinaryEncoder.version

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func corrupt(_ reason: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "binary blob, byte \(offset): \(reason)"))
    }

    func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw corrupt("unexpected end") }
        defer { offset += 1 }
        return bytes[offset]
    }

    func peek() throws -> UInt8 {
        guard offset < bytes.count else { throw corrupt("unexpected end") }
        return bytes[offset]
    }

    func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw corrupt("varint too long") }
            value |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    func signed() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    func double() throws -> Double {
        guard offset + 8 <= bytes.count else { throw corrupt("unexpected end") }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return Double(bitPattern: bits)
    }

    func count() throws -> Int {
        let n = try varint()
        guard n <= UInt64(bytes.count - offset) else { throw corrupt("count \(n) exceeds the blob") }
        return Int(n)
    }

    func string() throws -> String {
        let n = try count()
        defer { offset += n }
        return String(decoding: bytes[offset..<offset + n], as: UTF8.self)
    }

    /// What ``ByteSink/sparseDoubles(_:)`` wrote.
    func sparseDoubles() throws -> [Double] {
        let width = try varint()
        guard width <= 1 << 16 else { throw corrupt("vector of \(width) values") }
        var out: [Double] = []
        out.reserveCapacity(Int(width))
        while out.count < Int(width) {
            let zeros = try varint()
            let literals = try varint()
            let room = UInt64(Int(width) - out.count)
            guard zeros + literals > 0, zeros <= room, literals <= room - zeros,
                literals <= UInt64(bytes.count - offset) / 8
            else { throw corrupt("malformed sparse vector") }
            out.append(contentsOf: repeatElement(0, count: Int(zeros)))
            for _ in 0..<literals { out.append(try double()) }
        }
        return out
    }

    func doubles() throws -> [Double] {
        let n = try varint()
        guard n <= UInt64(bytes.count - offset) / 8 else { throw corrupt("count \(n) exceeds the blob") }
        var out: [Double] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n { out.append(try double()) }
        return out
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        if I.isSigned {
            guard let v = I(exactly: try signed()) else { throw corrupt("integer out of range") }
            return v
        }
        guard let v = I(exactly: try varint()) else { throw corrupt("integer out of range") }
        return v
    }
}

/// Reads one value of any supported type: the mirror of `ValueWriter`.
struct ValueReader {
    let source: ByteSource

    func read<T: Decodable>(_ type: T.Type) throws -> T {
        let value: Any
        switch type {
        case is Double.Type: value = try source.double()
        case is [Double].Type: value = try source.doubles()
        case is [[Double]].Type:
            let n = try source.count()
            value = try (0..<n).map { _ in try source.doubles() }
        case is PackedSamples.Type:
            let n = try source.count()
            value = PackedSamples(
                try (0..<n).map { _ in try source.version >= 2 ? source.sparseDoubles() : source.doubles() })
        case is Int.Type: value = try source.integer(Int.self)
        case is String.Type: value = try source.string()
        case is Bool.Type: value = try source.byte() != 0
        case is Float.Type: value = Float(try source.double())
        case is Int64.Type: value = try source.integer(Int64.self)
        case is Int32.Type: value = try source.integer(Int32.self)
        case is Int16.Type: value = try source.integer(Int16.self)
        case is Int8.Type: value = try source.integer(Int8.self)
        case is UInt.Type: value = try source.integer(UInt.self)
        case is UInt64.Type: value = try source.integer(UInt64.self)
        case is UInt32.Type: value = try source.integer(UInt32.self)
        case is UInt16.Type: value = try source.integer(UInt16.self)
        case is UInt8.Type: value = try source.integer(UInt8.self)
        case is Date.Type: value = Date(timeIntervalSinceReferenceDate: try source.double())
        case is Data.Type:
            let n = try source.count()
            value = Data(source.bytes[source.offset..<source.offset + n])
            source.offset += n
        default: return try T(from: BinaryDecoding(source: source))
        }
        return value as! T
    }
}

struct BinaryDecoding: Decoder {
    let source: ByteSource
    var codingPath: [any CodingKey] { [] }
    /// The blob's format version, so a type can tell a field that an older blob never held.
    var userInfo: [CodingUserInfoKey: Any] { [.storedFormatVersion: Int(source.version)] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedBinaryDecoding<Key>(source: source))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try UnkeyedBinaryDecoding(source: source)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleBinaryDecoding(source: source)
    }
}

struct KeyedBinaryDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let source: ByteSource
    var codingPath: [any CodingKey] { [] }
    /// Keys are not stored: a keyed container can only be read field by field, in order.
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool {
        if try source.peek() == 0 {
            source.offset += 1
            return true
        }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueReader(source: source).read(type)
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try source.byte() != 0 }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try source.string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try source.double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try source.double()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try source.integer(Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try source.integer(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try source.integer(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try source.integer(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try source.integer(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try source.integer(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try source.integer(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try source.integer(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try source.integer(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try source.integer(UInt64.self) }

    // Optionals: a presence byte, then the value.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(type) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(type) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(type) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present(type) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(type) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try present(type) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try present(type) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present(type) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(type) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try present(type) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try present(type) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try present(type) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try present(type) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present(type) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(type) }

    private func present<T: Decodable>(_ type: T.Type) throws -> T? {
        switch try source.byte() {
        case 0: return nil
        case 1: return try ValueReader(source: source).read(type)
        default: throw source.corrupt("bad presence byte")
        }
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(KeyedBinaryDecoding<NestedKey>(source: source))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try UnkeyedBinaryDecoding(source: source)
    }

    func superDecoder() throws -> any Decoder { BinaryDecoding(source: source) }
    func superDecoder(forKey key: Key) throws -> any Decoder { BinaryDecoding(source: source) }
}

struct UnkeyedBinaryDecoding: UnkeyedDecodingContainer {
    let source: ByteSource
    var codingPath: [any CodingKey] { [] }
    let total: Int
    var currentIndex = 0

    init(source: ByteSource) throws {
        self.source = source
        total = try source.count()
    }

    var count: Int? { total }
    var isAtEnd: Bool { currentIndex >= total }

    mutating func next() throws {
        guard !isAtEnd else { throw source.corrupt("read past the end of a list") }
        currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw source.corrupt("read past the end of a list") }
        if try source.peek() == 0 {
            source.offset += 1
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next()
        return try ValueReader(source: source).read(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next()
        return KeyedDecodingContainer(KeyedBinaryDecoding<NestedKey>(source: source))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next()
        return try UnkeyedBinaryDecoding(source: source)
    }

    mutating func superDecoder() throws -> any Decoder {
        try next()
        return BinaryDecoding(source: source)
    }
}

struct SingleBinaryDecoding: SingleValueDecodingContainer {
    let source: ByteSource
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool {
        guard (try? source.peek()) == 0 else { return false }
        source.offset += 1
        return true
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard try source.byte() == 1 else { throw source.corrupt("bad presence byte") }
        return try ValueReader(source: source).read(type)
    }
}
