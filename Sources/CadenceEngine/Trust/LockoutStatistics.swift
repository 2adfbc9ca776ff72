/// How many actions sessions last before trust falls below a lockout level: ANGA and ANIA.
///
/// Mondal & Bours (2015, 2017): ANGA, the Average Number of Genuine Actions before the owner is
/// (wrongly) locked out, and ANIA, the Average Number of Impostor Actions before an impostor is
/// locked out. Averages are over the sessions that were locked out; sessions never locked out are
/// counted separately (an impostor never locked out is undetected; an owner never locked out is
/// the desired case), with the actions they lasted.
public struct LockoutStatistics: Sendable, Codable, Hashable {
    /// Sessions evaluated.
    public var sessions = 0
    /// Sessions whose trust fell below the lockout level.
    public var lockedOut = 0
    /// Sum of actions before lockout, over locked-out sessions (the locking action included).
    public var actionsBeforeLockout = 0
    /// Sum of actions of sessions never locked out.
    public var actionsOfSessionsNotLockedOut = 0

    public init() {}

    /// Adds one session given its trust after each action.
    public mutating func add(trustTimeline: [Double], lockoutBelow level: Double) {
        add(actionsUntilLockout: Self.actionsUntilLockout(trustTimeline, below: level), actions: trustTimeline.count)
    }

    /// Adds one session given the 1-based action at which it was locked out (nil if never) and its length.
    public mutating func add(actionsUntilLockout: Int?, actions: Int) {
        sessions += 1
        if let actionsUntilLockout {
            lockedOut += 1
            actionsBeforeLockout += actionsUntilLockout
        } else {
            actionsOfSessionsNotLockedOut += actions
        }
    }

    /// Share of sessions locked out, 0...1 (NaN when there are none).
    public var lockoutRate: Double { Double(lockedOut) / Double(sessions) }

    /// Average actions before lockout over locked-out sessions (ANIA for impostors, ANGA for owners); nil if none.
    public var averageActionsBeforeLockout: Double? {
        lockedOut == 0 ? nil : Double(actionsBeforeLockout) / Double(lockedOut)
    }

    /// The 1-based index of the first action after which trust is below `level`, or nil.
    public static func actionsUntilLockout(_ trustTimeline: [Double], below level: Double) -> Int? {
        trustTimeline.firstIndex { $0 < level }.map { $0 + 1 }
    }
}
