import Foundation
import Testing

@testable import CadenceEngine

@Suite struct BalabitSessionLoaderTests {
    private func parse(_ text: String, unit: TimestampUnit = .auto) -> BalabitSession {
        BalabitSessionLoader(timestampUnit: unit).parse(Data(text.utf8), file: "fixture.csv")
    }

    @Test func readsTheSixColumnLayoutInSeconds() {
        let session = parse(
            """
            record timestamp,client timestamp,button,state,x,y
            0.0,0.0,NoButton,Move,126,337
            0.0,0.016,NoButton,Move,129,337
            0.1,0.032,Left,Pressed,129,337
            0.1,0.048,NoButton,Drag,135,340
            0.2,0.064,Left,Released,135,340
            0.3,0.080,Scroll,Down,135,340
            0.3,0.1,Right,Pressed,135,340

            """)
        #expect(session.report.rowsRead == 7)
        #expect(session.report.rowsSkipped == 0)
        #expect(session.timestampUnit == .seconds)
        let e = session.events
        #expect(e.map(\.kind) == [.move, .move, .down, .drag, .up, .wheel, .down])
        #expect(e.map(\.button) == [.none, .none, .left, .left, .left, .none, .right])
        #expect(abs(e[1].timestamp - 16) < 1e-9)
        #expect(abs(e[6].timestamp - 100) < 1e-9)
        #expect(e[0].x == 126 && e[0].y == 337)
    }

    @Test func readsFiveColumnsWithoutRecordTimestamp() {
        let session = parse(
            """
            client timestamp,button,state,x,y\r
            1.5,NoButton,Move,10,20\r
            1.516,NoButton,Move,11,21\r
            1.532,NoButton,Move,12,22\r

            """)
        #expect(session.events.count == 3)
        #expect(abs(session.events[0].timestamp - 1500) < 1e-9)
        #expect(abs(session.events[2].timestamp - 1532) < 1e-9)
        #expect(session.events[2].x == 12 && session.events[2].y == 22)
    }

    @Test func readsFiveColumnsWithoutHeader() {
        let session = parse("0.0,NoButton,Move,1,2\n0.02,NoButton,Move,3,4\n")
        #expect(session.events.count == 2)
        #expect(abs(session.events[1].timestamp - 20) < 1e-9)
        #expect(session.events[1].x == 3)
    }

    @Test func detectsMillisecondsFromMagnitudes() {
        let text = """
            record timestamp,client timestamp,button,state,x,y
            0,1000,NoButton,Move,1,1
            0,1016,NoButton,Move,2,1
            0,1032,NoButton,Move,3,1
            0,1040,NoButton,Move,4,1

            """
        let session = parse(text)
        #expect(session.timestampUnit == .milliseconds)
        #expect(session.events.map(\.timestamp) == [1000, 1016, 1032, 1040])
        // An explicit unit overrides the guess.
        let seconds = parse(text, unit: .seconds)
        #expect(seconds.timestampUnit == .seconds)
        #expect(seconds.events[1].timestamp == 1_016_000)
    }

    @Test func detectsMillisecondsFromTheHeader() {
        // A single row gives no step to judge by; the header says milliseconds.
        let session = parse("client timestamp (ms),button,state,x,y\n2.5,NoButton,Move,1,1\n")
        #expect(session.timestampUnit == .milliseconds)
        #expect(session.events[0].timestamp == 2.5)
    }

    @Test func skipsAndCountsMalformedRows() {
        let session = parse(
            """
            record timestamp,client timestamp,button,state,x,y
            0,0.0,NoButton,Move,1,1
            0,0.016,NoButton,Move,2
            0,abc,NoButton,Move,2,2
            0,0.032,Wheel,Move,2,2
            0,0.048,NoButton,Hover,2,2
            0,0.064,NoButton,Move,65535,65535
            0,0.080,NoButton,Move,x,3
            0,0.096,NoButton,Move,3,3,9
            0,0.112,NoButton,Move,4,4

            """)
        #expect(session.report.rowsRead == 2)
        #expect(session.report.rowsSkipped == 7)
        #expect(session.report.firstProblems.map(\.line) == [3, 4, 5, 6, 7])
        #expect(session.report.firstProblems.allSatisfy { $0.file == "fixture.csv" })
        #expect(session.report.firstProblems[0].reason.contains("fields"))
        #expect(session.report.firstProblems[4].reason.contains("out of range"))
        #expect(session.events.map(\.x) == [1, 4])
    }

    @Test func survivesGarbage() {
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }
        let session = BalabitSessionLoader().parse(Data(bytes), file: "garbage")
        #expect(session.events.count + session.report.rowsSkipped >= 0)
        #expect(parse("").events.isEmpty)
    }

    @Test func loadsFromDiskAndNamesMissingFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("balabit-loader-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("session_1").path
        try "record timestamp,client timestamp,button,state,x,y\n0,0.5,NoButton,Move,3,4\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let session = try BalabitSessionLoader().load(path: file)
        #expect(session.events == [PointerEvent(.move, timestamp: 500, x: 3, y: 4)])
        #expect(throws: DataSetError.self) { try BalabitSessionLoader().load(path: folder.path + "/missing") }
    }

    @Test func parsesNumbersExactly() {
        func number(_ text: String) -> Double? {
            Array(text.utf8).withUnsafeBufferPointer { ASCIINumber.parse($0, 0, $0.count) }
        }
        #expect(number("0.0160000000615") == 0.0160000000615)
        #expect(number("-12.5e3") == -12500)
        #expect(number("65535") == 65535)
        #expect(number("1e-3") == 0.001)
        #expect(number(".5") == 0.5)
        #expect(number("") == nil)
        #expect(number("-") == nil)
        #expect(number("1.2.3") == nil)
        #expect(number("1e") == nil)
    }
}
