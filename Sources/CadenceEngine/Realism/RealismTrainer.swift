/// Trains a ``RealismModel``: human strokes against generated ones, and a session threshold
/// chosen on held-back human sessions only.
public struct RealismTrainer: Sendable {
    public var trees: ExtraTreesDetector.Configuration
    /// Added to the highest running mean of any calibration session to give the threshold.
    public var margin: Double
    /// Calibration sessions longer than this many strokes are cut into pieces this long, so the
    /// threshold also holds for short sessions.
    public var calibrationPiece: Int
    public var minimumStrokes: Int
    public var segmenter: PointerActionSegmenter.Configuration

    public init(
        trees: ExtraTreesDetector.Configuration = ExtraTreesDetector.Configuration(
            treeCount: 60, maximumDepth: 20, minimumLeafSize: 3, maximumSamplesPerClass: 8_000),
        margin: Double = 0.08, calibrationPiece: Int = 30, minimumStrokes: Int = 8,
        segmenter: PointerActionSegmenter.Configuration = RealismModel.standardSegmenter
    ) {
        self.trees = trees
        self.margin = margin
        self.calibrationPiece = calibrationPiece
        self.minimumStrokes = minimumStrokes
        self.segmenter = segmenter
    }

    /// Strokes of a session's events, cut with ``segmenter``.
    public func strokes(_ events: [PointerEvent]) -> [PointerAction] {
        var s = PointerActionSegmenter(configuration: segmenter)
        return s.feed(events) + s.flush()
    }

    /// `human` and `synthetic` are strokes to fit; `calibration` are human sessions (strokes in
    /// order) never fitted, whose highest running mean plus ``margin`` becomes the threshold
    /// (at most 0.98).
    public func train(human: [PointerAction], synthetic: [PointerAction], calibration: [[PointerAction]])
        throws(DetectorError) -> RealismModel
    {
        let genuine = human.compactMap(RealismFeatures.extract)
        let impostors = synthetic.compactMap(RealismFeatures.extract)
        let forest = try ExtraTreesDetector(configuration: trees).trainEnsemble(genuine: genuine, impostors: impostors)
        var model = RealismModel(forest: forest, threshold: 1, minimumStrokes: minimumStrokes, segmenter: segmenter)
        var highest = 0.0
        for session in calibration {
            let scores = session.compactMap { model.score($0) }
            var start = 0
            while start < scores.count {
                let piece = scores[start..<min(start + calibrationPiece, scores.count)]
                var sum = 0.0
                for (k, s) in piece.enumerated() {
                    sum += s
                    if k + 1 >= minimumStrokes { highest = max(highest, sum / Double(k + 1)) }
                }
                start += calibrationPiece
            }
        }
        model.threshold = min(highest + margin, 0.98)
        return model
    }
}
