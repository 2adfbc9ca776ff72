import CadenceEngine
import Foundation

/// A compact binary encoding of `Codable` values for blobs the service writes on every batch
/// (session states, profiles): several times faster and smaller than JSON for what they hold,
/// mostly arrays of `Double` feature vectors.
///
/// The layout follows the order in which a type encodes its fields (no keys are written), so it
/// is only for values decoded by the same type with ``BinaryDecoder``; optionals written through
/// `encodeIfPresent` carry a presence byte. Integers are zig-zag varints, doubles 8 bytes
/// little-endian, strings a varint length and UTF-8. `[Double]` is written as one run.
/// Every blob starts with a magic byte and a version, so a stored JSON blob is told apart.
public struct BinaryEncoder {
    public static let magic: UInt8 = 0xCB
    /// 2: ``PackedSamples`` rows with zero runs skipped; version 1 blobs (plain rows) still decode.
    /// 3: ``ModalitySamples`` session sizes and ``SessionState`` trust evidence appended (types
    /// read them only from version 3 blobs: ``CodingUserInfoKey/storedFormatVersion``).
    /// 4: ``SessionState`` environment evidence appended (read only from version 4 blobs).
    public static let version: UInt8 = 4

    public init() {}

    public func encode(_ value: some Encodable) throws -> Data {
        let sink = ByteSink()
        sink.bytes.append(Self.magic)
        sink.bytes.append(Self.version)
        try ValueWriter(sink: sink).write(value)
        var out: [UInt8] = []
        out.reserveCapacity(sink.bytes.count + 64)
        sink.flatten(into: &out)
        return Data(out)
    }
}

/// The growing output; a class so that every container appends to the same buffer.
///
/// An unkeyed container's element count is only known when it is finished, so a nested one is
/// kept as a part of its own and written, count first, when the whole value is flattened.
final class ByteSink {
    enum Part {
        case raw([UInt8])
        case list(UnkeyedBinaryEncoding)
    }

    var bytes: [UInt8] = []
    private var parts: [Part] = []

    init() {
        bytes.reserveCapacity(256)
    }

    /// Starts a nested unkeyed container at the current position.
    func nestedList() -> UnkeyedBinaryEncoding {
        if !bytes.isEmpty {
            parts.append(.raw(bytes))
            bytes = []
        }
        let list = UnkeyedBinaryEncoding()
        parts.append(.list(list))
        return list
    }

    func flatten(into out: inout [UInt8]) {
        for part in parts {
            switch part {
            case .raw(let raw): out.append(contentsOf: raw)
            case .list(let list):
                let count = ByteSink()
                count.varint(UInt64(list.count))
                out.append(contentsOf: count.bytes)
                list.sink.flatten(into: &out)
            }
        }
        out.append(contentsOf: bytes)
    }

    func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func string(_ value: String) {
        let utf8 = Array(value.utf8)
        varint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    func doubles(_ values: [Double]) {
        varint(UInt64(values.count))
        for value in values { double(value) }
    }

    /// A vector as its length, then runs of (zeros, literals): the count of +0.0 values, the count
    /// of values that follow, and those values. Keystroke windows (``KeystrokeWindowVector``) are
    /// mostly zeros (class digraphs a window does not hold). Lossless.
    func sparseDoubles(_ values: [Double]) {
        varint(UInt64(values.count))
        var i = 0
        while i < values.count {
            var zeros = 0
            while i + zeros < values.count && values[i + zeros].bitPattern == 0 { zeros += 1 }
            var literals = 0
            while i + zeros + literals < values.count && values[i + zeros + literals].bitPattern != 0 { literals += 1 }
            varint(UInt64(zeros))
            varint(UInt64(literals))
            for k in 0..<literals { double(values[i + zeros + k]) }
            i += zeros + literals
        }
    }
}

struct BinaryEncoding: Encoder {
    let sink: ByteSink
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedBinaryEncoding<Key>(sink: sink))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.nestedList()
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleBinaryEncoding(sink: sink)
    }
}

/// Writes one value of any supported type (shared by the three container kinds).
struct ValueWriter {
    let sink: ByteSink

    /// Dispatches on the static type, not the dynamic one: a cast would unwrap an optional and
    /// lose its presence byte.
    func write<T: Encodable>(_ value: T) throws {
        switch T.self {
        case is Double.Type: sink.double(value as! Double)
        case is [Double].Type: sink.doubles(value as! [Double])
        case is [[Double]].Type:
            let rows = value as! [[Double]]
            sink.varint(UInt64(rows.count))
            for row in rows { sink.doubles(row) }
        case is PackedSamples.Type:
            // Written as doubles: the engine's own Codable form (Base64 of floats, built four
            // bytes at a time) is what dominated the cost of storing a state. Zero runs are
            // skipped (version 2): keystroke-window vectors are mostly zeros.
            let rows = (value as! PackedSamples).vectors
            sink.varint(UInt64(rows.count))
            for row in rows { sink.sparseDoubles(row) }
        case is Int.Type: sink.signed(Int64(value as! Int))
        case is String.Type: sink.string(value as! String)
        case is Bool.Type: sink.bytes.append((value as! Bool) ? 1 : 0)
        case is Float.Type: sink.double(Double(value as! Float))
        case is Int64.Type: sink.signed(value as! Int64)
        case is Int32.Type: sink.signed(Int64(value as! Int32))
        case is Int16.Type: sink.signed(Int64(value as! Int16))
        case is Int8.Type: sink.signed(Int64(value as! Int8))
        case is UInt.Type: sink.varint(UInt64(value as! UInt))
        case is UInt64.Type: sink.varint(value as! UInt64)
        case is UInt32.Type: sink.varint(UInt64(value as! UInt32))
        case is UInt16.Type: sink.varint(UInt64(value as! UInt16))
        case is UInt8.Type: sink.varint(UInt64(value as! UInt8))
        case is Date.Type: sink.double((value as! Date).timeIntervalSinceReferenceDate)
        case is Data.Type:
            let data = value as! Data
            sink.varint(UInt64(data.count))
            sink.bytes.append(contentsOf: data)
        default: try value.encode(to: BinaryEncoding(sink: sink))
        }
    }
}

struct KeyedBinaryEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: ByteSink
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { sink.bytes.append(0) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { sink.bytes.append(value ? 1 : 0) }
    mutating func encode(_ value: String, forKey key: Key) throws { sink.string(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { sink.double(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { sink.double(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { sink.signed(Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { sink.signed(Int64(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { sink.signed(Int64(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { sink.signed(Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { sink.signed(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { sink.varint(UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { sink.varint(UInt64(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { sink.varint(UInt64(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { sink.varint(UInt64(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { sink.varint(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try ValueWriter(sink: sink).write(value) }

    // Optionals carry a presence byte, so the decoder knows whether a value follows.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try present(value) }

    private func present<T: Encodable>(_ value: T?) throws {
        guard let value else {
            sink.bytes.append(0)
            return
        }
        sink.bytes.append(1)
        try ValueWriter(sink: sink).write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedBinaryEncoding<NestedKey>(sink: sink))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        sink.nestedList()
    }

    mutating func superEncoder() -> any Encoder { BinaryEncoding(sink: sink) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { BinaryEncoding(sink: sink) }
}

/// An unkeyed container: its elements in a sink of their own, written after their count.
final class UnkeyedBinaryEncoding: UnkeyedEncodingContainer {
    let sink = ByteSink()
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    func encodeNil() throws {
        count += 1
        sink.bytes.append(0)
    }

    func encode<T: Encodable>(_ value: T) throws {
        count += 1
        try ValueWriter(sink: sink).write(value)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        count += 1
        return KeyedEncodingContainer(KeyedBinaryEncoding<NestedKey>(sink: sink))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        count += 1
        return sink.nestedList()
    }

    func superEncoder() -> any Encoder { BinaryEncoding(sink: sink) }
}

struct SingleBinaryEncoding: SingleValueEncodingContainer {
    let sink: ByteSink
    var codingPath: [any CodingKey] { [] }

    // A presence byte, so that an optional (which encodes through here) can be told from nil.
    mutating func encodeNil() throws { sink.bytes.append(0) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        sink.bytes.append(1)
        try ValueWriter(sink: sink).write(value)
    }
}
