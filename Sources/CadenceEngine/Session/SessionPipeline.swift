import Foundation

/// The per-session scoring loop: events in, trust and decision out.
///
/// For each batch: pointer events are segmented into actions and key events into keystroke
/// windows (buffers carry over between batches in ``SessionState``); every completed sample is
/// scored by the user's model of its modality as a calibrated log-likelihood ratio (bounded by
/// ``ModelConfiguration/maximumSampleScore``), in completion order; each score updates trust with
/// the Mondal & Bours model (``TrustModel``); automation evidence is updated event by event and
/// from the batch's environment report; and
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
            [Modality.pointer, .keys].filter {
                (models.anchorSizes[$0] ?? 0) < enrolment.anchorTarget($0) || models.weakModalities.contains($0)
            })
        if let sample = loginSample, !sample.isEmpty, sample.count <= Self.maximumLoginSampleLength,
            sample.allSatisfy({ $0.isFinite && abs($0) < 60_000 })
        {
            state.loginSample = sample
            if let llr = models.login?.logLikelihoodRatio(sample) {
                state.counts.loginScore = llr
                let bound = configuration.maximumSampleScore
                let bounded = llr.isFinite ? min(max(llr, -bound), bound) : bound
                state.trustEvidence.carried = trustModel.parameters.loginSampleWeight * bounded
                state.trust = trustModel.trust(logLikelihoodRatio: state.trustEvidence.logLikelihoodRatio)
                state.minimumTrust = state.trust
            }
        }
        decide(&state, models: models)
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
        if let environment = batch.environment { state.environment.add(environment) }
        state.automation = automationVerdict(state)
        apply(pointer: pointerSamples, keys: keySamples, to: &state, models: models)
    }

    /// The verdict of the input (``AutomationEvidence``) and of the environment
    /// (``EnvironmentEvidence``) together.
    func automationVerdict(_ state: SessionState) -> AutomationVerdict {
        state.evidence.verdict(automation).combined(with: state.environment.verdict())
    }

    /// Ends the event streams (the movement in progress becomes an action) and scores what that completes.
    public func finish(_ state: inout SessionState, models: UserModels) {
        var pointerSamples: [(time: Double, features: FeatureVector)] = []
        state.pointerStream.flush(into: &pointerSamples)
        state.automation = automationVerdict(state)
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
            var score = scorer.sampleScore(sample.features)
            score =
                score.isFinite ? min(max(score, -Self.sampleScoreBound), Self.sampleScoreBound) : Self.sampleScoreBound
            var llr = scorer.logLikelihoodRatio(sampleScore: score, sample: sample.features)
            llr = llr.isFinite ? min(max(llr, -bound), bound) : bound
            let halfLife = trustModel.parameters.evidenceHalfLife
            state.trustEvidence.add(score, modality: sample.modality, model: scorer.evidence, halfLife: halfLife)
            state.trustEvidence.track(sample.features, modality: sample.modality, halfLife: halfLife)
            if sample.modality == .pointer {
                state.counts.lastPointerScore = llr
            } else {
                state.counts.lastKeysScore = llr
            }
            state.scoredSamples += 1
            state.scoreSum += llr
            state.scoreLog?.append(score)
            state.trust = trustModel.trust(logLikelihoodRatio: sessionLogLikelihoodRatio(state.trustEvidence))
            state.minimumTrust = min(state.minimumTrust, state.trust)
            decide(&state, models: models)
            state.appendTimeline(
                TrustPoint(time: sample.time, trust: state.trust, decision: state.decision, modality: sample.modality),
                limit: timelineLimit)
        }
        decide(&state, models: models)
        if !samples.isEmpty { explain(&state, models: models) }
    }

    /// Adds to a low-trust decision what deviated, per modality, in words, with each modality's
    /// contribution to the evidence (`pointer-evidence`, `keys-evidence`), largest first.
    func explain(_ state: inout SessionState, models: UserModels) {
        guard state.trust < policy.challengeBelow else { return }
        let evidence = state.trustEvidence
        var parts: [(contribution: Double, reason: DecisionReason)] = []
        for modality in [Modality.pointer, .keys] {
            let (contribution, count, tracker, noun) =
                modality == .pointer
                ? (evidence.pointerLogLikelihoodRatio, evidence.pointer.samples, evidence.pointerMeasures, "actions")
                : (evidence.keysLogLikelihoodRatio, evidence.keys.samples, evidence.keysMeasures, "keystroke windows")
            guard count > 0, let baseline = models.baselines[modality] else { continue }
            let deviations = tracker.deviations(from: baseline)
            let said =
                contribution <= 0
                ? "like the owner's"
                : deviations.isEmpty
                    ? "unlike the owner's in combination (no single measure stands out)"
                    : deviations.joined(separator: "; ")
            let weak = models.weakModalities.contains(modality) ? ", weak profile" : ""
            let shown = String(format: "%+.1f", contribution)
            let message = "\(modality.rawValue): \(said) (evidence \(shown) over \(count) \(noun)\(weak))"
            parts.append((contribution, DecisionReason(code: "\(modality.rawValue)-evidence", message: message)))
        }
        state.reasons += parts.sorted { $0.contribution > $1.contribution }.map(\.reason)
    }

    /// The evidence's log-likelihood ratio as trust uses it: the behaviour's part counts against
    /// the owner only from ``TrustParameters/minimumEvidenceToChallenge`` effective samples on
    /// (before that it may only vouch for the owner).
    func sessionLogLikelihoodRatio(_ evidence: TrustEvidence) -> Double {
        let behaviour = evidence.pointerLogLikelihoodRatio + evidence.keysLogLikelihoodRatio
        guard evidence.effectiveSamples < trustModel.parameters.minimumEvidenceToChallenge else {
            return evidence.logLikelihoodRatio
        }
        return min(behaviour, 0) + evidence.carried
    }

    /// Largest magnitude of one sample's raw score (pointer logits lie within ±4.6 anyway).
    static let sampleScoreBound = 5.0

    /// Whether the session's evidence may block it: enough of it, and enough from modalities whose
    /// profile is reliable (a weak modality's evidence can challenge, not block).
    func mayBlock(_ state: SessionState, models: UserModels) -> Bool {
        let evidence = state.trustEvidence
        guard evidence.effectiveSamples >= trustModel.parameters.minimumEvidenceToBlock else { return false }
        var reliable = evidence.carried
        if !models.weakModalities.contains(.pointer) { reliable += evidence.pointerLogLikelihoodRatio }
        if !models.weakModalities.contains(.keys) { reliable += evidence.keysLogLikelihoodRatio }
        return trustModel.trust(logLikelihoodRatio: reliable) < policy.blockBelow
    }

    func decide(_ state: inout SessionState, models: UserModels) {
        let (decision, reasons) = policy.decide(
            trust: state.trust, automation: state.automation, previous: state.decision,
            mayBlock: mayBlock(state, models: models))
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
