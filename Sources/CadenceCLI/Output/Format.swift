import Foundation

/// Number formatting shared by the tables, CSV and reports.
enum Format {
    /// A rate in [0, 1] as a percentage with two decimals, e.g. `4.27%`.
    static func percent(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2f%%", value * 100) : "n/a"
    }

    /// A figure with `digits` decimals, `n/a` when not finite.
    static func fixed(_ value: Double, _ digits: Int = 4) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "n/a"
    }

    /// A score for CSV: full precision, `nan` kept readable.
    static func score(_ value: Double) -> String {
        value.isFinite ? String(format: "%.9g", value) : "nan"
    }
}
