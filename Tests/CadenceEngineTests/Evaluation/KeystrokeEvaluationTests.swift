import CadenceTestFixtures
import Foundation
import Testing

@testable import CadenceEngine

@Suite struct KeystrokeEvaluationTests {
    /// Three subjects, one feature, four reps each (CMU layout, seconds).
    static let csv = FixedTextFixtures.cmuCSV(subjects: 3)

    @Test func handComputedProtocolWithManhattan() throws {
        let data = try FixedTextDataSet.parse(Self.csv, file: "three.csv")
        let results = try KeystrokeEvaluation.run(
            data, detectors: [MeanTemplateDetector(.manhattan)], configuration: .init(trainReps: 2, impostorReps: 1))
        let r = try #require(results.first)
        // A: mean 11 ms; genuine 11 → 0, 13 → 2; impostors B₁ 14 → 3, C₁ 30 → 19: EER 0.
        // B: mean 15; genuine 15 → 0, 40 → 25; impostors A₁ 10 → 5, C₁ 30 → 15:
        //    at threshold 5 FAR 0, FRR ½; at 15 FAR ½, FRR ½ → EER ½.
        // C: mean 31; genuine 0, 0; impostors A₁ → 21, B₁ → 17: EER 0.
        #expect(r.subjects.map(\.subject) == ["A", "B", "C"])
        #expect(r.subjects.map(\.equalErrorRate) == [0, 0.5, 0])
        #expect(abs(r.equalErrorRate.mean - 1.0 / 6) < 1e-12)
        #expect(abs(r.equalErrorRate.standardDeviation - (1.0 / 12).squareRoot()) < 1e-12)
        #expect(r.scores.count == 12)
        let bScores = r.scores.filter { $0.subject == "B" }
        #expect(bScores.map(\.sampleSubject) == ["B", "B", "A", "C"])
        #expect(bScores.map(\.rep) == [3, 4, 1, 1])
        #expect(zip(bScores.map(\.score), [0.0, 25, 5, 15]).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func trainingCountIsHalfWhenSubjectHasFewReps() {
        let configuration = KeystrokeEvaluation.Configuration()
        #expect(configuration.trainingCount(forSubjectWith: 400) == 200)
        #expect(configuration.trainingCount(forSubjectWith: 8) == 4)
        #expect(configuration.trainingCount(forSubjectWith: 200) == 100)
    }

    @Test func rankedBestFirst() throws {
        let data = try FixedTextDataSet.parse(Self.csv, file: "three.csv")
        let results = try KeystrokeEvaluation.run(
            data, detectors: [MeanTemplateDetector(.euclidean), MeanTemplateDetector(.manhattan)],
            configuration: .init(trainReps: 2, impostorReps: 1))
        #expect(results.count == 2)
        #expect(results[0].equalErrorRate.mean <= results[1].equalErrorRate.mean)
    }

    @Test func keystrokeChallengeMeanEERsLandInBandAndBestBeatsScaledManhattan() throws {
        let data = try FixedTextDataSet.load(path: KeystrokeChallenge.path)
        // The fast detectors only, to keep the debug test suite quick; the Mahalanobis family and the
        // SVM have their own known-value tests.
        let names = [
            "scaled-manhattan", "manhattan", "outlier-count", "euclidean", "population-llr", "capped-z-manhattan",
        ]
        let results = try KeystrokeEvaluation.run(data, detectors: names.compactMap(FixedTextDetectors.named))
        let eer = Dictionary(uniqueKeysWithValues: results.map { ($0.detector, $0.equalErrorRate.mean) })
        // 110 subjects, 4 training samples of 37 features: K&M-family EERs land around 9–26 %.
        let scaled = try #require(eer["scaled-manhattan"])
        #expect(scaled > 0.10 && scaled < 0.20)
        #expect(try #require(eer["manhattan"]) > 0.12 && eer["manhattan"]! < 0.25)
        #expect(results.allSatisfy { $0.equalErrorRate.mean < 0.35 && $0.equalErrorRate.count == 110 })
        // Cadence's detectors (chosen on the odd-numbered half of the subjects) beat it on all.
        #expect(results[0].detector == "population-llr")
        #expect(results[0].equalErrorRate.mean > 0.02 && results[0].equalErrorRate.mean < 0.08)
        #expect(try #require(eer["capped-z-manhattan"]) < scaled)
        #expect(results[0].equalErrorRate.mean < scaled)
        // 4 genuine and 109 · 5 impostor tests per subject.
        #expect(results[0].subjects.allSatisfy { $0.genuineCount == 4 && $0.impostorCount == 545 })
    }

    @Test func cadenceDetectorsBeatScaledManhattanOnTheHeldOutHalf() throws {
        // The detectors were chosen on the odd-numbered users; the even-numbered ones were held out.
        var data = try FixedTextDataSet.load(path: KeystrokeChallenge.path)
        data.samples = data.samples.filter { Int($0.subject)! % 2 == 0 }
        let names = ["scaled-manhattan", "population-llr", "capped-z-manhattan"]
        let results = try KeystrokeEvaluation.run(data, detectors: names.compactMap(FixedTextDetectors.named))
        let eer = Dictionary(uniqueKeysWithValues: results.map { ($0.detector, $0.equalErrorRate.mean) })
        #expect(results.allSatisfy { $0.equalErrorRate.count == 55 })
        #expect(try #require(eer["population-llr"]) < eer["scaled-manhattan"]!)
        #expect(try #require(eer["capped-z-manhattan"]) < eer["scaled-manhattan"]!)
    }
}
