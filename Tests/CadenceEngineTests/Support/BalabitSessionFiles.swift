import Foundation

@testable import CadenceEngine

/// Reads sessions of the shipped Balabit data set for tests (read-only, small slices).
enum BalabitSessionFiles {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let local = url.appendingPathComponent("../shared/datasets/balabit").standardized
        if FileManager.default.fileExists(atPath: local.path) { return local }
        return URL(fileURLWithPath: "/work/shared/datasets/balabit")
    }()

    static func sessions(_ split: String, user: String) -> [URL] {
        let folder = root.appendingPathComponent(split).appendingPathComponent(user)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("session_") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Pointer events of one session file, client timestamps in milliseconds, at most `limit` rows.
    static func events(_ url: URL, limit: Int = .max) -> [PointerEvent] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var events: [PointerEvent] = []
        for line in text.split(separator: "\n").dropFirst() {
            if events.count >= limit { break }
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 6, let t = Double(f[1]), let x = Double(f[4]), let y = Double(f[5]) else { continue }
            let button: PointerEvent.Button =
                switch f[2] {
                case "Left": .left
                case "Right": .right
                default: .none
                }
            let kind: PointerEvent.Kind
            switch (f[2], f[3]) {
            case ("Scroll", _): kind = .wheel
            case (_, "Pressed"): kind = .down
            case (_, "Released"): kind = .up
            case (_, "Drag"): kind = .drag
            default: kind = .move
            }
            events.append(PointerEvent(kind, timestamp: t * 1000, x: x, y: y, button: button))
        }
        return events
    }

    static func labels() -> [String: Bool] {
        let url = root.appendingPathComponent("public_labels.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var labels: [String: Bool] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            if f.count == 2 { labels[String(f[0])] = f[1].trimmingCharacters(in: .whitespaces) == "1" }
        }
        return labels
    }
}
