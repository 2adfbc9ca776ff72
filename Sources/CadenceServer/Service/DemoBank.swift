/// The demo bank's tenant and users, seeded on first start so a newcomer can log in at once.
public enum DemoBank {
    public static let tenantId = "demo"
    public static let tenantName = "Cadence demo bank"
    /// The demo bank's one-time code for step-ups (shown on the page; a real bank sends one).
    public static let oneTimeCode = "123456"
    /// Wrong codes in a row after which the demo bank reports a failed step-up.
    public static let oneTimeCodeAttempts = 3

    /// A demo bank customer: user name, password (shown on the demo page), display name.
    public struct Customer: Sendable, Hashable, Codable {
        public var username: String
        public var password: String
        public var displayName: String
    }

    /// The demo tenant's settings: its page shows the live trust and decision (a real tenant's
    /// browser is told nothing, ``BrowserPolicy/showsDecision``), and it accepts its own origin.
    public static var settings: TenantSettings {
        var settings = TenantSettings()
        settings.browser.showsDecision = true
        return settings
    }

    public static let customers = [
        Customer(username: "alice", password: "alice-demo", displayName: "Alice Martin"),
        Customer(username: "bob", password: "bob-demo", displayName: "Bob Nguyen"),
        Customer(username: "carol", password: "carol-demo", displayName: "Carol Schmidt"),
    ]
}
