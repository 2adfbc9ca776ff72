import Benchmark
import CadenceEngine

/// One login: the password's key events → timing vector → score against the user's model.
///
/// A 13-key password (as keystroke-challenge), the user enrolled with 8 samples, the population
/// of 200 other users × 3 samples (what `population-llr` learns from).
func fixedTextBenchmarks() {
    var typing = SyntheticTyping(seed: 13)
    let keys = [UInt32](repeating: 0, count: 13)  // password fields send key class 0
    let user = typing.rhythm(length: keys.count)
    let enrolment = (0..<8).map { _ in FixedTextTiming(events: typing.events(user, keys: keys, field: .password)).vector
    }
    var population: [FeatureVector] = []
    for _ in 0..<200 {
        let other = typing.rhythm(length: keys.count)
        for _ in 0..<3 { population.append(FixedTextTiming(events: typing.events(other, keys: keys)).vector) }
    }
    let login = typing.events(user, keys: keys, field: .password)

    for detector in [PopulationLikelihoodRatioDetector(), ScaledManhattanDetector()] as [any Detector] {
        guard let model = try? detector.train(genuine: enrolment, impostors: population) else { continue }
        Benchmark("fixed-text sample: timing + \(detector.name) score") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(model.score(FixedTextTiming(events: login).vector))
            }
        }
        Benchmark("fixed-text enrolment: \(detector.name) train (8 samples, 600 population)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? detector.train(genuine: enrolment, impostors: population))
            }
        }
    }
}
