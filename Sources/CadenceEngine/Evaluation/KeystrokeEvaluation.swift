import Foundation

/// The fixed-text evaluation protocol of Killourhy & Maxion 2009 ("Comparing anomaly-detection
/// algorithms for keystroke dynamics", DSN 2009), as a pure function of a data set.
///
/// Per subject: train on its first ``Configuration/trainReps`` samples (or on half of them, rounded
/// down, when it has no more than that), test its remaining samples as genuine and the first
/// ``Configuration/impostorReps`` samples of every other subject as impostors (zero-effort
/// impostors). Per subject and detector: the equal error rate (``ROCCurve/equalErrorRate``),
/// then the mean and standard deviation over subjects; detectors ranked by mean EER.
///
/// Detectors that learn from impostor examples get, as `impostors`, every other subject's samples
/// *after* its first `impostorReps` ones, so no test sample is ever trained on.
public enum KeystrokeEvaluation {
    public struct Configuration: Sendable, Hashable, Codable {
        /// Genuine training samples per subject (K&M: 200).
        public var trainReps: Int
        /// Samples of each other subject used as impostor tests (K&M: 5).
        public var impostorReps: Int

        public init(trainReps: Int = 200, impostorReps: Int = 5) {
            self.trainReps = trainReps
            self.impostorReps = impostorReps
        }

        /// Training samples for a subject with `count` samples: `trainReps`, or half when the
        /// subject has no more than `trainReps` (so that some remain to test).
        public func trainingCount(forSubjectWith count: Int) -> Int {
            count > trainReps ? trainReps : count / 2
        }
    }

    /// One scored test sample.
    public struct Score: Sendable, Hashable, Codable {
        /// The subject whose model scored the sample.
        public var subject: String
        /// The subject who typed the sample (`== subject` for genuine tests).
        public var sampleSubject: String
        /// The sample's 1-based position among `sampleSubject`'s samples.
        public var rep: Int
        /// Anomaly score: higher = less likely `subject`.
        public var score: Double

        public var isGenuine: Bool { subject == sampleSubject }
    }

    /// One detector's result for one subject.
    public struct SubjectResult: Sendable, Hashable, Codable {
        public var subject: String
        /// Equal error rate in [0, 1].
        public var equalErrorRate: Double
        /// Score threshold at the EER (reject when score >= threshold).
        public var threshold: Double
        /// Zero-effort false accept rate at that threshold, in [0, 1].
        public var farAtThreshold: Double
        /// False reject rate at the lowest threshold that accepts no impostor (K&M's zero-miss
        /// false-alarm rate), in [0, 1].
        public var zeroFARRejectRate: Double
        /// Area under this subject's ROC curve.
        public var auc: Double
        public var genuineCount: Int
        public var impostorCount: Int
    }

    /// One detector's result over all subjects.
    public struct DetectorResult: Sendable, Codable {
        public var detector: String
        /// Per subject, in data-set order.
        public var subjects: [SubjectResult]
        /// Mean and standard deviation of the per-subject EERs.
        public var equalErrorRate: MeanAndDeviation
        /// Mean and standard deviation of the per-subject zero-effort FAR at the EER threshold.
        public var farAtThreshold: MeanAndDeviation
        /// Mean and standard deviation of the per-subject zero-miss false reject rates.
        public var zeroFARRejectRate: MeanAndDeviation
        /// Every test score, by subject then sample.
        public var scores: [Score]

        /// ROC of all subjects' scores pooled together (scores of different subjects are not
        /// calibrated to each other, so this is a summary picture, not the per-subject protocol).
        public var pooledCurve: ROCCurve {
            ROCCurve(
                genuine: scores.filter(\.isGenuine).map(\.score),
                impostor: scores.filter { !$0.isGenuine }.map(\.score))
        }
    }

    /// Runs the protocol for every detector.
    ///
    /// - Parameters:
    ///   - progress: called after each (subject, detector) pair with (done, total); may be called
    ///     from several threads.
    /// - Returns: one result per detector, ranked by mean EER (best first, ties by name).
    /// - Throws: ``DataSetError`` when fewer than two subjects have enough samples, or the first
    ///   ``DetectorError`` a detector raised.
    public static func run(
        _ dataSet: FixedTextDataSet,
        detectors: [any Detector],
        configuration: Configuration = Configuration(),
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [DetectorResult] {
        let bySubject = Dictionary(grouping: dataSet.samples, by: \.subject)
        let subjects = dataSet.subjects.filter {
            configuration.trainingCount(forSubjectWith: bySubject[$0]!.count) >= 1
        }
        guard subjects.count >= 2 else {
            throw DataSetError(path: "", reason: "need at least two subjects with two or more samples each")
        }
        let impostorTests = subjects.map { Array(bySubject[$0]!.prefix(configuration.impostorReps)) }
        let impostorTraining = subjects.map { Array(bySubject[$0]!.dropFirst(configuration.impostorReps)) }
        let total = subjects.count * detectors.count
        let collected = ResultCollector(subjects: subjects.count, detectors: detectors.count)

        DispatchQueue.concurrentPerform(iterations: subjects.count) { s in
            let subject = subjects[s]
            let samples = bySubject[subject]!
            let trainCount = configuration.trainingCount(forSubjectWith: samples.count)
            let training = samples.prefix(trainCount).map(\.timing)
            let genuineTests = samples.dropFirst(trainCount)
            var impostorExamples: [FeatureVector] = []
            var impostorSamples: [FixedTextSample] = []
            for other in subjects.indices where other != s {
                impostorExamples += impostorTraining[other].map(\.timing)
                impostorSamples += impostorTests[other]
            }
            for (d, detector) in detectors.enumerated() {
                do {
                    let model = try detector.train(genuine: training, impostors: impostorExamples)
                    var scores: [Score] = []
                    scores.reserveCapacity(genuineTests.count + impostorSamples.count)
                    for sample in genuineTests {
                        scores.append(
                            Score(
                                subject: subject, sampleSubject: subject, rep: sample.rep,
                                score: model.score(sample.timing)))
                    }
                    for sample in impostorSamples {
                        scores.append(
                            Score(
                                subject: subject, sampleSubject: sample.subject, rep: sample.rep,
                                score: model.score(sample.timing)))
                    }
                    collected.store(
                        subjectResult(subject: subject, scores: scores), scores: scores, subject: s, detector: d)
                } catch {
                    collected.fail(error)
                }
                progress?(collected.finishOne(), total)
            }
        }
        if let error = collected.firstError { throw error }
        return detectors.indices.map { d in
            let perSubject = collected.results(detector: d)
            return DetectorResult(
                detector: detectors[d].name,
                subjects: perSubject.map(\.result),
                equalErrorRate: MeanAndDeviation(perSubject.map(\.result.equalErrorRate)),
                farAtThreshold: MeanAndDeviation(perSubject.map(\.result.farAtThreshold)),
                zeroFARRejectRate: MeanAndDeviation(perSubject.map(\.result.zeroFARRejectRate)),
                scores: perSubject.flatMap(\.scores))
        }
        .sorted { a, b in
            let x = a.equalErrorRate.mean
            let y = b.equalErrorRate.mean
            return x == y || (x.isNaN && y.isNaN) ? a.detector < b.detector : (y.isNaN || x < y)
        }
    }

    static func subjectResult(subject: String, scores: [Score]) -> SubjectResult {
        let roc = ROCCurve(
            genuine: scores.filter(\.isGenuine).map(\.score), impostor: scores.filter { !$0.isGenuine }.map(\.score))
        let eer = roc.equalErrorRate
        let zeroFAR = roc.points.filter { $0.far == 0 }.map(\.frr).min() ?? 1
        return SubjectResult(
            subject: subject,
            equalErrorRate: eer.rate,
            threshold: eer.threshold,
            farAtThreshold: eer.threshold.isNaN ? .nan : roc.rates(at: eer.threshold).far,
            zeroFARRejectRate: zeroFAR,
            auc: roc.auc,
            genuineCount: roc.genuineCount,
            impostorCount: roc.impostorCount)
    }
}

/// Gathers per-(subject, detector) results from concurrent workers.
private final class ResultCollector: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while holding `lock`.
    private let lock = NSLock()
    private var slots: [[(result: KeystrokeEvaluation.SubjectResult, scores: [KeystrokeEvaluation.Score])?]]
    private var done = 0
    private var error: (any Error)?

    init(subjects: Int, detectors: Int) {
        slots = Array(repeating: Array(repeating: nil, count: subjects), count: detectors)
    }

    func store(
        _ result: KeystrokeEvaluation.SubjectResult, scores: [KeystrokeEvaluation.Score], subject: Int, detector: Int
    ) {
        lock.withLock { slots[detector][subject] = (result, scores) }
    }

    func fail(_ error: any Error) {
        lock.withLock { if self.error == nil { self.error = error } }
    }

    func finishOne() -> Int {
        lock.withLock {
            done += 1
            return done
        }
    }

    var firstError: (any Error)? { lock.withLock { error } }

    func results(detector: Int) -> [(result: KeystrokeEvaluation.SubjectResult, scores: [KeystrokeEvaluation.Score])] {
        lock.withLock { slots[detector].compactMap { $0 } }
    }
}
