/// Per-modality counts and last scores of a session, as `GET /v1/sessions/{id}` reports them.
public struct ModalityCounts: Sendable, Codable, Hashable {
    public var pointerEvents = 0
    public var keyEvents = 0
    /// Pointer actions scored (or collected, while the profile enrols).
    public var pointerActions = 0
    /// Keystroke windows scored (or collected).
    public var keystrokeWindows = 0
    /// Calibrated log-likelihood ratio of the last scored pointer action (positive = impostor-like).
    public var lastPointerScore: Double?
    /// Calibrated log-likelihood ratio of the last scored keystroke window.
    public var lastKeysScore: Double?
    /// Calibrated log-likelihood ratio of the login sample.
    public var loginScore: Double?

    public init() {}
}
