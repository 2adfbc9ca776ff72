/// Writes batches in the SDK wire format (`docs/wire-format.md`, version 1).
///
/// Used by `cadence replay` and by tests; the browser SDK writes the same bytes. Events of both
/// kinds are merged in timestamp order (stable), and each `dt` (milliseconds after `t0`) is
/// rounded to a microsecond, the precision browsers give `performance.now()` at best. The `env`
/// object, when the batch has one, follows the events.
public enum WireEncoder {
    /// The batch as UTF-8 JSON bytes.
    public static func encode(_ batch: WireBatch) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32 + 28 * batch.eventCount)
        append("{\"v\":", to: &out)
        append(String(batch.version), to: &out)
        append(",\"seq\":", to: &out)
        append(String(batch.seq), to: &out)
        append(",\"t0\":", to: &out)
        appendNumber(batch.t0, to: &out)
        append(",\"e\":[", to: &out)
        var k = 0
        var p = 0
        var first = true
        while k < batch.keyEvents.count || p < batch.pointerEvents.count {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            let takeKey =
                p == batch.pointerEvents.count
                || (k < batch.keyEvents.count && batch.keyEvents[k].timestamp <= batch.pointerEvents[p].timestamp)
            if takeKey {
                let event = batch.keyEvents[k]
                k += 1
                out.append(UInt8(ascii: "["))
                out.append(event.transition == .down ? UInt8(ascii: "0") : UInt8(ascii: "1"))
                out.append(UInt8(ascii: ","))
                appendNumber(relative(event.timestamp, batch.t0), to: &out)
                out.append(UInt8(ascii: ","))
                append(String(event.key), to: &out)
                out.append(UInt8(ascii: ","))
                out.append(48 + event.field.rawValue)
                out.append(UInt8(ascii: "]"))
            } else {
                let event = batch.pointerEvents[p]
                p += 1
                let code: UInt8 =
                    switch event.kind {
                    case .move: 2
                    case .down: 3
                    case .up: 4
                    case .drag: 5
                    case .wheel: 6
                    }
                out.append(UInt8(ascii: "["))
                out.append(48 + code)
                out.append(UInt8(ascii: ","))
                appendNumber(relative(event.timestamp, batch.t0), to: &out)
                out.append(UInt8(ascii: ","))
                appendNumber(event.x, to: &out)
                out.append(UInt8(ascii: ","))
                appendNumber(event.y, to: &out)
                out.append(UInt8(ascii: ","))
                out.append(event.kind == .wheel ? 48 : 48 + event.button.rawValue)
                out.append(UInt8(ascii: ","))
                out.append(48 + event.pointerType.rawValue)
                out.append(UInt8(ascii: "]"))
            }
        }
        out.append(UInt8(ascii: "]"))
        if let environment = batch.environment {
            append(",\"env\":", to: &out)
            append(environment.wireJSON, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func relative(_ timestamp: Double, _ t0: Double) -> Double {
        ((timestamp - t0) * 1000).rounded() / 1000
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    /// Integral values without a fraction (`410`, not `410.0`); others in shortest round-trip form.
    private static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            out.append(UInt8(ascii: "0"))
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            append(String(Int64(value)), to: &out)
        } else {
            append(value.description, to: &out)
        }
    }
}
