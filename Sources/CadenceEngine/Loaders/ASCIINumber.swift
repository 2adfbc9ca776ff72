/// Parses decimal numbers straight from ASCII bytes, without building a `String` per field.
///
/// Data-set loaders read millions of rows; this keeps parsing off the allocator. Accepts an
/// optional sign, digits, an optional fraction and an optional exponent (`-12.5e3`). Numbers of
/// up to 19 significant digits and exponents within ±22 are converted with a single correctly
/// rounded multiplication or division; anything longer keeps 19 significant digits.
enum ASCIINumber {
    private static let powersOfTen: [Double] = (0...22).map { p in
        var v = 1.0
        for _ in 0..<p { v *= 10 }
        return v
    }

    /// The number in `bytes[start..<end]`, or nil when it is empty or not entirely a number.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        var e = end
        // Trim spaces and quotes some CSV writers add.
        while i < e, bytes[i] == 0x20 || bytes[i] == 0x22 { i += 1 }
        while e > i, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x22 { e -= 1 }
        guard i < e else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if bytes[i] == UInt8(ascii: "+") {
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        while i < e, bytes[i] &- 0x30 < 10 {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 0x30)
                if mantissa > 0 { significant += 1 }
            } else {
                exponent += 1
            }
            digits += 1
            i += 1
        }
        if i < e, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < e, bytes[i] &- 0x30 < 10 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 0x30)
                    if mantissa > 0 { significant += 1 }
                    exponent -= 1
                }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < e, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < e, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            var expDigits = 0
            while i < e, bytes[i] &- 0x30 < 10 {
                if value < 100_000 { value = value * 10 + Int(bytes[i] &- 0x30) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -value : value
        }
        guard i == e else { return nil }
        var result = Double(mantissa)
        if exponent < 0 {
            var remaining = -exponent
            while remaining > 22 {
                result /= powersOfTen[22]
                remaining -= 22
            }
            result /= powersOfTen[remaining]
        } else if exponent > 0 {
            var remaining = exponent
            while remaining > 22 {
                result *= powersOfTen[22]
                remaining -= 22
            }
            result *= powersOfTen[remaining]
        }
        return negative ? -result : result
    }

    /// Whether `bytes[start..<end]` equals the ASCII `literal`, ignoring surrounding spaces.
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        var i = start
        var e = end
        while i < e, bytes[i] == 0x20 || bytes[i] == 0x22 { i += 1 }
        while e > i, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x22 { e -= 1 }
        guard e - i == literal.utf8CodeUnitCount else { return false }
        let l = literal.utf8Start
        for k in 0..<(e - i) where bytes[i + k] != l[k] { return false }
        return true
    }
}
