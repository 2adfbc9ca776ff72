import Foundation
import Testing

@testable import CadenceEngine

@Suite struct BalabitDataSetTests {
    @Test func readsTheFolderLayoutAndLabels() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("balabit-layout-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        for path in ["training_files/user12", "training_files/user7", "test_files/user7"] {
            try fm.createDirectory(atPath: root + "/" + path, withIntermediateDirectories: true)
        }
        let row = "record timestamp,client timestamp,button,state,x,y\n0,0,NoButton,Move,1,1\n"
        for file in [
            "training_files/user7/session_a", "training_files/user12/session_b", "test_files/user7/session_c",
            "test_files/user7/session_d", "test_files/user7/session_e",
        ] {
            try row.write(toFile: root + "/" + file, atomically: true, encoding: .utf8)
        }
        try "filename,is_illegal\nsession_c,1\nsession_d,0\nbroken\n".write(
            toFile: root + "/public_labels.csv", atomically: true, encoding: .utf8)
        let dataSet = try BalabitDataSet(root: root)
        #expect(dataSet.users == ["user7", "user12"])
        #expect(dataSet.trainingSessions["user7"]?.map(\.session) == ["session_a"])
        #expect(dataSet.testSessions["user7"]?.map(\.isIllegal) == [true, false, nil])
        #expect(dataSet.labelReport.rowsSkipped == 1)
        #expect(dataSet.labelReport.firstProblems.first?.line == 4)
        #expect(dataSet.allSessions.count == 5)
    }

    @Test func namesAMissingOrWrongFolder() throws {
        let missing = "/nonexistent/balabit-\(UUID())"
        do {
            _ = try BalabitDataSet(root: missing)
            Issue.record("expected an error")
        } catch {
            #expect(error.path == missing)
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("balabit-empty-\(UUID())").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: DataSetError.self) { try BalabitDataSet(root: empty) }
    }
}
