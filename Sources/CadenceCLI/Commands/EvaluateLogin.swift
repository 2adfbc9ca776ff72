import ArgumentParser
import CadenceEngine
import Foundation

/// `cadence evaluate login`: the service's login-sample scorer on a fixed-text data set.
struct EvaluateLogin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Measure the service's login-sample scorer (LoginScorer) on a fixed-text data set.",
        discussion: """
            FILE is a fixed-text data set (CMU or press/release layout). The Killourhy & Maxion \
            protocol of `cadence evaluate keystroke`, scored through LoginScorer itself: per subject, \
            enrol on its first --train-reps samples (half when it has no more), test the rest as \
            genuine and the first --impostor-reps samples of every other subject as impostors. \
            Reports, per distance, the mean per-subject EER of the calibrated log-likelihood ratio \
            and of the raw distance, and the pooled EER, for the held-out subjects (--subjects even, \
            the default: even-numbered subjects; capped-z's cap was chosen on the odd ones) or all.
            """
    )

    @OptionGroup var dataSetOptions: FixedTextDataSetOptions

    @Option(help: "Genuine enrolment samples per subject (half a subject's samples when it has no more).")
    var trainReps = 200

    @Option(help: "Subjects reported: even (numeric ids), odd, or all.")
    var subjects = "even"

    @Flag(help: "Fit the capped-z calibration on the odd-numbered subjects and print it.")
    var fitCalibration = false

    var dataset: String { dataSetOptions.dataset }
    var impostorReps: Int { dataSetOptions.impostorReps }

    func validate() throws {
        guard ["even", "odd", "all"].contains(subjects) else { throw ValidationError("--subjects: even, odd or all") }
    }

    func run() async throws {
        let dataSet = try FixedTextDataSet.load(path: dataset)
        let configuration = KeystrokeEvaluation.Configuration(trainReps: trainReps, impostorReps: impostorReps)
        if fitCalibration {
            let odd: (String) -> Bool = { Int($0).map { $0 % 2 == 1 } ?? false }
            let fitted = LoginScorerEvaluation.fitCappedZCalibration(
                dataSet, configuration: configuration, include: odd)
            print("capped-z calibration on odd-numbered subjects: slope \(fitted.slope), intercept \(fitted.intercept)")
        }
        let parity = subjects
        let include: @Sendable (String) -> Bool = { subject in
            guard parity != "all" else { return true }
            guard let n = Int(subject) else { return false }
            return (n % 2 == 0) == (parity == "even")
        }
        var table = TextTable([
            "distance", "EER of LLR (mean ± sd)", "EER of raw distance", "pooled EER of LLR", "subjects",
        ])
        for distance in [LoginScorer.Distance.cappedZ, .scaledManhattan] {
            let r = LoginScorerEvaluation.run(
                dataSet, distance: distance, configuration: configuration, include: include)
            table.add([
                distance.rawValue,
                "\(Format.percent(r.equalErrorRate.mean)) ± \(Format.percent(r.equalErrorRate.standardDeviation))",
                Format.percent(r.rawEqualErrorRate.mean), Format.percent(r.pooledEqualErrorRate), "\(r.subjects.count)",
            ])
        }
        print(
            "\(dataset): \(dataSet.subjects.count) subjects, \(dataSet.samples.count) samples; \(subjects) subjects reported"
        )
        print(table.render())
    }
}
