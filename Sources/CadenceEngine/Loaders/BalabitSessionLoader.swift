import Foundation

/// One Balabit session file read into pointer events.
public struct BalabitSession: Sendable {
    /// Events in file order; timestamps in milliseconds (the file's client timestamps).
    public var events: [PointerEvent]
    /// Rows kept and skipped.
    public var report: LoadReport
    /// The unit the file's timestamps were read in (never `.auto`).
    public var timestampUnit: TimestampUnit

    public init(events: [PointerEvent], report: LoadReport, timestampUnit: TimestampUnit) {
        self.events = events
        self.report = report
        self.timestampUnit = timestampUnit
    }
}

/// Reads Balabit Mouse Dynamics Challenge session files (Fülöp et al. 2016).
///
/// Layout: `record timestamp,client timestamp,button,state,x,y`, timestamps in seconds. Also
/// accepted: the same columns without `record timestamp` (five fields), timestamps in
/// milliseconds (from the header, `timestampUnit`, or guessed; see ``TimestampUnit``), a missing
/// header, CRLF line ends. The client timestamp is used. Buttons `NoButton`, `Left`, `Right`,
/// `Middle`, `Scroll`; states `Move`, `Pressed`, `Released`, `Drag`, `Down`, `Up`. A malformed row
/// (wrong field count, a non-numeric number, an unknown button or state, a coordinate beyond
/// ±``maximumCoordinate`` such as the 65535 sentinel some sessions hold) is skipped and counted
/// in the ``LoadReport``; loading never traps on content.
public struct BalabitSessionLoader: Sendable {
    /// Unit of the timestamp column; `.auto` decides per file.
    public var timestampUnit: TimestampUnit
    /// Largest plausible absolute coordinate, in pixels.
    public var maximumCoordinate: Double

    public init(timestampUnit: TimestampUnit = .auto, maximumCoordinate: Double = 32_767) {
        self.timestampUnit = timestampUnit
        self.maximumCoordinate = maximumCoordinate
    }

    /// Reads the file at `path`.
    ///
    /// - Throws: ``DataSetError`` when the file cannot be read at all.
    public func load(path: String) throws(DataSetError) -> BalabitSession {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataSetError(path: path, reason: "cannot read the session file")
        }
        return parse(data, file: path)
    }

    /// Parses a session file's bytes; `file` names it in the report.
    public func parse(_ data: Data, file: String) -> BalabitSession {
        data.withUnsafeBytes { raw in
            parse(raw.bindMemory(to: UInt8.self), file: file)
        }
    }

    /// Column positions of one file.
    private struct Columns {
        var count: Int
        var time: Int
        var button: Int
        var state: Int
        var x: Int
        var y: Int
        var headerSaysMilliseconds = false

        static let sixFields = Columns(count: 6, time: 1, button: 2, state: 3, x: 4, y: 5)
        static let fiveFields = Columns(count: 5, time: 0, button: 1, state: 2, x: 3, y: 4)
    }

    private struct Row {
        var time: Double
        var kind: PointerEvent.Kind
        var button: PointerEvent.Button
        var x: Double
        var y: Double
    }

    /// Parses raw bytes (UTF-8 / ASCII).
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> BalabitSession {
        var report = LoadReport()
        var rows: [Row] = []
        rows.reserveCapacity(bytes.count / 40)
        var columns: Columns?
        var fieldEnds = [Int](repeating: 0, count: 8)
        var lineNumber = 0
        var lineStart = 0
        let n = bytes.count
        while lineStart < n {
            var lineEnd = lineStart
            while lineEnd < n, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd + 1
            var end = lineEnd
            if end > lineStart, bytes[end - 1] == 0x0D { end -= 1 }
            lineNumber += 1
            defer { lineStart = next }
            if end == lineStart { continue }  // blank line
            // Split into at most 8 fields; more means a wrong field count.
            var fieldCount = 0
            var i = lineStart
            while i < end {
                if bytes[i] == UInt8(ascii: ",") {
                    if fieldCount < 7 { fieldEnds[fieldCount] = i }
                    fieldCount += 1
                }
                i += 1
            }
            if fieldCount < 7 { fieldEnds[fieldCount] = end }
            fieldCount += 1
            func field(_ k: Int) -> (Int, Int) {
                (k == 0 ? lineStart : fieldEnds[k - 1] + 1, fieldEnds[k])
            }
            if columns == nil {
                let (s0, e0) = field(0)
                if ASCIINumber.parse(bytes, s0, e0) == nil, fieldCount <= 8 {
                    columns = Self.columns(fromHeader: bytes, lineStart, end)
                    if columns == nil {
                        report.skip(file: file, line: lineNumber, reason: "unrecognised header")
                        columns = .sixFields
                    }
                    continue
                }
                columns = fieldCount == 5 ? .fiveFields : .sixFields
            }
            guard let cols = columns else { continue }
            guard fieldCount == cols.count else {
                report.skip(
                    file: file, line: lineNumber, reason: "expected \(cols.count) fields, found \(fieldCount)")
                continue
            }
            let (ts, te) = field(cols.time)
            guard let time = ASCIINumber.parse(bytes, ts, te), time.isFinite else {
                report.skip(file: file, line: lineNumber, reason: "timestamp is not a number")
                continue
            }
            let (xs, xe) = field(cols.x)
            let (ys, ye) = field(cols.y)
            guard let x = ASCIINumber.parse(bytes, xs, xe), let y = ASCIINumber.parse(bytes, ys, ye) else {
                report.skip(file: file, line: lineNumber, reason: "coordinate is not a number")
                continue
            }
            guard abs(x) <= maximumCoordinate, abs(y) <= maximumCoordinate else {
                report.skip(file: file, line: lineNumber, reason: "coordinate out of range (\(x), \(y))")
                continue
            }
            let (bs, be) = field(cols.button)
            let (ss, se) = field(cols.state)
            guard let (kind, button) = Self.event(bytes, bs, be, ss, se) else {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[bs..<se]), as: UTF8.self)
                report.skip(file: file, line: lineNumber, reason: "unknown button or state '\(text.prefix(40))'")
                continue
            }
            rows.append(Row(time: time, kind: kind, button: button, x: x, y: y))
        }
        report.rowsRead = rows.count
        var unit = timestampUnit
        if unit == .auto {
            unit = columns?.headerSaysMilliseconds == true ? .milliseconds : TimestampUnit.guess(from: rows.map(\.time))
        }
        let scale = unit.millisecondsPerUnit ?? 1000
        var events: [PointerEvent] = []
        events.reserveCapacity(rows.count)
        var held: PointerEvent.Button = .none
        for row in rows {
            var button = row.button
            switch row.kind {
            case .down: held = row.button
            case .up: held = .none
            case .drag: button = held == .none ? .left : held
            case .move, .wheel: break
            }
            events.append(PointerEvent(row.kind, timestamp: row.time * scale, x: row.x, y: row.y, button: button))
        }
        return BalabitSession(events: events, report: report, timestampUnit: unit)
    }

    /// The event kind and button of a `button,state` pair, nil when unknown.
    private static func event(
        _ b: UnsafeBufferPointer<UInt8>, _ bs: Int, _ be: Int, _ ss: Int, _ se: Int
    ) -> (PointerEvent.Kind, PointerEvent.Button)? {
        let button: PointerEvent.Button
        var scroll = false
        if ASCIINumber.equals(b, bs, be, "NoButton") {
            button = .none
        } else if ASCIINumber.equals(b, bs, be, "Left") {
            button = .left
        } else if ASCIINumber.equals(b, bs, be, "Right") {
            button = .right
        } else if ASCIINumber.equals(b, bs, be, "Middle") {
            button = .middle
        } else if ASCIINumber.equals(b, bs, be, "Scroll") {
            button = .none
            scroll = true
        } else {
            return nil
        }
        if ASCIINumber.equals(b, ss, se, "Move") {
            return scroll ? nil : (.move, button)
        } else if ASCIINumber.equals(b, ss, se, "Drag") {
            return scroll ? nil : (.drag, button)
        } else if ASCIINumber.equals(b, ss, se, "Pressed") {
            return scroll || button == .none ? nil : (.down, button)
        } else if ASCIINumber.equals(b, ss, se, "Released") {
            return scroll || button == .none ? nil : (.up, button)
        } else if ASCIINumber.equals(b, ss, se, "Down") || ASCIINumber.equals(b, ss, se, "Up") {
            return scroll ? (.wheel, .none) : nil
        }
        return nil
    }

    /// Column positions from a header line, nil when it names no timestamp or coordinates.
    private static func columns(fromHeader b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Columns? {
        let header = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")).lowercased()
        }
        func index(_ predicate: (String) -> Bool) -> Int? { names.firstIndex(where: predicate) }
        let time =
            index { $0.hasPrefix("client") }
            ?? names.lastIndex(where: { $0.contains("time") })
        guard let time, let x = index({ $0 == "x" }), let y = index({ $0 == "y" }),
            let button = index({ $0 == "button" }), let state = index({ $0 == "state" })
        else { return nil }
        var columns = Columns(count: names.count, time: time, button: button, state: state, x: x, y: y)
        let timeName = names[time]
        columns.headerSaysMilliseconds =
            timeName.contains("(ms)") || timeName.hasSuffix(" ms") || timeName.hasSuffix("_ms")
            || timeName.contains("milli")
        return columns
    }
}
