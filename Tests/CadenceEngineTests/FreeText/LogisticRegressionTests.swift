import Testing

@testable import CadenceEngine

@Suite struct LogisticRegressionTests {
    @Test func learnsWhichInputSeparatesTheClasses() {
        // Input 0 separates (positives high), input 1 is the same noise pattern in both classes.
        let noise = [0.3, -0.2, 0.5, -0.4, 0.1, -0.3, 0.2, -0.1]
        let positives = noise.enumerated().map { i, n in [2.0 + Double(i % 3) * 0.5, n] }
        let negatives = noise.enumerated().map { i, n in [Double(i % 3) * 0.5 + 1.2, n] }
        let model = LogisticRegression.fit(positives: positives, negatives: negatives, ridge: 0.1)
        #expect(model.weights[0] > 0)
        #expect(abs(model.weights[1]) < 0.1 * model.weights[0])
        #expect(model.logit([3, 0]) > 0)
        #expect(model.logit([0.5, 0]) < 0)
    }

    @Test func solvesALinearSystem() throws {
        // 2x + y = 5, x + 3y = 10 → x = 1, y = 3.
        let x = try #require(LogisticRegression.solve([[2, 1], [1, 3]], [5, 10]))
        #expect(abs(x[0] - 1) < 1e-12 && abs(x[1] - 3) < 1e-12)
    }
}
