import Foundation

/// Lines of a simple comma-separated file (no quoted fields), with 1-based line numbers.
///
/// Blank lines are skipped; fields are trimmed of spaces and a trailing carriage return.
struct KeystrokeCSVLines: IteratorProtocol, Sequence {
    struct Row {
        var line: Int
        var fields: [String]
    }

    private var lines: [Substring]
    private var index = 0

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    mutating func next() -> Row? {
        while index < lines.count {
            let raw = lines[index]
            index += 1
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return Row(line: index, fields: fields)
        }
        return nil
    }
}
