import ArgumentParser
import CadenceEngine
import Foundation

/// Where `evaluate` subcommands write their results, and whether they draw a progress bar.
struct EvaluationOutputOptions: ParsableArguments {
    @Option(help: "Write per-sample scores as CSV to this file.")
    var scores: String?

    @Option(help: "Write machine-readable results as JSON to this file.")
    var json: String?

    @Option(help: "Write a self-contained HTML report (tables, ROC and DET curves) to this file.")
    var report: String?

    @OptionGroup var progress: ProgressOptions

    var noProgress: Bool { progress.noProgress }

    /// Writes the files asked for; each document is built only when its file is asked for, and
    /// `scoresCSV` may return nil when there are no scores to write.
    func write<Document: Encodable>(
        scoresCSV: () -> String?, json document: () -> Document, report html: () -> String
    ) throws {
        if let path = scores, let csv = scoresCSV() { try OutputFile.write(csv, to: path) }
        if let path = json { try OutputFile.writeJSON(document(), to: path) }
        if let path = report { try OutputFile.write(html(), to: path) }
    }
}

/// `--no-progress`.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "Do not draw a progress bar on standard error.")
    var noProgress = false
}

/// The fixed-text data set and impostor samples of `evaluate keystroke` and `evaluate login`.
struct FixedTextDataSetOptions: ParsableArguments {
    @Option(name: .customLong("dataset"), help: ArgumentHelp("Fixed-text data set CSV.", valueName: "FILE"))
    var dataset: String

    @Option(help: "Samples of every other subject tested as impostors.")
    var impostorReps = 5
}

/// The Aalto keystroke files and impostor draw of `evaluate freetext` and `evaluate keys-session`.
struct AaltoDataSetOptions: ParsableArguments {
    @Option(
        name: .customLong("dataset"), help: ArgumentHelp("Folder of Aalto *_keystrokes.txt files.", valueName: "DIR"))
    var dataset: String

    @Option(help: "Impostor participants per participant, drawn from its half (default: all of its half).")
    var impostors: Int?

    /// Every participant's typed sequences, keys as `identity`; a data set that cannot be read is a
    /// validation error naming the path.
    func load(identity: KeyIdentity) throws -> (participants: [ParticipantSequences], report: LoadReport) {
        do {
            return try AaltoKeystrokeLoader(keyIdentity: identity).loadDirectory(dataset)
        } catch {
            throw ValidationError("cannot read data set \(error.path): \(error.reason)")
        }
    }
}
