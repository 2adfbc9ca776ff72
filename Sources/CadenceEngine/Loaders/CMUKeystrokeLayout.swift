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
        let (samples, report) = FixedTextRows.read(
            &rows, columns: header.count, subjectColumn: "subject", file: file
        ) { fields in
            guard let session = Int(fields[1]), session > 0, let rep = Int(fields[2]), rep > 0 else {
                return .skipped(reason: "sessionIndex and rep must be positive integers")
            }
            var timing: FeatureVector = []
            timing.reserveCapacity(featureNames.count)
            for (i, field) in fields.dropFirst(3).enumerated() {
                guard let seconds = Double(field), seconds.isFinite else {
                    return .skipped(reason: "\(featureNames[i]) '\(field)' is not a number")
                }
                if isHold[i] && seconds < 0 {
                    return .skipped(reason: "\(featureNames[i]) is negative")
                }
                timing.append(seconds * 1000)
            }
            return .vector(timing)
        }
        return FixedTextDataSet(layout: .cmu, featureNames: featureNames, samples: samples, report: report)
    }
}
