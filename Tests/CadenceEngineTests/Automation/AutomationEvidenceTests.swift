import Foundation
import Testing

@testable import CadenceEngine

@Suite struct AutomationEvidenceTests {
    static let users = [
        "user7", "user9", "user12", "user15", "user16", "user20", "user21", "user23", "user29", "user35",
    ]

    func evidence(_ events: [PointerEvent], keys: [KeyEvent] = [], known: Set<UInt64> = []) -> AutomationEvidence {
        var evidence = AutomationEvidence()
        for event in events { evidence.observe(event, thresholds: .standard, known: known) }
        for key in keys { evidence.observe(key, known: known) }
        return evidence
    }

    @Test func realPeopleInBalabitAreHuman() {
        for user in Self.users {
            let first = BalabitSessionFiles.sessions("training_files", user: user).first
            let test = BalabitSessionFiles.sessions("test_files", user: user).prefix(3)
            for url in [first].compactMap({ $0 }) + test {
                let events = BalabitSessionFiles.events(url, limit: 4000)
                #expect(events.count > 100)
                let verdict = evidence(events).verdict()
                #expect(verdict.level == .human, "\(user) \(url.lastPathComponent): \(verdict.reasons)")
            }
        }
    }

    @Test func anotherSessionOfTheSameUserIsNotAReplay() {
        for user in Self.users.prefix(5) {
            let sessions = BalabitSessionFiles.sessions("training_files", user: user)
            let earlier = evidence(BalabitSessionFiles.events(sessions[0], limit: 6000))
            let later = evidence(BalabitSessionFiles.events(sessions[1], limit: 6000), known: earlier.fingerprints)
            #expect(earlier.fingerprints.count > 50)
            #expect(later.replayMatches == 0, "\(user)")
            #expect(later.verdict().level == .human)
        }
    }

    @Test func aSessionFedTwiceIsAReplayEvenShiftedAndCutElsewhere() {
        let url = BalabitSessionFiles.sessions("test_files", user: "user7")[0]
        let events = BalabitSessionFiles.events(url, limit: 3000)
        let first = evidence(events)
        // The attacker replays it an hour later, 37 px to the right, starting at another event.
        let replayed = events.dropFirst(13).map {
            PointerEvent($0.kind, timestamp: $0.timestamp + 3_600_000, x: $0.x + 37, y: $0.y, button: $0.button)
        }
        let second = evidence(Array(replayed), known: first.fingerprints)
        #expect(second.replayMatches >= 10)
        let verdict = second.verdict()
        #expect(verdict.level == .automated)
        #expect(verdict.reasons.contains { $0.code == "automation-replay" })
    }

    @Test func aSessionRepeatingItselfIsRecognisedAfterItsStateIsStored() throws {
        let url = BalabitSessionFiles.sessions("test_files", user: "user9")[0]
        let events = Array(BalabitSessionFiles.events(url, limit: 1200))
        var evidence = evidence(events)
        #expect(evidence.replayMatches == 0)
        // The state is stored between batches: the session's recent fingerprints go with it.
        evidence = try JSONDecoder().decode(AutomationEvidence.self, from: JSONEncoder().encode(evidence))
        // A script loops over what it recorded earlier in the same session, shifted in time.
        for event in events.dropFirst(5) {
            var later = event
            later.timestamp += 600_000
            evidence.observe(later, thresholds: .standard, known: [])
        }
        #expect(evidence.replayMatches >= 10)
        #expect(evidence.verdict().reasons.contains { $0.code == "automation-replay" })
    }

    @Test func webDriverClicksAreAutomated() {
        // Selenium-style: each click moves the pointer to the element centre in one event, then presses.
        var events: [PointerEvent] = []
        var t = 1000.0
        for (x, y) in [(120.0, 80.0), (640, 300), (200, 520), (880, 140), (400, 410), (90, 600)] {
            events.append(PointerEvent(.move, timestamp: t, x: x, y: y))
            events.append(PointerEvent(.down, timestamp: t + 1, x: x, y: y, button: .left))
            events.append(PointerEvent(.up, timestamp: t + 2, x: x, y: y, button: .left))
            t += 850
        }
        let verdict = evidence(events).verdict()
        #expect(verdict.level == .automated)
        #expect(verdict.reasons.map(\.code) == ["automation-teleport"])
    }

    @Test func devToolsPressesWithoutAnyMoveAreAutomated() {
        var events: [PointerEvent] = []
        var t = 0.0
        for k in 0..<5 {
            let x = 100.0 + Double(k) * 150
            events.append(PointerEvent(.down, timestamp: t, x: x, y: 300, button: .left))
            events.append(PointerEvent(.up, timestamp: t + 50, x: x, y: 300, button: .left))
            t += 1200
        }
        #expect(evidence(events).verdict().level == .automated)
    }

    @Test func straightConstantSpeedPathsAreAutomated() {
        // A script interpolating linearly at a fixed 16 ms tick between targets.
        var events: [PointerEvent] = []
        var t = 0.0
        var (x, y) = (10.0, 10.0)
        for (tx, ty) in [(400.0, 300.0), (150, 500), (700, 120), (300, 300)] {
            for step in 1...25 {
                let f = Double(step) / 25
                events.append(
                    PointerEvent(.move, timestamp: t, x: (x + (tx - x) * f).rounded(), y: (y + (ty - y) * f).rounded()))
                t += 16
            }
            (x, y) = (tx, ty)
            t += 400
        }
        let verdict = evidence(events).verdict()
        #expect(verdict.level == .automated)
        #expect(verdict.reasons.contains { $0.code == "automation-synthetic-path" })
    }

    @Test func smoothCurvedPathsAtFixedTicksAreAutomated() {
        // Unrounded points on circular arcs at a fixed tick: smooth beyond any hand.
        var events: [PointerEvent] = []
        var t = 0.0
        for arc in 0..<3 {
            for step in 0..<30 {
                let angle = Double(step) * 0.05
                events.append(
                    PointerEvent(
                        .move, timestamp: t, x: 500 + 300 * cos(angle) + Double(arc), y: 400 + 300 * sin(angle)))
                t += 10
            }
            t += 500
        }
        #expect(evidence(events).verdict().level == .automated)
    }

    @Test func constantKeyTimingIsAutomated() {
        var keys: [KeyEvent] = []
        for k in 0..<20 {
            let t = Double(k) * 50
            keys.append(KeyEvent(.down, timestamp: t, key: UInt32(1 + k % 6)))
            keys.append(KeyEvent(.up, timestamp: t + 0.4, key: UInt32(1 + k % 6)))
        }
        let verdict = evidence([], keys: keys).verdict()
        #expect(verdict.level == .automated)
        #expect(Set(verdict.reasons.map(\.code)) == ["automation-key-holds", "automation-key-intervals"])
    }

    @Test func humanLikeKeyTimingIsHuman() {
        // Hold and interval jitter of tens of milliseconds, as people type.
        var keys: [KeyEvent] = []
        var t = 0.0
        let holds = [92.0, 71, 105, 66, 88, 120, 79, 95, 60, 101, 84, 77, 113, 69]
        let gaps = [180.0, 140, 260, 95, 210, 170, 310, 130, 150, 240, 120, 190, 160, 220]
        for k in 0..<holds.count {
            keys.append(KeyEvent(.down, timestamp: t, key: UInt32(1 + k % 6)))
            keys.append(KeyEvent(.up, timestamp: t + holds[k], key: UInt32(1 + k % 6)))
            t += gaps[k]
        }
        #expect(evidence([], keys: keys).verdict() == .human)
    }
}
