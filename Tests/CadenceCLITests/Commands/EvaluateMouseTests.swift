import ArgumentParser
import Foundation
import Testing

@testable import CadenceCLI
@testable import CadenceEngine

@Suite struct EvaluateMouseTests {
    /// A synthetic Balabit-layout folder: each user moves at their own speed and clicks; test
    /// sessions of `user1` are by user1 (legal) and by user2 (illegal), one unlabelled.
    private func makeDataSet() throws -> String {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("evaluate-mouse-\(UUID())").path
        func session(speed: Double, seed: UInt64, actions: Int) -> String {
            var rng = SplitMix64(seed: seed)
            var rows = ["record timestamp,client timestamp,button,state,x,y"]
            var t = 0.0
            var x = 100.0
            for _ in 0..<actions {
                for _ in 0..<8 {
                    t += 0.016
                    x += speed * (0.8 + 0.4 * rng.nextUnit())
                    rows.append("0,\(t),NoButton,Move,\(Int(x) % 1000),\(200 + Int(rng.nextUnit() * 3))")
                }
                rows.append("0,\(t + 0.05),Left,Pressed,\(Int(x) % 1000),200")
                rows.append("0,\(t + 0.05 + 0.02 * speed),Left,Released,\(Int(x) % 1000),200")
                t += 0.5
            }
            return rows.joined(separator: "\n") + "\n"
        }
        let speeds = ["user1": 5.0, "user2": 15.0, "user3": 30.0]
        for (user, speed) in speeds {
            try fm.createDirectory(atPath: "\(root)/training_files/\(user)", withIntermediateDirectories: true)
            try session(speed: speed, seed: 1, actions: 60).write(
                toFile: "\(root)/training_files/\(user)/session_t\(user)", atomically: true, encoding: .utf8)
        }
        try fm.createDirectory(atPath: "\(root)/test_files/user1", withIntermediateDirectories: true)
        for (name, speed, seed) in [("session_a", 5.0, 2), ("session_b", 15.0, 3), ("session_c", 5.0, 4)] {
            try session(speed: speed, seed: UInt64(seed), actions: 15).write(
                toFile: "\(root)/test_files/user1/\(name)", atomically: true, encoding: .utf8)
        }
        try "filename,is_illegal\nsession_a,0\nsession_b,1\n".write(
            toFile: "\(root)/public_labels.csv", atomically: true, encoding: .utf8)
        return root
    }

    @Test func writesScoresJSONAndReport() async throws {
        let root = try makeDataSet()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let scores = root + "/scores.csv"
        let json = root + "/result.json"
        let report = root + "/report.html"
        let command = try EvaluateMouse.parse([
            "--dataset", root, "--scores", scores, "--json", json, "--report", report, "--no-progress", "--trees", "12",
            "--time-unit", "seconds", "--seed", "3",
        ])
        try await command.run()
        let lines = try String(contentsOfFile: scores, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "user,session,score")
        #expect(lines.count == 4)
        #expect(lines.dropFirst().map { $0.split(separator: ",")[1] } == ["session_a", "session_b", "session_c"])
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("user1,") })
        let decoded = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json)))
        let object = try #require(decoded as? [String: Any])
        #expect((object["sessions"] as? [Any])?.count == 3)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("user1"))
    }

    @Test func summaryTableAndCSVFromAResult() throws {
        let root = try makeDataSet()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var configuration = MouseEvaluation.Configuration.seeded(2)
        configuration.trainer.trees.treeCount = 12
        let result = try MouseEvaluation.run(dataSet: BalabitDataSet(root: root), configuration: configuration)
        let summary = MouseEvaluationSummary(result: result, dataset: root)
        let table = summary.table()
        #expect(
            table.headers == ["user", "sessions", "labelled", "actions", "session AUC", "session EER", "action AUC"])
        #expect(table.rows.map { $0[0] } == ["user1", "all labelled"])
        #expect(table.rows[0][1] == "3" && table.rows[0][2] == "2")
        // The fast user2 impersonating slow user1 scores higher than user1.
        let a = try #require(result.sessions.first { $0.session == "session_a" })
        let b = try #require(result.sessions.first { $0.session == "session_b" })
        #expect(b.score > a.score)
        #expect(summary.text(elapsed: 1).contains("session-level AUC"))
    }

    @Test func aUserWhoseTrainingFailsIsReportedWithTheReason() throws {
        let root = try makeDataSet()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // user4 has a test session but its training session holds no pointer action.
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(root)/training_files/user4", withIntermediateDirectories: true)
        try "record timestamp,client timestamp,button,state,x,y\n".write(
            toFile: "\(root)/training_files/user4/session_tuser4", atomically: true, encoding: .utf8)
        try fm.createDirectory(atPath: "\(root)/test_files/user4", withIntermediateDirectories: true)
        try fm.copyItem(atPath: "\(root)/test_files/user1/session_a", toPath: "\(root)/test_files/user4/session_d")
        var configuration = MouseEvaluation.Configuration.seeded(2)
        configuration.trainer.trees.treeCount = 12
        let result = try MouseEvaluation.run(dataSet: BalabitDataSet(root: root), configuration: configuration)

        let failed = try #require(result.users.first { $0.user == "user4" })
        #expect(failed.trainingFailure?.contains("needs at least one genuine action") == true)
        #expect(failed.testSessions == 1 && failed.sessionAUC.isNaN)
        #expect(result.users.first { $0.user == "user1" }?.trainingFailure == nil)
        #expect(!result.sessions.contains { $0.user == "user4" })

        let summary = MouseEvaluationSummary(result: result, dataset: root)
        #expect(summary.table().rows.map { $0[0] } == ["user1", "user4 *", "all labelled"])
        #expect(
            summary.text(elapsed: 1).contains("* user4: not trained (extra-trees: needs at least one genuine action)"))
        try OutputFile.writeJSON(result, to: root + "/result.json")
        let json = try String(contentsOfFile: root + "/result.json", encoding: .utf8)
        #expect(json.contains(#""trainingFailure" : "extra-trees: needs at least one genuine action""#))
    }

    @Test func namesAMissingDataSet() async throws {
        let missing = "/nonexistent/balabit-\(UUID())"
        let command = try EvaluateMouse.parse(["--dataset", missing, "--no-progress"])
        do {
            try await command.run()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains(missing))
        }
    }
}
