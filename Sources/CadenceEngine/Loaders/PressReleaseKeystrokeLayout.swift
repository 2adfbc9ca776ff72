/// Reader of the raw press/release fixed-text layout (the keystroke-challenge set).
///
/// Header `user,press-0,release-0,…,press-(n−1),release-(n−1)`; each row holds the press and
/// release time of each of the n keys in text order, in milliseconds from the first press. Rows
/// become ``FixedTextTiming`` vectors (`3n − 2` values: H, DD, UD in CMU column order) with keys
/// named `k0`, `k1`, …. A release before its press is malformed.
enum PressReleaseKeystrokeLayout {
    static func parse(
        header: [String], rows: inout KeystrokeCSVLines, file: String
    ) throws(DataSetError) -> FixedTextDataSet {
        let keyCount = (header.count - 1) / 2
        guard keyCount >= 1, header.count == 2 * keyCount + 1 else {
            throw DataSetError(path: file, reason: "line 1: expected 'user' then press-i,release-i pairs")
        }
        for i in 0..<keyCount where header[1 + 2 * i] != "press-\(i)" || header[2 + 2 * i] != "release-\(i)" {
            throw DataSetError(
                path: file,
                reason: "line 1: columns \(2 + 2 * i) and \(3 + 2 * i) should be 'press-\(i),release-\(i)'")
        }
        let featureNames = FixedTextTiming.featureNames(keys: (0..<keyCount).map { "k\($0)" })
        let (samples, report) = FixedTextRows.read(
            &rows, columns: header.count, subjectColumn: "user", file: file
        ) { fields in
            var keystrokes: [Keystroke] = []
            keystrokes.reserveCapacity(keyCount)
            for i in 0..<keyCount {
                guard let press = Double(fields[1 + 2 * i]), press.isFinite,
                    let release = Double(fields[2 + 2 * i]), release.isFinite
                else {
                    return .skipped(reason: "press-\(i) or release-\(i) is not a number")
                }
                guard release >= press else {
                    return .skipped(reason: "release-\(i) is before press-\(i)")
                }
                keystrokes.append(Keystroke(press: press, release: release))
            }
            return .vector(FixedTextTiming(keystrokes: keystrokes).vector)
        }
        return FixedTextDataSet(layout: .pressRelease, featureNames: featureNames, samples: samples, report: report)
    }
}
