/// A session's latest scoring result, as `GET /v1/sessions/{id}` and the dashboard report it.
public struct SessionSnapshot: Sendable, Hashable, Codable {
    /// 0...100; higher = more confident the account owner is at the keyboard.
    public var trust: Double
    public var decision: DecisionValue
    public var reasons: [Reason]
    public var counts: ModalityTally
    public var lastScores: LastScores
    public var automation: AutomationSummary

    public init(
        trust: Double,
        decision: DecisionValue,
        reasons: [Reason] = [],
        counts: ModalityTally = ModalityTally(),
        lastScores: LastScores = LastScores(),
        automation: AutomationSummary = AutomationSummary()
    ) {
        self.trust = trust
        self.decision = decision
        self.reasons = reasons
        self.counts = counts
        self.lastScores = lastScores
        self.automation = automation
    }
}

/// What the bank should do with a session now, in increasing severity.
public enum DecisionValue: String, Sendable, Hashable, Codable, CaseIterable {
    case allow
    case challenge
    case block
}

/// Why a decision is what it is: a stable code for programs and a sentence for people.
public struct Reason: Sendable, Hashable, Codable {
    /// Stable kebab-case code, e.g. `trust-below-challenge`.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// Events received and samples scored (or collected for enrolment), per modality.
public struct ModalityTally: Sendable, Hashable, Codable {
    public struct Counts: Sendable, Hashable, Codable {
        /// Raw events received.
        public var events: Int
        /// Pointer actions or keystroke windows scored or collected.
        public var samples: Int

        public init(events: Int = 0, samples: Int = 0) {
            self.events = events
            self.samples = samples
        }
    }

    public var pointer: Counts
    public var keys: Counts

    public init(pointer: Counts = Counts(), keys: Counts = Counts()) {
        self.pointer = pointer
        self.keys = keys
    }
}

/// The last calibrated score per modality (log-likelihood ratio; higher = less likely the owner).
public struct LastScores: Sendable, Hashable, Codable {
    public var pointer: Double?
    public var keys: Double?
    public var login: Double?

    public init(pointer: Double? = nil, keys: Double? = nil, login: Double? = nil) {
        self.pointer = pointer
        self.keys = keys
        self.login = login
    }
}

/// Whether the input looks produced by a person, with the reasons.
public struct AutomationSummary: Sendable, Hashable, Codable {
    /// `human`, `suspicious` or `automated`.
    public var verdict: String
    public var reasons: [Reason]

    public init(verdict: String = "human", reasons: [Reason] = []) {
        self.verdict = verdict
        self.reasons = reasons
    }
}
