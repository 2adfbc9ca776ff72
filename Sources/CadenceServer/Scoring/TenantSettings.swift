/// Per-tenant scoring settings: policy thresholds and trust-model parameters.
///
/// Stored as JSON with the tenant; unknown or missing fields fall back to the defaults so that
/// settings written by an older version stay readable.
public struct TenantSettings: Sendable, Hashable, Codable {
    /// Trust (0...100) below which a session is challenged.
    public var challengeBelow: Double
    /// Trust (0...100) below which a session is blocked.
    public var blockBelow: Double
    /// Trust (0...100) a session starts with when there is no login sample.
    public var initialTrust: Double

    public init(challengeBelow: Double = 85, blockBelow: Double = 40, initialTrust: Double = 100) {
        self.challengeBelow = challengeBelow
        self.blockBelow = blockBelow
        self.initialTrust = initialTrust
    }

    enum CodingKeys: String, CodingKey {
        case challengeBelow, blockBelow, initialTrust
    }

    public init(from decoder: any Decoder) throws {
        let defaults = TenantSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        challengeBelow = try c.decodeIfPresent(Double.self, forKey: .challengeBelow) ?? defaults.challengeBelow
        blockBelow = try c.decodeIfPresent(Double.self, forKey: .blockBelow) ?? defaults.blockBelow
        initialTrust = try c.decodeIfPresent(Double.self, forKey: .initialTrust) ?? defaults.initialTrust
    }
}
