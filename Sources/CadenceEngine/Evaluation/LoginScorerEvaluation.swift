/// The service's login-sample scorer (``LoginScorer``) measured on a fixed-text data set with the
/// Killourhy & Maxion protocol (``KeystrokeEvaluation``): per subject, enrol on its first samples
/// (half of them when it has no more than ``KeystrokeEvaluation/Configuration/trainReps``), test
/// its other samples as genuine and the first ``KeystrokeEvaluation/Configuration/impostorReps``
/// samples of every other subject as impostors.
///
/// EER per subject, both of the calibrated log-likelihood ratio the trust model receives (clamped
/// to ±3, so ties are possible) and of the raw distance; also pooled over subjects (one threshold
/// for everyone, which only a calibrated score allows).
public enum LoginScorerEvaluation {
    public struct SubjectResult: Sendable, Hashable, Codable {
        public var subject: String
        /// EER of the log-likelihood ratios, in [0, 1].
        public var equalErrorRate: Double
        /// EER of the raw distances, in [0, 1].
        public var rawEqualErrorRate: Double
    }

    public struct Result: Sendable {
        public var distance: LoginScorer.Distance
        public var subjects: [SubjectResult]
        public var genuine: [Double]
        public var impostor: [Double]

        public var equalErrorRate: MeanAndDeviation { MeanAndDeviation(subjects.map(\.equalErrorRate)) }
        public var rawEqualErrorRate: MeanAndDeviation { MeanAndDeviation(subjects.map(\.rawEqualErrorRate)) }
        /// EER of every subject's log-likelihood ratios pooled.
        public var pooledEqualErrorRate: Double { ROCCurve(genuine: genuine, impostor: impostor).equalErrorRate.rate }
    }

    /// Runs the protocol for the subjects `include` accepts (impostors come from every subject).
    public static func run(
        _ dataSet: FixedTextDataSet, distance: LoginScorer.Distance,
        configuration: KeystrokeEvaluation.Configuration = KeystrokeEvaluation.Configuration(),
        include: (String) -> Bool = { _ in true }
    ) -> Result {
        let bySubject = Dictionary(grouping: dataSet.samples, by: \.subject).mapValues { $0.sorted { $0.rep < $1.rep } }
        var result = Result(distance: distance, subjects: [], genuine: [], impostor: [])
        for subject in dataSet.subjects where include(subject) {
            let own = bySubject[subject] ?? []
            let trainCount = configuration.trainingCount(forSubjectWith: own.count)
            guard let scorer = LoginScorer(samples: own.prefix(trainCount).map(\.timing), distance: distance) else {
                continue
            }
            let tests = own.dropFirst(trainCount).map(\.timing)
            let impostors = dataSet.subjects.filter { $0 != subject }.flatMap {
                (bySubject[$0] ?? []).prefix(configuration.impostorReps).map(\.timing)
            }
            let genuine = tests.compactMap(scorer.logLikelihoodRatio)
            let impostor = impostors.compactMap(scorer.logLikelihoodRatio)
            guard !genuine.isEmpty, !impostor.isEmpty else { continue }
            let raw = ROCCurve(
                genuine: tests.compactMap(scorer.rawDistance), impostor: impostors.compactMap(scorer.rawDistance))
            result.subjects.append(
                SubjectResult(
                    subject: subject,
                    equalErrorRate: ROCCurve(genuine: genuine, impostor: impostor).equalErrorRate.rate,
                    rawEqualErrorRate: raw.equalErrorRate.rate))
            result.genuine += genuine
            result.impostor += impostor
        }
        return result
    }

    /// Fits ``LoginScorer/cappedZCalibration`` on the subjects `include` accepts: Platt scaling of
    /// the capped distance per feature of their genuine tests and impostor samples.
    public static func fitCappedZCalibration(
        _ dataSet: FixedTextDataSet,
        configuration: KeystrokeEvaluation.Configuration = KeystrokeEvaluation.Configuration(),
        include: (String) -> Bool
    ) -> ScoreCalibration {
        let bySubject = Dictionary(grouping: dataSet.samples, by: \.subject).mapValues { $0.sorted { $0.rep < $1.rep } }
        var genuine: [Double] = []
        var impostor: [Double] = []
        for subject in dataSet.subjects where include(subject) {
            let own = bySubject[subject] ?? []
            let trainCount = configuration.trainingCount(forSubjectWith: own.count)
            guard let scorer = LoginScorer(samples: own.prefix(trainCount).map(\.timing), distance: .cappedZ) else {
                continue
            }
            let width = Double(scorer.means.count)
            genuine += own.dropFirst(trainCount).compactMap { scorer.rawDistance($0.timing).map { $0 / width } }
            for other in dataSet.subjects where other != subject {
                impostor += (bySubject[other] ?? []).prefix(configuration.impostorReps).compactMap {
                    scorer.rawDistance($0.timing).map { $0 / width }
                }
            }
        }
        return ScoreCalibration.fit(genuine: genuine, impostor: impostor)
    }
}
