import Foundation
import Testing

@testable import CadenceEngine

@Suite struct FreeTextEvaluationTests {
    static let directory = "/work/shared/datasets/aalto-keystrokes/files"

    /// The first `count` participants in sorted file order, read in place (read-only).
    static func slice(_ count: Int, identity: KeyIdentity) throws -> [FreeTextEvaluation.Participant] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix("_keystrokes.txt") }.sorted().prefix(count)
        let loader = AaltoKeystrokeLoader(keyIdentity: identity)
        let loaded = try names.map { try loader.load(file: "\(directory)/\($0)").0 }
        return FreeTextEvaluation.participants(from: loaded, identity: identity)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: directory)))
    func combinedDetectorLandsInASaneBandOnARealSlice() throws {
        let participants = try Self.slice(24, identity: .keyCode)
        #expect(participants.count == 24)
        #expect(participants.allSatisfy { $0.samples.count == 15 })
        let options = FreeTextEvaluation.Options(enrolCount: 5, seed: 1)
        let combined = FreeTextEvaluation.run(
            participants, detector: CombinedFreeTextDetector(identity: .keyCode), options: options)
        let gp = FreeTextEvaluation.run(
            participants, detector: GunettiPicardiDetector(identity: .keyCode), options: options)
        // 24 participants, 10 genuine tests each, 11 impostors each (the rest of their half).
        #expect(combined.participants.count == 24)
        #expect(combined.participants.allSatisfy { $0.genuineCount == 10 && $0.impostorCount == 11 })
        #expect(combined.scores.count == 24 * 21)
        let combinedEER = combined.equalErrorRate().mean
        let gpEER = gp.equalErrorRate().mean
        // Far better than chance (50%); the full 500 give about 4.4% and 21%.
        #expect(combinedEER < 0.2)
        #expect(gpEER < 0.35)
        #expect(combinedEER < gpEER)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: directory)))
    func populationTrainingNeverSeesTheScoredHalf() throws {
        let participants = try Self.slice(8, identity: .keyClass)
        let result = FreeTextEvaluation.run(
            participants, detector: CombinedFreeTextDetector(identity: .keyClass), options: .init(impostors: 2, seed: 3)
        )
        let halves = Dictionary(grouping: result.participants, by: \.half).mapValues { Set($0.map(\.subject)) }
        #expect(halves[0]?.count == 4 && halves[1]?.count == 4)
        // Impostors come from the participant's own half only.
        let halfOf = Dictionary(uniqueKeysWithValues: result.participants.map { ($0.subject, $0.half) })
        #expect(result.scores.allSatisfy { halfOf[$0.subject] == halfOf[$0.sampleSubject] })
        #expect(result.participants.allSatisfy { $0.impostorCount == 2 })
    }
}
