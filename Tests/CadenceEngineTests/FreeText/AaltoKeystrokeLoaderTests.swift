import Foundation
import Testing

@testable import CadenceEngine

@Suite struct AaltoKeystrokeLoaderTests {
    static let header =
        "PARTICIPANT_ID\tTEST_SECTION_ID\tSENTENCE\tUSER_INPUT\tKEYSTROKE_ID\tPRESS_TIME\tRELEASE_TIME\tLETTER\tKEYCODE"

    /// A fixture with two sections (interleaved) and four malformed rows at known lines.
    static let fixture =
        [
            header,  // line 1
            "7\t100\tHi there.\tHi there.\t1\t1000\t1090\tSHIFT\t16",  // 2
            "7\t100\tHi there.\tHi there.\t2\t1050\t1120\th\t72",  // 3
            "7\t100\tHi\tthere.\tHi there.\t3\t1200\t1280\ti\t73",  // 4: tab inside the sentence
            "7\t100\tHi there.\tHi there.\t4\t1300\t1370\t \t32",  // 5
            "7\t200\tOk.\tOk.\t5\t5000\t5080\tO\t79",  // 6: second section
            "7\t100\tHi there.\tHi there.\t6\t1400\t1460\tt",  // 7: missing field
            "7\t200\tOk.\tOk.\t7\t5100\tabc\tk\t75",  // 8: non-numeric release
            "7\t200\tOk.\tOk.\t8\t5200\t5150\t.\t190",  // 9: release before press
            "7\t200\tOk.\tOk.\t9\t5300\t5360\tBKSP\t8",  // 10
        ].joined(separator: "\n") + "\n"

    static func withFixture<T>(_ text: String, name: String = "7_keystrokes.txt", _ body: (String) throws -> T) throws
        -> T
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aalto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        return try body(directory.path)
    }

    @Test func readsSectionsAsSequencesAndReportsMalformedRowsWithLines() throws {
        try Self.withFixture(Self.fixture) { directory in
            let (participants, report) = try AaltoKeystrokeLoader().loadDirectory(directory)
            #expect(participants.count == 1)
            let p = participants[0]
            #expect(p.subject == "7")
            #expect(p.sequences.map(\.id) == ["100", "200"])
            #expect(report.rowsRead == 5)
            #expect(report.rowsSkipped == 4)
            #expect(report.firstProblems.map(\.line) == [4, 7, 8, 9])
            #expect(report.firstProblems.allSatisfy { $0.file.hasSuffix("7_keystrokes.txt") })
            #expect(report.firstProblems[0].reason.contains("found 10"))
            // Section 100: SHIFT 1000–1090, h 1050–1120, space 1300–1370, ordered by time.
            let events = p.sequences[0].events
            #expect(events.map(\.timestamp) == [1000, 1050, 1090, 1120, 1300, 1370])
            #expect(events.map(\.transition) == [.down, .down, .up, .up, .down, .up])
            #expect(events.map(\.key) == [16, 72, 16, 72, 32, 32])
            #expect(p.sequences[1].events.map(\.key) == [79, 79, 8, 8])
        }
    }

    @Test func keyClassesReplaceKeyCodes() throws {
        try Self.withFixture(Self.fixture) { directory in
            let (participants, _) = try AaltoKeystrokeLoader(keyIdentity: .keyClass).loadDirectory(directory)
            let keys = participants[0].sequences[0].events.filter { $0.transition == .down }.map(\.key)
            #expect(keys == [KeyClass.modifier, .letter, .space].map(\.rawValue))
            let second = participants[0].sequences[1].events.filter { $0.transition == .down }.map(\.key)
            #expect(second == [KeyClass.letter, .backspace].map(\.rawValue))
        }
    }

    @Test func aMissingFolderOrEmptyFolderIsAnErrorNamingThePath() throws {
        #expect(throws: DataSetError.self) { try AaltoKeystrokeLoader().loadDirectory("/nonexistent/aalto") }
        try Self.withFixture("not keystrokes", name: "readme.txt") { directory in
            do {
                _ = try AaltoKeystrokeLoader().loadDirectory(directory)
                Issue.record("expected an error")
            } catch let error as DataSetError {
                #expect(error.path == directory)
            }
        }
    }

    @Test func survivesGarbageAndCarriageReturns() throws {
        let text = Self.header + "\r\n\u{0}\u{1}garbage\r\n\r\n7\t1\ta\tb\t1\t10.5\t20.25\ta\t65\r\n"
        try Self.withFixture(text) { directory in
            let (participants, report) = try AaltoKeystrokeLoader().loadDirectory(directory)
            #expect(report.rowsRead == 1)
            #expect(report.rowsSkipped == 1)
            #expect(report.firstProblems.first?.line == 2)
            #expect(participants[0].sequences[0].events.map(\.timestamp) == [10.5, 20.25])
        }
    }

    @Test func keyCodesMapToKeyClasses() {
        #expect(KeyClass(browserKeyCode: 65) == .letter)  // A
        #expect(KeyClass(browserKeyCode: 78) == .letter)  // N
        #expect(KeyClass(browserKeyCode: 8) == .backspace)
        #expect(KeyClass(browserKeyCode: 20) == .modifier)  // Caps Lock
        #expect(KeyClass(browserKeyCode: 37) == .navigation)  // arrow left
        #expect(KeyClass(browserKeyCode: 190) == .punctuation)  // period
        #expect(KeyClass(browserKeyCode: 53) == .digit)
    }
}
