import Foundation
import Testing

@testable import CadenceEngine

@Suite struct TrustModelTests {
    // A = 0.5, B = 0.1, C = 1, D = 6.
    let model = TrustModel(parameters: TrustParameters(threshold: 0.5, width: 0.1, maximumReward: 1, maximumPenalty: 6))

    @Test func thresholdScoreLeavesTrustUnchanged() {
        #expect(abs(model.delta(genuineness: 0.5)) < 1e-12)
    }

    @Test func knownValues() {
        // sc = 0.6: exp(-1) = 0.367879; -6 + 6·2 / (1 + 0.367879) = 2.772… → capped at C = 1.
        #expect(model.delta(genuineness: 0.6) == 1)
        // sc = 0.45: exp(0.5) = 1.648721; -6 + 12 / 2.648721 = -1.469512.
        #expect(abs(model.delta(genuineness: 0.45) - (-1.469512)) < 1e-6)
        // sc = 0.2: exp(3) = 20.085537; -6 + 12 / 21.085537 = -5.430890.
        #expect(abs(model.delta(genuineness: 0.2) - (-5.430890)) < 1e-6)
        // sc = 0: tends to -D.
        #expect(abs(model.delta(genuineness: 0) - (-6 + 12 / (1 + exp(5.0)))) < 1e-12)
    }

    @Test func penaltyIsMonotoneAndBounded() {
        var previous = -Double.infinity
        for k in 0...100 {
            let d = model.delta(genuineness: Double(k) / 100)
            #expect(d >= previous - 1e-12)
            #expect(d >= -6 && d <= 1)
            previous = d
        }
    }

    @Test func trustStaysInRange() {
        var trust = 100.0
        trust = model.update(trust, genuineness: 0.9)
        #expect(trust == 100)
        for _ in 0..<30 { trust = model.update(trust, genuineness: 0.0) }
        #expect(trust == 0)
        #expect(model.update(50, genuineness: .nan) == 44)
    }

    @Test func logLikelihoodRatioMapsToGenuineness() {
        #expect(TrustModel.genuineness(logLikelihoodRatio: 0) == 0.5)
        #expect(abs(TrustModel.genuineness(logLikelihoodRatio: log(3)) - 0.25) < 1e-12)
        #expect(TrustModel.genuineness(logLikelihoodRatio: .infinity) == 0)
        #expect(model.update(80, logLikelihoodRatio: log(3)) == model.update(80, genuineness: 0.25))
    }

    @Test func loginSampleSetsInitialTrust() {
        let m = TrustModel(parameters: TrustParameters(width: 0.1, maximumPenalty: 6, loginSampleWeight: 4))
        #expect(m.initialTrust(loginGenuineness: nil) == 100)
        #expect(m.initialTrust(loginGenuineness: 0.9) == 100)
        #expect(abs(m.initialTrust(loginGenuineness: 0.2) - (100 + 4 * -5.430890)) < 1e-5)
    }

    @Test func parametersAreSanitised() {
        let m = TrustModel(
            parameters: TrustParameters(threshold: 3, width: -1, maximumReward: .nan, maximumPenalty: 1e9))
        #expect(m.parameters.threshold == 1 && m.parameters.width == 1e-3)
        #expect(m.parameters.maximumReward == 1 && m.parameters.maximumPenalty == 100)
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
