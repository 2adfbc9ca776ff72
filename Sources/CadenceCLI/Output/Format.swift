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

extension Format {
    /// Bytes in the binary unit that keeps 1–3 integer digits: `512 B`, `6.3 KiB`, `1.20 GiB`.
    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: value < 10 ? "%.2f" : "%.1f", value) + " " + units[unit]
    }

    /// Seconds, with one decimal.
    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    /// Seconds as milliseconds, one decimal.
    static func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
}
