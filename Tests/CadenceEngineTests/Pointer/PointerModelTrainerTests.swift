import Foundation
import Testing

@testable import CadenceEngine

@Suite struct PointerModelTrainerTests {
    private func sessions(_ count: Int, actions: Int, offset: Double, seed: UInt64) -> [[FeatureVector]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<actions).map { _ in [offset + rng.nextUnit() * 2, rng.nextUnit(), offset + rng.nextUnit() * 2] }
        }
    }

    @Test func calibratedRatiosFavourTheRightSide() throws {
        let trainer = PointerModelTrainer(
            configuration: .init(trees: .init(treeCount: 30, seed: 4), calibrationFolds: 3, blockSize: 10))
        let (model, heldOut) = try trainer.trainReturningHeldOut(
            genuine: sessions(3, actions: 40, offset: 0, seed: 1),
            impostors: sessions(6, actions: 40, offset: 1, seed: 2))
        #expect(heldOut.genuine.count == 120)
        #expect(heldOut.impostor.count == 240)
        #expect(model.model.trees.count == 30)
        #expect(model.trainingCounts == [120, 240])
        #expect(model.calibration.slope > 0)
        let genuineActions = sessions(1, actions: 50, offset: 0, seed: 7)[0]
        let impostorActions = sessions(1, actions: 50, offset: 1, seed: 8)[0]
        #expect(PointerModel.meanLogLikelihoodRatio(genuineActions.map(model.actionLogLikelihoodRatio)) < 0)
        #expect(PointerModel.meanLogLikelihoodRatio(impostorActions.map(model.actionLogLikelihoodRatio)) > 0)
        #expect(PointerModel.meanLogLikelihoodRatio([]) == 0)
        // Z-norm: the held-out genuine logits have mean μ and deviation σ; new genuine sessions sit
        // near 0, impostor sessions many deviations above.
        let logits = heldOut.genuine
        let mean = logits.reduce(0, +) / Double(logits.count)
        #expect(abs(model.genuineLogitMean - mean) < 1e-9)
        #expect(model.genuineLogitDeviation > 0)
        #expect(abs(model.sessionScore(actionLogits: [mean + 2 * model.genuineLogitDeviation]) - 2) < 1e-9)
        #expect(abs(model.sessionScore(genuineActions)) < 1)
        #expect(model.sessionScore(impostorActions) > 2)
        #expect(model.sessionScore([]) == 0)
        let decoded = try JSONDecoder().decode(PointerModel.self, from: JSONEncoder().encode(model))
        #expect(
            decoded.actionLogLikelihoodRatio([0.5, 0.5, 0.5]) == model.actionLogLikelihoodRatio([0.5, 0.5, 0.5]))
    }

    @Test func worksWithASingleSessionPerSide() throws {
        let model = try PointerModelTrainer(configuration: .init(trees: .init(treeCount: 9))).train(
            genuine: sessions(1, actions: 30, offset: 0, seed: 1),
            impostors: sessions(1, actions: 30, offset: 3, seed: 2))
        #expect(model.model.trees.count == 9)
        #expect(model.actionLogLikelihoodRatio([0.5, 0.5, 0.5]) < model.actionLogLikelihoodRatio([3.5, 0.5, 3.5]))
    }

    @Test func logitStaysFinite() {
        #expect(abs(PointerModel.logit(0.5)) < 1e-12)
        #expect(abs(PointerModel.logit(0) - log(0.01 / 1.01)) < 1e-12)
        #expect(PointerModel.logit(1).isFinite)
    }
}
