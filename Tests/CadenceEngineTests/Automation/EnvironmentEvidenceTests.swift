import Testing

@testable import CadenceEngine

@Suite("Environment evidence: definitive traces are automated, adaptive leftovers at most suspicious")
struct EnvironmentEvidenceTests {
    func verdict(_ change: (inout EnvironmentReport) -> Void) -> AutomationVerdict {
        var report = EnvironmentReport()
        change(&report)
        var evidence = EnvironmentEvidence()
        evidence.add(report)
        return evidence.verdict()
    }

    @Test func eachDefinitiveTraceAloneIsAutomated() {
        let cases: [(String, (inout EnvironmentReport) -> Void)] = [
            ("automation-env-webdriver", { $0.webdriver = true }),
            ("automation-env-headless", { $0.headless = true }),
            ("automation-env-driver-globals", { $0.driverGlobals = 7 }),
            ("automation-env-untrusted-events", { $0.untrustedEvents = 1 }),
        ]
        for (code, change) in cases {
            let v = verdict(change)
            #expect(v.level == .automated, "\(code)")
            #expect(v.reasons.map(\.code) == [code])
            #expect(v.reasons.allSatisfy { !$0.message.isEmpty })
        }
    }

    @Test func everyAdaptiveLeftoverTogetherIsOnlySuspicious() {
        let v = verdict {
            $0.patchedWebdriver = true
            $0.fractionalMouse = 50
            $0.windowLargerThanScreen = true
            $0.moveIntervals = 100
            $0.fastMoveIntervals = 90
            $0.pastesWithoutTyping = 3
            $0.mouseMoves = 100
            $0.movementMismatches = 80
            $0.coalescedNone = 10
            $0.pointerShapeMismatches = 10
            $0.hiddenInput = 10
            $0.focusChanges = 20
            $0.visibilityChanges = 20
        }
        #expect(v.level == .suspicious)
        #expect(
            Set(v.reasons.map(\.code)) == [
                "automation-env-patched-webdriver", "automation-env-fractional-mouse",
                "automation-env-window-larger-than-screen", "automation-env-fast-cadence",
                "automation-env-paste-without-typing", "automation-env-movement-mismatch",
                "automation-env-no-coalesced-events", "automation-env-pointer-shape", "automation-env-hidden-input",
            ])
        #expect(v.reasons.allSatisfy { $0.code.hasPrefix("automation-env-") })
    }

    @Test func aPersonsBrowserReportGivesNoEvidence() {
        // What a headful browser at pixel ratio 1 reports: mouse moves that coalesce several
        // samples, a frame-paced cadence, a few focus and visibility changes, a paste after Ctrl+V
        // (not counted: keys were pressed), a zoomed page's odd fractional coordinate.
        let v = verdict {
            $0.mouseMoves = 400
            $0.coalescedMany = 300
            $0.moveIntervals = 399
            $0.fastMoveIntervals = 20
            $0.fractionalMouse = 2
            $0.focusChanges = 4
            $0.visibilityChanges = 2
            $0.movementMismatches = 1
        }
        #expect(v == .human)
        #expect(EnvironmentEvidence().verdict() == .human)
    }

    @Test func remoteDesktopCadenceIsSuspiciousAndALocalMouseIsNot() {
        // Balabit's remote-desktop sessions: most moves of the pointer in motion about 109 ms
        // apart, 15 to 50 px at once; a local mouse in Chromium sends one every frame.
        let remote = verdict {
            $0.motionIntervals = 200
            $0.sparseJumps = 140
        }
        #expect(remote.level == .suspicious)
        #expect(remote.reasons.map(\.code) == ["remote-access-sparse-cadence"])
        #expect(remote.reasons[0].message.contains("140 of 200"))
        let local = verdict {
            $0.motionIntervals = 400
            $0.sparseJumps = 30
        }
        #expect(local == .human)
        // Too little motion to judge.
        #expect(verdict { $0.motionIntervals = 20; $0.sparseJumps = 20 } == .human)
    }

    @Test func reportsAddUpAcrossBatches() {
        var evidence = EnvironmentEvidence()
        var half = EnvironmentReport()
        half.moveIntervals = 20
        half.fastMoveIntervals = 6
        half.fractionalMouse = 2
        evidence.add(half)
        #expect(evidence.verdict() == .human)
        evidence.add(half)
        #expect(evidence.reports == 2 && evidence.total.moveIntervals == 40)
        #expect(
            Set(evidence.verdict().reasons.map(\.code)) == [
                "automation-env-fast-cadence", "automation-env-fractional-mouse",
            ])
        var huge = EnvironmentReport()
        huge.focusChanges = Int.max
        evidence.add(huge)
        evidence.add(huge)
        #expect(evidence.total.focusChanges == EnvironmentEvidence.countLimit)
    }

    @Test func thePipelineFlagsWebdriverAndABatchWithoutEnvLeavesNoEvidence() {
        let pipeline = SessionPipeline()
        var state = pipeline.start(authenticated: true, models: .none)
        let events = (0..<5).map { PointerEvent(.move, timestamp: Double($0) * 17, x: Double($0) * 3, y: 7) }
        pipeline.process(WireBatch(seq: 0, t0: 0, pointerEvents: events), state: &state, models: .none)
        #expect(state.environment.reports == 0 && state.automation == .human)
        var report = EnvironmentReport()
        report.webdriver = true
        pipeline.process(WireBatch(seq: 1, t0: 100, environment: report), state: &state, models: .none)
        #expect(state.automation.level == .automated)
        #expect(state.decision == .challenge)
        #expect(state.reasons.contains { $0.code == "automation-env-webdriver" })
        // A passed step-up starts the environment afresh; the next report flags it again.
        pipeline.stepUp(.passed, state: &state)
        #expect(state.automation == .human && state.decision == .allow)
        pipeline.process(WireBatch(seq: 2, t0: 200, environment: report), state: &state, models: .none)
        #expect(state.automation.level == .automated)
    }
}
