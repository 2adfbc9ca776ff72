import CadenceEngine
import Testing

@Suite("Key automation evaluation: the live rules on people's typing and synthetic timing")
struct KeyAutomationEvaluationTests {
    /// A sentence of `keys` keystrokes with varied holds and intervals (as people type).
    static func sentence(_ keys: Int, start: Double, random: inout SplitMix64) -> [KeyEvent] {
        var events: [KeyEvent] = []
        var t = start
        for i in 0..<keys {
            let key = UInt32(65 + (i * 7) % 26)
            events.append(KeyEvent(.down, timestamp: t, key: key))
            events.append(KeyEvent(.up, timestamp: t + 60 + random.nextUnit() * 80, key: key))
            t += 90 + random.nextUnit() * 200
        }
        return events.sorted { $0.timestamp < $1.timestamp }
    }

    @Test("varied timing passes; constant timing and a replayed sentence are flagged, with their reasons")
    func families() throws {
        var random = SplitMix64(seed: 3)
        let sequences = (0..<3).map { n in
            KeystrokeSequence(
                subject: "p", id: "\(n)", events: Self.sentence(60, start: Double(n) * 60_000, random: &random))
        }
        let rows = KeyAutomationEvaluation().run([
            ParticipantSequences(subject: "p", file: "p.txt", sequences: sequences)
        ])
        let row = { (family: KeyAutomationEvaluation.Family) in try #require(rows.first { $0.family == family }) }
        #expect(try row(.people).sentences == 3 && row(.people).flagged == 0)
        #expect(try row(.constant).flagged == 3 && row(.constant).reasons["automation-key-holds"] == 3)
        #expect(try row(.replayed).sentences == 2, "the first sentence has nothing before it to replay")
        #expect(try row(.replayed).flagged == 2 && row(.replayed).reasons["automation-replay"] == 2)
        #expect(try row(.iidLognormal).sentences == 3 && row(.markov).sentences == 3)
    }
}
