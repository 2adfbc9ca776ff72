/// How the bank says a session ended (`POST /v1/sessions/{id}/end`).
public enum SessionOutcome: String, Sendable, Codable, Hashable, CaseIterable {
    /// The account owner: the session may update a ready profile (within bounds).
    case genuine
    /// Someone else: nothing of it enters the profile.
    case fraud
    /// Not known: nothing of it enters a ready profile.
    case unknown
}
