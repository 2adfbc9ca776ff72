import Foundation
import Testing

@testable import CadenceEngine

@Suite struct SyntheticPointerGeneratorTests {
    @Test(arguments: SyntheticPointerFamily.allCases)
    func seededBrowserLikeEvents(family: SyntheticPointerFamily) {
        let path: [PointerAction.Point] = (0..<30).map { (k: Int) -> PointerAction.Point in
            let wobble = Double(k % 3)
            return PointerAction.Point(t: Double(k) * 16, x: Double(k) * 7, y: Double(k) * 2 + wobble)
        }
        let generator = SyntheticPointerGenerator(family: family, humanPaths: [path])
        let a = generator.session(movements: 10, seed: 5)
        #expect(a == generator.session(movements: 10, seed: 5))
        #expect(a != generator.session(movements: 10, seed: 6))
        let whole = a.allSatisfy { (e: PointerEvent) -> Bool in e.x == e.x.rounded() && e.y == e.y.rounded() }
        #expect(whole)
        var ordered = true
        var moveSteps: [Double] = []
        for k in 1..<a.count {
            if a[k].timestamp < a[k - 1].timestamp { ordered = false }
            if a[k].kind == .move && a[k - 1].kind == .move { moveSteps.append(a[k].timestamp - a[k - 1].timestamp) }
        }
        #expect(ordered)
        // A step that leaves the rounded position unchanged sends no event, so some gaps span two steps.
        let inMovement = moveSteps.filter { $0 < 100 }.sorted()
        #expect(inMovement.allSatisfy { $0 >= 8 })
        #expect(inMovement[inMovement.count / 2] <= 17)
        #expect(a.contains { $0.kind == .down } && a.contains { $0.kind == .up })
        var segmenter = PointerActionSegmenter(configuration: RealismModel.standardSegmenter)
        let strokes = segmenter.feed(a) + segmenter.flush()
        #expect(strokes.compactMap(RealismFeatures.extract).count >= 5)
    }

    @Test func humanIntervalsAreDrawnFromThePool() {
        let generator = SyntheticPointerGenerator(family: .bezier, timing: .humanIntervals, intervalPool: [0, 31])
        let a = generator.session(movements: 5, seed: 1)
        var steps: [Double] = []
        for k in 1..<a.count where a[k].kind == .move && a[k - 1].kind == .move {
            steps.append(a[k].timestamp - a[k - 1].timestamp)
        }
        // Unchanged rounded positions send no event, so a step is a sum of pool intervals.
        #expect(steps.filter { $0 < 100 }.allSatisfy { $0.truncatingRemainder(dividingBy: 31) == 0 })
    }
}

@Suite struct RealismFeaturesTests {
    static func humanStrokes() -> [PointerAction] {
        let url = BalabitSessionFiles.sessions("training_files", user: "user7")[0]
        var segmenter = PointerActionSegmenter(configuration: RealismModel.standardSegmenter)
        let events = BalabitSessionFiles.events(url, limit: 30_000)
        return segmenter.feed(events) + segmenter.flush()
    }

    static func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }

    @Test func straightConstantSpeedLineDiffersFromPeople() throws {
        let line = PointerAction(
            kind: .mouseMove,
            points: (0...40).map { PointerAction.Point(t: Double($0) * 16, x: Double($0) * 10, y: 300) })
        let f = try #require(RealismFeatures.extract(from: line))
        let human = Self.humanStrokes().compactMap(RealismFeatures.extract)
        #expect(human.count > 50)
        func index(_ name: String) -> Int { RealismFeatures.names.firstIndex(of: name)! }
        #expect(f[index("straightness")] > 0.999)
        #expect(f[index("straightness")] > Self.median(human.map { $0[index("straightness")] }))
        #expect(f[index("deviation_ratio")] < Self.median(human.map { $0[index("deviation_ratio")] }))
        #expect(f[index("interval_cv")] < Self.median(human.map { $0[index("interval_cv")] }))
        #expect(f[index("step_cv")] < Self.median(human.map { $0[index("step_cv")] }))
        #expect(f[index("peak_to_mean_speed")] < Self.median(human.map { $0[index("peak_to_mean_speed")] }))
        #expect(f[index("speed_peaks")] == 1)
    }

    @Test func speedPeaksCountSubMovements() {
        let two = [0.0, 1, 5, 10, 5, 1, 6, 9, 4, 0]
        #expect(RealismFeatures.peaks(two, peak: 10) == 2)
        let one = [0.0, 3, 8, 10, 9, 8.5, 9.5, 4, 0]
        #expect(RealismFeatures.peaks(one, peak: 10) == 1)
    }
}

@Suite struct RealismModelTests {
    /// A small model: the first training session of four users against every family but Bezier;
    /// their second sessions set the threshold. User 12 is never seen.
    static let model: RealismModel = {
        let trainer = RealismTrainer(
            trees: ExtraTreesDetector.Configuration(
                treeCount: 30, maximumDepth: 16, minimumLeafSize: 3, maximumSamplesPerClass: 3_000))
        func strokes(_ user: String, _ index: Int) -> [PointerAction] {
            trainer.strokes(
                BalabitSessionFiles.events(
                    BalabitSessionFiles.sessions("training_files", user: user)[index], limit: 40_000))
        }
        let users = ["user7", "user9", "user15", "user21"]
        let human = users.flatMap { strokes($0, 0) }
        let paths = human.filter { $0.points.count >= 10 }.map(\.points)
        var synthetic: [PointerAction] = []
        for family in SyntheticPointerFamily.allCases where family != .bezier {
            for k in 0..<16 {
                let generator = SyntheticPointerGenerator(
                    family: family, timing: k % 2 == 0 ? .browser : .humanIntervals,
                    intervalPool: [0, 16, 16, 15, 31, 47, 16, 0, 15], humanPaths: paths)
                synthetic += trainer.strokes(generator.session(movements: 30, seed: UInt64(100 + k)))
            }
        }
        return try! trainer.train(human: human, synthetic: synthetic, calibration: users.map { strokes($0, 1) })
    }()

    @Test func heldOutBezierSessionIsUnrealistic() {
        let model = Self.model
        let bezier = SyntheticPointerGenerator(family: .bezier).session(movements: 30, seed: 999)
        let judgement = model.judge(bezier)
        #expect(judgement.isFlagged, "mean \(judgement.meanScore), threshold \(model.threshold)")
    }

    @Test func heldOutPersonIsNotFlagged() throws {
        let model = Self.model
        let labels = BalabitSessionFiles.labels()
        let legal = BalabitSessionFiles.sessions("test_files", user: "user12").filter {
            labels[$0.lastPathComponent] == false
        }
        try #require(!legal.isEmpty)
        for url in legal.prefix(5) {
            let judgement = model.judge(BalabitSessionFiles.events(url))
            #expect(!judgement.isFlagged, "\(url.lastPathComponent): mean \(judgement.meanScore)")
        }
    }

    @Test func judgementNeedsEnoughStrokes() {
        var j = RealismJudgement()
        for k in 0..<7 { j.add(1, at: Double(k), threshold: 0.5, minimumStrokes: 8, start: 0) }
        #expect(!j.isFlagged)
        j.add(1, at: 7_000, threshold: 0.5, minimumStrokes: 8, start: 0)
        #expect(j.flaggedAfterStrokes == 8 && j.flaggedAfterMilliseconds == 7_000)
    }
}
