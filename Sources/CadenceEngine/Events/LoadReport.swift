/// What a data-set loader skipped: malformed rows are counted, never fatal.
public struct LoadReport: Sendable, Hashable, Codable {
    /// One skipped row: where it was and why.
    public struct Problem: Sendable, Hashable, Codable, CustomStringConvertible {
        public var file: String
        /// 1-based line number in `file`.
        public var line: Int
        public var reason: String

        public init(file: String, line: Int, reason: String) {
            self.file = file
            self.line = line
            self.reason = reason
        }

        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// Rows read and kept.
    public var rowsRead = 0
    /// Rows skipped as malformed.
    public var rowsSkipped = 0
    /// The first few problems, at most ``maximumKept``.
    public private(set) var firstProblems: [Problem] = []

    public static let maximumKept = 5

    public init() {}

    public mutating func skip(file: String, line: Int, reason: String) {
        rowsSkipped += 1
        if firstProblems.count < Self.maximumKept {
            firstProblems.append(Problem(file: file, line: line, reason: reason))
        }
    }

    public mutating func merge(_ other: LoadReport) {
        rowsRead += other.rowsRead
        rowsSkipped += other.rowsSkipped
        for problem in other.firstProblems where firstProblems.count < Self.maximumKept {
            firstProblems.append(problem)
        }
    }

    /// A one-paragraph summary for a CLI, empty when nothing was skipped.
    public var summary: String {
        guard rowsSkipped > 0 else { return "" }
        var text = "skipped \(rowsSkipped) malformed row(s) of \(rowsRead + rowsSkipped)"
        for problem in firstProblems { text += "\n  \(problem)" }
        if rowsSkipped > firstProblems.count { text += "\n  …" }
        return text
    }
}

/// A data set could not be read at all (missing folder, unreadable file, no usable rows).
public struct DataSetError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
