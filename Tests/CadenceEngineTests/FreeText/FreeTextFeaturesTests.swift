import Testing

@testable import CadenceEngine

@Suite struct FreeTextFeaturesTests {
    /// h i Backspace, a 1300 ms pause, then i h (key codes).
    static let keystrokes = [
        Keystroke(key: 72, press: 0, release: 100),
        Keystroke(key: 73, press: 150, release: 220),
        Keystroke(key: 8, press: 200, release: 260),
        Keystroke(key: 73, press: 1_500, release: 1_580),
        Keystroke(key: 72, press: 1_700, release: 1_790),
    ]

    static let features = FreeTextFeatures(keystrokes: keystrokes, correctionKeys: KeyIdentity.keyCode.correctionKeys)

    @Test func perKeyHoldStatistics() {
        let hold = Self.features.hold
        #expect(hold.ids == [8, 72, 73])
        #expect(hold[72]?.mean == 95)
        #expect(hold[72]?.count == 2)
        #expect(abs((hold[72]?.standardDeviation ?? 0) - 50.0.squareRoot()) < 1e-12)
        #expect(hold[73]?.mean == 75)
        #expect(hold[8]?.mean == 60)
        #expect(hold[65] == nil)
    }

    @Test func digraphLatenciesSkipPauses() {
        let f = Self.features
        #expect(f.downDown[TimingTable.digraphID(72, 73)]?.mean == 150)
        #expect(f.downDown[TimingTable.digraphID(73, 8)]?.mean == 50)
        #expect(f.downDown[TimingTable.digraphID(73, 72)]?.mean == 200)
        #expect(f.downDown[TimingTable.digraphID(8, 73)] == nil)  // the pause
        #expect(f.upDown[TimingTable.digraphID(72, 73)]?.mean == 50)
        #expect(f.upDown[TimingTable.digraphID(73, 8)]?.mean == -20)
        #expect(f.upDown[TimingTable.digraphID(73, 72)]?.mean == 120)
        #expect(f.trigraph.ids == [TimingTable.trigraphID(72, 73, 8)])
        #expect(f.trigraph.statistics[0].mean == 200)
    }

    @Test func globalRhythmFigures() {
        let f = Self.features
        #expect(f.keystrokeCount == 5)
        #expect(f.typingSpeed == 7.5)  // 3 digraphs in 400 ms
        #expect(f.correctionRate == 0.2)
        #expect(f.pauseRate == 0.25)
        #expect(f.meanPause == 1_300)
        #expect(abs(f.rolloverRate - 1.0 / 3) < 1e-12)
        #expect(f.medianHold == 80)
        #expect(f.medianDownDown == 150)
    }

    @Test func emptyWindowHasZeroFigures() {
        let f = FreeTextFeatures(keystrokes: [], correctionKeys: [])
        #expect(f.keystrokeCount == 0 && f.typingSpeed == 0 && f.medianHold == 0 && f.hold.count == 0)
    }

    @Test func statisticsMergeLikeOnePass() {
        let merged = TimingStatistics([1, 2, 3]).merged(with: TimingStatistics([4, 5]))
        #expect(merged.count == 5)
        #expect(merged.mean == 3)
        #expect(abs(merged.standardDeviation - 2.5.squareRoot()) < 1e-12)
        let a = TimingTable(observations: [(1, 10), (3, 30)])
        let b = TimingTable(observations: [(2, 20), (3, 50)])
        let table = a.merged(with: b)
        #expect(table.ids == [1, 2, 3])
        #expect(table[3]?.mean == 40)
        var shared: [(Double, Double)] = []
        a.forEachShared(with: b) { shared.append(($0.mean, $1.mean)) }
        #expect(shared.count == 1 && shared[0] == (30, 50))
    }

    @Test func keyClassSampleFallsBackToClasses() {
        let sample = FreeTextSample(keystrokes: Self.keystrokes, identity: .keyCode)
        // h and i are both letters: holds 100, 70, 80 and 90.
        let letter = UInt64(KeyClass.letter.rawValue)
        #expect(sample.classes.hold[letter]?.mean == 85)
        #expect(sample.classes.correctionRate == 0.2)
    }
}
