import Foundation
import Testing

@testable import CadenceEngine

/// Known values of the Killourhy & Maxion 2009 detectors on small hand-computed fixtures.
@Suite struct DistanceDetectorTests {
    // Mean (2, 2). Deviations: feature 1 (−1, 1, 0, 0), feature 2 (0, 0, 2, −2).
    // MAD (0.5, 1); sample variances (2/3, 8/3), covariance 0 → S⁻¹ = diag(1.5, 0.375).
    static let training: [FeatureVector] = [[1, 2], [3, 2], [2, 4], [2, 0]]
    static let test: FeatureVector = [5, 6]  // deviation (3, 4), ‖x‖² = 61, ‖ȳ‖² = 8

    func score(_ detector: some Detector, _ sample: FeatureVector = test) throws -> Double {
        try detector.train(genuine: Self.training, impostors: []).score(sample)
    }

    @Test func euclideanIsSquaredDistanceToMean() throws {
        #expect(try score(MeanTemplateDetector(.euclidean)) == 25)  // 3² + 4²
    }

    @Test func euclideanNormedDividesByProductOfNorms() throws {
        #expect(abs(try score(EuclideanNormedDetector()) - 25 / (61.0 * 8).squareRoot()) < 1e-12)
    }

    @Test func manhattanIsCityBlockDistanceToMean() throws {
        #expect(try score(MeanTemplateDetector(.manhattan)) == 7)
    }

    @Test func scaledManhattanDividesByMeanAbsoluteDeviation() throws {
        #expect(try score(ScaledManhattanDetector()) == 10)  // 3/0.5 + 4/1
    }

    @Test func manhattanFilteredDropsValuesBeyondThreeDeviations() throws {
        // Ten 10s and one 100: mean 200/11 ≈ 18.18, sd ≈ 27.14, so 100 lies 81.8 > 3·27.14 away
        // and is dropped; the filtered mean is 10, so 15 scores 5 (plain Manhattan: 15 − 18.18).
        let genuine = Array(repeating: [10.0], count: 10) + [[100.0]]
        let filtered = try ManhattanFilteredDetector().train(genuine: genuine, impostors: [])
        #expect(abs(filtered.score([15]) - 5) < 1e-12)
        let plain = try MeanTemplateDetector(.manhattan).train(genuine: genuine, impostors: [])
        #expect(abs(plain.score([15]) - (200.0 / 11 - 15)) < 1e-12)
    }

    @Test func mahalanobisUsesExactInverseWithEnoughSamples() throws {
        #expect(abs(try score(MahalanobisDetector()) - 19.5) < 1e-9)  // 9·1.5 + 16·0.375
    }

    @Test func mahalanobisWithCorrelatedFeatures() throws {
        // Rows (−1,−1), (1,1), (1,0), (−1,0), (0,0) around mean (0,0): Σx² = 4, Σy² = 2, Σxy = 2 → S = [[1, 0.5], [0.5, 0.5]] (divisor 4),
        // S⁻¹ = 1/(0.5 − 0.25) · [[0.5, −0.5], [−0.5, 1]] = [[2, −2], [−2, 4]].
        // x = (1, 2): 2·1 − 2·2·1·2 + 4·4 = 2 − 8 + 16 = 10.
        let genuine: [FeatureVector] = [[-1, -1], [1, 1], [1, 0], [-1, 0], [0, 0]]
        let model = try MahalanobisDetector().train(genuine: genuine, impostors: [])
        #expect(abs(model.score([1, 2]) - 10) < 1e-9)
    }

    @Test func mahalanobisNormedDividesByProductOfNorms() throws {
        #expect(abs(try score(MahalanobisNormedDetector()) - 19.5 / (61.0 * 8).squareRoot()) < 1e-9)
    }

    @Test func nearestNeighborMahalanobisTakesClosestTrainingVector() throws {
        // Deviations to (1,2), (3,2), (2,4), (2,0): (4,4) → 30, (2,4) → 12, (3,2) → 15, (3,6) → 27.
        #expect(abs(try score(NearestNeighborMahalanobisDetector()) - 12) < 1e-9)
    }

    @Test func outlierCountCountsFeaturesBeyondZLimit() throws {
        // sd = (√(2/3), √(8/3)) ≈ (0.816, 1.633).
        #expect(try score(OutlierCountDetector()) == 2)  // z = 3.67, 2.45
        #expect(try score(OutlierCountDetector(), [4, 2]) == 1)  // z = 2.45, 0
        #expect(try score(OutlierCountDetector(), [2.5, 1]) == 0)  // z = 0.61, 0.61
    }

    @Test func kMeansScoresDistanceToNearestCentroid() throws {
        let genuine: [FeatureVector] = [[0], [1], [10], [11], [20], [21]]
        let model = try KMeansDetector().train(genuine: genuine, impostors: [])
        // Centroids 0.5, 10.5, 20.5.
        #expect(abs(model.score([13]) - 2.5) < 1e-12)
        #expect(abs(model.score([-1]) - 1.5) < 1e-12)
    }

    @Test func mahalanobisStaysFiniteWithFewerSamplesThanFeatures() throws {
        // Three samples of five features: the sample covariance is singular.
        let genuine: [FeatureVector] = [[1, 2, 3, 4, 5], [2, 2, 4, 4, 6], [1, 3, 3, 5, 5]]
        let model = try MahalanobisDetector().train(genuine: genuine, impostors: [])
        let near = model.score([1.3, 2.3, 3.3, 4.3, 5.3])
        let far = model.score([9, 9, 9, 9, 9])
        #expect(near.isFinite && far.isFinite)
        #expect(far > near)
        #expect(model.score([4.0 / 3, 7.0 / 3, 10.0 / 3, 13.0 / 3, 16.0 / 3]) < 1e-9)  // the mean
    }

    @Test func trainingRejectsEmptyAndRaggedInput() {
        #expect(throws: DetectorError.self) { try MeanTemplateDetector(.manhattan).train(genuine: [], impostors: []) }
        #expect(throws: DetectorError.self) {
            try MeanTemplateDetector(.manhattan).train(genuine: [[1, 2], [1]], impostors: [])
        }
        #expect(throws: DetectorError.self) {
            try MeanTemplateDetector(.manhattan).train(genuine: [[1, .nan]], impostors: [])
        }
    }

    @Test func namesAreKebabCase() {
        let names = FixedTextDetectors.all.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" })
        }
    }
}
