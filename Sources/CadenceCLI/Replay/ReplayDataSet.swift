import CadenceEngine
import Foundation

/// Sessions of a data set in the Balabit layout, for `cadence replay`.
///
/// `training_files/<user>/session_*`, `test_files/<user>/session_*`, optional `public_labels.csv`.
/// Rows: `record timestamp,client timestamp,button,state,x,y` (client timestamp in seconds).
struct ReplayDataSet {
    struct Session {
        var user: String
        var name: String
        var path: String
        var illegal: Bool?
    }

    /// Users whose test sessions are replayed.
    var users: [String]
    /// Every user of the data set: all are enrolled, so each one's population holds the others.
    var allUsers: [String]
    var training: [String: [Session]]
    var tests: [String: [Session]]

    init(root: String, users only: [String]) throws {
        let fm = FileManager.default
        let trainingRoot = (root as NSString).appendingPathComponent("training_files")
        guard let found = try? fm.contentsOfDirectory(atPath: trainingRoot) else {
            throw DataSetError(path: trainingRoot, reason: "not a Balabit-layout folder (no training_files)")
        }
        var labels: [String: Bool] = [:]
        if let text = try? String(
            contentsOfFile: (root as NSString).appendingPathComponent("public_labels.csv"), encoding: .utf8)
        {
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                let f = line.split(separator: ",")
                if f.count == 2 { labels[String(f[0])] = f[1].trimmingCharacters(in: .whitespaces) == "1" }
            }
        }
        func number(_ s: String) -> Int { Int(s.filter(\.isNumber)) ?? 0 }
        allUsers = found.filter { $0.hasPrefix("user") }.sorted { (number($0), $0) < (number($1), $1) }
        users = allUsers.filter { only.isEmpty || only.contains($0) }
        training = [:]
        tests = [:]
        for user in allUsers {
            for (split, isTest) in [("training_files", false), ("test_files", true)] {
                let folder = ((root as NSString).appendingPathComponent(split) as NSString).appendingPathComponent(user)
                let names = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("session_") }
                    .sorted()
                let sessions = names.map {
                    Session(
                        user: user, name: $0, path: (folder as NSString).appendingPathComponent($0),
                        illegal: isTest ? labels[$0] : false)
                }
                if isTest { tests[user] = sessions } else { training[user] = sessions }
            }
        }
        guard !users.isEmpty else { throw DataSetError(path: root, reason: "no user folders selected") }
    }

    /// The session's pointer events, client timestamps in milliseconds; malformed rows are skipped.
    static func events(of session: Session) throws -> [PointerEvent] {
        guard let data = FileManager.default.contents(atPath: session.path) else {
            throw DataSetError(path: session.path, reason: "cannot read")
        }
        var events: [PointerEvent] = []
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 6, let t = Double(f[1]), let x = Double(f[4]), let y = Double(f[5]),
                t.isFinite, x.isFinite, y.isFinite
            else { continue }
            let button: PointerEvent.Button =
                switch f[2] {
                case "Left": .left
                case "Right": .right
                default: .none
                }
            let kind: PointerEvent.Kind =
                switch (f[2], f[3]) {
                case ("Scroll", _): .wheel
                case (_, "Pressed"): .down
                case (_, "Released"): .up
                case (_, "Drag"): .drag
                default: .move
                }
            events.append(PointerEvent(kind, timestamp: t * 1000, x: x, y: y, button: button))
        }
        return events
    }
}
