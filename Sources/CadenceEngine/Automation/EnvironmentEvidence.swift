/// What a session's batches said about the browser they came from (their `env` objects), added
/// up; kept in the session state beside ``AutomationEvidence``.
///
/// Two kinds of signal (measurements in `docs/automation.md`). Definitive traces, which a
/// person's browser never shows: `navigator.webdriver` true, a `HeadlessChrome` user agent,
/// chromedriver's `cdc_` globals, synthetic (`isTrusted` false) input. Each makes the session
/// `automated`. Leftovers of an adaptive bot, which a person's browser can show for its own
/// reasons (an extension, a zoomed page, a window across two monitors): a replaced
/// `navigator.webdriver` getter, fractional mouse coordinates at pixel ratio 1, a window larger
/// than its screen, pointer moves faster than the display's frames, pointer motion in the sparse
/// jumps of remote-desktop input, pastes with no typing,
/// events whose properties contradict each other, input into a hidden page. These make it at
/// most `suspicious`, alone or together.
public struct EnvironmentEvidence: Sendable, Codable, Hashable {
    /// Batches that carried an `env` object.
    public private(set) var reports = 0
    /// Everything reported so far: flags OR-ed, counts added (saturating).
    public private(set) var total = EnvironmentReport()

    public init() {}

    /// Adds one batch's report.
    public mutating func add(_ report: EnvironmentReport) {
        reports += 1
        for flag in EnvironmentReport.wireFlags where report[keyPath: flag.keyPath] {
            total[keyPath: flag.keyPath] = true
        }
        for count in EnvironmentReport.wireCounts {
            let sum = total[keyPath: count.keyPath].addingReportingOverflow(report[keyPath: count.keyPath])
            total[keyPath: count.keyPath] = sum.overflow ? Self.countLimit : min(sum.partialValue, Self.countLimit)
        }
    }

    /// Counts stop growing here (about a billion), so a state never overflows.
    static let countLimit = 1 << 30

    // MARK: Verdict

    /// The verdict on the environment alone.
    public func verdict(_ limits: EnvironmentThresholds = .standard) -> AutomationVerdict {
        let (automated, suspicious) = reasons(limits)
        if !automated.isEmpty { return AutomationVerdict(level: .automated, reasons: automated + suspicious) }
        if !suspicious.isEmpty { return AutomationVerdict(level: .suspicious, reasons: suspicious) }
        return .human
    }

    private func reasons(_ t: EnvironmentThresholds) -> (automated: [DecisionReason], suspicious: [DecisionReason]) {
        let r = total
        var automated: [DecisionReason] = []
        var suspicious: [DecisionReason] = []
        if r.webdriver {
            automated.append(
                DecisionReason(
                    code: "automation-env-webdriver",
                    message: "navigator.webdriver was true: the browser is driven by WebDriver or the DevTools protocol"
                ))
        }
        if r.headless {
            automated.append(
                DecisionReason(
                    code: "automation-env-headless", message: "the browser's user agent names HeadlessChrome"))
        }
        if r.driverGlobals > 0 {
            automated.append(
                DecisionReason(
                    code: "automation-env-driver-globals",
                    message: "the page held \(r.driverGlobals) global(s) that chromedriver leaves (cdc_…)"))
        }
        if r.untrustedEvents >= t.untrustedEvents {
            automated.append(
                DecisionReason(
                    code: "automation-env-untrusted-events",
                    message: "\(r.untrustedEvents) input event(s) were made by page script (isTrusted false)"))
        }
        if r.patchedWebdriver {
            suspicious.append(
                DecisionReason(
                    code: "automation-env-patched-webdriver",
                    message: "navigator.webdriver is answered by a getter that is not the browser's own"))
        }
        if r.fractionalMouse >= t.fractionalMouse {
            suspicious.append(
                DecisionReason(
                    code: "automation-env-fractional-mouse",
                    message:
                        "\(r.fractionalMouse) mouse events had fractional coordinates at device pixel ratio 1 (DevTools-protocol input gives them)"
                ))
        }
        if r.windowLargerThanScreen {
            suspicious.append(
                DecisionReason(
                    code: "automation-env-window-larger-than-screen",
                    message: "the browser window is larger than its screen"))
        }
        if Self.share(r.fastMoveIntervals, of: r.moveIntervals, atLeast: t.fastMoveShare, judgedFrom: t.moveIntervals) {
            suspicious.append(
                DecisionReason(
                    code: "automation-env-fast-cadence",
                    message:
                        "\(r.fastMoveIntervals) of \(r.moveIntervals) pointer moves came sooner than half a display frame after the previous one"
                ))
        }
        if Self.share(r.sparseJumps, of: r.motionIntervals, atLeast: t.sparseJumpShare, judgedFrom: t.motionIntervals) {
            suspicious.append(
                DecisionReason(
                    code: "remote-access-sparse-cadence",
                    message:
                        "\(r.sparseJumps) of \(r.motionIntervals) moves of the pointer in motion came in jumps more than three display frames apart, as input relayed by a remote-desktop tool arrives"
                ))
        }
        if r.pastesWithoutTyping >= t.pastes {
            suspicious.append(
                DecisionReason(
                    code: "automation-env-paste-without-typing",
                    message: "\(r.pastesWithoutTyping) paste(s) into a field with no key pressed before"))
        }
        if r.movementMismatches >= t.contradictions && r.movementMismatches * 2 >= r.mouseMoves {
            suspicious.append(
                DecisionReason(
                    code: "automation-env-movement-mismatch",
                    message:
                        "\(r.movementMismatches) of \(r.mouseMoves) mouse moves had movementX/Y unlike their change in position"
                ))
        }
        if r.coalescedNone >= t.contradictions {
            suspicious.append(
                DecisionReason(
                    code: "automation-env-no-coalesced-events",
                    message: "\(r.coalescedNone) trusted pointer moves carried no coalesced event"))
        }
        if r.pointerShapeMismatches >= t.contradictions {
            suspicious.append(
                DecisionReason(
                    code: "automation-env-pointer-shape",
                    message: "\(r.pointerShapeMismatches) mouse events had a size or pressure no mouse reports"))
        }
        if r.hiddenInput >= t.contradictions {
            suspicious.append(
                DecisionReason(
                    code: "automation-env-hidden-input",
                    message: "\(r.hiddenInput) input events arrived while the page was hidden"))
        }
        return (automated, suspicious)
    }

    /// Whether `part` is at least `share` of `whole`, once `whole` has reached `minimum`.
    private static func share(_ part: Int, of whole: Int, atLeast share: Double, judgedFrom minimum: Int) -> Bool {
        whole >= minimum && Double(part) >= share * Double(whole)
    }
}

/// Where the environment's counts start to count, per signal.
public struct EnvironmentThresholds: Sendable, Hashable {
    /// Synthetic events that make a session automated.
    public var untrustedEvents = 1
    /// Mouse events with fractional coordinates at pixel ratio 1 that are suspicious.
    public var fractionalMouse = 3
    /// Pointer-move intervals needed before their cadence is judged …
    public var moveIntervals = 30
    /// … and the share of them shorter than half a frame that is suspicious (0...1).
    public var fastMoveShare = 0.25
    /// Mouse-motion intervals needed before their cadence is judged for remote access …
    public var motionIntervals = 30
    /// … and the share of sparse jumps among them that is suspicious (0...1): 756 of 881 Balabit
    /// sessions, recorded over remote desktop, had half or more (`scripts/remote-input-cadence`).
    public var sparseJumpShare = 0.5
    /// Pastes without typing that are suspicious.
    public var pastes = 1
    /// Contradicting events (movement, coalesced events, pointer shape, input while hidden) that
    /// are suspicious.
    public var contradictions = 3

    public init() {}

    public static let standard = EnvironmentThresholds()
}
