import CadenceEngine
import Foundation

/// The tables, CSV and HTML report of a mouse evaluation.
struct MouseEvaluationSummary {
    let result: MouseEvaluation.Result
    let dataset: String

    /// Per-user table plus the overall rows.
    func table() -> TextTable {
        var table = TextTable(["user", "sessions", "labelled", "actions", "session AUC", "session EER", "action AUC"])
        for user in result.users {
            table.add([
                user.user + (user.trainingFailure == nil ? "" : " *"), "\(user.testSessions)",
                "\(user.labelledSessions)", "\(user.testActions)",
                Format.fixed(user.sessionAUC), Format.percent(user.sessionEER), Format.fixed(user.actionAUC),
            ])
        }
        let roc = result.sessionROC
        table.add([
            "all labelled", "\(result.sessions.count)", "\(roc.genuineCount + roc.impostorCount)",
            "\(result.users.filter { $0.trainingFailure == nil }.reduce(0) { $0 + $1.testActions })",
            Format.fixed(roc.auc),
            Format.percent(roc.equalErrorRate.rate), Format.fixed(result.actionROC.auc),
        ])
        return table
    }

    /// One line per user whose model could not be trained (marked `*` in the table), with why.
    func trainingFailures() -> [String] {
        result.users.compactMap { user in
            user.trainingFailure.map {
                "* \(user.user): not trained (\($0)); its \(user.testSessions) test sessions are not scored"
            }
        }
    }

    func text(elapsed: Double) -> String {
        var lines = [
            "Balabit mouse evaluation: \(dataset)",
            "per-user extra-trees on pointer actions vs other users' training actions; "
                + "session score = mean action score z-normalised per user",
            "",
            table().render(),
        ]
        lines += trainingFailures()
        lines += [
            "",
            "session-level AUC over all labelled test sessions together: \(Format.fixed(result.sessionROC.auc))",
            "action-level AUC: \(Format.fixed(result.actionROC.auc))",
            String(format: "time: %.1f s", elapsed),
        ]
        if !result.loadReport.summary.isEmpty { lines.append("loader: " + result.loadReport.summary) }
        return lines.joined(separator: "\n")
    }

    /// `user,session,score`, one row per test session, labelled or not.
    func scoresCSV() -> String {
        var csv = "user,session,score\n"
        for s in result.sessions {
            csv += "\(s.user),\(s.session),\(Format.score(s.score))\n"
        }
        return csv
    }

    func htmlReport() -> String {
        var report = HTMLReport(title: "Cadence: Balabit mouse evaluation")
        report.paragraph(
            "Data set: \(dataset). Per user: extra-trees on pointer actions (Antal & Egyed-Zsigmond 2019 features) "
                + "against other users' training actions; session score = mean action score z-normalised per user.")
        report.heading("Results")
        report.table(table())
        for line in trainingFailures() { report.paragraph(line) }
        report.heading("ROC and DET")
        var curves: [(name: String, curve: ROCCurve)] = [
            ("sessions, all users", result.sessionROC), ("actions, all users", result.actionROC),
        ]
        for user in result.users where user.labelledSessions > 0 {
            let sessions = result.sessions.filter { $0.user == user.user }
            curves.append(
                (
                    user.user,
                    ROCCurve(
                        genuine: sessions.filter { $0.isIllegal == false }.map(\.score),
                        impostor: sessions.filter { $0.isIllegal == true }.map(\.score))
                ))
        }
        report.curves(curves)
        return report.render()
    }
}
