/// The population-level part of the service's keystroke-window detector: the within-user
/// spreads of the ``FreeTextDistances`` and the logistic regression that combines them into a
/// log-likelihood ratio. Fitted once, offline, on Aalto participants; shipped as constants
/// (``shipped``), so a tenant needs no other users to score its first one.
///
/// The combination is the `combined` free-text detector (``CombinedFreeTextDetector`` without
/// T-norm, whose cohort would be other people's profiles) on what the service sees: 40-keystroke
/// windows cut by ``KeystrokeWindowBuilder`` from key classes, stored as
/// ``KeystrokeWindowVector``s. Both classes weigh equally in the fit, so its log-odds estimate the
/// log-likelihood ratio `log p(x | impostor) / p(x | owner)` with no prior: positive = impostor-like.
public struct KeystrokeWindowModel: Sendable, Hashable, Codable {
    public var spreads: FreeTextDistances.Spreads
    /// Inputs: the distance components and their squares (``CombinedFreeTextDetector/expand(_:)``).
    public var combination: LogisticRegression

    public init(spreads: FreeTextDistances.Spreads, combination: LogisticRegression) {
        self.spreads = spreads
        self.combination = combination
    }

    /// The distances at key-class level with the fitted spreads.
    public var distances: FreeTextDistances {
        var d = FreeTextDistances(identity: .keyClass)
        d.spreads = spreads
        return d
    }

    /// `log p(x | impostor) / p(x | owner)` of a window against the owner's profile.
    public func logLikelihoodRatio(_ sample: FreeTextSample, against profile: FreeTextProfile) -> Double {
        combination.logit(CombinedFreeTextDetector.expand(distances.components(of: sample, against: profile)))
    }

    /// One participant of the fitting population: windows (``KeystrokeWindowVector``s) from
    /// enrolment and from later typing.
    public struct Participant: Sendable {
        public var enrolment: [FeatureVector]
        public var tests: [FeatureVector]

        public init(enrolment: [FeatureVector], tests: [FeatureVector]) {
            self.enrolment = enrolment
            self.tests = tests
        }
    }

    /// Fits the spreads and the combination on a population: every participant's later windows
    /// against its own enrolment profile (genuine), and one random window of each of
    /// `impostors` other participants against it (impostor). Nil with fewer than 3 usable
    /// participants.
    public static func fit(_ population: [Participant], impostors: Int = 60, seed: UInt64 = 1) -> KeystrokeWindowModel?
    {
        struct Usable {
            var profile: FreeTextProfile
            var tests: [FreeTextSample]
            var all: [FreeTextSample]
        }
        let usable: [Usable] = population.compactMap { p in
            let enrolment = p.enrolment.compactMap(KeystrokeWindowVector.sample)
            let tests = p.tests.compactMap(KeystrokeWindowVector.sample)
            guard !enrolment.isEmpty, !tests.isEmpty else { return nil }
            return Usable(profile: FreeTextProfile(enrolment: enrolment), tests: tests, all: enrolment + tests)
        }
        guard usable.count >= 3 else { return nil }
        var distances = FreeTextDistances(identity: .keyClass)
        distances.spreads = FreeTextDistances.Spreads(profiles: usable.map(\.profile))
        let fixed = distances
        let count = min(impostors, usable.count - 1)
        let rows = ParallelMap.map(usable.count) { u -> (genuine: [[Double]], impostor: [[Double]]) in
            var generator = SplitMix64(seed: seed &+ UInt64(u) &* 0x9E37_79B9_7F4A_7C15)
            func row(_ s: FreeTextSample) -> [Double] {
                CombinedFreeTextDetector.expand(fixed.components(of: s, against: usable[u].profile))
            }
            let others = generator.sample(count, from: Array((0..<usable.count).filter { $0 != u }))
            let impostor = others.map { o in row(usable[o].all[Int(generator.next() % UInt64(usable[o].all.count))]) }
            return (usable[u].tests.map(row), impostor)
        }
        let combination = LogisticRegression.fit(
            positives: rows.flatMap(\.impostor), negatives: rows.flatMap(\.genuine))
        return KeystrokeWindowModel(spreads: fixed.spreads, combination: combination)
    }

    /// Swift source of this model, for ``shipped``.
    public var swiftSource: String {
        func list(_ values: [Double]) -> String {
            "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
        }
        return """
            KeystrokeWindowModel(
                spreads: FreeTextDistances.Spreads(
                    hold: \(spreads.hold), downDown: \(spreads.downDown), upDown: \(spreads.upDown), \
            trigraph: \(spreads.trigraph)),
                combination: LogisticRegression(
                    means: \(list(combination.means)),
                    scales: \(list(combination.scales)),
                    weights: \(list(combination.weights)),
                    intercept: \(combination.intercept)))
            """
    }
}
