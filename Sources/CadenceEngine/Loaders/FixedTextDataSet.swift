import Foundation

/// A fixed-text keystroke data set: every subject typing the same text several times.
///
/// All times are milliseconds, whatever the file used (the CMU layout's seconds are converted).
public struct FixedTextDataSet: Sendable, Hashable, Codable {
    /// The file layouts ``FixedTextDataSet`` reads, told apart by their header.
    public enum Layout: String, Sendable, Hashable, Codable {
        /// Killourhy & Maxion 2009 `DSL-StrongPasswordData.csv`:
        /// `subject,sessionIndex,rep,H.*,DD.*,UD.*`, times in seconds.
        case cmu
        /// `user,press-0,release-0,…`: press and release of each key in milliseconds from the
        /// first press (the keystroke-challenge set).
        case pressRelease
    }

    public var layout: Layout
    /// Names of the timing columns, e.g. `H.period`, `DD.period.t`, `UD.period.t`.
    public var featureNames: [String]
    /// Samples in file order.
    public var samples: [FixedTextSample]
    /// Rows read and rows skipped as malformed.
    public var report: LoadReport

    public init(layout: Layout, featureNames: [String], samples: [FixedTextSample], report: LoadReport) {
        self.layout = layout
        self.featureNames = featureNames
        self.samples = samples
        self.report = report
    }

    /// Subjects in order of first appearance.
    public var subjects: [String] {
        var seen = Set<String>()
        return samples.compactMap { seen.insert($0.subject).inserted ? $0.subject : nil }
    }

    /// Reads a CMU-layout or press/release-layout CSV file, detecting the layout from its header.
    ///
    /// Malformed rows are skipped and counted in ``report``; the load fails only when the file
    /// cannot be read, its header is neither layout, or no row is usable.
    public static func load(path: String) throws(DataSetError) -> FixedTextDataSet {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DataSetError(path: path, reason: "cannot read file: \(error.localizedDescription)")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses CSV text in either layout; `file` names it in problems and errors.
    public static func parse(_ text: String, file: String) throws(DataSetError) -> FixedTextDataSet {
        var lines = KeystrokeCSVLines(text)
        guard let header = lines.next() else {
            throw DataSetError(path: file, reason: "empty file, expected a CMU or press/release header")
        }
        let dataSet: FixedTextDataSet
        if header.fields.first == "subject" {
            dataSet = try CMUKeystrokeLayout.parse(header: header.fields, rows: &lines, file: file)
        } else if header.fields.first == "user" {
            dataSet = try PressReleaseKeystrokeLayout.parse(header: header.fields, rows: &lines, file: file)
        } else {
            throw DataSetError(
                path: file,
                reason: "line 1: header starts with '\(header.fields.first ?? "")', "
                    + "expected 'subject,sessionIndex,rep,H.…' (CMU) or 'user,press-0,release-0,…'")
        }
        guard !dataSet.samples.isEmpty else {
            throw DataSetError(
                path: file,
                reason: "no usable rows\(dataSet.report.summary.isEmpty ? "" : "; " + dataSet.report.summary)")
        }
        return dataSet
    }
}
