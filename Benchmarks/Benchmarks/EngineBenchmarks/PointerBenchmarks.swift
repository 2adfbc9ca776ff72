import Benchmark
import CadenceEngine
import Foundation

/// One pointer action: its events → segmenter → action features → calibrated score against the
/// user's profile (the per-user extra-trees ensemble the service keeps).
///
/// A point-and-click of 40 moves (about 0.65 s at 60 Hz) then a press and a release. The profile
/// is trained at set-up on synthetic actions: the user's 3 sessions × 100 actions and 6 other
/// users' sessions × 100 actions.
func pointerBenchmarks() {
    var random = SyntheticTyping(seed: 7)
    func action(start: Double, from: (Double, Double), to: (Double, Double), curve: Double, speed: Double)
        -> [PointerEvent]
    {
        var events: [PointerEvent] = []
        let steps = 40
        for i in 0...steps {
            let s = Double(i) / Double(steps)
            let eased = s * s * (3 - 2 * s)
            let bend = curve * sin(Double.pi * s)
            let x = from.0 + (to.0 - from.0) * eased + bend + random.uniform(-0.5, 0.5)
            let y = from.1 + (to.1 - from.1) * eased - bend + random.uniform(-0.5, 0.5)
            events.append(PointerEvent(.move, timestamp: start + Double(i) * 16.7 / speed, x: x, y: y))
        }
        let end = start + Double(steps) * 16.7 / speed
        events.append(PointerEvent(.down, timestamp: end + 40, x: to.0, y: to.1, button: .left))
        events.append(PointerEvent(.up, timestamp: end + 40 + random.uniform(70, 130), x: to.0, y: to.1, button: .left))
        return events
    }
    func session(curve: Double, speed: Double, actions: Int) -> [FeatureVector] {
        var segmenter = PointerActionSegmenter()
        var t = 0.0
        var features: [FeatureVector] = []
        for _ in 0..<actions {
            let from = (random.uniform(0, 1200), random.uniform(0, 800))
            let to = (random.uniform(0, 1200), random.uniform(0, 800))
            let events = action(
                start: t, from: from, to: to, curve: curve * random.uniform(0.5, 1.5),
                speed: speed * random.uniform(0.8, 1.2))
            t = events.last!.timestamp + 500
            features += segmenter.feed(events).map(PointerFeatures.extract(from:))
        }
        features += segmenter.flush().map(PointerFeatures.extract(from:))
        return features
    }
    let genuine = (0..<3).map { _ in session(curve: 30, speed: 1, actions: 100) }
    let impostors = (0..<6).map { u in session(curve: Double(u) * 15 - 40, speed: 0.6 + 0.15 * Double(u), actions: 100)
    }
    guard let profile = try? PointerModelTrainer().train(genuine: genuine, impostors: impostors) else {
        fatalError("pointer profile training failed")
    }
    let probe = action(start: 1_000_000, from: (100, 100), to: (700, 450), curve: 30, speed: 1)
    var check = PointerActionSegmenter()
    let probeActions = check.feed(probe) + check.flush()
    precondition(probeActions.count == 1 && probeActions[0].kind == .pointAndClick, "probe is one point-and-click")

    Benchmark("pointer action (43 events): segment + features + extra-trees score") { benchmark in
        for _ in benchmark.scaledIterations {
            var segmenter = PointerActionSegmenter()
            let actions = segmenter.feed(probe) + segmenter.flush()
            for a in actions {
                blackHole(profile.actionLogLikelihoodRatio(PointerFeatures.extract(from: a)))
            }
        }
    }
    Benchmark("pointer action (43 events): segment + features only") { benchmark in
        for _ in benchmark.scaledIterations {
            var segmenter = PointerActionSegmenter()
            let actions = segmenter.feed(probe) + segmenter.flush()
            for a in actions { blackHole(PointerFeatures.extract(from: a)) }
        }
    }
}
