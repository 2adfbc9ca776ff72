import Foundation
import Testing

@testable import CadenceEngine

@Suite struct ExtraTreesDetectorTests {
    /// Genuine samples near (0, 0), impostors near (5, 5); a noise feature in between.
    private func separable(_ count: Int, offset: Double, seed: UInt64) -> [FeatureVector] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in [offset + rng.nextUnit(), offset + rng.nextUnit(), rng.nextUnit()] }
    }

    @Test func separatesSeparableClasses() throws {
        let detector = ExtraTreesDetector(configuration: .init(treeCount: 25, seed: 3))
        let model = try detector.trainEnsemble(
            genuine: separable(60, offset: 0, seed: 1), impostors: separable(200, offset: 5, seed: 2))
        for sample in separable(20, offset: 0, seed: 9) { #expect(model.score(sample) < 0.1) }
        for sample in separable(20, offset: 5, seed: 10) { #expect(model.score(sample) > 0.9) }
        #expect(model.trees.count == 25)
        // Only 60 of the 200 impostors are used (balanced classes), so leaves are pure and few.
        #expect(model.trees.allSatisfy { $0.depth >= 1 && $0.depth <= 24 })
    }

    @Test func isReproducibleFromItsSeedAndStorable() throws {
        let genuine = separable(40, offset: 0, seed: 1)
        let impostors = separable(40, offset: 0.5, seed: 2)
        let a = try ExtraTreesDetector(configuration: .init(treeCount: 10, seed: 7)).trainEnsemble(
            genuine: genuine, impostors: impostors)
        let b = try ExtraTreesDetector(configuration: .init(treeCount: 10, seed: 7)).trainEnsemble(
            genuine: genuine, impostors: impostors)
        let c = try ExtraTreesDetector(configuration: .init(treeCount: 10, seed: 8)).trainEnsemble(
            genuine: genuine, impostors: impostors)
        #expect(a == b)
        #expect(a != c)
        let decoded = try JSONDecoder().decode(TreeEnsembleModel.self, from: JSONEncoder().encode(a))
        for sample in genuine { #expect(decoded.score(sample) == a.score(sample)) }
    }

    @Test func packedScoringIsExactlyTheTreesOwn() throws {
        // Overlapping classes grow deep, uneven trees: every path shape is walked.
        let model = try ExtraTreesDetector(configuration: .init(treeCount: 40, seed: 5)).trainEnsemble(
            genuine: separable(300, offset: 0, seed: 1), impostors: separable(300, offset: 0.4, seed: 2))
        #expect(model.trees.contains { $0.depth >= 6 })
        var samples = separable(500, offset: 0.2, seed: 11)
        samples.append([.nan, 0.3, .infinity])
        for sample in samples {
            let clean = sample.map { $0.isFinite ? $0 : 0 }
            var sum = 0.0
            for tree in model.trees { sum += tree.impostorShare(clean) }
            #expect(model.score(sample) == sum / Double(model.trees.count))
        }
        // Trees replaced after training are scored as they are now.
        var edited = model
        edited.trees = Array(model.trees.prefix(3))
        let first = samples[0]
        #expect(edited.score(first) == model.trees.prefix(3).reduce(0) { $0 + $1.impostorShare(first) } / 3)
    }

    @Test func respectsDepthAndLeafSize() throws {
        let model = try ExtraTreesDetector(
            configuration: .init(treeCount: 5, maximumDepth: 2, minimumLeafSize: 10, seed: 1)
        ).trainEnsemble(genuine: separable(50, offset: 0, seed: 1), impostors: separable(50, offset: 0.3, seed: 2))
        #expect(model.trees.allSatisfy { $0.depth <= 2 })
    }

    @Test func rejectsUnusableInput() {
        let detector = ExtraTreesDetector()
        #expect(throws: DetectorError.self) { try detector.train(genuine: [], impostors: [[1]]) }
        #expect(throws: DetectorError.self) { try detector.train(genuine: [[1]], impostors: []) }
        #expect(throws: DetectorError.self) { try detector.train(genuine: [[1, 2]], impostors: [[1]]) }
    }

    @Test func handBuiltTreeRoutesSamples() {
        // x0 < 2 → leaf 0.25; else x1 < 1 → leaf 0.5, else leaf 1.
        let tree = DecisionTree(nodes: [
            .init(feature: 0, threshold: 2, left: 1, right: 2, value: 0),
            .init(feature: -1, threshold: 0, left: -1, right: -1, value: 0.25),
            .init(feature: 1, threshold: 1, left: 3, right: 4, value: 0),
            .init(feature: -1, threshold: 0, left: -1, right: -1, value: 0.5),
            .init(feature: -1, threshold: 0, left: -1, right: -1, value: 1),
        ])
        #expect(tree.impostorShare([1.9, 9]) == 0.25)
        #expect(tree.impostorShare([2, 0.5]) == 0.5)
        #expect(tree.impostorShare([2, 1]) == 1)
        #expect(tree.depth == 2)
        let model = TreeEnsembleModel(trees: [tree, tree], featureCount: 2)
        #expect(model.score([.nan, 5]) == 0.25)  // non-finite reads as 0
    }

    @Test func subsampleKeepsOrderAndCount() {
        var rng = SplitMix64(seed: 1)
        let picked = ExtraTreesDetector.subsample(Array(0..<100), to: 10, rng: &rng)
        #expect(picked.count == 10)
        #expect(picked == picked.sorted())
        #expect(Set(picked).count == 10)
        #expect(ExtraTreesDetector.subsample([1, 2], to: 5, rng: &rng) == [1, 2])
    }
}
