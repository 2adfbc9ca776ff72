import Foundation
import Testing

@testable import CadenceEngine

@Suite struct OneClassSVMDetectorTests {
    @Test func twoPointSolutionMatchesHandComputedDual() throws {
        // Training 0 and 2 standardise to ±1/√2 (mean 1, sd √2), so ‖x₁ − x₂‖² = 2 and, with
        // γ = 1/d = 1, K₁₂ = e⁻². With ν = 0.5, Σα = 1 and symmetry give α = (½, ½), both free, so
        // ρ = ½(1 + e⁻²). Score = ρ − ½(K(x₁, x) + K(x₂, x)).
        let model = try OneClassSVMDetector().train(genuine: [[0], [2]], impostors: [])
        let rho = 0.5 * (1 + exp(-2.0))
        #expect(abs(model.score([0])) < 1e-6)  // on the boundary
        #expect(abs(model.score([1]) - (rho - exp(-0.5))) < 1e-6)  // both at distance² ½
        #expect(abs(model.score([1000]) - rho) < 1e-6)  // far away: kernel terms vanish
    }

    @Test func farSamplesScoreHigherThanTrainingLikeOnes() throws {
        let genuine: [FeatureVector] = (0..<20).map { (i: Int) -> FeatureVector in
            let a: Double = 100 + Double(i % 5)
            let b: Double = 200 + Double(i % 7)
            let c: Double = 50 + Double(i % 3)
            return [a, b, c]
        }
        let model = try OneClassSVMDetector().train(genuine: genuine, impostors: [])
        #expect(model.score([102, 203, 51]) < model.score([150, 260, 90]))
    }
}
