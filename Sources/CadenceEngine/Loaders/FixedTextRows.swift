/// The row loop both fixed-text layouts share: checks each row's field count and subject, numbers
/// each subject's samples in file order, and records every skipped row with its line.
///
/// A layout supplies only how a row's fields become a timing vector (milliseconds), or why they
/// do not (``CMUKeystrokeLayout``, ``PressReleaseKeystrokeLayout``).
enum FixedTextRows {
    /// What a layout made of one row's fields.
    enum Timing {
        case vector(FeatureVector)
        /// The row is malformed; `reason` goes into the ``LoadReport``.
        case skipped(reason: String)
    }

    /// Reads every row after the header.
    ///
    /// - Parameters:
    ///   - columns: the header's column count; a row with another count is skipped.
    ///   - subjectColumn: the name of the first column, for the empty-subject reason.
    ///   - timing: a row's fields (the subject first) to its timing vector.
    static func read(
        _ rows: inout KeystrokeCSVLines, columns: Int, subjectColumn: String, file: String,
        timing: ([String]) -> Timing
    ) -> (samples: [FixedTextSample], report: LoadReport) {
        var report = LoadReport()
        var samples: [FixedTextSample] = []
        var repsSeen: [String: Int] = [:]
        while let row = rows.next() {
            guard row.fields.count == columns else {
                report.skip(file: file, line: row.line, reason: "\(row.fields.count) fields, expected \(columns)")
                continue
            }
            let subject = row.fields[0]
            guard !subject.isEmpty else {
                report.skip(file: file, line: row.line, reason: "empty \(subjectColumn)")
                continue
            }
            switch timing(row.fields) {
            case .skipped(let reason):
                report.skip(file: file, line: row.line, reason: reason)
            case .vector(let vector):
                repsSeen[subject, default: 0] += 1
                samples.append(
                    FixedTextSample(subject: subject, rep: repsSeen[subject]!, timing: vector, line: row.line))
                report.rowsRead += 1
            }
        }
        return (samples, report)
    }
}
