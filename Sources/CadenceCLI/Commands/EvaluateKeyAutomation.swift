import ArgumentParser
import CadenceEngine
import Foundation

/// `cadence evaluate key-automation`: the live automation rules on people's typing (false flags)
/// and on the same key sequences with synthetic timing (detection).
struct EvaluateKeyAutomation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key-automation",
        abstract: "Evaluate the live key-timing automation rules on Aalto sentences and synthetic timing.",
        discussion: """
            Every sentence is one session judged by the shipped rules (constant holds, constant key-down \
            intervals, replayed timing), with the participant's earlier sentences' fingerprints known. \
            Families: people (as typed), constant (a naive script), iid-lognormal and markov (humanising \
            bots' timing on the same keys), replayed (the previous sentence sent again). Nothing is trained.
            """
    )

    @Option(help: "Folder of Aalto *_keystrokes.txt files.")
    var dataset: String

    @Option(help: "Seed of the synthetic timing.")
    var seed: UInt64 = 1

    @Option(help: "Write the rows as JSON to this file.")
    var json: String?

    func run() async throws {
        let loaded: (participants: [ParticipantSequences], report: LoadReport)
        do {
            loaded = try AaltoKeystrokeLoader().loadDirectory(dataset)
        } catch {
            throw ValidationError("\(error.path): \(error.reason)")
        }
        let rows = KeyAutomationEvaluation(seed: seed).run(loaded.participants)
        print("participants: \(loaded.participants.count)")
        var table = TextTable(["family", "sentences", "flagged", "share", "participants flagged", "reasons"])
        for row in rows {
            let reasons = row.reasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            table.add([
                row.family.rawValue, String(row.sentences), String(row.flagged), Format.percent(row.share),
                String(row.participantsFlagged), reasons,
            ])
        }
        print(table.render())
        if let json {
            struct Record: Encodable {
                var family: String
                var sentences: Int
                var flagged: Int
                var participantsFlagged: Int
                var reasons: [String: Int]
            }
            try OutputFile.writeJSON(
                rows.map {
                    Record(
                        family: $0.family.rawValue, sentences: $0.sentences, flagged: $0.flagged,
                        participantsFlagged: $0.participantsFlagged, reasons: $0.reasons)
                }, to: json)
        }
    }
}
