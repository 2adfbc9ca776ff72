import CadenceEngine
import Foundation

/// Seeded synthetic pointer input of one made-up person: batches of point-and-click actions in
/// the SDK's wire format (`docs/wire-format.md`), each action an eased, bowed move of 14 points
/// then a click, with the person's own speed, bow and pauses.
///
/// Not a model of people (the Balabit data sets are for accuracy); enough for the segmenter to
/// cut real pointer actions with person-to-person differences, so that profiles built from it
/// are real profiles the service trains and scores as any other (`cadence bench tenant`).
struct SyntheticPointer: Sendable {
    /// Milliseconds between move points, about.
    var stepTime: ClosedRange<Double>
    /// Largest sideways bow of a move, pixels.
    var bow: Double
    /// Milliseconds between the click and the next move.
    var pause: ClosedRange<Double>
    private var generator: SplitMix64

    /// Person `person`'s input: parameters drawn from the seed, then their own stream of draws.
    init(person: Int, seed: UInt64 = 1) {
        var draws = SplitMix64(seed: seed &+ UInt64(person) &* 0x9E37_79B9_7F4A_7C15)
        let speed = 8 + draws.nextUnit() * 20
        stepTime = speed...(speed * 1.6)
        bow = 5 + draws.nextUnit() * 60
        let rest = 150 + draws.nextUnit() * 600
        pause = rest...(rest * 2)
        generator = draws
    }

    private mutating func random(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + generator.nextUnit() * (range.upperBound - range.lowerBound)
    }

    /// One batch of `actions` point-and-click actions as wire-format JSON, its events' times
    /// relative to `t0` (epoch milliseconds).
    mutating func batch(seq: Int, t0: Double, actions: Int) -> Data {
        var events: [[Double]] = []
        var t = random(0...20)
        var (x, y) = (random(100...900), random(100...600))
        for _ in 0..<actions {
            let (x1, y1) = (random(50...1200), random(50...700))
            let bow = random(-self.bow...self.bow)
            for i in 1...14 {
                t += random(stepTime)
                let p = Double(i) / 14
                let eased = p * p * (3 - 2 * p)
                let px = x + (x1 - x) * eased + bow * sin(.pi * p) + random(-1...1)
                let py = y + (y1 - y) * eased - bow * sin(.pi * p) + random(-1...1)
                events.append([2, t, px.rounded(), py.rounded(), 0, 0])
            }
            (x, y) = (x1.rounded(), y1.rounded())
            t += random(40...120)
            events.append([3, t, x, y, 1, 0])
            t += random(70...140)
            events.append([4, t, x, y, 1, 0])
            t += random(pause)
        }
        let object: [String: Any] = ["v": 1, "seq": seq, "t0": t0, "e": events]
        return (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
    }

    /// Milliseconds one batch of `actions` spans, at most (to space batches' `t0`).
    func span(actions: Int) -> Double {
        Double(actions) * (14 * stepTime.upperBound + 120 + 140 + pause.upperBound) + 20
    }
}
