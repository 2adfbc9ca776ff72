import Foundation
import Testing

@testable import CadenceEngine

@Suite struct PointerActionSegmenterTests {
    private func move(_ t: Double, _ x: Double, _ y: Double = 0) -> PointerEvent {
        PointerEvent(.move, timestamp: t, x: x, y: y)
    }

    /// Moves, a pause, moves and a click, then a drag, then trailing moves.
    private var stream: [PointerEvent] {
        [
            move(0, 0), move(10, 1), move(20, 2), move(30, 3), move(40, 4),
            // 20 s pause ends the MM above.
            move(20_040, 10), move(20_050, 11), move(20_060, 12),
            PointerEvent(.down, timestamp: 20_100, x: 12, y: 0, button: .left),
            PointerEvent(.up, timestamp: 20_180, x: 12, y: 0, button: .left),
            // Moves before a drag become an MM; the drag becomes a DD.
            move(20_200, 13), move(20_210, 14), move(20_220, 15), move(20_230, 16),
            PointerEvent(.down, timestamp: 20_300, x: 16, y: 0, button: .left),
            PointerEvent(.drag, timestamp: 20_310, x: 20, y: 0, button: .left),
            PointerEvent(.wheel, timestamp: 20_315, x: 20, y: 0),
            PointerEvent(.drag, timestamp: 20_320, x: 25, y: 0, button: .left),
            PointerEvent(.up, timestamp: 20_400, x: 25, y: 0, button: .left),
            move(20_500, 30), move(20_510, 31), move(20_520, 32),  // too few points
        ]
    }

    @Test func splitsIntoMoveClickAndDragActions() {
        var segmenter = PointerActionSegmenter()
        let actions = segmenter.feed(stream) + segmenter.flush()
        #expect(actions.map(\.kind) == [.mouseMove, .pointAndClick, .mouseMove, .dragAndDrop])
        #expect(actions[0].points.map(\.x) == [0, 1, 2, 3, 4])
        // PC: the moves and the press position; hold time press → release.
        #expect(actions[1].points.map(\.t) == [20_040, 20_050, 20_060, 20_100])
        #expect(actions[1].holdTime == 80)
        #expect(actions[1].button == .left)
        #expect(actions[2].points.map(\.x) == [13, 14, 15, 16])
        // DD: press, drags, release; the wheel event is ignored.
        #expect(actions[3].points.map(\.x) == [16, 20, 25, 25])
        #expect(actions[3].holdTime == 100)
    }

    @Test func givesTheSameActionsForAnyBatching() {
        var whole = PointerActionSegmenter()
        let expected = whole.feed(stream) + whole.flush()
        for batchSize in [1, 2, 3, 7] {
            var segmenter = PointerActionSegmenter()
            var actions: [PointerAction] = []
            var start = 0
            while start < stream.count {
                actions += segmenter.feed(stream[start..<min(start + batchSize, stream.count)])
                start += batchSize
            }
            actions += segmenter.flush()
            #expect(actions == expected)
        }
    }

    @Test func resumesFromStoredState() throws {
        var whole = PointerActionSegmenter()
        let expected = whole.feed(stream) + whole.flush()
        for cut in [1, 9, 15, 17] {
            var first = PointerActionSegmenter()
            var actions = first.feed(stream[0..<cut])
            let stored = try JSONEncoder().encode(first)
            var resumed = try JSONDecoder().decode(PointerActionSegmenter.self, from: stored)
            #expect(resumed == first)
            actions += resumed.feed(stream[cut...]) + resumed.flush()
            #expect(actions == expected)
        }
    }

    @Test func honoursPauseAndMinimumPoints() {
        var segmenter = PointerActionSegmenter(
            configuration: .init(pauseThreshold: 100, minimumPoints: 2, maximumPoints: 1000))
        let events = [move(0, 0), move(50, 1), move(200, 2), move(250, 3), move(260, 4), move(1000, 5)]
        let actions = segmenter.feed(events) + segmenter.flush()
        #expect(actions.map { $0.points.count } == [2, 3])
        // A click without enough movement is dropped; a stray release is ignored.
        var strict = PointerActionSegmenter()
        let none = strict.feed([
            PointerEvent(.up, timestamp: 0, x: 0, y: 0, button: .left),
            PointerEvent(.down, timestamp: 5, x: 0, y: 0, button: .left),
            PointerEvent(.up, timestamp: 50, x: 0, y: 0, button: .left),
        ])
        #expect(none.isEmpty)
    }

    @Test func capsLongMovementsAndClosesOnIdle() {
        var segmenter = PointerActionSegmenter(configuration: .init(maximumPoints: 10))
        let actions = segmenter.feed((0..<25).map { move(Double($0) * 10, Double($0)) })
        #expect(actions.map { $0.points.count } == [10, 10])
        #expect(segmenter.idle(until: 300).isEmpty)
        let closed = segmenter.idle(until: 20_000)
        #expect(closed.map { $0.points.count } == [5])
    }
}
