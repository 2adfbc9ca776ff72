import Testing

@testable import CadenceEngine

@Suite struct GunettiPicardiTests {
    @Test func relativeDistanceOfHandComputedOrderings() throws {
        // Ranks 0 1 2 3 4 against 4 1 2 3 0: disorder 4 + 4 = 8, maximum (5² − 1)/2 = 12.
        let pairs: [(Double, Double)] = [(10, 50), (20, 20), (30, 30), (40, 40), (50, 10)]
        #expect(abs(try #require(GunettiPicardi.relativeDistance(pairs)) - 8.0 / 12) < 1e-12)
        // Fully reversed, even N = 4: disorder 3 + 1 + 1 + 3 = 8 = 4²/2.
        let reversed: [(Double, Double)] = [(1, 4), (2, 3), (3, 2), (4, 1)]
        #expect(GunettiPicardi.relativeDistance(reversed) == 1)
        // Same order, different speeds: no disorder.
        #expect(GunettiPicardi.relativeDistance([(1, 100), (2, 200), (3, 300)]) == 0)
        #expect(GunettiPicardi.relativeDistance([(1, 1)]) == nil)
    }

    @Test func absoluteDistanceCountsDurationsWithinRatio() throws {
        // Similar: (20,20), (30,30), (40,40); not (10,50), (50,10).
        let pairs: [(Double, Double)] = [(10, 50), (20, 20), (30, 30), (40, 40), (50, 10)]
        #expect(abs(try #require(GunettiPicardi.absoluteDistance(pairs)) - 0.4) < 1e-12)
        // The ratio 1.25 itself is similar; just above it is not; non-positive never is.
        #expect(GunettiPicardi.absoluteDistance([(100, 125), (126, 100), (-5, -5), (0, 0)]) == 0.75)
        #expect(GunettiPicardi.absoluteDistance([]) == nil)
    }

    @Test func detectorScoresTheSameTypingBelowDifferentTyping() {
        func sample(_ scale: Double, _ order: [UInt32]) -> FreeTextSample {
            var t = 0.0
            let keystrokes = order.enumerated().map { i, key -> Keystroke in
                defer { t += scale * Double(100 + (Int(key) * 37 + i * 11) % 90) }
                return Keystroke(key: key, press: t, release: t + scale * Double(60 + Int(key) % 40))
            }
            return FreeTextSample(keystrokes: keystrokes, identity: .keyCode)
        }
        let text: [UInt32] = [84, 72, 69, 32, 81, 85, 73, 67, 75, 32, 66, 82, 79, 87, 78, 32, 70, 79, 88]
        let profile = FreeTextProfile(enrolment: [sample(1, text), sample(1, text)])
        let detector = GunettiPicardiDetector(identity: .keyCode)
        let same = detector.score(detector.probe(sample(1, text)), against: profile)
        let other = detector.score(detector.probe(sample(1.6, text.reversed())), against: profile)
        #expect(same == 0)
        #expect(other > same)
    }
}
