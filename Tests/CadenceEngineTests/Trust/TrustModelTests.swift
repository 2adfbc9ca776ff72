import Foundation
import Testing

@testable import CadenceEngine

@Suite struct TrustModelTests {
    let model = TrustModel(parameters: TrustParameters(takeoverPrior: 0.01))

    @Test func noEvidenceGivesThePrior() {
        #expect(abs(model.trust(logLikelihoodRatio: 0) - 99) < 1e-9)
        #expect(model.parameters.initialTrust == 99)
    }

    @Test func trustIsThePosteriorOfTheOwner() {
        // llr = log 99: odds of someone else 99 · 1/99 = 1 → trust 50.
        #expect(abs(model.trust(logLikelihoodRatio: log(99)) - 50) < 1e-9)
        // More evidence against the owner, less trust; bounded in 0...100.
        var previous = 100.0
        for llr in stride(from: -20.0, through: 40, by: 0.5) {
            let t = model.trust(logLikelihoodRatio: llr)
            #expect(t <= previous && t >= 0 && t <= 100)
            previous = t
        }
        #expect(model.trust(logLikelihoodRatio: .infinity) == 0)
        #expect(model.trust(logLikelihoodRatio: .nan) == 0)
    }

    @Test func logLikelihoodRatioAtTrustInvertsTrust() {
        for t in [1.0, 25, 50, 92, 99.5] {
            #expect(abs(model.trust(logLikelihoodRatio: model.logLikelihoodRatio(atTrust: t)) - t) < 1e-9)
        }
    }

    @Test func parametersAreSanitised() {
        let m = TrustModel(
            parameters: TrustParameters(
                takeoverPrior: 3, evidenceHalfLife: -1, minimumEvidenceToBlock: .nan, loginSampleWeight: 1e9))
        #expect(m.parameters.takeoverPrior == 0.5 && m.parameters.evidenceHalfLife == 1)
        #expect(m.parameters.minimumEvidenceToBlock == 30 && m.parameters.loginSampleWeight == 10)
    }

    @Test func logLikelihoodRatioMapsToGenuineness() {
        #expect(TrustModel.genuineness(logLikelihoodRatio: 0) == 0.5)
        #expect(abs(TrustModel.genuineness(logLikelihoodRatio: log(3)) - 0.25) < 1e-12)
        #expect(TrustModel.genuineness(logLikelihoodRatio: .infinity) == 0)
    }

    @Test func aniaAndAngaAverageActionsOfLockedOutSessions() {
        var stats = LockoutStatistics()
        stats.add(trustTimeline: [100, 95, 88, 91, 85], lockoutBelow: 90)  // locked at action 3
        stats.add(trustTimeline: [99, 98, 97], lockoutBelow: 90)  // never
        stats.add(trustTimeline: [80], lockoutBelow: 90)  // locked at action 1
        #expect(stats.sessions == 3 && stats.lockedOut == 2)
        #expect(stats.averageActionsBeforeLockout == 2)
        #expect(stats.actionsOfSessionsNotLockedOut == 3)
        #expect(abs(stats.lockoutRate - 2.0 / 3) < 1e-12)
    }
}

@Suite struct SessionEvidenceModelTests {
    let model = SessionEvidenceModel(
        genuine: ScoreSpread(mean: -1, withinSession: 1, betweenSessions: 0.3, sessions: 5),
        impostor: ScoreSpread(mean: 1, withinSession: 1, betweenSessions: 0.3, sessions: 9))

    @Test func equalVariancesGiveTheNormalLikelihoodRatio() {
        for n in [1.0, 10, 100] {
            let v = 0.09 + 1 / n
            for m in [-2.0, -0.5, 0, 0.7, 2] {
                let exact = (-(m - 1) * (m - 1) + (m + 1) * (m + 1)) / (2 * v)
                #expect(abs(model.logLikelihoodRatio(mean: m, count: n) - exact) < 1e-9)
            }
        }
    }

    @Test func evidenceGrowsWithTheSamplesButIsBoundedByDrift() {
        let few = model.logLikelihoodRatio(mean: 1, count: 3)
        let many = model.logLikelihoodRatio(mean: 1, count: 300)
        let endless = model.logLikelihoodRatio(mean: 1, count: 1e9)
        #expect(few > 0 && many > few && endless >= many)
        // The limit is 2Δ·m / (2τ²) at m = 1: 2 / 0.09 ≈ 22.2, however long the session.
        #expect(endless < 2 / 0.09 + 1e-6)
        #expect(model.logLikelihoodRatio(mean: 1, count: 0) == 0)
    }

    @Test func aMoreOwnerLikeMeanNeverLooksLessLikeTheOwner() {
        let uneven = SessionEvidenceModel(
            genuine: ScoreSpread(mean: -1, withinSession: 0.5, betweenSessions: 0.2, sessions: 5),
            impostor: ScoreSpread(mean: 1.5, withinSession: 1.5, betweenSessions: 1.4, sessions: 9))
        var previous = -Double.infinity
        for k in -40...40 {
            let llr = uneven.logLikelihoodRatio(mean: Double(k) / 10, count: 50)
            #expect(llr > previous)
            previous = llr
        }
    }

    @Test func spreadSeparatesDriftFromNoise() {
        // Three sessions whose means differ by ±1 and whose samples vary by ±0.1 around them.
        let sessions = [-1.0, 0, 1].map { m in (0..<50).map { m + ($0.isMultiple(of: 2) ? 0.1 : -0.1) } }
        let spread = try! #require(ScoreSpread.fit(sessions))
        #expect(abs(spread.mean) < 1e-9)
        #expect(abs(spread.withinSession - 0.1) < 0.01)
        #expect(abs(spread.betweenSessions - 1) < 0.01)
        #expect(spread.sessions == 3)
        // The same groups as blocks of one session: the same figures, from one session.
        let blocks = try! #require(ScoreSpread.fit(sessions, separateSessions: 1))
        #expect(blocks.sessions == 1 && blocks.betweenSessions == spread.betweenSessions)
        // One session: no drift to measure, the floor of twice the minimum share.
        let one = try! #require(ScoreSpread.fit([sessions[0]]))
        #expect(abs(one.betweenSessions - 2 * ScoreSpread.minimumBetweenShare * one.withinSession) < 1e-9)
        #expect(ScoreSpread.fit([[], [.nan]]) == nil)
    }

    @Test func accumulatorForgetsOldSamplesByHalfLife() {
        var a = EvidenceAccumulator()
        for _ in 0..<200 { a.add(-1, halfLife: 10) }
        for _ in 0..<10 { a.add(1, halfLife: 10) }
        // After one half-life of +1 the weighted mean is halfway back: about 0.
        #expect(abs(a.mean) < 0.05)
        // Kish's effective count of a long geometric run: (1 + r) / (1 - r) with r = 2^(-1/10).
        let r = pow(0.5, 0.1)
        #expect(abs(a.effectiveCount - (1 + r) / (1 - r)) < 0.1)
        #expect(a.samples == 210)
    }
}
