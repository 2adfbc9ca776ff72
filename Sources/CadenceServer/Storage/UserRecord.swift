import CadenceEngine
import Foundation

/// One end user of a tenant and their behavioural profile.
public struct UserRecord: Sendable, Hashable, Codable {
    public var tenantId: String
    public var userId: String
    /// The engine's serialised profile (enrolment samples, models); nil before the first sample.
    public var profile: Data?
    /// `enrolling` until the profile holds enough samples, then `ready`.
    public var status: ProfileStatus
    public var createdAt: Date
    public var updatedAt: Date
    /// Incremented by every profile write; a profile write only succeeds against the version it read.
    public var version: Int
    /// True when the record was read without its profile (``CadenceStore/userHead(tenantId:userId:)``):
    /// ``profile`` is then nil whether or not one is stored, and ``hasProfile`` tells.
    public var profileOmitted: Bool = false
    /// Whether a profile is stored (known even when it was not read).
    public var hasProfile: Bool = false
    /// Samples per modality of the stored profile, as written beside it; nil when not known
    /// (profiles written before v11, or no profile).
    public var sampleCounts: [String: Int]?

    public init(
        tenantId: String, userId: String, profile: Data? = nil, status: ProfileStatus = .enrolling, createdAt: Date,
        updatedAt: Date, version: Int = 0
    ) {
        self.version = version
        self.tenantId = tenantId
        self.userId = userId
        self.profile = profile
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.hasProfile = profile != nil
    }
}

/// A user as the dashboard lists them: profile status and how many sessions they had.
public struct UserListing: Sendable, Hashable, Codable {
    public var user: UserRecord
    public var sessionCount: Int

    public init(user: UserRecord, sessionCount: Int) {
        self.user = user
        self.sessionCount = sessionCount
    }
}

/// What erasing a user removed.
public struct ErasureReport: Sendable, Hashable, Codable {
    public var users: Int
    public var sessions: Int
    public var batches: Int

    public init(users: Int, sessions: Int, batches: Int) {
        self.users = users
        self.sessions = sessions
        self.batches = batches
    }
}
