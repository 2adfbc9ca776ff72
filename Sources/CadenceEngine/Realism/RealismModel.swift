/// A population-level model of human pointer movement: how synthetic each stroke looks, and
/// when a session's strokes together say its movement is not a person's.
///
/// Separate from identity: trained on many people's strokes (genuine) against
/// ``SyntheticPointerGenerator`` families (impostor), never on one user. A stroke's score is the
/// ensemble's synthetic share in [0, 1]; a session is unrealistic once it has at least
/// ``minimumStrokes`` scored strokes and their running mean score reaches ``threshold``.
public struct RealismModel: Sendable, Codable, Hashable {
    public var forest: TreeEnsembleModel
    /// Running mean stroke score at or above which a session is unrealistic.
    public var threshold: Double
    /// Scored strokes needed before a session is judged.
    public var minimumStrokes: Int
    /// How events are cut into strokes (a pause over 1 s or a click ends one).
    public var segmenter: PointerActionSegmenter.Configuration

    public static let standardSegmenter = PointerActionSegmenter.Configuration(
        pauseThreshold: 1_000, minimumPoints: 4, maximumPoints: 2_000)

    public init(
        forest: TreeEnsembleModel, threshold: Double, minimumStrokes: Int = 8,
        segmenter: PointerActionSegmenter.Configuration = RealismModel.standardSegmenter
    ) {
        self.forest = forest
        self.threshold = threshold
        self.minimumStrokes = minimumStrokes
        self.segmenter = segmenter
    }

    /// How synthetic one stroke looks, in [0, 1]; nil when it is too short to judge.
    public func score(_ action: PointerAction) -> Double? {
        RealismFeatures.extract(from: action).map(forest.score)
    }

    /// Segments `events` and judges the session stroke by stroke.
    public func judge(_ events: [PointerEvent]) -> RealismJudgement {
        var segmenter = PointerActionSegmenter(configuration: segmenter)
        let actions = segmenter.feed(events) + segmenter.flush()
        return judge(actions: actions, start: events.first?.timestamp ?? 0)
    }

    /// Judges strokes in order; `start` (milliseconds) is the session's first event.
    public func judge(actions: [PointerAction], start: Double) -> RealismJudgement {
        var judgement = RealismJudgement()
        for action in actions {
            guard let s = score(action) else { continue }
            judgement.add(
                s, at: action.points.last?.t ?? start, threshold: threshold, minimumStrokes: minimumStrokes,
                start: start)
        }
        return judgement
    }
}

/// The running judgement of one session: stroke scores so far and when, if ever, it was flagged.
public struct RealismJudgement: Sendable, Codable, Hashable {
    public private(set) var strokes = 0
    public private(set) var scoreSum = 0.0
    /// Highest running mean reached once ``RealismModel/minimumStrokes`` strokes were scored.
    public private(set) var highestMean = 0.0
    /// Strokes scored when the session was first flagged.
    public private(set) var flaggedAfterStrokes: Int?
    /// Milliseconds from the session's start to the end of the stroke that flagged it.
    public private(set) var flaggedAfterMilliseconds: Double?

    public init() {}

    public var meanScore: Double { strokes > 0 ? scoreSum / Double(strokes) : 0 }
    public var isFlagged: Bool { flaggedAfterStrokes != nil }

    public mutating func add(_ score: Double, at time: Double, threshold: Double, minimumStrokes: Int, start: Double) {
        strokes += 1
        scoreSum += score
        guard strokes >= minimumStrokes else { return }
        highestMean = max(highestMean, meanScore)
        if flaggedAfterStrokes == nil && meanScore >= threshold {
            flaggedAfterStrokes = strokes
            flaggedAfterMilliseconds = time - start
        }
    }
}
