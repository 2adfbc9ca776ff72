import Foundation
import Testing

@testable import CadenceEngine

/// Known values of Cadence's own fixed-text detectors.
@Suite struct CadenceFixedTextDetectorTests {
    @Test func cappedZScoreBoundsEachFeature() throws {
        // Mean (2, 2), sd (√(2/3), √(8/3)). x = (5, 6): z = 3.67 → 3, and 4/√(8/3) = √6.
        let model = try CappedZScoreDetector().train(genuine: [[1, 2], [3, 2], [2, 4], [2, 0]], impostors: [])
        #expect(abs(model.score([5, 6]) - (3 + 6.0.squareRoot())) < 1e-12)
        #expect(model.score([2, 2]) == 0)
        #expect(model.score([1000, 1000]) == 6)  // both capped
    }

    @Test func populationLikelihoodRatioOfHandComputedExample() throws {
        // User 9, 11 → mean 10, sd √2. Population 10, 30 → mean 20, sd √200. log(√2/√200) = −ln 10.
        let detector = PopulationLikelihoodRatioDetector()
        let model = try detector.train(genuine: [[9], [11]], impostors: [[10], [30]])
        // x = 12: ½(2/√2)² − ½(8/√200)² − ln 10 = 1 − 0.16 − ln 10.
        #expect(abs(model.score([12]) - (1 - 0.16 - log(10.0))) < 1e-12)
        // x = 40: user z = 21.2 clipped to 3 → 4.5; population z = √2 → 1; 4.5 − 1 − ln 10.
        #expect(abs(model.score([40]) - (3.5 - log(10.0))) < 1e-12)
        // Typed like the population, far from the user: higher than typed like the user.
        #expect(model.score([20]) > model.score([10]))
    }

    @Test func populationLikelihoodRatioWithoutImpostorsIsHalfSquaredClippedZ() throws {
        let model = try PopulationLikelihoodRatioDetector().train(genuine: [[9], [11]], impostors: [])
        #expect(abs(model.score([12]) - 1) < 1e-12)
        #expect(abs(model.score([100]) - 4.5) < 1e-12)
    }

    @Test func populationLikelihoodRatioWithOneEnrolmentSampleUsesPopulationSpread() throws {
        // One sample: no user spread, so the population's (√200) scales the user term too.
        let model = try PopulationLikelihoodRatioDetector().train(genuine: [[10]], impostors: [[10], [30]])
        #expect(abs(model.score([10]) - (0 - 0.5 * 100 / 200.0 + 0)) < 1e-12)
    }
}
