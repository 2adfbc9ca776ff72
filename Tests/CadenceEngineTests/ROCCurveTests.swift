import Testing

@testable import CadenceEngine

@Suite struct ROCCurveTests {
    @Test func perfectSeparationHasAUCOneAndEERZero() {
        let roc = ROCCurve(genuine: [0.1, 0.2, 0.3], impostor: [0.7, 0.8, 0.9])
        #expect(roc.auc == 1)
        #expect(roc.equalErrorRate.rate == 0)
    }

    @Test func aucCountsTiesAsHalf() {
        // Pairs (g, i): (1,1) tie = 0.5, (1,2) win, (3,1) loss, (3,2) loss → 1.5 / 4.
        let roc = ROCCurve(genuine: [1, 3], impostor: [1, 2])
        #expect(roc.auc == 0.375)
    }

    @Test func equalErrorRateOfHandComputedExample() {
        // Genuine 1,2,3,4 and impostor 3,5,6,7. At threshold 4: FRR = 1/4 (4), FAR = 1/4 (3).
        let roc = ROCCurve(genuine: [1, 2, 3, 4], impostor: [3, 5, 6, 7])
        let eer = roc.equalErrorRate
        #expect(abs(eer.rate - 0.25) < 1e-12)
        #expect(eer.threshold == 4)
        let r = roc.rates(at: 4)
        #expect(r.far == 0.25 && r.frr == 0.25)
        let r2 = roc.rates(at: 4.5)  // between observed scores: same as at 5
        #expect(r2.far == 0.25 && r2.frr == 0)
    }

    @Test func interpolatesWhereRatesCross() {
        // Threshold 1.5: FAR 0, FRR 1/2. Threshold 2: FAR 1, FRR 1/2. Crossing halfway: 0.5.
        let roc = ROCCurve(genuine: [1, 2], impostor: [1.5])
        #expect(abs(roc.equalErrorRate.rate - 0.5) < 1e-12)
        // Overlapping lists: the interpolated EER lies between the best min and max of FAR, FRR.
        let genuine = (0..<10).map(Double.init)
        let impostor = (5..<15).map(Double.init)
        let curve = ROCCurve(genuine: genuine, impostor: impostor)
        let best = curve.points.map { max($0.far, $0.frr) }.min()!
        let eer = curve.equalErrorRate.rate
        #expect(eer <= best)
        #expect(eer >= curve.points.map { min($0.far, $0.frr) }.max()! - 1e-12)
    }

    @Test func detPointsAreFiniteAtTheEdges() {
        let roc = ROCCurve(genuine: [0, 1], impostor: [2, 3])
        #expect(roc.detPoints.allSatisfy { $0.farDeviate.isFinite && $0.frrDeviate.isFinite })
    }

    @Test func probitInvertsTheNormalCDF() {
        for p in [0.001, 0.02, 0.3, 0.5, 0.9, 0.999] {
            #expect(abs(Probit.normalCDF(Probit.inverseNormal(p)) - p) < 1e-8)
        }
        #expect(abs(Probit.inverseNormal(0.975) - 1.959964) < 1e-5)
    }
}
