import CadenceEngine

/// Per-tenant scoring settings: policy thresholds, trust-model parameters, enrolment bounds.
///
/// Stored as JSON with the tenant. A part that no longer decodes (written by another version)
/// falls back to its defaults rather than making the tenant unreadable.
public struct TenantSettings: Sendable, Hashable, Codable {
    public var policy: Policy
    public var trust: TrustParameters
    public var enrolment: EnrolmentPolicy

    public init(policy: Policy = .standard, trust: TrustParameters = .standard, enrolment: EnrolmentPolicy = .standard)
    {
        self.policy = policy
        self.trust = trust
        self.enrolment = enrolment
    }

    enum CodingKeys: String, CodingKey {
        case policy, trust, enrolment
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        policy = (try? c.decodeIfPresent(Policy.self, forKey: .policy)) ?? .standard
        trust = ((try? c.decodeIfPresent(TrustParameters.self, forKey: .trust)) ?? .standard).sanitised
        enrolment = (try? c.decodeIfPresent(EnrolmentPolicy.self, forKey: .enrolment)) ?? .standard
    }
}
