import ArgumentParser
import CadenceEngine
import Foundation

/// `cadence evaluate realism`: does a population model of human pointer movement catch
/// humanising bots, leaving each generator family out in turn, without flagging people?
struct EvaluateRealism: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "realism",
        abstract: "Evaluate the behavioural-realism model (human pointer movement vs generator families).",
        discussion: """
            Users are split into two halves (alternately in user order), each in turn the training half. \
            For each generator family (bezier, minimum-jerk, wind-mouse, retimed-human, noisy-line) a model \
            is trained on the training half's strokes against the other families and tested on freshly \
            generated sessions of the held-out one; half of every family's sessions take their timing from \
            real inter-event intervals. The session threshold comes from the training half's held-back \
            sessions only. False flags: the report half's training sessions and every legal labelled test \
            session (public_labels.csv is_illegal=0).
            """
    )

    @Option(help: "Folder in the Balabit layout (training_files/, test_files/, public_labels.csv).")
    var dataset: String

    @Option(help: "Unit of the session files' timestamps: seconds, milliseconds or auto.")
    var timeUnit: TimestampUnit = .auto

    @Option(help: "Seed for every random choice (generators, tree growth, subsampling).")
    var seed: UInt64 = 1

    @Option(help: "Generated sessions per family to train on, per fold.")
    var trainingSessions: Int = 60

    @Option(help: "Generated sessions of the held-out family to test, per fold.")
    var testSessions: Int = 40

    @Option(help: "Movements per generated session.")
    var movements: Int = 40

    @Option(help: "Added to the highest running mean of the held-back human sessions to give the session threshold.")
    var margin: Double = 0.08

    @Option(help: "Scored strokes a session needs before it is judged.")
    var minStrokes: Int = 8

    @Option(
        help: ArgumentHelp(
            "A folder of attack sessions in the Balabit layout (CSV), from generators the models never saw.",
            discussion: "Each is judged by both folds' all-families models (e.g. scripts/bot-sessions)."))
    var attack: String?

    @Option(help: "Write the results as JSON to this file.")
    var json: String?

    @OptionGroup var progress: ProgressOptions

    func run() async throws {
        let dataSet: BalabitDataSet
        do {
            dataSet = try BalabitDataSet(root: dataset)
        } catch {
            throw ValidationError("cannot use --dataset \(error)")
        }
        var configuration = RealismEvaluation.Configuration()
        configuration.timestampUnit = timeUnit
        configuration.seed = seed
        configuration.trainer.trees.seed = seed
        configuration.trainingSessionsPerFamily = trainingSessions
        configuration.testSessionsPerFamily = testSessions
        configuration.movementsPerSession = movements
        configuration.trainer.margin = margin
        configuration.trainer.minimumStrokes = minStrokes
        if let attack {
            guard let found = FileManager.default.enumerator(atPath: attack) else {
                throw ValidationError("cannot read --attack \(attack)")
            }
            configuration.attackSessions = found.compactMap { $0 as? String }.filter { $0.hasSuffix(".csv") }.sorted()
                .map { (attack as NSString).appendingPathComponent($0) }
            guard !configuration.attackSessions.isEmpty else { throw ValidationError("no .csv session in --attack \(attack)") }
        }
        let start = Date()
        let result = try RealismEvaluation.run(dataSet: dataSet, configuration: configuration)
        print(RealismEvaluationSummary(result: result).text(elapsed: Date().timeIntervalSince(start)))
        if !result.attack.isEmpty { print(RealismEvaluationSummary.attackText(result.attack, root: attack ?? "")) }
        if let json { try OutputFile.writeJSON(result, to: json) }
    }
}

/// The tables `evaluate realism` prints.
struct RealismEvaluationSummary {
    var result: RealismEvaluation.Result

    func text(elapsed: Double) -> String {
        var lines: [String] = []
        lines.append("Behavioural realism, leave one generator family out (2 folds of users)")
        lines.append(
            "training users: " + result.trainingUsers.map { $0.joined(separator: " ") }.joined(separator: " | "))
        lines.append(
            pad("held-out family", 16) + pad("detected", 12) + pad("browser t.", 11) + pad("human t.", 11)
                + pad("strokes", 8) + pad("seconds", 8) + pad("threshold", 12) + pad("people flagged", 15)
                + "legal test flagged")
        for f in result.families {
            lines.append(
                pad(f.family, 16) + pad("\(f.detected)/\(f.sessions) \(percent(f.detectionRate))", 12)
                    + pad("\(f.browserTimingDetected)/\(f.browserTimingSessions)", 11)
                    + pad("\(f.humanTimingDetected)/\(f.humanTimingSessions)", 11)
                    + pad(f.medianStrokesToDetection.map { format($0, 0) } ?? "-", 8)
                    + pad(f.medianSecondsToDetection.map { format($0, 1) } ?? "-", 8)
                    + pad(f.thresholds.map { format($0, 2) }.joined(separator: ","), 12)
                    + pad("\(f.humanFlagged)/\(f.humanSessions)", 15) + "\(f.legalTestFlagged)/\(f.legalTestSessions)")
        }
        lines.append("")
        lines.append("All families trained (in-distribution, fresh seeds): detected")
        lines.append(result.allFamilies.map { "\($0.family) \($0.detected)/\($0.sessions)" }.joined(separator: ", "))
        lines.append("")
        lines.append("False flags per report user, model trained on all families")
        lines.append(
            pad("user", 8) + pad("fold", 6) + pad("threshold", 11) + pad("training flagged", 18)
                + pad("legal test flagged", 20) + pad("highest mean", 14) + "mean stroke score")
        for u in result.users {
            lines.append(
                pad(u.user, 8) + pad("\(u.fold)", 6) + pad(format(u.threshold, 3), 11)
                    + pad("\(u.trainingFlagged)/\(u.trainingSessions)", 18)
                    + pad("\(u.legalTestFlagged)/\(u.legalTestSessions)", 20) + pad(format(u.highestMean, 3), 14)
                    + format(u.meanStrokeScore, 3))
        }
        for f in result.families where !f.legalTestFlaggedSessions.isEmpty {
            lines.append(
                "legal test sessions flagged holding out \(f.family): "
                    + f.legalTestFlaggedSessions.joined(separator: ", "))
        }
        lines.append("")
        lines.append(
            "Balabit legal test sessions flagged by any model: \(result.legalTestFlaggedByAny) of "
                + "\(result.legalTestSessionsTotal)")
        lines.append("elapsed: \(format(elapsed, 1)) s")
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    private func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    private func format(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}

extension RealismEvaluationSummary {
    /// The attack sessions per folder (one folder per generator family), as both folds judged them.
    static func attackText(_ rows: [RealismEvaluation.AttackRow], root: String) -> String {
        var groups: [String: [RealismEvaluation.AttackRow]] = [:]
        for row in rows {
            let relative = row.session.hasPrefix(root) ? String(row.session.dropFirst(root.count)) : row.session
            let group = (relative as NSString).deletingLastPathComponent.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            groups[group.isEmpty ? "." : group, default: []].append(row)
        }
        var lines = ["attack sessions (models trained on all five families, both folds):", ""]
        lines.append("group                 judged   flagged   median strokes   median seconds")
        for (group, list) in groups.sorted(by: { $0.key < $1.key }) {
            let flagged = list.filter(\.flagged)
            func median(_ xs: [Double]) -> String {
                guard !xs.isEmpty else { return "-" }
                let sorted = xs.sorted()
                return String(format: "%.1f", sorted[sorted.count / 2])
            }
            lines.append(
                group.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + String(format: "%8d   %4d (%3.0f%%)", list.count, flagged.count,
                        100 * Double(flagged.count) / Double(max(list.count, 1)))
                    + "   " + median(flagged.compactMap { $0.flaggedAfterStrokes.map(Double.init) }).padding(
                        toLength: 14, withPad: " ", startingAt: 0)
                    + "   " + median(flagged.compactMap(\.flaggedAfterSeconds)))
        }
        return lines.joined(separator: "\n")
    }
}
