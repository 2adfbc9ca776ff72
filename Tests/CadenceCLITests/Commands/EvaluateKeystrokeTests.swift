import CadenceEngine
import CadenceTestFixtures
import Testing

@testable import CadenceCLI

@Suite struct EvaluateKeystrokeTests {
    /// Two subjects, one feature, four reps each (CMU layout, seconds).
    static let csv = FixedTextFixtures.cmuCSV(subjects: 2)

    @Test func scoresCSVHasTheExactHeaderAndOneRowPerTest() throws {
        let data = try FixedTextDataSet.parse(Self.csv, file: "two.csv")
        let results = try KeystrokeEvaluation.run(
            data, detectors: [ScaledManhattanDetector()], configuration: .init(trainReps: 2, impostorReps: 1))
        let lines = EvaluateKeystroke.scoresCSV(results).split(separator: "\n")
        #expect(lines.first == "detector,subject,sample_subject,rep,score")
        // Per subject: 2 genuine + 1 impostor.
        #expect(lines.count == 1 + 6)
        #expect(lines[1].hasPrefix("scaled-manhattan,A,A,3,"))
        #expect(lines[3].hasPrefix("scaled-manhattan,A,B,1,"))
    }

    @Test func tableListsDetectorsBestFirst() throws {
        let data = try FixedTextDataSet.parse(Self.csv, file: "two.csv")
        let results = try KeystrokeEvaluation.run(
            data, detectors: [MeanTemplateDetector(.manhattan), MeanTemplateDetector(.euclidean)],
            configuration: .init(trainReps: 2, impostorReps: 1))
        let table = EvaluateKeystroke.table(results)
        #expect(table.headers.first == "detector")
        #expect(table.rows.count == 2)
        #expect(table.rows.map { $0[0] } == results.map(\.detector))
    }
}
