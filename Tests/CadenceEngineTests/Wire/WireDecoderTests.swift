import Testing

@testable import CadenceEngine

@Suite struct WireDecoderTests {
    let decoder = WireDecoder()

    func decode(_ text: String) throws(WireDecodingError) -> WireBatch {
        try decoder.decode(Array(text.utf8))
    }

    func failure(_ text: String) -> WireDecodingError? {
        do {
            _ = try decode(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesTheDocumentedExample() throws {
        let batch = try decode(
            #"{"v":1,"seq":7,"t0":1764057600123.25,"e":[[2,0,410,233,0,0],[2,16.7,415,236,0,0],[0,40.1,1,0],[1,121.9,1,0]]}"#
        )
        #expect(batch.version == 1 && batch.seq == 7 && batch.t0 == 1764057600123.25)
        #expect(batch.pointerEvents.count == 2 && batch.keyEvents.count == 2)
        #expect(batch.pointerEvents[0] == PointerEvent(.move, timestamp: 1764057600123.25, x: 410, y: 233))
        #expect(batch.pointerEvents[1].timestamp == 1764057600123.25 + 16.7)
        #expect(batch.pointerEvents[1].x == 415 && batch.pointerEvents[1].y == 236)
        #expect(batch.keyEvents[0] == KeyEvent(.down, timestamp: 1764057600123.25 + 40.1, key: 1, field: .text))
        #expect(batch.keyEvents[1].transition == .up && batch.keyEvents[1].timestamp == 1764057600123.25 + 121.9)
    }

    @Test func legacyLetterZonesAreFoldedIntoTheLetterClass() throws {
        // An SDK from before the single letter class sent QWERTY zones 1-6: none survives decoding.
        let events = (0...14).map { "[0,\($0),\($0),0]" }.joined(separator: ",")
        let batch = try decode(#"{"v":1,"seq":0,"t0":1764057600000,"e":["# + events + "]}")
        #expect(batch.keyEvents.map(\.key) == [0, 1, 1, 1, 1, 1, 1, 7, 8, 9, 10, 11, 12, 13, 14])
    }

    @Test func mapsEveryEventCodeAndEnum() throws {
        let batch = try decode(
            #"{"v":1,"seq":0,"t0":1000,"e":[[3,1,5,6,1,0],[5,2,7,8,1,2],[4,3,7,8,1,1],[6,4,7,8,-120.5,0],[0,5,14,1],[1,6,9,3]]}"#
        )
        #expect(batch.pointerEvents.map(\.kind) == [.down, .drag, .up, .wheel])
        #expect(batch.pointerEvents.map(\.pointerType) == [.mouse, .pen, .touch, .mouse])
        #expect(batch.pointerEvents[0].button == .left && batch.pointerEvents[3].button == PointerEvent.Button.none)
        #expect(batch.pointerEvents.map(\.timestamp) == [1001, 1002, 1003, 1004])
        #expect(batch.keyEvents[0].key == KeyClass.other.rawValue && batch.keyEvents[0].field == .password)
        #expect(batch.keyEvents[1].field == .other)
    }

    @Test func fieldOrderWhitespaceUnknownFieldsAndExtraElementsAreAccepted() throws {
        let batch = try decode(
            """
             { "sdk" : {"name":"cadence.js","tags":[1,2.5e3,true,null,"x\\u00e9\\n"]},
               "e" : [ [ 2 , 10 , 1.5 , -2 , 0 , 0 , 0.75, [1] ] ],
               "t0" : 500 , "seq" : 3 , "v" : 1 }\t
            """)
        #expect(batch.seq == 3)
        #expect(batch.pointerEvents == [PointerEvent(.move, timestamp: 510, x: 1.5, y: -2)])
    }

    @Test func emptyEventListIsABatch() throws {
        let batch = try decode(#"{"v":1,"seq":0,"t0":0,"e":[]}"#)
        #expect(batch.eventCount == 0)
    }

    @Test func numbersUseExactConversion() throws {
        let batch = try decode(
            #"{"v":1,"seq":0,"t0":0,"e":[[2,0.1,1e2,-0.000001,0,0],[2,0.12345678901234567890123,123456.7890123456789,2.5E-3,0,0]]}"#
        )
        #expect(batch.pointerEvents.isEmpty == false)
        #expect(batch.pointerEvents[0].timestamp == 0.1 && batch.pointerEvents[0].x == 100)
        #expect(batch.pointerEvents[0].y == -0.000001)
        #expect(batch.pointerEvents[1].timestamp == Double("0.12345678901234567890123"))
        #expect(batch.pointerEvents[1].x == 123456.7890123456789 && batch.pointerEvents[1].y == 0.0025)
    }

    @Test(arguments: [
        (#"{"v":1,"seq":0,"t0":0}"#, WireDecodingError.Kind.missingField, "e"),
        (#"{"v":1,"seq":0,"e":[]}"#, .missingField, "t0"),
        (#"{"v":2,"seq":0,"t0":0,"e":[]}"#, .unsupportedVersion, "v"),
        (#"{"v":1,"v":1,"seq":0,"t0":0,"e":[]}"#, .duplicateField, "v"),
        (#"{"v":1,"seq":-1,"t0":0,"e":[]}"#, .outOfRange, "seq"),
        (#"{"v":1,"seq":1.5,"t0":0,"e":[]}"#, .outOfRange, "seq"),
        (#"{"v":1,"seq":0,"t0":NaN,"e":[]}"#, .syntax, "t0"),
        (#"{"v":1,"seq":0,"t0":1e999,"e":[]}"#, .outOfRange, "t0"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[2,Infinity,1,1,0,0]]}"#, .syntax, "e[0][1]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[7,0,1,1,0,0]]}"#, .outOfRange, "e[0][0]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[2,0,1,1,0,0],[2,0,1,1,4,0]]}"#, .outOfRange, "e[1][4]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[0,0,1,4]]}"#, .outOfRange, "e[0][3]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[0,0,-1,0]]}"#, .outOfRange, "e[0][2]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[0,0,1,0],[1,9,15,0]]}"#, .outOfRange, "e[1][2]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[0,0,4294967295,0]]}"#, .outOfRange, "e[0][2]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[0,0,2.5,0]]}"#, .outOfRange, "e[0][2]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[2,0,1,1,0]]}"#, .syntax, "e[0]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[2,0,1e7,1,0,0]]}"#, .outOfRange, "e[0][2]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[2,1e9,1,1,0,0]]}"#, .outOfRange, "e[0][1]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[2,0,01,1,0,0]]}"#, .syntax, "e[0]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[2,0,1.,1,0,0]]}"#, .syntax, "e[0][2]"),
        (#"{"v":1,"seq":0,"t0":0,"e":[]} x"#, .syntax, "$"),
        (#"{"v":1,"seq":0,"t0":0,"e":[[2,0,1,1,0,0]"#, .syntax, "e"),
        (#"{"v":1,"seq":0,"t0":0,"x":"a\qb","e":[]}"#, .syntax, "$"),
        (#"{"v":1,"seq":0,"t0":0,"x":tru,"e":[]}"#, .syntax, "$"),
        (#"[1,2]"#, .syntax, "$"),
        ("", .syntax, "$"),
    ])
    func rejectsMalformedInputWithFieldAndReason(text: String, kind: WireDecodingError.Kind, field: String) {
        let error = failure(text)
        #expect(error?.kind == kind, "\(text): \(String(describing: error))")
        #expect(error?.field == field, "\(text): \(String(describing: error))")
        #expect(error?.reason.isEmpty == false)
    }

    @Test("a key outside the KeyClass codes is refused, naming the event and the key element")
    func keyOutsideKeyClassCodes() throws {
        let error = try #require(failure(#"{"v":1,"seq":0,"t0":0,"e":[[2,0,1,1,0,0],[0,5,14,0],[1,9,15,0]]}"#))
        #expect(error.kind == .outOfRange && error.field == "e[2][2]")
        #expect(error.reason.contains("key") && error.reason.contains("0...14"))
        for code in KeyClass.allCases {
            #expect(failure(#"{"v":1,"seq":0,"t0":0,"e":[[0,0,\#(code.rawValue),0]]}"#) == nil)
        }
    }

    @Test func offsetPointsAtTheBadValue() {
        let text = #"{"v":1,"seq":0,"t0":0,"e":[[2,0,1,1,9,0]]}"#
        let error = failure(text)
        let offset = Array(text.utf8).firstIndex(of: UInt8(ascii: "9"))
        #expect(error?.offset == offset)
    }

    @Test func limitsBoundEventsDepthAndSize() {
        let small = WireDecoder(
            limits: WireLimits(maximumBytes: 200, maximumEvents: 2, maximumEventElements: 7, maximumDepth: 3))
        func fails(_ text: String) -> WireDecodingError? {
            do {
                _ = try small.decode(Array(text.utf8))
                return nil
            } catch { return error }
        }
        #expect(fails(#"{"v":1,"seq":0,"t0":0,"e":[[0,0,1,0],[0,0,1,0],[0,0,1,0]]}"#)?.kind == .tooLarge)
        #expect(fails(#"{"v":1,"seq":0,"t0":0,"e":[],"x":[[[[1]]]]}"#)?.kind == .tooLarge)
        #expect(fails(#"{"v":1,"seq":0,"t0":0,"e":[[0,0,1,0,5,5,5,5]]}"#)?.kind == .tooLarge)
        #expect(fails(#"{"v":1,"seq":0,"t0":0,"e":[]}"# + String(repeating: " ", count: 300))?.kind == .tooLarge)
        #expect(fails(#"{"v":1,"seq":0,"t0":0,"e":[[0,0,1,0,5,5,5]]}"#) == nil)
    }

    @Test func deepNestingDoesNotOverflowTheStack() {
        let text = #"{"v":1,"seq":0,"t0":0,"x":"# + String(repeating: "[", count: 100_000) + "}"
        #expect(failure(text)?.kind == .tooLarge)
    }

    @Test func decodesNonContiguousCollections() throws {
        let text = #"{"v":1,"seq":4,"t0":10,"e":[[0,1,3,0]]}"#
        let batch = try decoder.decode(text.utf8.lazy.map { $0 })
        #expect(batch.seq == 4 && batch.keyEvents.first?.timestamp == 11)
    }
}
