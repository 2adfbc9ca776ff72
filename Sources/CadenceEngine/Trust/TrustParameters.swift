/// Parameters of the penalty-reward trust model, per tenant (see ``TrustModel``).
///
/// Defaults were chosen on the Balabit training sessions only (genuine sessions of each user
/// against other users' sessions replayed as impostors); the labelled test sessions were not
/// used to choose them.
public struct TrustParameters: Sendable, Codable, Hashable {
    /// `A`: genuineness score (0...1) at which a sample neither rewards nor penalises.
    public var threshold: Double
    /// `B`: width of the sigmoid around `A`, in score units (> 0); smaller = steeper.
    public var width: Double
    /// `C`: largest reward of one sample, trust points (> 0).
    public var maximumReward: Double
    /// `D`: largest penalty of one sample, trust points (> 0).
    public var maximumPenalty: Double
    /// Trust of a session with no login sample, 0...100.
    public var initialTrust: Double
    /// How many ordinary samples the login sample counts as when it sets the initial trust.
    public var loginSampleWeight: Double

    public init(
        threshold: Double = 0.5,
        width: Double = 0.2,
        maximumReward: Double = 1,
        maximumPenalty: Double = 6,
        initialTrust: Double = 100,
        loginSampleWeight: Double = 4
    ) {
        self.threshold = threshold
        self.width = width
        self.maximumReward = maximumReward
        self.maximumPenalty = maximumPenalty
        self.initialTrust = initialTrust
        self.loginSampleWeight = loginSampleWeight
    }

    public static let standard = TrustParameters()

    /// The parameters with every value forced into its valid range (for values read from storage or a request).
    public var sanitised: TrustParameters {
        func clamp(_ v: Double, _ lo: Double, _ hi: Double, _ fallback: Double) -> Double {
            v.isFinite ? min(max(v, lo), hi) : fallback
        }
        return TrustParameters(
            threshold: clamp(threshold, 0, 1, 0.5),
            width: clamp(width, 1e-3, 10, 0.1),
            maximumReward: clamp(maximumReward, 1e-3, 100, 1),
            maximumPenalty: clamp(maximumPenalty, 1e-3, 100, 6),
            initialTrust: clamp(initialTrust, 0, 100, 100),
            loginSampleWeight: clamp(loginSampleWeight, 0, 100, 4))
    }
}
