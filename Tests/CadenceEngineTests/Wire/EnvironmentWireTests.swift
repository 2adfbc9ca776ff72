import Foundation
import Testing

@testable import CadenceEngine

@Suite("The batch's env object: flags and counts, strictly checked")
struct EnvironmentWireTests {
    let decoder = WireDecoder()

    func decode(env: String) throws(WireDecodingError) -> WireBatch {
        try decoder.decode(
            Array(#"{"v":1,"seq":0,"t0":1000,"e":[[2,1,5,6,0,0]],"env":"#.utf8) + Array(env.utf8) + [125])
    }

    func failure(env: String) -> WireDecodingError? {
        do {
            _ = try decode(env: env)
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesEveryMember() throws {
        let env =
            #"{"wd":true,"hl":true,"cdc":7,"wdg":true,"win":true,"ut":2,"pm":40,"mvx":3,"co0":4,"com":5,"#
            + #""psz":6,"frac":8,"iv":39,"fast":12,"foc":2,"vis":1,"hid":3,"paste":1}"#
        let report = try #require(try decode(env: env).environment)
        #expect(report.webdriver && report.headless && report.patchedWebdriver && report.windowLargerThanScreen)
        #expect(report.driverGlobals == 7 && report.untrustedEvents == 2 && report.mouseMoves == 40)
        #expect(report.movementMismatches == 3 && report.coalescedNone == 4 && report.coalescedMany == 5)
        #expect(report.pointerShapeMismatches == 6 && report.fractionalMouse == 8)
        #expect(report.moveIntervals == 39 && report.fastMoveIntervals == 12)
        #expect(report.focusChanges == 2 && report.visibilityChanges == 1 && report.hiddenInput == 3)
        #expect(report.pastesWithoutTyping == 1)
    }

    @Test func decodesTheMotionCountsAndReadsReportsStoredBeforeThem() throws {
        let report = try #require(try decode(env: #"{"mot":120,"sj":80}"#).environment)
        #expect(report.motionIntervals == 120 && report.sparseJumps == 80)
        // A report stored before the motion counts existed has neither key.
        var older = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        older["motionIntervals"] = nil
        older["sparseJumps"] = nil
        #expect(older.count == 18)
        let read = try JSONDecoder().decode(EnvironmentReport.self, from: JSONSerialization.data(withJSONObject: older))
        #expect(read == EnvironmentReport())
    }

    @Test func aBatchWithoutEnvHasNoReportAndAnEmptyOneIsEmpty() throws {
        let without = try decoder.decode(Array(#"{"v":1,"seq":0,"t0":1000,"e":[]}"#.utf8))
        #expect(without.environment == nil)
        let empty = try #require(try decode(env: "{ }").environment)
        #expect(empty.isEmpty)
        let falses = try #require(try decode(env: #"{"wd":false,"cdc":0}"#).environment)
        #expect(falses.isEmpty)
    }

    @Test func unknownFlagsAndCountsAreSkipped() throws {
        let report = try #require(try decode(env: #"{"newFlag":true,"wd":true,"n2":12}"#).environment)
        #expect(report.webdriver)
    }

    @Test(arguments: [
        (#""x""#, "env"),
        ("null", "env"),
        ("[1]", "env"),
        (#"{"wd":1}"#, "env.wd"),
        (#"{"wd":"yes"}"#, "env.wd"),
        (#"{"cdc":-1}"#, "env.cdc"),
        (#"{"cdc":1.5}"#, "env.cdc"),
        (#"{"cdc":true}"#, "env.cdc"),
        (#"{"cdc":100001}"#, "env.cdc"),
        (#"{"cdc":1,"cdc":2}"#, "env.cdc"),
        (#"{"ua":"HeadlessChrome"}"#, "env.ua"),
        (#"{"gl":{"r":1}}"#, "env.gl"),
        (#"{"a-b":1}"#, "env"),
        (#"{"iv":3,"fast":4}"#, "env.fast"),
        (#"{"pm":1,"mvx":2}"#, "env.mvx"),
        (#"{"wd":true,"#, "env"),
    ])
    func refusesWhatIsNotAFlagOrACount(env: String, field: String) {
        let error = failure(env: env)
        #expect(error?.field == field, "\(env): \(String(describing: error))")
        #expect(error?.reason.isEmpty == false)
    }

    @Test func refusesADuplicateEnvAndTooManyMembers() {
        let twice = #"{"v":1,"seq":0,"t0":1,"e":[],"env":{},"env":{}}"#
        #expect(throws: WireDecodingError.self) { try decoder.decode(Array(twice.utf8)) }
        let many = "{" + (0..<33).map { "\"m\($0)\":1" }.joined(separator: ",") + "}"
        #expect(failure(env: many)?.kind == .tooLarge)
    }

    @Test func theEncoderWritesEnvAndItRoundTrips() throws {
        var report = EnvironmentReport()
        report.webdriver = true
        report.driverGlobals = 7
        report.moveIntervals = 30
        report.fastMoveIntervals = 9
        let batch = WireBatch(
            seq: 3, t0: 1000, pointerEvents: [PointerEvent(.move, timestamp: 1001, x: 1, y: 2)], environment: report)
        let bytes = WireEncoder.encode(batch)
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix(#","env":{"wd":true,"cdc":7,"iv":30,"fast":9}}"#))
        #expect(try decoder.decode(bytes) == batch)
        let plain = WireBatch(seq: 3, t0: 1000)
        #expect(!String(decoding: WireEncoder.encode(plain), as: UTF8.self).contains("env"))
        #expect(try decoder.decode(WireEncoder.encode(plain)) == plain)
    }
}
