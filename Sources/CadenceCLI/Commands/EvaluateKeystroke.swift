import ArgumentParser
import CadenceEngine
import Foundation

/// `cadence evaluate keystroke`: the Killourhy & Maxion 2009 fixed-text protocol.
struct EvaluateKeystroke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keystroke",
        abstract: "Evaluate fixed-text keystroke detectors with the Killourhy & Maxion protocol.",
        discussion: """
            FILE is in the CMU benchmark layout (subject,sessionIndex,rep,H.*,DD.*,UD.*; seconds) or \
            the raw press/release layout (user,press-0,release-0,…; milliseconds), told apart by its \
            header. Per subject: train on its first --train-reps samples (half of them when it has \
            no more), test the rest as genuine and the first --impostor-reps samples of every other \
            subject as impostors. EER per subject, mean and standard deviation per detector, ranked.
            Detectors: \(FixedTextDetectors.all.map(\.name).joined(separator: ", ")).
            """
    )

    @OptionGroup var dataSetOptions: FixedTextDataSetOptions

    @Option(help: "Genuine training samples per subject (half a subject's samples when it has no more).")
    var trainReps = 200

    @Option(name: .customLong("detector"), parsing: .upToNextOption, help: "Detectors to run (default: all).")
    var detectors: [String] = []

    @OptionGroup var output: EvaluationOutputOptions

    var dataset: String { dataSetOptions.dataset }
    var impostorReps: Int { dataSetOptions.impostorReps }

    func validate() throws {
        guard trainReps >= 1 else { throw ValidationError("--train-reps must be at least 1") }
        guard impostorReps >= 1 else { throw ValidationError("--impostor-reps must be at least 1") }
        for name in detectors where FixedTextDetectors.named(name) == nil {
            throw ValidationError(
                "unknown detector '\(name)'; known: \(FixedTextDetectors.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let dataSet = try FixedTextDataSet.load(path: dataset)
        if !dataSet.report.summary.isEmpty {
            FileHandle.standardError.write(Data("\(dataset): \(dataSet.report.summary)\n".utf8))
        }
        let chosen = detectors.isEmpty ? FixedTextDetectors.all : detectors.compactMap(FixedTextDetectors.named)
        let configuration = KeystrokeEvaluation.Configuration(trainReps: trainReps, impostorReps: impostorReps)
        let subjects = dataSet.subjects.count
        let bar = ProgressBar(label: "keystroke", total: subjects * chosen.count, enabled: !output.noProgress)
        let started = Date()
        let results: [KeystrokeEvaluation.DetectorResult]
        do {
            results = try KeystrokeEvaluation.run(dataSet, detectors: chosen, configuration: configuration) { _, _ in
                bar.advance()
            }
        } catch let error as DataSetError {
            bar.finish()
            throw DataSetError(path: dataset, reason: error.reason)
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)

        let table = Self.table(results)
        let trainCounts = Dictionary(grouping: dataSet.samples, by: \.subject).values.map {
            configuration.trainingCount(forSubjectWith: $0.count)
        }
        let trainRange =
            Set(trainCounts).count == 1 ? "\(trainCounts[0])" : "\(trainCounts.min()!)–\(trainCounts.max()!)"
        let header = """
            \(dataset): \(dataSet.layout == .cmu ? "CMU" : "press/release") layout, \(subjects) subjects, \
            \(dataSet.samples.count) samples, \(dataSet.featureNames.count) features
            protocol: train on the first \(trainRange) samples of each subject, test its other samples as genuine \
            and the first \(impostorReps) of every other subject as impostors; \(String(format: "%.1f", seconds)) s
            """
        print(header)
        print(table.render())

        try output.write(
            scoresCSV: { Self.scoresCSV(results) },
            json: {
                KeystrokeReport(
                    dataset: dataset, layout: dataSet.layout.rawValue, subjects: subjects,
                    samples: dataSet.samples.count, features: dataSet.featureNames, configuration: configuration,
                    skippedRows: dataSet.report.rowsSkipped,
                    detectors: results.map(KeystrokeReport.Detector.init))
            },
            report: {
                HTMLReport.detectorComparison(
                    title: "Fixed-text keystroke evaluation", description: [header],
                    tableHeading: "Detectors ranked by mean per-subject EER", table: table,
                    curvesNote:
                        "Curves pool every subject's scores per detector; the table's EERs are per subject, then averaged.",
                    curves: results.map { ($0.detector, $0.pooledCurve) })
            })
    }

    static func table(_ results: [KeystrokeEvaluation.DetectorResult]) -> TextTable {
        var table = TextTable(["detector", "mean EER", "sd", "FAR at EER threshold", "zero-FAR FRR"])
        for r in results {
            table.add([
                r.detector, Format.percent(r.equalErrorRate.mean), Format.percent(r.equalErrorRate.standardDeviation),
                Format.percent(r.farAtThreshold.mean), Format.percent(r.zeroFARRejectRate.mean),
            ])
        }
        return table
    }

    /// CSV with header exactly `detector,subject,sample_subject,rep,score`.
    static func scoresCSV(_ results: [KeystrokeEvaluation.DetectorResult]) -> String {
        var text = "detector,subject,sample_subject,rep,score\n"
        for r in results {
            for s in r.scores {
                text += "\(r.detector),\(s.subject),\(s.sampleSubject),\(s.rep),\(Format.score(s.score))\n"
            }
        }
        return text
    }
}

/// The `--json` document of `cadence evaluate keystroke`.
struct KeystrokeReport: Encodable {
    struct Detector: Encodable {
        var name: String
        var meanEER: Double
        var sdEER: Double
        var meanFARAtThreshold: Double
        var meanZeroFARRejectRate: Double
        var pooledAUC: Double
        var subjects: [KeystrokeEvaluation.SubjectResult]

        init(_ r: KeystrokeEvaluation.DetectorResult) {
            name = r.detector
            meanEER = r.equalErrorRate.mean
            sdEER = r.equalErrorRate.standardDeviation
            meanFARAtThreshold = r.farAtThreshold.mean
            meanZeroFARRejectRate = r.zeroFARRejectRate.mean
            pooledAUC = r.pooledCurve.auc
            subjects = r.subjects
        }
    }

    var dataset: String
    var layout: String
    var subjects: Int
    var samples: Int
    var features: [String]
    var configuration: KeystrokeEvaluation.Configuration
    var skippedRows: Int
    var detectors: [Detector]
}
