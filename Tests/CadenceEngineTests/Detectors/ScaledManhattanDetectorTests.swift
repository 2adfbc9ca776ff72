import Testing

@testable import CadenceEngine

/// Scaled Manhattan must be exactly Killourhy & Maxion 2009's definition: mean vector, mean
/// absolute deviation from the mean with divisor n, score Σ |xⱼ − ȳⱼ| / aⱼ.
@Suite struct ScaledManhattanDetectorTests {
    // Four training reps of subject s002 and one test rep, in the CMU layout (seconds).
    // DD = H + UD holds on every row, as in real data.
    static let csv = """
        subject,sessionIndex,rep,H.a,DD.a.b,UD.a.b,H.b
        s002,1,1,0.1000,0.3000,0.2000,0.0800
        s002,1,2,0.1200,0.2000,0.0800,0.1000
        s002,1,3,0.0800,0.2500,0.1700,0.1200
        s002,1,4,0.1000,0.2500,0.1500,0.1000
        s002,1,5,0.1300,0.2000,0.0700,0.0900
        """

    @Test func matchesKillourhyMaxionOnHandComputedFixture() throws {
        let data = try FixedTextDataSet.parse(Self.csv, file: "fixture.csv")
        let training = data.samples.prefix(4).map(\.timing)
        let test = data.samples[4].timing
        // In ms, per feature over the four training reps:
        //   H.a     100 120  80 100 → mean 100, |dev| 0 20 20 0  → MAD 40/4  = 10
        //   DD.a.b  300 200 250 250 → mean 250, |dev| 50 50 0 0  → MAD 100/4 = 25
        //   UD.a.b  200  80 170 150 → mean 150, |dev| 50 70 20 0 → MAD 140/4 = 35
        //   H.b      80 100 120 100 → mean 100, |dev| 20 0 20 0  → MAD 40/4  = 10
        // Test rep (130, 200, 70, 90):
        //   |130−100|/10 + |200−250|/25 + |70−150|/35 + |90−100|/10 = 3 + 2 + 16/7 + 1 = 58/7.
        // (Scaling by the standard deviation, n − 1, would give 30/16.33 + … ≈ 6.37 instead.)
        let model = try ScaledManhattanDetector().train(genuine: training, impostors: [])
        #expect(abs(model.score(test) - 58.0 / 7.0) < 1e-9)
        // A training rep: |100−100|/10 + |300−250|/25 + |200−150|/35 + |80−100|/10 = 0 + 2 + 10/7 + 2.
        #expect(abs(model.score(training[0]) - (4 + 10.0 / 7.0)) < 1e-9)
        // The mean vector itself scores 0.
        #expect(abs(model.score([100, 250, 150, 100])) < 1e-9)
    }

    @Test func featureThatNeverVariedUsesSmallestPositiveScale() throws {
        // Feature 1 is constant (MAD 0); feature 2 has MAD 1 → feature 1 is scaled by 1.
        let model = try ScaledManhattanDetector().train(genuine: [[5, 1], [5, 3]], impostors: [])
        #expect(model.score([7, 2]) == 2)
        #expect(model.score([5, 4]) == 2)
    }
}
