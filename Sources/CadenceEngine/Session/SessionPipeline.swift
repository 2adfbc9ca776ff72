/// The per-session scoring loop: events in, trust and decision out.
///
/// For each batch: pointer events are segmented into actions and key events into keystroke
/// windows (buffers carry over between batches in ``SessionState``); every completed sample is
/// scored by the user's model of its modality as a calibrated log-likelihood ratio (bounded by
/// ``ModelConfiguration/maximumSampleScore``), in completion order; each score updates trust with
/// the Mondal & Bours model (``TrustModel``); automation evidence is updated event by event; and
/// the ``Policy`` maps trust and the automation verdict to a decision. Samples are also collected
/// for the profile: all of them (up to a cap) while a modality enrols, a bounded set of
/// candidates otherwise, applied when the session ends (``end(_:outcome:profile:models:)``).
public struct SessionPipeline: Sendable {
    public var trustModel: TrustModel
    public var policy: Policy
    public var enrolment: EnrolmentPolicy
    public var automation: AutomationThresholds
    public var configuration: ModelConfiguration
    /// Most points of the per-sample trust timeline a state keeps (0: none; the service keeps
    /// trust per batch in its own rows and leaves the state small).
    public var timelineLimit = SessionState.maximumTimelinePoints

    public init(
        trust: TrustParameters = .standard, policy: Policy = .standard, enrolment: EnrolmentPolicy = .standard,
        automation: AutomationThresholds = .standard, configuration: ModelConfiguration = .standard
    ) {
        self.trustModel = TrustModel(parameters: trust)
        self.policy = policy
        self.enrolment = enrolment
        self.automation = automation
        self.configuration = configuration
    }

    /// Largest login sample accepted (timings of a form of up to ~80 keys).
    public static let maximumLoginSampleLength = 256

    // MARK: Start

    /// A new session's state; the login sample (fixed-text timings, ms) sets the initial trust
    /// when the user has enough earlier login samples.
    public func start(authenticated: Bool, loginSample: FeatureVector? = nil, models: UserModels) -> SessionState {
        var state = SessionState(authenticated: authenticated, trust: trustModel.parameters.initialTrust)
        state.openAnchors = Set(
            [Modality.pointer, .keys].filter { (models.anchorSizes[$0] ?? 0) < enrolment.anchorTarget($0) })
        if let sample = loginSample, !sample.isEmpty, sample.count <= Self.maximumLoginSampleLength,
            sample.allSatisfy({ $0.isFinite && abs($0) < 60_000 })
        {
            state.loginSample = sample
            if let llr = models.login?.logLikelihoodRatio(sample) {
                state.counts.loginScore = llr
                state.trust = trustModel.initialTrust(loginGenuineness: TrustModel.genuineness(logLikelihoodRatio: llr))
                state.minimumTrust = state.trust
            }
        }
        let (decision, reasons) = policy.decide(trust: state.trust, automation: .human)
        state.decision = decision
        state.reasons = reasons
        if decision >= .challenge { state.samplesUntilChallenge = 0 }
        if decision == .block { state.samplesUntilBlock = 0 }
        return state
    }

    // MARK: Batches

    /// Processes one decoded batch. The caller (the service) drops batches whose seq it already
    /// acknowledged; batches arriving out of order are processed as they come.
    public func process(_ batch: WireBatch, state: inout SessionState, models: UserModels) {
        state.lastSeq = max(state.lastSeq ?? batch.seq, batch.seq)
        state.counts.pointerEvents += batch.pointerEvents.count
        state.counts.keyEvents += batch.keyEvents.count

        var pointerSamples: [(time: Double, features: FeatureVector)] = []
        var keySamples: [(time: Double, features: FeatureVector)] = []
        let known = models.knownFingerprints
        for event in Self.timeOrdered(batch.pointerEvents) {
            state.evidence.observe(event, thresholds: automation, known: known)
            state.pointerStream.feed(event, into: &pointerSamples)
        }
        for event in Self.timeOrdered(batch.keyEvents) {
            state.evidence.observe(event, known: known)
            state.keyStream.feed(event, features: configuration.keyFeatures, into: &keySamples)
        }
        state.automation = state.evidence.verdict(automation)
        apply(pointer: pointerSamples, keys: keySamples, to: &state, models: models)
    }

    /// Ends the event streams (the movement in progress becomes an action) and scores what that completes.
    public func finish(_ state: inout SessionState, models: UserModels) {
        var pointerSamples: [(time: Double, features: FeatureVector)] = []
        state.pointerStream.flush(into: &pointerSamples)
        state.automation = state.evidence.verdict(automation)
        apply(pointer: pointerSamples, keys: [], to: &state, models: models)
    }

    private func apply(
        pointer: [(time: Double, features: FeatureVector)], keys: [(time: Double, features: FeatureVector)],
        to state: inout SessionState, models: UserModels
    ) {
        var samples = pointer.map { (time: $0.time, features: $0.features, modality: Modality.pointer) }
        samples += keys.map { (time: $0.time, features: $0.features, modality: Modality.keys) }
        if !pointer.isEmpty && !keys.isEmpty { samples.sort { $0.time < $1.time } }
        for sample in samples {
            let scorer = sample.modality == .pointer ? models.pointer : models.keys
            collect(sample.features, modality: sample.modality, state: &state)
            if sample.modality == .pointer {
                state.counts.pointerActions += 1
            } else {
                state.counts.keystrokeWindows += 1
            }
            guard let scorer else { continue }
            let bound = configuration.maximumSampleScore
            var llr = scorer.logLikelihoodRatio(sample.features)
            llr = llr.isFinite ? min(max(llr, -bound), bound) : bound
            if sample.modality == .pointer {
                state.counts.lastPointerScore = llr
            } else {
                state.counts.lastKeysScore = llr
            }
            state.scoredSamples += 1
            state.scoreSum += llr
            state.scoreLog?.append(llr)
            state.trust = trustModel.update(state.trust, logLikelihoodRatio: llr)
            state.minimumTrust = min(state.minimumTrust, state.trust)
            decide(&state)
            state.appendTimeline(
                TrustPoint(time: sample.time, trust: state.trust, decision: state.decision, modality: sample.modality),
                limit: timelineLimit)
        }
        decide(&state)
    }

    private func decide(_ state: inout SessionState) {
        let (decision, reasons) = policy.decide(
            trust: state.trust, automation: state.automation, previous: state.decision)
        state.decision = decision
        state.reasons = reasons
        if decision >= .challenge && state.samplesUntilChallenge == nil {
            state.samplesUntilChallenge = state.scoredSamples
        }
        if decision == .block && state.samplesUntilBlock == nil { state.samplesUntilBlock = state.scoredSamples }
    }

    /// Keeps a sample for the profile: while the anchor can still grow in an authenticated
    /// session, up to the enrolment cap, else up to ``EnrolmentPolicy/maximumSamplesPerSession``
    /// candidates for a bounded update; either way a uniform sample of the whole session
    /// (reservoir sampling, Vitter 1985, with a deterministic generator).
    private func collect(_ features: FeatureVector, modality: Modality, state: inout SessionState) {
        let enrolling = state.authenticated && state.anchorOpen(modality)
        // No more than the anchor can ever hold: keystroke windows are large (see KeystrokeWindowVector).
        let cap =
            enrolling
            ? min(enrolment.maximumSamplesPerEnrolmentSession, enrolment.anchorTarget(modality))
            : enrolment.maximumSamplesPerSession
        guard cap > 0 else { return }
        let seen = modality == .pointer ? state.counts.pointerActions : state.counts.keystrokeWindows
        // The first `cap` samples fill the slots in order; later ones replace a random slot with
        // probability cap / (seen + 1). Every sample is offered, so `seen` is the reservoir's input count.
        let slot = seen < cap ? seen : Int(ReplayFingerprinter.mix(UInt64(seen) &+ 0xC011_EC7) % UInt64(seen + 1))
        guard slot < cap else { return }
        state.collectionLog.append(CollectedSample(modality: modality, slot: slot, features: features))
    }

    static func timeOrdered<E>(_ events: [E]) -> [E] where E: TimedEvent {
        var sorted = true
        for i in events.indices.dropFirst() where events[i].timestamp < events[i - 1].timestamp {
            sorted = false
            break
        }
        if sorted { return events }
        return events.enumerated().sorted {
            $0.element.timestamp != $1.element.timestamp
                ? $0.element.timestamp < $1.element.timestamp : $0.offset < $1.offset
        }.map(\.element)
    }
}

/// An event with a timestamp in milliseconds.
protocol TimedEvent {
    var timestamp: Double { get }
}

extension PointerEvent: TimedEvent {}
extension KeyEvent: TimedEvent {}
