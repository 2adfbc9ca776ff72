import Testing

@testable import CadenceEngine

@Suite struct FixedTextTimingTests {
    @Test func overlappingKeysArePairedFirstInFirstOut() {
        // a↓0 b↓50 a↑80 b↑120 c↓200 c↑260, given out of order.
        let events = [
            KeyEvent(.up, timestamp: 80, key: 1), KeyEvent(.down, timestamp: 0, key: 1),
            KeyEvent(.down, timestamp: 50, key: 2), KeyEvent(.up, timestamp: 120, key: 2),
            KeyEvent(.down, timestamp: 200, key: 3), KeyEvent(.up, timestamp: 260, key: 3),
        ]
        let timing = FixedTextTiming(events: events)
        // H 80, DD 50, UD −30, H 70, DD 150, UD 80, H 60.
        #expect(timing.vector == [80, 50, -30, 70, 150, 80, 60])
        #expect(timing.keystrokes.map(\.key) == [1, 2, 3])
    }

    @Test func indistinguishableKeysOfPasswordFieldsPairInOrder() {
        // Every key is class 0 in a password field; FIFO still recovers a↓0 b↓50 a↑80 b↑120.
        let events = [
            KeyEvent(.down, timestamp: 0, key: 0, field: .password),
            KeyEvent(.down, timestamp: 50, key: 0, field: .password),
            KeyEvent(.up, timestamp: 80, key: 0, field: .password),
            KeyEvent(.up, timestamp: 120, key: 0, field: .password),
        ]
        #expect(FixedTextTiming(events: events).vector == [80, 50, -30, 70])
    }

    @Test func unmatchedPressesAndReleasesAreDropped() {
        let events = [
            KeyEvent(.up, timestamp: 5, key: 9),  // release of a key pressed before capture
            KeyEvent(.down, timestamp: 10, key: 1), KeyEvent(.up, timestamp: 90, key: 1),
            KeyEvent(.down, timestamp: 100, key: 2),  // never released
        ]
        let timing = FixedTextTiming(events: events)
        #expect(timing.keystrokes == [Keystroke(key: 1, press: 10, release: 90)])
        #expect(timing.vector == [80])
        #expect(FixedTextTiming(events: []).vector == [])
    }

    @Test func downDownIsHoldPlusUpDown() {
        let timing = FixedTextTiming(keystrokes: [
            Keystroke(press: 0, release: 95), Keystroke(press: 80, release: 200), Keystroke(press: 300, release: 330),
        ])
        let v = timing.vector
        #expect(v[1] == v[0] + v[2])
        #expect(v[4] == v[3] + v[5])
        #expect(FixedTextTiming.featureNames(keys: ["a", "b"]) == ["H.a", "DD.a.b", "UD.a.b", "H.b"])
    }
}
