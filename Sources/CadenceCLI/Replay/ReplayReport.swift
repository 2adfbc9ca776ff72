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

    /// One line per user: labelled sessions as in ``summary(_:)``, and for unlabelled ones the
    /// share that reached each decision.
    static func perUser(_ results: [ContinuousEvaluation.SessionResult]) -> String {
        var table = TextTable([
            "user", "legal", "legal blocked", "legal challenged", "illegal", "illegal detected", "ANIA", "unlabelled",
            "unlabelled blocked", "unlabelled challenged",
        ])
        func pct(_ n: Int, _ d: Int) -> String {
            d == 0 ? "-" : String(format: "%d (%.1f%%)", n, 100 * Double(n) / Double(d))
        }
        var users: [String] = []
        for r in results where !users.contains(r.user) { users.append(r.user) }
        for user in users {
            let mine = results.filter { $0.user == user }
            let s = ContinuousEvaluation.Summary(mine)
            let unlabelled = mine.filter { $0.illegal == nil }
            let blocked = unlabelled.filter { $0.actionsUntilBlock != nil }.count
            let challenged = unlabelled.filter { $0.actionsUntilChallenge != nil || $0.decision >= .challenge }.count
            table.add([
                user, String(s.legalSessions), pct(s.legalBlocked, s.legalSessions),
                pct(s.legalChallenged, s.legalSessions), String(s.illegalSessions),
                pct(s.illegalDetected, s.illegalSessions), s.ania.map { String(format: "%.1f", $0) } ?? "-",
                String(unlabelled.count), pct(blocked, unlabelled.count), pct(challenged, unlabelled.count),
            ])
        }
        return table.render()
    }
}
