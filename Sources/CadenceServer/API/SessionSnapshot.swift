import CadenceEngine

/// A session's latest scoring result, as `GET /v1/sessions/{id}` and the dashboard report it,
/// and as it is stored with the session.
///
/// The API's view of the engine's ``SessionState``: the engine's own ``Decision``,
/// ``DecisionReason`` and ``AutomationVerdict``; counts and last scores regrouped per modality
/// (the engine keeps them flat in ``ModalityCounts``).
public struct SessionSnapshot: Sendable, Hashable, Codable {
    /// 0...100; higher = more confident the account owner is at the keyboard.
    public var trust: Double
    public var decision: Decision
    public var reasons: [DecisionReason]
    public var counts: Counts
    public var lastScores: LastScores
    public var automation: AutomationVerdict

    public init(
        trust: Double,
        decision: Decision,
        reasons: [DecisionReason] = [],
        counts: Counts = Counts(),
        lastScores: LastScores = LastScores(),
        automation: AutomationVerdict = .human
    ) {
        self.trust = trust
        self.decision = decision
        self.reasons = reasons
        self.counts = counts
        self.lastScores = lastScores
        self.automation = automation
    }

    /// The snapshot of an engine session state.
    init(_ state: SessionState) {
        self.init(
            trust: state.trust, decision: state.decision, reasons: state.reasons,
            counts: Counts(
                pointer: .init(events: state.counts.pointerEvents, samples: state.counts.pointerActions),
                keys: .init(events: state.counts.keyEvents, samples: state.counts.keystrokeWindows)),
            lastScores: LastScores(
                pointer: state.counts.lastPointerScore, keys: state.counts.lastKeysScore,
                login: state.counts.loginScore),
            automation: state.automation)
    }

    /// Events received and samples scored (or collected for enrolment), per modality: the
    /// engine's ``ModalityCounts`` as the API groups them.
    public struct Counts: Sendable, Hashable, Codable {
        public struct Modality: Sendable, Hashable, Codable {
            /// Raw events received.
            public var events: Int
            /// Pointer actions or keystroke windows scored or collected.
            public var samples: Int

            public init(events: Int = 0, samples: Int = 0) {
                self.events = events
                self.samples = samples
            }
        }

        public var pointer: Modality
        public var keys: Modality

        public init(pointer: Modality = Modality(), keys: Modality = Modality()) {
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
}
