import CadenceEngine
import Foundation

/// Decodes and re-encodes wire-format batches with Foundation's JSON parser.
///
/// A stand-in until the engine's hand-written decoder is wired in; strict about the fields the
/// format defines (`v`, `seq`, `t0`, `e`), lenient about unknown ones, which are dropped.
struct InterimWireCodec: Sendable {
    /// Most events accepted in one batch.
    var maximumEvents = 50_000

    func decode(_ bytes: [UInt8]) throws(BatchDecodingFailure) -> EventBatch {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw BatchDecodingFailure(field: "$", reason: "body is not valid JSON")
        }
        guard let root = object as? [String: Any] else {
            throw BatchDecodingFailure(field: "$", reason: "a batch is a JSON object {v, seq, t0, e}")
        }
        guard let version = root["v"] as? NSNumber else {
            throw BatchDecodingFailure(field: "v", reason: "missing format version")
        }
        guard version.intValue == 1, version.doubleValue == 1 else {
            throw BatchDecodingFailure(field: "v", reason: "unsupported format version \(version)")
        }
        guard let seqNumber = root["seq"] as? NSNumber else {
            throw BatchDecodingFailure(field: "seq", reason: "missing or not a number")
        }
        let seqValue = seqNumber.doubleValue
        guard seqValue.isFinite, seqValue >= 0, seqValue <= 1e12, seqValue.rounded() == seqValue else {
            throw BatchDecodingFailure(field: "seq", reason: "must be an integer from 0")
        }
        guard let t0Number = root["t0"] as? NSNumber, t0Number.doubleValue.isFinite, abs(t0Number.doubleValue) < 1e15
        else {
            throw BatchDecodingFailure(field: "t0", reason: "missing or not a finite number of milliseconds")
        }
        guard let events = root["e"] as? [Any] else {
            throw BatchDecodingFailure(field: "e", reason: "missing or not an array of events")
        }
        guard events.count <= maximumEvents else {
            throw BatchDecodingFailure(
                field: "e", reason: "\(events.count) events exceed the limit of \(maximumEvents)", tooLarge: true)
        }
        let t0 = t0Number.doubleValue
        var batch = EventBatch(seq: Int(seqValue), t0: t0)
        for (index, raw) in events.enumerated() {
            guard let array = raw as? [Any], array.count >= 4, array.count <= 16 else {
                throw BatchDecodingFailure(field: "e[\(index)]", reason: "an event is an array of 4 to 16 numbers")
            }
            var numbers: [Double] = []
            numbers.reserveCapacity(6)
            for (position, element) in array.enumerated() {
                guard let number = element as? NSNumber, number.doubleValue.isFinite,
                    abs(number.doubleValue) <= 1e9
                else {
                    throw BatchDecodingFailure(field: "e[\(index)][\(position)]", reason: "not a finite number")
                }
                numbers.append(number.doubleValue)
            }
            let time = t0 + numbers[1]
            switch numbers[0] {
            case 0, 1:
                guard numbers[2] >= 0, numbers[2] <= Double(UInt32.max), numbers[2].rounded() == numbers[2] else {
                    throw BatchDecodingFailure(
                        field: "e[\(index)][2]", reason: "key class must be a non-negative integer")
                }
                let field = FieldKind(rawValue: UInt8(clamping: Int(numbers[3]))) ?? .other
                batch.keyEvents.append(
                    KeyEvent(numbers[0] == 0 ? .down : .up, timestamp: time, key: UInt32(numbers[2]), field: field))
            case 2, 3, 4, 5, 6:
                guard numbers.count >= 6 else {
                    throw BatchDecodingFailure(field: "e[\(index)]", reason: "a pointer event has 6 elements")
                }
                let kinds: [Double: PointerEvent.Kind] = [2: .move, 3: .down, 4: .up, 5: .drag, 6: .wheel]
                let kind = kinds[numbers[0]]!
                let button: PointerEvent.Button =
                    kind == .wheel ? .none : PointerEvent.Button(rawValue: UInt8(clamping: Int(numbers[4]))) ?? .none
                let type = PointerEvent.PointerType(rawValue: UInt8(clamping: Int(numbers[5]))) ?? .mouse
                batch.pointerEvents.append(
                    PointerEvent(kind, timestamp: time, x: numbers[2], y: numbers[3], button: button, pointerType: type)
                )
            default:
                throw BatchDecodingFailure(field: "e[\(index)][0]", reason: "unknown event code \(numbers[0])")
            }
        }
        return batch
    }

    /// The batch in the wire format: key events first, then pointer events, times relative to `t0`.
    func encode(_ batch: EventBatch) -> Data {
        var text = "{\"v\":1,\"seq\":\(batch.seq),\"t0\":\(number(batch.t0)),\"e\":["
        var first = true
        func append(_ element: String) {
            if !first { text += "," }
            first = false
            text += element
        }
        for key in batch.keyEvents {
            append(
                "[\(key.transition == .down ? 0 : 1),\(number(key.timestamp - batch.t0)),\(key.key),\(key.field.rawValue)]"
            )
        }
        for pointer in batch.pointerEvents {
            let code: Int =
                switch pointer.kind {
                case .move: 2
                case .down: 3
                case .up: 4
                case .drag: 5
                case .wheel: 6
                }
            append(
                "[\(code),\(number(pointer.timestamp - batch.t0)),\(number(pointer.x)),\(number(pointer.y)),"
                    + "\(pointer.button.rawValue),\(pointer.pointerType.rawValue)]")
        }
        text += "]}"
        return Data(text.utf8)
    }

    /// The shortest text of `value` rounded to a thousandth (microseconds for times).
    private func number(_ value: Double) -> String {
        let value = (value * 1000).rounded() / 1000
        return value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
