/// What a session's events so far say about automation; updated event by event in O(1).
///
/// Kept in the session state across batches. Holds counts, running statistics and replay
/// fingerprints (hashes), never the events themselves.
public struct AutomationEvidence: Sendable, Codable, Hashable {
    public private(set) var pointerEvents = 0
    /// Pointer events with the same timestamp as the previous one but another position.
    public private(set) var identicalTimestamps = 0
    /// Button presses.
    public private(set) var clicks = 0
    /// Presses whose pointer arrived in one long jump after a quiet spell (WebDriver-style).
    public private(set) var teleportClicks = 0
    /// Movement runs long enough to judge.
    public private(set) var runsJudged = 0
    /// Runs that were straight with constant steps at constant intervals.
    public private(set) var linearRuns = 0
    /// Runs that were smooth beyond human jitter at constant intervals.
    public private(set) var smoothRuns = 0
    /// Hold times (key down to up of the same key), milliseconds.
    public private(set) var holdTimes = RunningStatistics()
    /// Intervals between successive key downs under 2 s, milliseconds.
    public private(set) var keyIntervals = RunningStatistics()
    /// Fingerprint windows already seen in an earlier session of the user or earlier in this one.
    public private(set) var replayMatches = 0
    /// This session's fingerprints not yet drained (at most ``maximumFingerprints`` in all), to
    /// be kept with the profile.
    public var fingerprints: Set<UInt64> { Set(newPrints) }
    /// Fingerprints recorded since the last ``drainFingerprints()``, in order.
    private var newPrints: [UInt64] = []
    /// The latest fingerprints of this session, to recognise a session repeating itself; bounded
    /// by ``recentLimit`` so the state stays small however long the session runs.
    private var recentPrints = RecentFingerprints()
    /// Fingerprints recorded in the whole session, drained or not.
    private var printCount = 0

    public static let maximumFingerprints = 4096
    static let recentLimit = 512

    /// Takes the fingerprints recorded since the last drain (the service stores them beside their
    /// batch and hands them back when the session ends).
    public mutating func drainFingerprints() -> [UInt64] {
        defer { newPrints.removeAll() }
        return newPrints
    }

    /// Puts back fingerprints drained earlier, ahead of those still held.
    public mutating func restoreFingerprints(_ earlier: [UInt64]) {
        newPrints = earlier + newPrints
    }

    private var lastTime: Double?
    private var lastX = 0.0
    private var lastY = 0.0
    private var lastMovementTime: Double?
    private var movementBeforeLastStep: Double?
    private var lastStepLength = 0.0
    private var run = MovementRun()
    private var pendingDowns: [UInt32: Double] = [:]
    private var lastKeyDown: Double?
    private var pointerPrints = ReplayFingerprinter(minimumContent: 48)
    private var keyPrints = ReplayFingerprinter(minimumContent: 0)

    public init() {}

    // MARK: Observing

    /// Adds one pointer event; `known` holds fingerprints of the user's earlier sessions.
    public mutating func observe(_ event: PointerEvent, thresholds: AutomationThresholds, known: Set<UInt64>) {
        pointerEvents += 1
        let t = event.timestamp
        if let last = lastTime {
            let dx = event.x - lastX
            let dy = event.y - lastY
            let distance = (dx * dx + dy * dy).squareRoot()
            let dt = t - last
            if dt == 0 && distance > 0 { identicalTimestamps += 1 }
            if distance > 0 {
                movementBeforeLastStep = lastMovementTime
                lastMovementTime = t
                lastStepLength = distance
            }
            if (event.kind == .move || event.kind == .drag) && dt > 0 && dt <= 100 && distance > 0 {
                run.add(stepX: dx, stepY: dy, interval: dt)
            } else {
                closeRun(thresholds)
            }
        }
        if event.kind == .down {
            clicks += 1
            let quiet = movementBeforeLastStep.map { (lastMovementTime ?? t) - $0 } ?? .infinity
            if lastTime != nil && lastStepLength >= thresholds.teleportDistance && quiet >= thresholds.quietBeforeClick
            {
                teleportClicks += 1
            }
            lastStepLength = 0
        }
        lastTime = t
        lastX = event.x
        lastY = event.y
        if let print = pointerPrints.observe(event) { record(print, known: known) }
    }

    /// Adds one key event (timing only); `known` holds fingerprints of the user's earlier sessions.
    public mutating func observe(_ event: KeyEvent, known: Set<UInt64>) {
        let t = event.timestamp
        switch event.transition {
        case .down:
            if let last = lastKeyDown, t - last > 0, t - last < 2000 { keyIntervals.add(t - last) }
            lastKeyDown = t
            if pendingDowns[event.key] == nil {
                if pendingDowns.count >= 32 { pendingDowns.removeAll() }
                pendingDowns[event.key] = t
            }
        case .up:
            if let down = pendingDowns.removeValue(forKey: event.key), t - down >= 0, t - down < 2000 {
                holdTimes.add(t - down)
            }
        }
        if let print = keyPrints.observe(event) { record(print, known: known) }
    }

    private mutating func record(_ print: UInt64, known: Set<UInt64>) {
        if known.contains(print) || recentPrints.contains(print) {
            replayMatches += 1
        } else if printCount < Self.maximumFingerprints {
            if recentPrints.count >= Self.recentLimit { recentPrints = RecentFingerprints() }
            recentPrints.insert(print)
            newPrints.append(print)
            printCount += 1
        }
    }

    private mutating func closeRun(_ thresholds: AutomationThresholds) {
        count(run.judge(thresholds))
        run = MovementRun()
    }

    private mutating func count(_ judgement: MovementRun.Judgement) {
        switch judgement {
        case .tooShort: return
        case .natural: break
        case .linear: linearRuns += 1
        case .smooth: smoothRuns += 1
        }
        runsJudged += 1
    }

    // MARK: Verdict

    /// The verdict on everything observed so far (the movement run in progress included).
    public func verdict(_ thresholds: AutomationThresholds = .standard) -> AutomationVerdict {
        var evidence = self
        evidence.count(run.judge(thresholds))
        return evidence.judge(thresholds)
    }

    private func judge(_ t: AutomationThresholds) -> AutomationVerdict {
        var automated: [DecisionReason] = []
        var suspicious: [DecisionReason] = []
        if replayMatches >= t.replayMatchesForAutomated {
            automated.append(
                DecisionReason(
                    code: "automation-replay",
                    message: "\(replayMatches) event sequences repeat ones seen before (a replay)"))
        } else if replayMatches > 0 {
            suspicious.append(
                DecisionReason(code: "automation-replay", message: "\(replayMatches) event sequence(s) seen before"))
        }
        if teleportClicks >= t.teleportClicksForAutomated && teleportClicks * 2 >= clicks {
            automated.append(
                DecisionReason(
                    code: "automation-teleport",
                    message: "\(teleportClicks) of \(clicks) clicks came after an instant pointer jump"))
        } else if teleportClicks >= t.teleportClicksForAutomated && teleportClicks * 4 >= clicks {
            suspicious.append(
                DecisionReason(
                    code: "automation-teleport",
                    message: "\(teleportClicks) of \(clicks) clicks came after an instant pointer jump"))
        }
        let synthetic = linearRuns + smoothRuns
        if synthetic >= t.syntheticRunsForAutomated && synthetic * 4 >= runsJudged {
            automated.append(
                DecisionReason(
                    code: "automation-synthetic-path",
                    message:
                        "\(synthetic) of \(runsJudged) pointer paths were perfectly straight or smooth at constant intervals"
                ))
        } else if synthetic > 0 {
            suspicious.append(
                DecisionReason(
                    code: "automation-synthetic-path",
                    message:
                        "\(synthetic) of \(runsJudged) pointer paths were perfectly straight or smooth at constant intervals"
                ))
        }
        if holdTimes.count >= t.minimumKeystrokes && holdTimes.standardDeviation < t.holdDeviation {
            automated.append(
                DecisionReason(
                    code: "automation-key-holds",
                    message: "\(holdTimes.count) key holds vary by only \(rounded(holdTimes.standardDeviation)) ms"))
        }
        if keyIntervals.count >= t.minimumKeystrokes && keyIntervals.standardDeviation < t.intervalDeviation {
            automated.append(
                DecisionReason(
                    code: "automation-key-intervals",
                    message:
                        "\(keyIntervals.count) key intervals vary by only \(rounded(keyIntervals.standardDeviation)) ms"
                ))
        }
        if pointerEvents >= 50 && Double(identicalTimestamps) >= t.identicalTimestampShare * Double(pointerEvents) {
            suspicious.append(
                DecisionReason(
                    code: "automation-identical-timestamps",
                    message: "\(identicalTimestamps) of \(pointerEvents) pointer events share the previous timestamp"))
        }
        if !automated.isEmpty { return AutomationVerdict(level: .automated, reasons: automated + suspicious) }
        if !suspicious.isEmpty { return AutomationVerdict(level: .suspicious, reasons: suspicious) }
        return .human
    }

    private func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    // MARK: Step-up

    /// The evidence after a passed step-up: the counts and statistics start again, so automation
    /// must show in new input to count; replay fingerprints and the position of the last event are
    /// kept (a replay after the step-up is still recognised).
    public func restartedAfterStepUp() -> AutomationEvidence {
        var fresh = self
        fresh.pointerEvents = 0
        fresh.identicalTimestamps = 0
        fresh.clicks = 0
        fresh.teleportClicks = 0
        fresh.runsJudged = 0
        fresh.linearRuns = 0
        fresh.smoothRuns = 0
        fresh.holdTimes = RunningStatistics()
        fresh.keyIntervals = RunningStatistics()
        fresh.replayMatches = 0
        fresh.run = MovementRun()
        return fresh
    }
}
