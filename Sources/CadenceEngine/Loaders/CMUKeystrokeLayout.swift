/// Reader of the CMU keystroke benchmark layout (Killourhy & Maxion 2009,
/// `DSL-StrongPasswordData.csv`).
///
/// Header `subject,sessionIndex,rep,` then timing columns named `H.*`, `DD.*` and `UD.*`; times
/// in seconds, converted here to milliseconds. `sessionIndex` and `rep` must be positive
/// integers; hold times must not be negative (up-down times may be, under rollover).
enum CMUKeystrokeLayout {
    static func parse(
        header: [String], rows: inout KeystrokeCSVLines, file: String
    ) throws(DataSetError) -> FixedTextDataSet {
        guard header.count > 3, header[1] == "sessionIndex", header[2] == "rep" else {
            throw DataSetError(path: file, reason: "line 1: expected 'subject,sessionIndex,rep,' then timing columns")
        }
        let featureNames = Array(header.dropFirst(3))
        for name in featureNames where !(name.hasPrefix("H.") || name.hasPrefix("DD.") || name.hasPrefix("UD.")) {
            throw DataSetError(path: file, reason: "line 1: column '\(name)' is not an H., DD. or UD. timing")
        }
        let isHold = featureNames.map { $0.hasPrefix("H.") }
        var report = LoadReport()
        var samples: [FixedTextSample] = []
        var repsSeen: [String: Int] = [:]
        rowLoop: while let row = rows.next() {
            guard row.fields.count == header.count else {
                report.skip(file: file, line: row.line, reason: "\(row.fields.count) fields, expected \(header.count)")
                continue
            }
            let subject = row.fields[0]
            guard !subject.isEmpty else {
                report.skip(file: file, line: row.line, reason: "empty subject")
                continue
            }
            guard let session = Int(row.fields[1]), session > 0, let rep = Int(row.fields[2]), rep > 0 else {
                report.skip(file: file, line: row.line, reason: "sessionIndex and rep must be positive integers")
                continue
            }
            var timing: FeatureVector = []
            timing.reserveCapacity(featureNames.count)
            for (i, field) in row.fields.dropFirst(3).enumerated() {
                guard let seconds = Double(field), seconds.isFinite else {
                    report.skip(file: file, line: row.line, reason: "\(featureNames[i]) '\(field)' is not a number")
                    continue rowLoop
                }
                if isHold[i] && seconds < 0 {
                    report.skip(file: file, line: row.line, reason: "\(featureNames[i]) is negative")
                    continue rowLoop
                }
                timing.append(seconds * 1000)
            }
            repsSeen[subject, default: 0] += 1
            samples.append(FixedTextSample(subject: subject, rep: repsSeen[subject]!, timing: timing, line: row.line))
            report.rowsRead += 1
        }
        return FixedTextDataSet(layout: .cmu, featureNames: featureNames, samples: samples, report: report)
    }
}
