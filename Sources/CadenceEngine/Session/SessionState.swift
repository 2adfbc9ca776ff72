/// Everything the service keeps about one monitored session between batches; Codable, so any
/// node can continue a session after a restart.
///
/// Holds the segmenting buffers (pointer movement and keystrokes not yet complete), trust and
/// decision, per-modality counts, automation evidence (counts and hashes, and what the browser
/// said of its environment: flags and counts), a bounded trust
/// timeline, and the samples collected for enrolment or update — feature vectors only.
public struct SessionState: Sendable, Codable, Hashable {
    /// Strong authentication vouched for this session: its samples may enrol the profile.
    public var authenticated: Bool
    /// Trust, 0...100.
    public var trust: Double
    /// Lowest trust so far.
    public var minimumTrust: Double
    public var decision: Decision
    public var reasons: [DecisionReason]
    public var automation: AutomationVerdict
    public var counts: ModalityCounts
    /// Trust after each scored sample (thinned when long: see ``maximumTimelinePoints``).
    public var timeline: [TrustPoint]
    /// Scored samples (pointer actions and keystroke windows) so far.
    public var scoredSamples: Int
    /// Scored samples after which the decision first became `challenge` or worse; nil if never.
    public var samplesUntilChallenge: Int?
    /// Scored samples after which the decision first became `block`; nil if never.
    public var samplesUntilBlock: Int?
    /// Highest batch sequence number processed.
    public var lastSeq: Int?
    /// Sum of the scored samples' log-likelihood ratios (for the session's mean).
    public var scoreSum: Double
    /// Samples collected for the profile (enrolment or bounded update): the session's reservoirs.
    ///
    /// Complete only when every drained write was restored first (``restoreCollected(_:)``).
    public var collectedPointer: [FeatureVector] { CollectedSample.reservoir(of: .pointer, from: collectionLog) }
    public var collectedKeys: [FeatureVector] { CollectedSample.reservoir(of: .keys, from: collectionLog) }
    /// Reservoir writes not yet drained, in order (see ``CollectedSample``).
    var collectionLog: [CollectedSample] = []
    /// Login sample of this session, kept for the profile if the session vouches for it.
    public var loginSample: FeatureVector?

    /// Modalities whose anchor could still grow when the session started.
    public var openAnchors: Set<Modality> = [.pointer, .keys]

    func anchorOpen(_ modality: Modality) -> Bool { openAnchors.contains(modality) }

    /// When non-nil, every scored sample's raw score (``SampleScorer/sampleScore(_:)``, bounded) is appended (evaluations only).
    public var scoreLog: [Double]?

    var pointerStream: PointerStream
    var keyStream: KeyStream
    var evidence: AutomationEvidence
    /// What trust is computed from (``TrustModel``).
    public internal(set) var trustEvidence = TrustEvidence()
    /// What the batches' `env` objects said about the browser (format 4 on).
    public internal(set) var environment = EnvironmentEvidence()

    public static let maximumTimelinePoints = 1000

    enum CodingKeys: String, CodingKey {
        case authenticated, trust, minimumTrust, decision, reasons, automation, counts, timeline, scoredSamples
        case samplesUntilChallenge, samplesUntilBlock, lastSeq, scoreSum, collectionLog, loginSample, openAnchors
        case scoreLog, pointerStream, keyStream, evidence, trustEvidence, environment
    }

    /// Decodes in declaration order (the binary format is positional); ``trustEvidence`` is read
    /// from format 3 on and ``environment`` from format 4 on; a state written before either
    /// starts it afresh.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        authenticated = try c.decode(Bool.self, forKey: .authenticated)
        trust = try c.decode(Double.self, forKey: .trust)
        minimumTrust = try c.decode(Double.self, forKey: .minimumTrust)
        decision = try c.decode(Decision.self, forKey: .decision)
        reasons = try c.decode([DecisionReason].self, forKey: .reasons)
        automation = try c.decode(AutomationVerdict.self, forKey: .automation)
        counts = try c.decode(ModalityCounts.self, forKey: .counts)
        timeline = try c.decode([TrustPoint].self, forKey: .timeline)
        scoredSamples = try c.decode(Int.self, forKey: .scoredSamples)
        samplesUntilChallenge = try c.decodeIfPresent(Int.self, forKey: .samplesUntilChallenge)
        samplesUntilBlock = try c.decodeIfPresent(Int.self, forKey: .samplesUntilBlock)
        lastSeq = try c.decodeIfPresent(Int.self, forKey: .lastSeq)
        scoreSum = try c.decode(Double.self, forKey: .scoreSum)
        collectionLog = try c.decode([CollectedSample].self, forKey: .collectionLog)
        loginSample = try c.decodeIfPresent(FeatureVector.self, forKey: .loginSample)
        openAnchors = try c.decode(Set<Modality>.self, forKey: .openAnchors)
        scoreLog = try c.decodeIfPresent([Double].self, forKey: .scoreLog)
        pointerStream = try c.decode(PointerStream.self, forKey: .pointerStream)
        keyStream = try c.decode(KeyStream.self, forKey: .keyStream)
        evidence = try c.decode(AutomationEvidence.self, forKey: .evidence)
        trustEvidence =
            try c.decodeField(TrustEvidence.self, forKey: .trustEvidence, addedIn: 3, of: decoder) ?? TrustEvidence()
        environment =
            try c.decodeField(EnvironmentEvidence.self, forKey: .environment, addedIn: 4, of: decoder)
            ?? EnvironmentEvidence()
    }

    public init(authenticated: Bool, trust: Double) {
        self.authenticated = authenticated
        self.trust = trust
        minimumTrust = trust
        decision = .allow
        reasons = []
        automation = .human
        counts = ModalityCounts()
        timeline = []
        scoredSamples = 0
        scoreSum = 0
        pointerStream = PointerStream()
        keyStream = KeyStream()
        evidence = AutomationEvidence()
    }

    /// Mean log-likelihood ratio of the scored samples (0 when none): positive = impostor-like.
    public var meanScore: Double { scoredSamples > 0 ? scoreSum / Double(scoredSamples) : 0 }

    /// This session's replay fingerprints (hashes), to add to the profile when the session ends.
    public var fingerprints: Set<UInt64> { evidence.fingerprints }

    /// The automation evidence gathered so far (counts and statistics).
    public var automationEvidence: AutomationEvidence { evidence }

    /// Takes the reservoir writes made since the last drain, leaving none in the state: the
    /// service stores them beside the batch that made them, so the state it rewrites on every
    /// batch does not grow with the samples.
    public mutating func drainCollected() -> SessionCollection {
        defer { collectionLog.removeAll() }
        return SessionCollection(samples: collectionLog, fingerprints: evidence.drainFingerprints())
    }

    /// Puts back what was drained earlier (in its original order) ahead of what is still held, so
    /// ``collectedPointer``, ``collectedKeys`` and ``fingerprints`` see the whole session.
    public mutating func restoreCollected(_ earlier: SessionCollection) {
        collectionLog = earlier.samples + collectionLog
        evidence.restoreFingerprints(earlier.fingerprints)
    }

    mutating func appendTimeline(_ point: TrustPoint, limit: Int = maximumTimelinePoints) {
        guard limit > 0 else { return }
        timeline.append(point)
        if timeline.count > limit {
            // Keep the first point and every other one after it: resolution halves, the shape stays.
            timeline = timeline.enumerated().filter { $0.offset == 0 || $0.offset % 2 == 1 }.map(\.element)
        }
    }
}
