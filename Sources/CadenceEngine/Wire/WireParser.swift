/// Where in a batch a value sits; turned into a path string only when an error is thrown.
enum WireField {
    case root
    case named(String)
    case event(Int)
    case element(Int, Int)

    var path: String {
        switch self {
        case .root: "$"
        case .named(let name): name
        case .event(let index): "e[\(index)]"
        case .element(let index, let element): "e[\(index)][\(element)]"
        }
    }
}

/// The byte-level parser behind ``WireDecoder``; lives only for one `decode` call.
struct WireParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: WireLimits
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>, limits: WireLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    // MARK: Batch object

    mutating func batch() throws(WireDecodingError) -> WireBatch {
        var version: Int?
        var seq: Int?
        var t0: Double?
        var keyEvents: [KeyEvent] = []
        var pointerEvents: [PointerEvent] = []
        var sawEvents = false
        var eventsBeforeT0 = false
        var environment: EnvironmentReport?

        skipWhitespace()
        try expect(UInt8(ascii: "{"), .root, "expected '{' opening the batch object")
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                let keyStart = position
                let key = try string(.root)
                skipWhitespace()
                try expect(UInt8(ascii: ":"), .root, "expected ':' after a field name")
                skipWhitespace()
                switch matchKey(key) {
                case .v:
                    guard version == nil else { throw duplicate("v", keyStart) }
                    let v = try integer(.named("v"), in: 0...1_000_000)
                    guard v == 1 else {
                        throw WireDecodingError(
                            .unsupportedVersion, offset: keyStart, field: "v",
                            reason: "version \(v) is not supported (only 1)")
                    }
                    version = v
                case .seq:
                    guard seq == nil else { throw duplicate("seq", keyStart) }
                    seq = try integer(.named("seq"), in: 0...(1 << 53))
                case .t0:
                    guard t0 == nil else { throw duplicate("t0", keyStart) }
                    let start = position
                    let value = try number(.named("t0"))
                    guard value >= 0, value <= 1e15 else {
                        throw WireDecodingError(
                            .outOfRange, offset: start, field: "t0", reason: "t0 must be epoch milliseconds in 0...1e15"
                        )
                    }
                    t0 = value
                case .e:
                    guard !sawEvents else { throw duplicate("e", keyStart) }
                    sawEvents = true
                    eventsBeforeT0 = t0 == nil
                    try events(base: t0 ?? 0, keys: &keyEvents, pointers: &pointerEvents)
                case .env:
                    guard environment == nil else { throw duplicate("env", keyStart) }
                    environment = try environmentReport()
                case .unknown:
                    try skipValue(.root, depth: 1)
                }
                skipWhitespace()
                guard let c = peek() else { throw syntax(.root, "unterminated batch object") }
                position += 1
                if c == UInt8(ascii: "}") { break }
                guard c == UInt8(ascii: ",") else {
                    throw syntax(.root, "expected ',' or '}' in the batch object", at: position - 1)
                }
                skipWhitespace()
            }
        }
        skipWhitespace()
        guard position == bytes.count else { throw syntax(.root, "unexpected data after the batch object") }
        guard let version else { throw missing("v") }
        guard let seq else { throw missing("seq") }
        guard let t0 else { throw missing("t0") }
        guard sawEvents else { throw missing("e") }
        if eventsBeforeT0 && t0 != 0 {
            for i in keyEvents.indices { keyEvents[i].timestamp += t0 }
            for i in pointerEvents.indices { pointerEvents[i].timestamp += t0 }
        }
        return WireBatch(
            version: version, seq: seq, t0: t0, keyEvents: keyEvents, pointerEvents: pointerEvents,
            environment: environment)
    }

    private enum Key { case v, seq, t0, e, env, unknown }

    private func matchKey(_ range: Range<Int>) -> Key {
        switch range.count {
        case 1:
            if bytes[range.lowerBound] == UInt8(ascii: "v") { return .v }
            if bytes[range.lowerBound] == UInt8(ascii: "e") { return .e }
        case 2:
            if bytes[range.lowerBound] == UInt8(ascii: "t") && bytes[range.lowerBound + 1] == UInt8(ascii: "0") {
                return .t0
            }
        case 3:
            if bytes[range.lowerBound] == UInt8(ascii: "s") && bytes[range.lowerBound + 1] == UInt8(ascii: "e")
                && bytes[range.lowerBound + 2] == UInt8(ascii: "q")
            {
                return .seq
            }
            if bytes[range.lowerBound] == UInt8(ascii: "e") && bytes[range.lowerBound + 1] == UInt8(ascii: "n")
                && bytes[range.lowerBound + 2] == UInt8(ascii: "v")
            {
                return .env
            }
        default: break
        }
        return .unknown
    }

    // MARK: Events

    private mutating func events(
        base: Double, keys: inout [KeyEvent], pointers: inout [PointerEvent]
    ) throws(WireDecodingError) {
        try expect(UInt8(ascii: "["), .named("e"), "expected '[' opening the event list")
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        // A short event is about 20 bytes; reserving avoids most regrowth on large batches.
        let estimate = min((bytes.count - position) / 24, limits.maximumEvents)
        pointers.reserveCapacity(estimate)
        var index = 0
        while true {
            guard index < limits.maximumEvents else {
                throw WireDecodingError(
                    .tooLarge, offset: position, field: WireField.event(index).path,
                    reason: "more than \(limits.maximumEvents) events in one batch")
            }
            try event(index, base: base, keys: &keys, pointers: &pointers)
            index += 1
            skipWhitespace()
            guard let c = peek() else { throw syntax(.named("e"), "unterminated event list") }
            position += 1
            if c == UInt8(ascii: "]") { return }
            guard c == UInt8(ascii: ",") else {
                throw syntax(.named("e"), "expected ',' or ']' after event \(index - 1)", at: position - 1)
            }
            skipWhitespace()
        }
    }

    private mutating func event(
        _ index: Int, base: Double, keys: inout [KeyEvent], pointers: inout [PointerEvent]
    ) throws(WireDecodingError) {
        try expect(UInt8(ascii: "["), .event(index), "expected an event array")
        skipWhitespace()
        let code = try integer(.element(index, 0), in: 0...6)
        try separator(.event(index), element: 1)
        let dtStart = position
        let dt = try number(.element(index, 1))
        guard abs(dt) <= limits.maximumRelativeTime else {
            throw WireDecodingError(
                .outOfRange, offset: dtStart, field: WireField.element(index, 1).path,
                reason: "dt must be within ±\(limits.maximumRelativeTime) ms")
        }
        if code <= 1 {
            try separator(.event(index), element: 2)
            let key = try keyClass(.element(index, 2))
            try separator(.event(index), element: 3)
            let field = try integer(.element(index, 3), in: 0...3)
            keys.append(
                KeyEvent(
                    code == 0 ? .down : .up, timestamp: base + dt, key: UInt32(truncatingIfNeeded: key),
                    field: FieldKind(rawValue: UInt8(truncatingIfNeeded: field)) ?? .other))
            try endOfEvent(index, elementsRead: 4)
        } else {
            try separator(.event(index), element: 2)
            let x = try coordinate(.element(index, 2))
            try separator(.event(index), element: 3)
            let y = try coordinate(.element(index, 3))
            try separator(.event(index), element: 4)
            var button = PointerEvent.Button.none
            if code == 6 {
                _ = try coordinate(.element(index, 4))  // wheel deltaY: validated, not modelled yet
            } else {
                button =
                    PointerEvent.Button(rawValue: UInt8(truncatingIfNeeded: try integer(.element(index, 4), in: 0...3)))
                    ?? .none
            }
            try separator(.event(index), element: 5)
            let type = try integer(.element(index, 5), in: 0...2)
            let kind: PointerEvent.Kind =
                switch code {
                case 2: .move
                case 3: .down
                case 4: .up
                case 5: .drag
                default: .wheel
                }
            pointers.append(
                PointerEvent(
                    kind, timestamp: base + dt, x: x, y: y, button: button,
                    pointerType: PointerEvent.PointerType(rawValue: UInt8(truncatingIfNeeded: type)) ?? .mouse))
            try endOfEvent(index, elementsRead: 6)
        }
    }

    /// Skips extra trailing elements (up to the limit) and the closing bracket.
    private mutating func endOfEvent(_ index: Int, elementsRead: Int) throws(WireDecodingError) {
        var count = elementsRead
        while true {
            skipWhitespace()
            guard let c = peek() else { throw syntax(.event(index), "unterminated event array") }
            position += 1
            if c == UInt8(ascii: "]") { return }
            guard c == UInt8(ascii: ",") else { throw syntax(.event(index), "expected ',' or ']'", at: position - 1) }
            count += 1
            guard count <= limits.maximumEventElements else {
                throw WireDecodingError(
                    .tooLarge, offset: position, field: WireField.event(index).path,
                    reason: "more than \(limits.maximumEventElements) elements in one event")
            }
            skipWhitespace()
            try skipValue(.element(index, count - 1), depth: 3)
        }
    }

    private mutating func separator(_ field: WireField, element: Int) throws(WireDecodingError) {
        skipWhitespace()
        guard peek() == UInt8(ascii: ",") else {
            if peek() == UInt8(ascii: "]") {
                throw syntax(field, "event array ends before element \(element)")
            }
            throw syntax(field, "expected ',' before element \(element)")
        }
        position += 1
        skipWhitespace()
    }

    private mutating func coordinate(_ field: WireField) throws(WireDecodingError) -> Double {
        let start = position
        let value = try number(field)
        guard abs(value) <= limits.maximumCoordinate else {
            throw WireDecodingError(
                .outOfRange, offset: start, field: field.path, reason: "must be within ±\(limits.maximumCoordinate)")
        }
        return value
    }

    // MARK: Scalars

    /// A JSON number that must be an integer in `range`.
    mutating func integer(_ field: WireField, in range: ClosedRange<Int>) throws(WireDecodingError) -> Int {
        let start = position
        let value = try number(field)
        guard value == value.rounded(.towardZero), value >= Double(range.lowerBound), value <= Double(range.upperBound)
        else {
            throw WireDecodingError(
                .outOfRange, offset: start, field: field.path,
                reason: "must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return Int(value)
    }

    /// A ``KeyClass`` code: the only key identity the wire format carries (never a character).
    mutating func keyClass(_ field: WireField) throws(WireDecodingError) -> Int {
        let start = position
        let value = try number(field)
        let range = KeyClass.codes
        guard value == value.rounded(.towardZero), value >= Double(range.lowerBound), value <= Double(range.upperBound)
        else {
            throw WireDecodingError(
                .outOfRange, offset: start, field: field.path,
                reason: "key must be a key class code, an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return KeyClass.wire(Int(value))
    }

    /// A finite JSON number (RFC 8259 grammar).
    mutating func number(_ field: WireField) throws(WireDecodingError) -> Double {
        let start = position
        let count = bytes.count
        var negative = false
        if position < count && bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < count, isDigit(bytes[position]) else {
            throw syntax(field, "expected a number", at: start)
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var inexact = false
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < count, isDigit(bytes[position]) {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[position] &- 48)
                    digits += 1
                } else {
                    exponent += 1
                    inexact = true
                }
                position += 1
            }
        }
        if position < count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < count, isDigit(bytes[position]) else {
                throw syntax(field, "expected a digit after the decimal point", at: position)
            }
            while position < count, isDigit(bytes[position]) {
                let d = UInt64(bytes[position] &- 48)
                if mantissa == 0 && d == 0 {
                    exponent -= 1
                } else if digits < 19 {
                    mantissa = mantissa &* 10 &+ d
                    digits += 1
                    exponent -= 1
                } else {
                    inexact = true
                }
                position += 1
            }
        }
        if position < count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
            position += 1
            var exponentNegative = false
            if position < count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < count, isDigit(bytes[position]) else {
                throw syntax(field, "expected a digit in the exponent", at: position)
            }
            var value = 0
            while position < count, isDigit(bytes[position]) {
                value = min(value * 10 + Int(bytes[position] &- 48), 100_000)
                position += 1
            }
            exponent += exponentNegative ? -value : value
        }
        guard position - start <= 400 else {
            throw WireDecodingError(.outOfRange, offset: start, field: field.path, reason: "number is too long")
        }
        var result: Double
        if !inexact && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            // Clinger's fast path: both operands exact, one correctly rounded operation.
            result = Double(mantissa)
            if exponent < 0 {
                result /= Self.powersOfTen[-exponent]
            } else if exponent > 0 {
                result *= Self.powersOfTen[exponent]
            }
            if negative { result = -result }
        } else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            guard let parsed = Double(text) else { throw syntax(field, "malformed number", at: start) }
            result = parsed
        }
        guard result.isFinite else {
            throw WireDecodingError(.outOfRange, offset: start, field: field.path, reason: "number is not finite")
        }
        return result
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A JSON string; returns the range of its raw (still escaped) content.
    mutating func string(_ field: WireField) throws(WireDecodingError) -> Range<Int> {
        try expect(UInt8(ascii: "\""), field, "expected a string")
        let start = position
        let count = bytes.count
        while position < count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return start..<(position - 1)
            }
            if c < 0x20 { throw syntax(field, "control character in a string", at: position) }
            if c == UInt8(ascii: "\\") {
                position += 1
                guard position < count else { break }
                switch bytes[position] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    position += 1
                    for _ in 0..<4 {
                        guard position < count, isHexDigit(bytes[position]) else {
                            throw syntax(field, "malformed \\u escape", at: position)
                        }
                        position += 1
                    }
                default:
                    throw syntax(field, "invalid escape in a string", at: position)
                }
                continue
            }
            position += 1
        }
        throw syntax(field, "unterminated string", at: start - 1)
    }

    /// Skips any JSON value (an unknown field), validating its grammar, nesting at most the limit.
    mutating func skipValue(_ field: WireField, depth: Int) throws(WireDecodingError) {
        guard depth <= limits.maximumDepth else {
            throw WireDecodingError(
                .tooLarge, offset: position, field: field.path, reason: "nesting deeper than \(limits.maximumDepth)")
        }
        guard let c = peek() else { throw syntax(field, "expected a value") }
        switch c {
        case UInt8(ascii: "\""):
            _ = try string(field)
        case UInt8(ascii: "{"):
            position += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return
            }
            while true {
                _ = try string(field)
                skipWhitespace()
                try expect(UInt8(ascii: ":"), field, "expected ':' in an object")
                skipWhitespace()
                try skipValue(field, depth: depth + 1)
                skipWhitespace()
                guard let next = peek() else { throw syntax(field, "unterminated object") }
                position += 1
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else { throw syntax(field, "expected ',' or '}'", at: position - 1) }
                skipWhitespace()
            }
        case UInt8(ascii: "["):
            position += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                try skipValue(field, depth: depth + 1)
                skipWhitespace()
                guard let next = peek() else { throw syntax(field, "unterminated array") }
                position += 1
                if next == UInt8(ascii: "]") { return }
                guard next == UInt8(ascii: ",") else { throw syntax(field, "expected ',' or ']'", at: position - 1) }
                skipWhitespace()
            }
        case UInt8(ascii: "t"): try literal("true", field)
        case UInt8(ascii: "f"): try literal("false", field)
        case UInt8(ascii: "n"): try literal("null", field)
        default:
            try skipNumber(field)
        }
    }

    /// Validates a number's grammar without converting it (unknown fields may hold any number).
    private mutating func skipNumber(_ field: WireField) throws(WireDecodingError) {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), isDigit(first) else { throw syntax(field, "expected a value", at: start) }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let d = peek(), isDigit(d) else { throw syntax(field, "expected a digit after the decimal point") }
            skipDigits()
        }
        if let e = peek(), (e | 0x20) == UInt8(ascii: "e") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let d = peek(), isDigit(d) else { throw syntax(field, "expected a digit in the exponent") }
            skipDigits()
        }
    }

    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    mutating func literal(_ word: StaticString, _ field: WireField) throws(WireDecodingError) {
        let start = position
        let length = word.utf8CodeUnitCount
        guard bytes.count - position >= length else { throw syntax(field, "invalid literal", at: start) }
        let pointer = word.utf8Start
        for k in 0..<length where bytes[position + k] != pointer[k] {
            throw syntax(field, "invalid literal", at: start)
        }
        position += length
    }

    // MARK: Bytes

    @inline(__always) func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    @inline(__always) mutating func skipWhitespace() {
        while position < bytes.count {
            let c = bytes[position]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            position += 1
        }
    }

    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

    private func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "f"))
    }

    mutating func expect(_ c: UInt8, _ field: WireField, _ reason: String) throws(WireDecodingError) {
        guard position < bytes.count, bytes[position] == c else { throw syntax(field, reason) }
        position += 1
    }

    // MARK: Errors

    func syntax(_ field: WireField, _ reason: String, at offset: Int? = nil) -> WireDecodingError {
        let at = offset ?? position
        let what = at < bytes.count ? reason : reason + " (end of input)"
        return WireDecodingError(.syntax, offset: at, field: field.path, reason: what)
    }

    private func missing(_ name: String) -> WireDecodingError {
        WireDecodingError(
            .missingField, offset: bytes.count, field: name, reason: "required field '\(name)' is missing")
    }

    func duplicate(_ name: String, _ offset: Int) -> WireDecodingError {
        WireDecodingError(.duplicateField, offset: offset, field: name, reason: "field '\(name)' appears twice")
    }
}
