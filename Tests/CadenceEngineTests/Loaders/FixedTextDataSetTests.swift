import Foundation
import Testing

@testable import CadenceEngine

@Suite struct FixedTextDataSetTests {
    @Test func cmuLayoutConvertsSecondsToMillisecondsAndSkipsMalformedRows() throws {
        let csv = """
            subject,sessionIndex,rep,H.period,DD.period.t,UD.period.t,H.t
            s002,1,1,0.1491,0.3979,0.2488,0.1069
            s002,1,2,0.1111,0.3451
            s002,1,3,0.1328,abc,0.0703,0.0938
            s003,1,1,-0.1000,0.2000,0.3000,0.1000
            s003,0,2,0.1000,0.2000,0.1000,0.1000

            s003,1,3,0.0900,0.0500,-0.0400,0.1100
            """
        let data = try FixedTextDataSet.parse(csv, file: "cmu.csv")
        #expect(data.layout == .cmu)
        #expect(data.featureNames == ["H.period", "DD.period.t", "UD.period.t", "H.t"])
        #expect(data.samples.count == 2)
        #expect(data.report.rowsRead == 2)
        #expect(data.report.rowsSkipped == 4)
        #expect(data.report.firstProblems.map(\.line) == [3, 4, 5, 6])
        #expect(data.report.firstProblems.allSatisfy { $0.file == "cmu.csv" })
        #expect(data.report.firstProblems[1].reason.contains("DD.period.t"))
        let first = data.samples[0]
        #expect(first.subject == "s002" && first.rep == 1 && first.line == 2)
        for (value, expected) in zip(first.timing, [149.1, 397.9, 248.8, 106.9]) {
            #expect(abs(value - expected) < 1e-9)
        }
        // Rollover: a negative up-down time is kept.
        #expect(data.samples[1].subject == "s003" && data.samples[1].line == 8)
        #expect(abs(data.samples[1].timing[2] + 40) < 1e-9)
        #expect(data.subjects == ["s002", "s003"])
    }

    @Test func pressReleaseLayoutBecomesHoldDownDownUpDown() throws {
        let csv = """
            user,press-0,release-0,press-1,release-1,press-2,release-2
            1,0,120,216,312,424,496
            1,0,95,80,200,300,330
            2,0,100,50,40,200,300
            2,0,100,x,150,200,300
            2,0,100,150,250
            """
        let data = try FixedTextDataSet.parse(csv, file: "raw.csv")
        #expect(data.layout == .pressRelease)
        #expect(data.featureNames == ["H.k0", "DD.k0.k1", "UD.k0.k1", "H.k1", "DD.k1.k2", "UD.k1.k2", "H.k2"])
        // Row 1: H 120, DD 216, UD 96, H 96, DD 208, UD 112, H 72.
        #expect(data.samples[0].timing == [120, 216, 96, 96, 208, 112, 72])
        // Row 2 (rollover: key 1 pressed at 80 while key 0 held until 95): UD −15.
        #expect(data.samples[1].timing == [95, 80, -15, 120, 220, 100, 30])
        #expect(data.samples[1].rep == 2)
        #expect(data.samples.count == 2)
        #expect(data.report.rowsSkipped == 3)
        #expect(data.report.firstProblems.map(\.line) == [4, 5, 6])
        #expect(data.report.firstProblems[0].reason.contains("release-1 is before press-1"))
    }

    @Test func unknownHeaderEmptyFileAndNoUsableRowsAreErrorsNamingTheFile() {
        #expect(throws: DataSetError.self) { try FixedTextDataSet.parse("a,b,c\n1,2,3\n", file: "x.csv") }
        #expect(throws: DataSetError.self) { try FixedTextDataSet.parse("", file: "x.csv") }
        #expect(throws: DataSetError.self) {
            try FixedTextDataSet.parse("user,press-0,release-0\n1,5,2\n", file: "x.csv")
        }
        do {
            _ = try FixedTextDataSet.load(path: "/nonexistent/keystrokes.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "/nonexistent/keystrokes.csv")
        }
    }

    @Test func readsTheRealKeystrokeChallengeFile() throws {
        let data = try FixedTextDataSet.load(path: KeystrokeChallenge.path)
        #expect(data.layout == .pressRelease)
        #expect(data.subjects.count == 110)
        #expect(data.samples.count == 880)
        #expect(data.featureNames.count == 37)  // 13 keys: 13 H + 12 DD + 12 UD
        #expect(data.report.rowsSkipped == 0)
        // First row of user 1: keys 0 and 1 at 0–120 and 216–312.
        #expect(Array(data.samples[0].timing.prefix(4)) == [120, 216, 96, 96])
    }
}

/// Location of the shared keystroke-challenge data set (read-only).
enum KeystrokeChallenge {
    static let path = "/work/shared/datasets/keystroke-challenge/keystroke.csv"
}
