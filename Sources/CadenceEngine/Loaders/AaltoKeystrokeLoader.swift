import Foundation

/// Reads the Aalto "136M Keystrokes" free-text data set (Dhakal et al., CHI 2018).
///
/// Each `*_keystrokes.txt` file is tab-separated with the header
/// `PARTICIPANT_ID TEST_SECTION_ID SENTENCE USER_INPUT KEYSTROKE_ID PRESS_TIME RELEASE_TIME LETTER KEYCODE`,
/// one row per keystroke, times in epoch milliseconds. Every `TEST_SECTION_ID` (one typed sentence)
/// becomes one ``KeystrokeSequence`` of down and up ``KeyEvent``s, in the order the sections first
/// appear in the file. Typed text is read past, never kept.
///
/// A malformed row (wrong number of fields, e.g. a tab inside the typed text; a non-numeric time or
/// key code; a release before its press) is skipped and counted in the ``LoadReport`` with its file
/// and line.
public struct AaltoKeystrokeLoader: Sendable {
    public var keyIdentity: KeyIdentity

    public init(keyIdentity: KeyIdentity = .keyCode) {
        self.keyIdentity = keyIdentity
    }

    static let fieldCount = 9

    /// Loads every `*_keystrokes.txt` file of a folder, in sorted file-name order, in parallel.
    ///
    /// Participants without any usable sequence are left out.
    /// - Throws: ``DataSetError`` when the folder cannot be read or holds no keystroke file.
    public func loadDirectory(_ path: String) throws(DataSetError) -> (
        participants: [ParticipantSequences], report: LoadReport
    ) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataSetError(path: path, reason: "no such folder")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { $0.hasSuffix("_keystrokes.txt") }.sorted()
        } catch {
            throw DataSetError(path: path, reason: "cannot list the folder: \(error.localizedDescription)")
        }
        guard !names.isEmpty else {
            throw DataSetError(path: path, reason: "no *_keystrokes.txt files (Aalto keystroke layout expected)")
        }
        let directory = URL(fileURLWithPath: path)
        let loaded = ParallelMap.map(names.count) { index -> Result<(ParticipantSequences, LoadReport), DataSetError> in
            Result { () throws(DataSetError) in try load(file: directory.appendingPathComponent(names[index]).path) }
        }
        var participants: [ParticipantSequences] = []
        var report = LoadReport()
        for result in loaded {
            let (participant, fileReport) = try result.get()
            report.merge(fileReport)
            if !participant.sequences.isEmpty { participants.append(participant) }
        }
        return (participants, report)
    }

    /// Loads one file.
    /// - Throws: ``DataSetError`` when the file cannot be read.
    public func load(file path: String) throws(DataSetError) -> (ParticipantSequences, LoadReport) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataSetError(path: path, reason: "cannot read the file")
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        let fallbackSubject = name.hasSuffix("_keystrokes.txt") ? String(name.dropLast("_keystrokes.txt".count)) : name
        return data.withUnsafeBytes { raw in
            parse(raw.bindMemory(to: UInt8.self), file: path, fallbackSubject: fallbackSubject)
        }
    }

    /// Parses the bytes of one file; `file` names it in the report.
    public func parse(
        _ bytes: UnsafeBufferPointer<UInt8>,
        file: String,
        fallbackSubject: String
    ) -> (ParticipantSequences, LoadReport) {
        var report = LoadReport()
        var subject: String?
        var sectionOrder: [String] = []
        var sectionRows: [String: [Row]] = [:]
        var lineNumber = 0
        var lineStart = 0
        var fieldStarts = [Int](repeating: 0, count: Self.fieldCount + 1)
        let count = bytes.count
        while lineStart < count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            var end = lineEnd
            if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
            if end == lineStart { continue }  // blank line
            // Split on tabs, counting fields beyond the expected number too.
            var fields = 1
            fieldStarts[0] = lineStart
            for i in lineStart..<end where bytes[i] == 0x09 {
                if fields < fieldStarts.count { fieldStarts[fields] = i + 1 }
                fields += 1
            }
            func field(_ k: Int) -> Range<Int> {
                fieldStarts[k]..<(k + 1 < fields ? fieldStarts[k + 1] - 1 : end)
            }
            if lineNumber == 1 && Self.text(bytes, field(0)) == "PARTICIPANT_ID" { continue }
            guard fields == Self.fieldCount else {
                report.skip(
                    file: file, line: lineNumber,
                    reason: "expected \(Self.fieldCount) tab-separated fields, found \(fields)")
                continue
            }
            guard let press = Self.number(bytes, field(5)), let release = Self.number(bytes, field(6)) else {
                report.skip(file: file, line: lineNumber, reason: "PRESS_TIME or RELEASE_TIME is not a number")
                continue
            }
            guard let code = Self.number(bytes, field(8)), code >= 0, code < 65_536, code == code.rounded() else {
                report.skip(file: file, line: lineNumber, reason: "KEYCODE is not a key code")
                continue
            }
            guard release >= press else {
                report.skip(file: file, line: lineNumber, reason: "RELEASE_TIME is before PRESS_TIME")
                continue
            }
            let section = Self.text(bytes, field(1))
            guard !section.isEmpty else {
                report.skip(file: file, line: lineNumber, reason: "TEST_SECTION_ID is empty")
                continue
            }
            if subject == nil {
                let id = Self.text(bytes, field(0))
                subject = id.isEmpty ? nil : id
            }
            let key: UInt32 =
                switch keyIdentity {
                case .keyCode: UInt32(code)
                case .keyClass: KeyClass(browserKeyCode: Int(code)).rawValue
                }
            if sectionRows[section] == nil {
                sectionOrder.append(section)
                sectionRows[section] = []
            }
            sectionRows[section]!.append(Row(press: press, release: release, key: key))
            report.rowsRead += 1
        }
        let owner = subject ?? fallbackSubject
        let sequences = sectionOrder.map { section in
            KeystrokeSequence(subject: owner, id: section, events: Self.events(of: sectionRows[section]!))
        }
        return (ParticipantSequences(subject: owner, file: file, sequences: sequences), report)
    }

    private struct Row {
        var press: Double
        var release: Double
        var key: UInt32
    }

    /// Down and up events of the rows, ordered by time; ties keep row order, a press before its
    /// own release.
    private static func events(of rows: [Row]) -> [KeyEvent] {
        var events: [(order: Int, event: KeyEvent)] = []
        events.reserveCapacity(rows.count * 2)
        for (i, row) in rows.enumerated() {
            events.append((2 * i, KeyEvent(.down, timestamp: row.press, key: row.key)))
            events.append((2 * i + 1, KeyEvent(.up, timestamp: row.release, key: row.key)))
        }
        events.sort { a, b in
            a.event.timestamp != b.event.timestamp ? a.event.timestamp < b.event.timestamp : a.order < b.order
        }
        return events.map(\.event)
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A decimal number (optional sign, digits, optional fraction) or nil.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end && bytes[i] == 0x20 { i += 1 }
        var negative = false
        if i < end && (bytes[i] == 0x2D || bytes[i] == 0x2B) {
            negative = bytes[i] == 0x2D
            i += 1
        }
        var value = 0.0
        var digits = 0
        while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            value = value * 10 + Double(bytes[i] - 0x30)
            digits += 1
            i += 1
        }
        if i < end && bytes[i] == 0x2E {
            i += 1
            var scale = 0.1
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                value += Double(bytes[i] - 0x30) * scale
                scale /= 10
                digits += 1
                i += 1
            }
        }
        while i < end && bytes[i] == 0x20 { i += 1 }
        guard digits > 0, i == end else { return nil }
        return negative ? -value : value
    }
}
