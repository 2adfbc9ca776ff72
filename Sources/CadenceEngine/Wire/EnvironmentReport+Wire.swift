extension EnvironmentReport {
    /// Wire names of the flags and where each goes; short, because every batch carries them.
    static let wireFlags: [(name: String, keyPath: any WritableKeyPath<EnvironmentReport, Bool> & Sendable)] = [
        ("wd", \.webdriver), ("hl", \.headless), ("wdg", \.patchedWebdriver), ("win", \.windowLargerThanScreen),
    ]

    /// Wire names of the counts and where each goes.
    static let wireCounts: [(name: String, keyPath: any WritableKeyPath<EnvironmentReport, Int> & Sendable)] = [
        ("cdc", \.driverGlobals), ("ut", \.untrustedEvents), ("pm", \.mouseMoves), ("mvx", \.movementMismatches),
        ("co0", \.coalescedNone), ("com", \.coalescedMany), ("psz", \.pointerShapeMismatches),
        ("frac", \.fractionalMouse), ("iv", \.moveIntervals), ("fast", \.fastMoveIntervals),
        ("foc", \.focusChanges), ("vis", \.visibilityChanges), ("hid", \.hiddenInput),
        ("paste", \.pastesWithoutTyping), ("mot", \.motionIntervals), ("sj", \.sparseJumps),
    ]

    /// The `env` object as the SDK writes it: true flags and non-zero counts only, in table order.
    var wireJSON: String {
        var members: [String] = []
        for flag in Self.wireFlags where self[keyPath: flag.keyPath] { members.append("\"\(flag.name)\":true") }
        for count in Self.wireCounts where self[keyPath: count.keyPath] != 0 {
            members.append("\"\(count.name)\":\(self[keyPath: count.keyPath])")
        }
        return "{" + members.joined(separator: ",") + "}"
    }
}
