/// What the browser SDK saw of its environment since the previous batch: the batch's `env`
/// object (`docs/wire-format.md`, `docs/automation.md`).
///
/// Booleans and counts only, never a user agent, a renderer or anything else that would
/// fingerprint the person. Flags describe the page as it is when the batch is sealed; counts are
/// what happened since the previous batch (the service adds them up).
public struct EnvironmentReport: Sendable, Hashable, Codable {
    /// `navigator.webdriver` was `true` (`wd`).
    public var webdriver = false
    /// `navigator.userAgent` names `HeadlessChrome` (`hl`); the user agent itself is not sent.
    public var headless = false
    /// Globals chromedriver leaves on a page (`cdc_…`, `$cdc_…`), counted (`cdc`).
    public var driverGlobals = 0
    /// `navigator.webdriver` is answered by a getter that is not the browser's own (`wdg`).
    public var patchedWebdriver = false
    /// The window is larger than the screen it is on (`win`).
    public var windowLargerThanScreen = false
    /// Key and pointer events with `isTrusted === false` (`ut`).
    public var untrustedEvents = 0
    /// Mouse pointer moves the consistency counts below were checked on (`pm`).
    public var mouseMoves = 0
    /// Mouse moves whose `movementX/Y` differ from the coordinate change by more than 1 px (`mvx`).
    public var movementMismatches = 0
    /// Trusted pointer moves with no coalesced event at all (`co0`); a real move has at least one.
    public var coalescedNone = 0
    /// Pointer moves carrying more than one coalesced event (`com`): what a fast-polling mouse gives.
    public var coalescedMany = 0
    /// Mouse events whose size or pressure contradict a mouse (`psz`): width or height not 1,
    /// pressure 0 with a button held or above 0 with none.
    public var pointerShapeMismatches = 0
    /// Mouse events with fractional `clientX/Y` while `devicePixelRatio` is 1 (`frac`).
    public var fractionalMouse = 0
    /// Intervals between successive pointer moves (under 100 ms) measured against the display's
    /// frame interval (`iv`).
    public var moveIntervals = 0
    /// Of those, intervals shorter than half the frame interval (`fast`).
    public var fastMoveIntervals = 0
    /// Window focus changes, blur or focus (`foc`).
    public var focusChanges = 0
    /// Visibility changes of the page (`vis`).
    public var visibilityChanges = 0
    /// Key and pointer events that arrived while the page was hidden (`hid`).
    public var hiddenInput = 0
    /// Pastes into a field with no key pressed in the second before (`paste`); never the content.
    public var pastesWithoutTyping = 0
    /// Mouse moves under 300 ms after the previous one, once the frame interval is known (`mot`):
    /// the pointer in motion.
    public var motionIntervals = 0
    /// Of those, moves more than three frames after the previous one and 8 px or more away from
    /// it (`sj`): the sparse jumps of input relayed by a remote-desktop tool.
    public var sparseJumps = 0

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case webdriver, headless, driverGlobals, patchedWebdriver, windowLargerThanScreen, untrustedEvents
        case mouseMoves, movementMismatches, coalescedNone, coalescedMany, pointerShapeMismatches
        case fractionalMouse, moveIntervals, fastMoveIntervals, focusChanges, visibilityChanges, hiddenInput
        case pastesWithoutTyping, motionIntervals, sparseJumps
    }

    /// Decodes a stored report; the motion counts, added later, are 0 in reports stored before.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        webdriver = try c.decode(Bool.self, forKey: .webdriver)
        headless = try c.decode(Bool.self, forKey: .headless)
        driverGlobals = try c.decode(Int.self, forKey: .driverGlobals)
        patchedWebdriver = try c.decode(Bool.self, forKey: .patchedWebdriver)
        windowLargerThanScreen = try c.decode(Bool.self, forKey: .windowLargerThanScreen)
        untrustedEvents = try c.decode(Int.self, forKey: .untrustedEvents)
        mouseMoves = try c.decode(Int.self, forKey: .mouseMoves)
        movementMismatches = try c.decode(Int.self, forKey: .movementMismatches)
        coalescedNone = try c.decode(Int.self, forKey: .coalescedNone)
        coalescedMany = try c.decode(Int.self, forKey: .coalescedMany)
        pointerShapeMismatches = try c.decode(Int.self, forKey: .pointerShapeMismatches)
        fractionalMouse = try c.decode(Int.self, forKey: .fractionalMouse)
        moveIntervals = try c.decode(Int.self, forKey: .moveIntervals)
        fastMoveIntervals = try c.decode(Int.self, forKey: .fastMoveIntervals)
        focusChanges = try c.decode(Int.self, forKey: .focusChanges)
        visibilityChanges = try c.decode(Int.self, forKey: .visibilityChanges)
        hiddenInput = try c.decode(Int.self, forKey: .hiddenInput)
        pastesWithoutTyping = try c.decode(Int.self, forKey: .pastesWithoutTyping)
        motionIntervals = try c.decodeIfPresent(Int.self, forKey: .motionIntervals) ?? 0
        sparseJumps = try c.decodeIfPresent(Int.self, forKey: .sparseJumps) ?? 0
    }

    /// Whether nothing at all was reported (what a person's browser usually sends).
    public var isEmpty: Bool { self == EnvironmentReport() }
}
