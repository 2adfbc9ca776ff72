import Testing

@testable import CadenceEngine

@Suite("Step-up results change trust and decision")
struct StepUpTests {
    let pipeline = SessionPipeline()

    /// A session challenged for low trust (trust 60, challenge below 92).
    func challenged() -> SessionState {
        var state = pipeline.start(authenticated: false, models: .none)
        state.trust = 60
        state.minimumTrust = 60
        state.decision = .challenge
        return state
    }

    /// Four clicks, each after an instant jump of the pointer (WebDriver-style): automated input.
    static let teleportClicks: WireBatch = {
        var events = [PointerEvent(.move, timestamp: 0, x: 0, y: 0)]
        for i in 0..<4 {
            let base = Double(i) * 1000
            let x = 100 + 200 * Double(i)
            events.append(PointerEvent(.move, timestamp: base + 500, x: x, y: 100))
            events.append(PointerEvent(.down, timestamp: base + 501, x: x, y: 100, button: .left))
            events.append(PointerEvent(.up, timestamp: base + 560, x: x, y: 100, button: .left))
        }
        return WireBatch(seq: 0, t0: 0, pointerEvents: events)
    }()

    @Test("passed restores the initial trust and the session is allowed again, with the reason first")
    func passedRestoresInitialTrust() {
        var state = challenged()
        let previous = state.decision
        pipeline.stepUp(.passed, state: &state)
        #expect(state.trust == TrustParameters.standard.initialTrust)
        #expect(state.decision == .allow && previous == .challenge && state.decision != previous)
        #expect(state.reasons.first?.code == "step-up-passed")
        #expect(state.minimumTrust == 60)
    }

    @Test("passed restores the tenant's level, and never lowers trust already above it")
    func passedRestoresConfiguredLevel() {
        var state = challenged()
        pipeline.stepUp(.passed, state: &state, policy: StepUpPolicy(restoredTrust: 95))
        #expect(state.trust == 95 && state.decision == .allow)
        var high = pipeline.start(authenticated: false, models: .none)
        high.trust = 99
        pipeline.stepUp(.passed, state: &high, policy: StepUpPolicy(restoredTrust: 95))
        #expect(high.trust == 99)
        var low = challenged()
        pipeline.stepUp(.passed, state: &low, policy: StepUpPolicy(restoredTrust: 80))
        #expect(low.trust == 80 && low.decision == .challenge)
    }

    @Test("failed drops trust to 0 and blocks; a later pass does not lift a final block")
    func failedBlocks() {
        var state = challenged()
        pipeline.stepUp(.failed, state: &state)
        #expect(state.decision == .block && state.trust == 0 && state.minimumTrust == 0)
        #expect(state.reasons.first?.code == "step-up-failed")
        #expect(state.samplesUntilBlock == 0)
        pipeline.stepUp(.passed, state: &state)
        #expect(state.decision == .block)
        #expect(state.reasons.contains { $0.code == "blocked-earlier" })
    }

    @Test("a session challenged as automated continues as allow after a pass; new automated input challenges again")
    func passedRestartsAutomationEvidence() {
        var state = pipeline.start(authenticated: false, models: .none)
        pipeline.process(Self.teleportClicks, state: &state, models: .none)
        #expect(state.automation.level == .automated && state.decision == .challenge)
        pipeline.stepUp(.passed, state: &state)
        #expect(state.automation.level == .human && state.decision == .allow)
        var again = Self.teleportClicks
        again.seq = 1
        again.pointerEvents = again.pointerEvents.map {
            var event = $0
            event.timestamp += 10_000
            return event
        }
        pipeline.process(again, state: &state, models: .none)
        #expect(state.decision == .challenge)
    }
}
