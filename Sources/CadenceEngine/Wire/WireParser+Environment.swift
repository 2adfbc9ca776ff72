/// The batch's `env` object: flags as `true`/`false`, counts as integers, each name at most once.
///
/// Strict about the members it knows (a wrong type, a count out of range or a count larger than
/// the count it is a part of is refused); members it does not know are skipped when they are a
/// boolean or an integer, so that a newer SDK's extra signal does not cost its batch. Strings,
/// arrays and objects are refused: nothing but flags and counts may be sent.
extension WireParser {
    mutating func environmentReport() throws(WireDecodingError) -> EnvironmentReport {
        let start = position
        try expect(UInt8(ascii: "{"), .named("env"), "env must be an object of flags and counts")
        var report = EnvironmentReport()
        var seen: Set<String> = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return report
        }
        while true {
            let keyStart = position
            let name = try memberName()
            guard seen.count < limits.maximumEnvironmentMembers else {
                throw WireDecodingError(
                    .tooLarge, offset: keyStart, field: "env",
                    reason: "more than \(limits.maximumEnvironmentMembers) members in env")
            }
            guard seen.insert(name).inserted else { throw duplicate("env.\(name)", keyStart) }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), .named("env"), "expected ':' after a member name in env")
            skipWhitespace()
            let field = WireField.named("env.\(name)")
            if let flag = EnvironmentReport.wireFlags.first(where: { $0.name == name }) {
                report[keyPath: flag.keyPath] = try boolean(field)
            } else if let count = EnvironmentReport.wireCounts.first(where: { $0.name == name }) {
                report[keyPath: count.keyPath] = try integer(field, in: 0...limits.maximumEnvironmentCount)
            } else if peek() == UInt8(ascii: "t") || peek() == UInt8(ascii: "f") {
                _ = try boolean(field)
            } else {
                _ = try integer(field, in: 0...limits.maximumEnvironmentCount)
            }
            skipWhitespace()
            guard let c = peek() else { throw syntax(.named("env"), "unterminated env object") }
            position += 1
            if c == UInt8(ascii: "}") { break }
            guard c == UInt8(ascii: ",") else {
                throw syntax(.named("env"), "expected ',' or '}' in env", at: position - 1)
            }
            skipWhitespace()
        }
        try checkParts(of: report, at: start)
        return report
    }

    /// A member name of env: 1 to 16 ASCII letters and digits (no escapes).
    private mutating func memberName() throws(WireDecodingError) -> String {
        let range = try string(.named("env"))
        guard (1...16).contains(range.count),
            range.allSatisfy({ c in
                let b = bytes[c]
                return (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
            })
        else {
            throw WireDecodingError(
                .syntax, offset: range.lowerBound, field: "env",
                reason: "env member names are 1 to 16 ASCII letters or digits")
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private mutating func boolean(_ field: WireField) throws(WireDecodingError) -> Bool {
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true", field)
            return true
        case UInt8(ascii: "f"):
            try literal("false", field)
            return false
        default:
            throw WireDecodingError(.syntax, offset: position, field: field.path, reason: "must be true or false")
        }
    }

    /// Counts that are a part of another count may not exceed it.
    private func checkParts(of report: EnvironmentReport, at offset: Int) throws(WireDecodingError) {
        let parts: [(part: Int, whole: Int, partName: String, wholeName: String)] = [
            (report.fastMoveIntervals, report.moveIntervals, "fast", "iv"),
            (report.movementMismatches, report.mouseMoves, "mvx", "pm"),
            (report.coalescedNone, report.mouseMoves, "co0", "pm"),
            (report.coalescedMany, report.mouseMoves, "com", "pm"),
        ]
        for check in parts where check.part > check.whole {
            throw WireDecodingError(
                .outOfRange, offset: offset, field: "env.\(check.partName)",
                reason: "\(check.partName) (\(check.part)) must not exceed \(check.wholeName) (\(check.whole))")
        }
    }
}
