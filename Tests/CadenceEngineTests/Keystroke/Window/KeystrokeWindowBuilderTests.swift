import Foundation
import Testing

@testable import CadenceEngine

@Suite struct KeystrokeWindowBuilderTests {
    @Test func pairsOverlappingPressesOfOneKeyFirstInFirstOut() {
        // Two keys of the same class overlap: down 0, down 50, up 80, up 120.
        let events = [
            KeyEvent(.down, timestamp: 0, key: 2), KeyEvent(.down, timestamp: 50, key: 2),
            KeyEvent(.up, timestamp: 80, key: 2), KeyEvent(.up, timestamp: 120, key: 2),
        ]
        let keystrokes = KeystrokeWindowBuilder.keystrokes(of: events)
        #expect(keystrokes == [Keystroke(key: 2, press: 0, release: 80), Keystroke(key: 2, press: 50, release: 120)])
    }

    @Test func emitsInPressOrderWhileAKeyIsHeld() {
        // Shift (11) held from 0 to 300 while h (5) is typed at 100–150.
        var builder = KeystrokeWindowBuilder(windowSize: 2)
        #expect(builder.add(KeyEvent(.down, timestamp: 0, key: 11)).isEmpty)
        #expect(builder.add(KeyEvent(.down, timestamp: 100, key: 5)).isEmpty)
        #expect(builder.add(KeyEvent(.up, timestamp: 150, key: 5)).isEmpty)  // waits for Shift
        let windows = builder.add(KeyEvent(.up, timestamp: 300, key: 11))
        #expect(windows == [[Keystroke(key: 11, press: 0, release: 300), Keystroke(key: 5, press: 100, release: 150)]])
    }

    @Test func cutsWindowsAcrossBatches() {
        var builder = KeystrokeWindowBuilder(windowSize: 3)
        func press(_ t: Double) -> [KeyEvent] {
            [KeyEvent(.down, timestamp: t, key: 1), KeyEvent(.up, timestamp: t + 40, key: 1)]
        }
        let first = builder.add(contentsOf: press(0) + press(100))
        #expect(first.isEmpty)
        let second = builder.add(contentsOf: press(200) + press(300) + press(400) + press(500) + press(600))
        #expect(second.map { $0.map(\.press) } == [[0, 100, 200], [300, 400, 500]])
        #expect(builder.flush().map(\.press) == [600])
        #expect(builder.flush().isEmpty)
    }

    @Test func dropsPressesWhoseReleaseNeverComesAndIgnoresStrayReleases() {
        var builder = KeystrokeWindowBuilder(windowSize: 10, staleAfter: 1_000)
        _ = builder.add(KeyEvent(.up, timestamp: 0, key: 9))  // no press: ignored
        _ = builder.add(KeyEvent(.down, timestamp: 10, key: 3))  // release lost
        _ = builder.add(KeyEvent(.down, timestamp: 2_000, key: 4))
        _ = builder.add(KeyEvent(.up, timestamp: 2_050, key: 4))
        #expect(builder.droppedPresses == 1)
        #expect(builder.flush() == [Keystroke(key: 4, press: 2_000, release: 2_050)])
    }

    @Test func anUnfinishedWindowSurvivesEncodingBetweenBatches() throws {
        var builder = KeystrokeWindowBuilder(windowSize: 2)
        _ = builder.add(contentsOf: [KeyEvent(.down, timestamp: 0, key: 1), KeyEvent(.up, timestamp: 50, key: 1)])
        _ = builder.add(KeyEvent(.down, timestamp: 100, key: 2))
        var restored = try JSONDecoder().decode(
            KeystrokeWindowBuilder.self, from: JSONEncoder().encode(builder))
        let windows = restored.add(KeyEvent(.up, timestamp: 180, key: 2))
        #expect(windows == [[Keystroke(key: 1, press: 0, release: 50), Keystroke(key: 2, press: 100, release: 180)]])
    }
}
