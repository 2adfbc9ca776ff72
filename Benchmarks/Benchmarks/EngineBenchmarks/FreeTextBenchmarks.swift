import Benchmark
import CadenceEngine

/// One free-text window: key events → features → score against the user's profile.
///
/// Windows of 100 keystrokes of key classes (what the browser SDK sends). The recommended
/// detector (`combined-tnorm`) is trained on a synthetic population of 200 participants × 6
/// windows, so its T-norm cohort holds 200 profiles as in the evaluation.
func freeTextBenchmarks() {
    let windowLength = 100
    let identity = KeyIdentity.keyClass
    var typing = SyntheticTyping(seed: 100)
    let keyPool: [UInt32] = [1, 2, 1, 4, 5, 8, 3, 4, 6, 2, 8, 5, 1, 4, 2, 9, 8, 3, 5, 4, 1, 6, 8, 2]
    func participant(_ seed: Int, windows: Int) -> [FreeTextSample] {
        let rhythm = typing.rhythm(length: windowLength)
        return (0..<windows).map { w in
            let keys = (0..<windowLength).map { keyPool[($0 * 7 + w * 3 + seed) % keyPool.count] }
            return FreeTextSample(events: typing.events(rhythm, keys: keys), identity: identity)
        }
    }
    let population = (0..<200).map { participant($0, windows: 6) }
    let userRhythm = typing.rhythm(length: windowLength)
    let userKeys = (0..<windowLength).map { keyPool[($0 * 5 + 1) % keyPool.count] }
    let enrolment = (0..<5).map { _ in
        FreeTextSample(events: typing.events(userRhythm, keys: userKeys), identity: identity)
    }
    let profile = FreeTextProfile(enrolment: enrolment)
    let window = typing.events(userRhythm, keys: userKeys)

    for detector in FreeTextDetectors.all(identity: identity) {
        let trained = detector.trained(onPopulation: population, enrolCount: 5, seed: 1)
        Benchmark("free-text window (\(windowLength) keys): features + \(trained.name) score") { benchmark in
            for _ in benchmark.scaledIterations {
                let sample = FreeTextSample(events: window, identity: identity)
                blackHole(trained.score(trained.probe(sample), against: profile))
            }
        }
    }
    Benchmark("free-text window (\(windowLength) keys): features only") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(FreeTextSample(events: window, identity: identity))
        }
    }
}
