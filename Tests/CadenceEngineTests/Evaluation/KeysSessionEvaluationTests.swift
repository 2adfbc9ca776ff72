import Foundation
import Testing

@testable import CadenceEngine

@Suite struct KeysSessionEvaluationTests {
    static let directory = "/work/shared/datasets/aalto-keystrokes/files"

    /// The last `count` participants in sorted file order: all in the held-out half (251–500) of
    /// the split the shipped window model was fitted on (1–250).
    static func heldOutSlice(_ count: Int, options: KeysSessionEvaluation.Options) throws
        -> [KeysSessionEvaluation.Participant]
    {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix("_keystrokes.txt") }.sorted().suffix(count)
        let loader = AaltoKeystrokeLoader(keyIdentity: .keyClass)
        let loaded = try names.map { try loader.load(file: "\(directory)/\($0)").0 }
        return KeysSessionEvaluation.participants(from: loaded, options: options)
    }

    /// The live pipeline on 40 held-out participants: the full held-out half measures 6.37%
    /// mean window EER (free-text windows) and 15.04% (interim aggregates); see
    /// `cadence evaluate keys-session`.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: directory)))
    func theLiveKeysPathSeparatesHeldOutParticipantsWindowByWindow() throws {
        let options = KeysSessionEvaluation.Options(enrolCount: 5, seed: 1)
        let participants = try Self.heldOutSlice(40, options: options)
        #expect(participants.count == 40)
        let windows = KeysSessionEvaluation.run(
            participants, name: "windows", configuration: .standard, options: options)
        let interim = KeysSessionEvaluation.run(
            participants, name: "interim", configuration: .interimKeys, options: options)
        #expect(windows.participants.count == 40)
        // Each participant faces the 19 others of its half, two sentences each: one or two windows.
        #expect(windows.participants.allSatisfy { $0.genuineWindows >= 5 && $0.impostorWindows >= 19 })
        let eer = MeanAndDeviation(windows.participants.map(\.equalErrorRate)).mean
        let interimEER = MeanAndDeviation(interim.participants.map(\.equalErrorRate)).mean
        // Measured on this slice: 4.86% and 12.45%. The bound is the held-out half's 6.37% plus
        // about two and a half standard errors of a 40-participant mean (sd 4.2 points).
        #expect(eer < 0.08)
        #expect(eer < interimEER - 0.04)
        // Calibrated: owner windows score owner-like and impostor windows impostor-like on average
        // (measured: -2.85 and +3.07).
        let genuine = windows.genuine.flatMap { $0 }
        let impostor = windows.impostor.flatMap { $0 }
        #expect(genuine.reduce(0, +) / Double(genuine.count) < -1)
        #expect(impostor.reduce(0, +) / Double(impostor.count) > 1)
    }
}
