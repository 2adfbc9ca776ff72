import Foundation
import Synchronization
import Testing

@testable import CadenceEngine

@Suite struct MouseEvaluationTests {
    @Test func separatesOwnersFromOthersOnARealSlice() throws {
        let root = try BalabitEvaluationSlice.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dataSet = try BalabitDataSet(root: root)
        var configuration = MouseEvaluation.Configuration.seeded(1)
        configuration.trainer.trees.treeCount = 30
        let calls = Mutex(0)
        let result = try MouseEvaluation.run(dataSet: dataSet, configuration: configuration) { _, total in
            calls.withLock { $0 += 1 }
            #expect(total == dataSet.allSessions.count + 3)
        }
        #expect(calls.withLock { $0 } == dataSet.allSessions.count + 3)
        #expect(result.sessions.count == 18)
        #expect(result.users.map(\.user) == BalabitEvaluationSlice.users)
        #expect(result.users.allSatisfy { $0.trainingActions > 20 && $0.testActions > 20 })
        #expect(result.sessionROC.genuineCount == 9 && result.sessionROC.impostorCount == 9)
        // The published anchor is 0.92 on the full data; a small slice must still separate well.
        #expect(result.sessionROC.auc >= 0.85)
        #expect(result.actionROC.auc > 0.6 && result.actionROC.auc < 1)
        #expect(result.sessions.allSatisfy { $0.score.isFinite })
        // Reproducible from the seed.
        let again = try MouseEvaluation.run(dataSet: dataSet, configuration: configuration)
        #expect(again.sessions == result.sessions)
    }
}
