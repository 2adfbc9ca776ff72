import CadenceServer
import Foundation

extension ReplayClient {
    /// Sets the tenant up for a replay, through its own settings API: batch answers show trust
    /// and decision (what the replay measures), and the limits sized for a person are raised,
    /// since recorded sessions are sent far faster than they were typed (`--speed 0`).
    ///
    /// Use a tenant kept for tests: a production tenant should keep both off.
    func prepareTenantForReplay() async throws {
        let update = """
            {"browser": {"showsDecision": true},
             "limits": {"sessionEventsPerSecond": 1e7, "sessionEventBurst": 1e8, "sessionBytesPerSecond": 1e9,
                        "sessionByteBurst": 1e10, "tokenRequestsPerSecond": 1e6, "tokenRequestBurst": 1e7,
                        "tenantEventsPerSecond": 1e9, "openSessionsPerUser": 100000}}
            """
        _ = try await send("PUT", "/v1/settings", body: Data(update.utf8), answer: TenantSettings.self)
        FileHandle.standardError.write(
            Data("the tenant's batch answers now show decisions and its limits are raised for replay\n".utf8))
    }
}
