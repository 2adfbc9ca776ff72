/// A family of synthetic pointer movement, as humanising bots produce it (issue 11).
///
/// Our own generators, written from the published descriptions of each technique, not from any
/// attack harness: the harness in `tests/browser` is the held-out attack and is never trained on.
public enum SyntheticPointerFamily: String, Sendable, Hashable, Codable, CaseIterable {
    /// A cubic Bezier curve between start and target with random control points, eased timing
    /// and Gaussian jitter.
    case bezier
    /// A minimum-jerk reach (Flash & Hogan 1985) with a slight bow, noise growing with speed, and
    /// often a missed primary sub-movement followed by a corrective one (Meyer et al. 1988).
    case minimumJerk = "minimum-jerk"
    /// WindMouse-style physics (B. Jenkins' WindMouse): gravity towards the target, a wandering
    /// wind, a capped step.
    case windMouse = "wind-mouse"
    /// A real person's path replayed with synthetic timing: uniform or eased progress along it.
    case retimedHuman = "retimed-human"
    /// A straight line with positional noise, at constant or eased speed.
    case noisyLine = "noisy-line"
}

/// How a generator spaces its events in time.
public enum SyntheticTiming: String, Sendable, Hashable, Codable, CaseIterable {
    /// Uniform 8–17 ms steps, as a browser dispatching one pointermove per frame at 60–120 Hz.
    case browser
    /// Intervals drawn from a pool of real people's inter-event intervals (zeros included), so
    /// that timing alone cannot tell the source apart.
    case humanIntervals = "human-intervals"
}
