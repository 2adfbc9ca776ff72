import Foundation

@testable import CadenceEngine

/// A small real slice of the Balabit data set copied into a temporary folder: the head of two
/// training sessions of every user (the impostor examples), and three legal plus three illegal
/// labelled test sessions of three users.
enum BalabitEvaluationSlice {
    static let source = "/work/shared/datasets/balabit"
    static let users = ["user7", "user9", "user12"]

    /// Builds the slice and returns its root; the caller removes it.
    static func make(trainingRows: Int = 5_000, testPerLabel: Int = 3) throws -> String {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("balabit-slice-\(UUID())").path
        let full = try BalabitDataSet(root: source)
        var labelRows = ["filename,is_illegal"]
        for user in full.users {
            try fm.createDirectory(atPath: "\(root)/training_files/\(user)", withIntermediateDirectories: true)
            for session in (full.trainingSessions[user] ?? []).prefix(2) {
                let text = try String(contentsOfFile: session.path, encoding: .utf8)
                let head = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(trainingRows)
                try head.joined(separator: "\n").write(
                    toFile: "\(root)/training_files/\(user)/\(session.session)", atomically: true, encoding: .utf8)
            }
        }
        for user in users {
            try fm.createDirectory(atPath: "\(root)/test_files/\(user)", withIntermediateDirectories: true)
            let tests = full.testSessions[user] ?? []
            let chosen =
                tests.filter { $0.isIllegal == false }.prefix(testPerLabel)
                + tests.filter { $0.isIllegal == true }.prefix(testPerLabel)
            for session in chosen {
                try fm.copyItem(atPath: session.path, toPath: "\(root)/test_files/\(user)/\(session.session)")
                labelRows.append("\(session.session),\(session.isIllegal == true ? 1 : 0)")
            }
        }
        try (labelRows.joined(separator: "\n") + "\n").write(
            toFile: "\(root)/public_labels.csv", atomically: true, encoding: .utf8)
        return root
    }
}
