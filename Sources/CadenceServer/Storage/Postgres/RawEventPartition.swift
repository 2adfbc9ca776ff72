import Foundation

/// One day's partition of `batch_payload`: the raw events and collected samples of the batches
/// received that day (UTC), in a table of its own, `batch_payload_<yyyymmdd>`.
///
/// The range is `[start, end)` in seconds since 1970, what `received_at` holds; retention drops
/// a partition whose `end` is at or before every tenant's cutoff.
struct RawEventPartition: Sendable, Hashable {
    /// Days since 1970-01-01 (UTC).
    var day: Int

    static let namePrefix = "batch_payload_"

    /// The partition holding what is received at `date`.
    init(containing date: Date) {
        day = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    init(day: Int) {
        self.day = day
    }

    /// The partition a table name stands for; nil for any other name (the default partition).
    init?(name: String) {
        guard name.hasPrefix(Self.namePrefix) else { return nil }
        let digits = name.dropFirst(Self.namePrefix.count)
        guard digits.count == 8, digits.allSatisfy(\.isASCII), let number = Int(digits) else { return nil }
        let components = DateComponents(year: number / 10_000, month: number / 100 % 100, day: number % 100)
        guard let date = Self.calendar.date(from: components) else { return nil }
        self.init(containing: date)
        // A day the calendar moved (20250231 is 3 March) is not a name this type gives.
        guard self.name == name else { return nil }
    }

    /// The table's name: digits only after the prefix, so it may be written into SQL as it is.
    var name: String {
        let date = Self.calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: start))
        return Self.namePrefix + String(format: "%04d%02d%02d", date.year ?? 0, date.month ?? 0, date.day ?? 0)
    }

    /// The first second of the day, since 1970.
    var start: Double { Double(day) * 86_400 }

    /// The first second of the next day, since 1970: the range's end, excluded.
    var end: Double { Double(day + 1) * 86_400 }

    var next: RawEventPartition { RawEventPartition(day: day + 1) }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()
}
