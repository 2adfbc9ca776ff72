import GRDB

/// A stored value that is none of its column's known cases: the row was written by a newer
/// version of Cadence or changed by hand. Reading it fails rather than guessing a case.
struct UnknownStoredCase: Error, CustomStringConvertible {
    var column: String
    var value: String

    var description: String { "column \(column) holds \"\(value)\", which this version does not know" }
}

extension Row {
    /// The column's text as a case of `T`; ``UnknownStoredCase`` for any other text.
    func storedCase<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T where T.RawValue == String {
        let text: String = self[column]
        guard let value = T(rawValue: text) else { throw UnknownStoredCase(column: column, value: text) }
        return value
    }

    /// The column's text as a case of `T`, or nil when the column is NULL.
    func storedCaseIfPresent<T: RawRepresentable>(_ type: T.Type, _ column: String) throws -> T?
    where T.RawValue == String {
        let text: String? = self[column]
        return try text.map { text in
            guard let value = T(rawValue: text) else { throw UnknownStoredCase(column: column, value: text) }
            return value
        }
    }
}
