import Foundation
import Testing

@testable import CadenceEngine

/// The continuous-authentication protocol offline on a small labelled slice of Balabit.
@Suite struct ContinuousEvaluationTests {
    @Test func detectsMostIllegalSessionsAndBlocksFewLegalOnes() {
        let labels = BalabitSessionFiles.labels()
        var users: [ContinuousEvaluation.User] = []
        for user in ["user7", "user9", "user12", "user15", "user16"] {
            let training = BalabitSessionFiles.sessions("training_files", user: user).prefix(2).map {
                BalabitSessionFiles.events($0, limit: 5000)
            }
            // The first labelled test sessions of each kind.
            let labelled = BalabitSessionFiles.sessions("test_files", user: user).filter {
                labels[$0.lastPathComponent] != nil
            }
            let illegal = labelled.filter { labels[$0.lastPathComponent] == true }.prefix(6)
            let legal = labelled.filter { labels[$0.lastPathComponent] == false }.prefix(6)
            let tests = (illegal + legal).map {
                ContinuousEvaluation.TestSession(
                    name: $0.lastPathComponent, events: BalabitSessionFiles.events($0),
                    illegal: labels[$0.lastPathComponent])
            }
            users.append(ContinuousEvaluation.User(name: user, training: training, tests: tests))
        }
        let evaluation = ContinuousEvaluation(pipeline: SessionPipeline(enrolment: SessionFixtures.enrolment))
        let results = evaluation.run(users)
        let summary = ContinuousEvaluation.Summary(results)
        print(
            "offline slice: detected \(summary.illegalDetected)/\(summary.illegalSessions), legal blocked \(summary.legalBlocked)/\(summary.legalSessions), challenged \(summary.legalChallenged), ANIA \(summary.ania ?? -1)"
        )
        #expect(summary.illegalSessions == 30 && summary.legalSessions == 30)
        #expect(summary.detectionRate >= 0.5)
        #expect(summary.legalBlockRate <= 0.2)
        #expect((summary.ania ?? 0) > 0)
    }
}
