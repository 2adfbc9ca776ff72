import Testing

@testable import CadenceEngine

@Suite struct PolicyTests {
    let policy = Policy(challengeBelow: 85, blockBelow: 40, onSuspiciousAutomation: .allow, onAutomation: .challenge)

    @Test func trustMapsToDecisions() {
        #expect(policy.decide(trust: 90, automation: .human).decision == .allow)
        #expect(policy.decide(trust: 84.9, automation: .human).decision == .challenge)
        #expect(policy.decide(trust: 85, automation: .human).decision == .allow)
        let blocked = policy.decide(trust: 12, automation: .human)
        #expect(blocked.decision == .block && blocked.reasons.map(\.code) == ["trust-below-block"])
    }

    @Test func automationRaisesTheDecision() {
        let bot = AutomationVerdict(
            level: .automated, reasons: [DecisionReason(code: "automation-teleport", message: "jumps")])
        let result = policy.decide(trust: 100, automation: bot)
        #expect(result.decision == .challenge && result.reasons.map(\.code) == ["automation-teleport"])
        #expect(policy.decide(trust: 30, automation: bot).decision == .block)
    }

    @Test func blockIsFinalUnlessConfiguredOtherwise() {
        #expect(policy.decide(trust: 99, automation: .human, previous: .block).decision == .block)
        var lenient = policy
        lenient.blockIsFinal = false
        #expect(lenient.decide(trust: 99, automation: .human, previous: .block).decision == .allow)
    }

    @Test func decisionsAreOrderedBySeverity() {
        #expect(Decision.allow < .challenge && Decision.challenge < .block)
    }
}
