import Benchmark
import CadenceEngine
import Foundation

/// One pointer action: events → segmenter → features → score against the user's profile.
///
/// A point-and-click of 40 moves along a curved path sampled every 16 ms (what a browser
/// reports), then press and release. The profile is a 100-tree extra-trees ensemble trained on
/// synthetic actions of a user and 9 others, as `evaluate mouse` trains one per user.
func pointerBenchmarks() {
    func click(speed: Double, bend: Double, origin: Double) -> [PointerEvent] {
        var events: [PointerEvent] = []
        for i in 0..<40 {
            let s = Double(i) / 39
            let x = origin + 400 * s * speed
            let y = origin + 150 * s + bend * sin(Double.pi * s) * 60
            events.append(PointerEvent(.move, timestamp: origin + Double(i) * 16, x: x, y: y))
        }
        let last = events[events.count - 1]
        events.append(PointerEvent(.down, timestamp: last.timestamp + 90, x: last.x, y: last.y, button: .left))
        events.append(PointerEvent(.up, timestamp: last.timestamp + 180, x: last.x, y: last.y, button: .left))
        return events
    }
    func actions(speed: Double, bend: Double, count: Int) -> [FeatureVector] {
        (0..<count).map { k in
            var segmenter = PointerActionSegmenter()
            let jitter = 1 + 0.1 * sin(Double(k))
            return segmenter.feed(click(speed: speed * jitter, bend: bend * jitter, origin: Double(k)))
                .map(PointerFeatures.extract(from:))[0]
        }
    }
    let genuine = [actions(speed: 1, bend: 1, count: 400)]
    let impostors = (1...9).map { actions(speed: 1 + 0.2 * Double($0), bend: 1 - 0.1 * Double($0), count: 400) }
    let profile = try! PointerProfileTrainer().train(genuine: genuine, impostors: impostors)
    let events = click(speed: 1, bend: 1, origin: 0)

    Benchmark("pointer action (40 moves + click): segment + features") { benchmark in
        for _ in benchmark.scaledIterations {
            var segmenter = PointerActionSegmenter()
            blackHole(segmenter.feed(events).map(PointerFeatures.extract(from:)))
        }
    }
    Benchmark("pointer action (40 moves + click): segment + features + extra-trees score (100 trees)") { benchmark in
        for _ in benchmark.scaledIterations {
            var segmenter = PointerActionSegmenter()
            for action in segmenter.feed(events) {
                blackHole(profile.actionLogLikelihoodRatio(PointerFeatures.extract(from: action)))
            }
        }
    }
}
