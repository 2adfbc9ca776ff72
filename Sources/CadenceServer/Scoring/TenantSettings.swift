import CadenceEngine

/// Per-tenant scoring settings: policy thresholds, trust-model parameters, enrolment bounds, and
/// what a step-up's result does.
///
/// Stored as JSON with the tenant. A part that no longer decodes (written by another version)
/// falls back to its defaults rather than making the tenant unreadable.
public struct TenantSettings: Sendable, Hashable, Codable {
    public var policy: Policy
    public var trust: TrustParameters
    public var enrolment: EnrolmentPolicy
    public var stepUp: StepUpPolicy
    /// What the browser is told and where its pages may post from.
    public var browser: BrowserPolicy
    /// Rate and volume limits of the tenant's clients.
    public var limits: UsageLimits
    /// How long raw events are kept.
    public var retention: RetentionPolicy

    public init(
        policy: Policy = .standard, trust: TrustParameters = .standard, enrolment: EnrolmentPolicy = .standard,
        stepUp: StepUpPolicy = .standard, browser: BrowserPolicy = .standard, limits: UsageLimits = .standard,
        retention: RetentionPolicy = .standard
    ) {
        self.policy = policy
        self.trust = trust
        self.enrolment = enrolment
        self.stepUp = stepUp
        self.browser = browser
        self.limits = limits
        self.retention = retention
    }

    enum CodingKeys: String, CodingKey {
        case policy, trust, enrolment, stepUp, browser, limits, retention
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        policy = (try? c.decodeIfPresent(Policy.self, forKey: .policy)) ?? .standard
        trust = ((try? c.decodeIfPresent(TrustParameters.self, forKey: .trust)) ?? .standard).sanitised
        enrolment = (try? c.decodeIfPresent(EnrolmentPolicy.self, forKey: .enrolment)) ?? .standard
        stepUp = (try? c.decodeIfPresent(StepUpPolicy.self, forKey: .stepUp)) ?? .standard
        browser = (try? c.decodeIfPresent(BrowserPolicy.self, forKey: .browser)) ?? .standard
        limits = (try? c.decodeIfPresent(UsageLimits.self, forKey: .limits)) ?? .standard
        retention = (try? c.decodeIfPresent(RetentionPolicy.self, forKey: .retention)) ?? .standard
    }
}

/// How long a tenant's raw events are kept: past ``rawEventDays`` days a batch keeps its trust,
/// decision and reasons (the timeline) and loses its events and collected samples, and an ended
/// session loses its scoring state (which holds the last events' traces). Past ``timelineDays``
/// after its end, when set, a session loses its timeline too (a row per batch): its summary
/// (decision, trust, reasons, counts, outcome) and step-ups stay.
public struct RetentionPolicy: Sendable, Hashable, Codable {
    public var rawEventDays: Int
    /// Days a session's timeline is kept after its end; nil (the default): as long as the session.
    public var timelineDays: Int?

    public init(rawEventDays: Int = 30, timelineDays: Int? = nil) {
        self.rawEventDays = rawEventDays
        self.timelineDays = timelineDays
    }

    public static let standard = RetentionPolicy()
}
