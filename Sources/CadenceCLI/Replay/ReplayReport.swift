import CadenceEngine
import Foundation

/// Prints replay results: one line per session, then the detection summary over labelled sessions.
enum ReplayReport {
    static func table(_ results: [ContinuousEvaluation.SessionResult]) -> String {
        var table = TextTable([
            "user", "session", "label", "decision", "min trust", "actions", "to challenge", "to block",
        ])
        for r in results {
            table.add([
                r.user, r.session, r.illegal.map { $0 ? "illegal" : "legal" } ?? "-", r.decision.rawValue,
                String(format: "%.1f", r.minTrust), String(r.actions), r.actionsUntilChallenge.map(String.init) ?? "-",
                r.actionsUntilBlock.map(String.init) ?? "-",
            ])
        }
        return table.render()
    }

    static func summary(_ results: [ContinuousEvaluation.SessionResult]) -> String {
        let s = ContinuousEvaluation.Summary(results)
        guard s.illegalSessions + s.legalSessions > 0 else { return "no labelled sessions" }
        func pct(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
        var lines = [
            "illegal sessions detected (challenge or block): \(s.illegalDetected)/\(s.illegalSessions) = \(pct(s.detectionRate))",
            "illegal sessions blocked: \(s.illegalBlocked)/\(s.illegalSessions)",
            "legal sessions ever blocked: \(s.legalBlocked)/\(s.legalSessions) = \(pct(s.legalBlockRate))",
            "legal sessions ever challenged: \(s.legalChallenged)/\(s.legalSessions) = \(pct(s.legalChallengeRate))",
        ]
        lines.append("ANIA (impostor actions before challenge): " + (s.ania.map { String(format: "%.1f", $0) } ?? "-"))
        lines.append("ANGA (genuine actions before challenge): " + (s.anga.map { String(format: "%.1f", $0) } ?? "-"))
        return lines.joined(separator: "\n")
    }
}
