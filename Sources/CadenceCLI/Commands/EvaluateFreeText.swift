import ArgumentParser
import CadenceEngine
import Foundation

/// `cadence evaluate freetext`: free-text keystroke verification on Aalto keystroke files.
struct EvaluateFreeText: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freetext",
        abstract: "Evaluate free-text keystroke detectors on Aalto keystroke files.",
        discussion: """
            DIR holds Aalto *_keystrokes.txt files, one per participant; each typed sentence \
            (TEST_SECTION_ID) is one sequence. Participants are taken in sorted file order and split \
            into two halves. Per participant: enrol on its first --enrol sequences, test its remaining \
            sequences as genuine and one seeded-random sequence of each of --impostors other \
            participants of its own half (default: all of them) as impostors. EER per participant, \
            then mean and standard deviation. Detectors that learn a population-level combination \
            (combined, combined-tnorm) are trained on the other half only (2-fold over participants), \
            so no reported score comes from a model that saw its participants.
            Detectors: \(FreeTextDetectors.names.joined(separator: ", ")).
            """
    )

    @OptionGroup var dataSetOptions: AaltoDataSetOptions

    @Option(help: "Enrolment sequences per participant.")
    var enrol = 5

    @Option(help: "Seed of the random impostor draws and training samples.")
    var seed: UInt64 = 1

    @Flag(help: "Reduce keys to the coarse key classes the browser SDK sends (what the service sees).")
    var keyClasses = false

    @Option(
        name: .customLong("detector"), parsing: .upToNextOption,
        help: "Detectors to run (default: all); the first one's scores go to --scores.")
    var detectors: [String] = []

    @OptionGroup var output: EvaluationOutputOptions

    var dataset: String { dataSetOptions.dataset }
    var impostors: Int? { dataSetOptions.impostors }

    func validate() throws {
        guard enrol >= 1 else { throw ValidationError("--enrol must be at least 1") }
        if let impostors, impostors < 1 { throw ValidationError("--impostors must be at least 1") }
        for name in detectors where FreeTextDetectors.named(name, identity: .keyCode) == nil {
            throw ValidationError(
                "unknown detector '\(name)'; known: \(FreeTextDetectors.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let identity: KeyIdentity = keyClasses ? .keyClass : .keyCode
        let started = Date()
        let loaded = try dataSetOptions.load(identity: identity)
        if !loaded.report.summary.isEmpty {
            FileHandle.standardError.write(Data("\(dataset): \(loaded.report.summary)\n".utf8))
        }
        let participants = FreeTextEvaluation.participants(from: loaded.participants, identity: identity)
        let loadSeconds = Date().timeIntervalSince(started)
        let chosen =
            detectors.isEmpty
            ? FreeTextDetectors.all(identity: identity)
            : detectors.compactMap { FreeTextDetectors.named($0, identity: identity) }
        let options = FreeTextEvaluation.Options(enrolCount: enrol, impostors: impostors, seed: seed)
        let eligible = participants.filter { $0.samples.count > enrol }.count
        guard eligible >= 2 else {
            throw ValidationError("\(dataset): fewer than two participants have more than \(enrol) sequences")
        }
        let bar = ProgressBar(label: "freetext", total: eligible * chosen.count, enabled: !output.noProgress)
        var results: [FreeTextEvaluation.Result] = []
        for detector in chosen {
            results.append(
                FreeTextEvaluation.run(participants, detector: detector, options: options) { _, _ in bar.advance() })
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)

        let sequences = participants.reduce(0) { $0 + $1.samples.count }
        let firstHalf = (eligible + 1) / 2
        let impostorText = impostors.map { "\($0) random other participants" } ?? "every other participant"
        let header = """
            \(dataset): \(participants.count) participants, \(sequences) sequences, \
            \(loaded.report.rowsRead) keystrokes, keys as \(keyClasses ? "key classes (what the service sees)" : "key codes")
            protocol: enrol on the first \(enrol) sequences, test the rest as genuine and one sequence of \
            \(impostorText) of the same half as impostors; EER per participant, mean ± sd.
            halves: participants 1–\(firstHalf) (sorted file order; the half features and parameters were tuned on) \
            and \(firstHalf + 1)–\(eligible) (held out). Population-trained detectors are trained on the other \
            half (2-fold), never on the participants they score.
            load \(String(format: "%.1f", loadSeconds)) s, total \(String(format: "%.1f", seconds)) s
            """
        print(header)
        let table = Self.table(results)
        print(table.render())

        try output.write(
            scoresCSV: { results.first.map(Self.scoresCSV) },
            json: {
                FreeTextReport(
                    dataset: dataset, keyIdentity: identity.rawValue, participants: participants.count,
                    sequences: sequences, keystrokes: loaded.report.rowsRead, skippedRows: loaded.report.rowsSkipped,
                    enrol: enrol, impostors: impostors, seed: seed, tuningHalf: firstHalf,
                    detectors: results.map(FreeTextReport.Detector.init))
            },
            report: {
                HTMLReport.detectorComparison(
                    title: "Free-text keystroke evaluation",
                    description: header.split(separator: "\n").map(String.init),
                    tableHeading: "Detectors: mean per-participant EER", table: table,
                    curvesNote:
                        "Curves pool every participant's scores per detector; the table's EERs are per participant, then averaged.",
                    curves: results.map { ($0.detector, $0.pooledCurve) })
            })
    }

    static func table(_ results: [FreeTextEvaluation.Result]) -> TextTable {
        var table = TextTable([
            "detector", "mean EER", "sd", "tuning half", "held-out half", "participants", "genuine", "impostor",
        ])
        for r in results {
            let all = r.equalErrorRate()
            table.add([
                r.detector, Format.percent(all.mean), Format.percent(all.standardDeviation),
                Format.percent(r.equalErrorRate(half: 0).mean), Format.percent(r.equalErrorRate(half: 1).mean),
                "\(r.participants.count)", "\(r.participants.reduce(0) { $0 + $1.genuineCount })",
                "\(r.participants.reduce(0) { $0 + $1.impostorCount })",
            ])
        }
        return table
    }

    /// CSV with header exactly `subject,sample_subject,sequence,score`.
    static func scoresCSV(_ result: FreeTextEvaluation.Result) -> String {
        var text = "subject,sample_subject,sequence,score\n"
        for s in result.scores {
            text += "\(s.subject),\(s.sampleSubject),\(s.sequence),\(Format.score(s.score))\n"
        }
        return text
    }
}

/// The `--json` document of `cadence evaluate freetext`.
struct FreeTextReport: Encodable {
    struct Detector: Encodable {
        var name: String
        var meanEER: Double
        var sdEER: Double
        var meanEERTuningHalf: Double
        var meanEERHeldOutHalf: Double
        var pooledAUC: Double
        var participants: [FreeTextEvaluation.ParticipantResult]

        init(_ r: FreeTextEvaluation.Result) {
            name = r.detector
            meanEER = r.equalErrorRate().mean
            sdEER = r.equalErrorRate().standardDeviation
            meanEERTuningHalf = r.equalErrorRate(half: 0).mean
            meanEERHeldOutHalf = r.equalErrorRate(half: 1).mean
            pooledAUC = r.pooledCurve.auc
            participants = r.participants
        }
    }

    var dataset: String
    var keyIdentity: String
    var participants: Int
    var sequences: Int
    var keystrokes: Int
    var skippedRows: Int
    var enrol: Int
    var impostors: Int?
    var seed: UInt64
    /// Participants 1…tuningHalf (sorted file order) are the half parameters were chosen on.
    var tuningHalf: Int
    var detectors: [Detector]
}
