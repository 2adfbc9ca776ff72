/// A session's keystrokes between batches: pairs key events into keystrokes and cuts them into
/// windows of ``windowSize`` keystrokes across batch boundaries (``KeystrokeWindowBuilder``),
/// each turned into the keys modality's features (``KeystrokeWindowFeatures``); Codable.
///
/// Only the unfinished window (at most ``windowSize`` − 1 keystrokes) and the presses waiting
/// for their release are kept, since the state is written after every batch.
struct KeyStream: Sendable, Codable, Hashable {
    static let windowSize = 40
    /// Milliseconds after which an unreleased press is dropped.
    static let staleAfter = 5_000.0
    /// Presses kept waiting for their release (a stuck key-up or a flood of key-downs is cut here).
    static let maximumWaiting = 64

    private var builder = KeystrokeWindowBuilder(windowSize: windowSize, staleAfter: staleAfter)

    /// Keystrokes of the window in progress.
    var unfinishedKeystrokes: Int { builder.windowCount }

    mutating func feed(
        _ event: KeyEvent, features: KeystrokeWindowFeatures, into out: inout [(time: Double, features: FeatureVector)]
    ) {
        if event.transition == .down && builder.waitingCount >= Self.maximumWaiting { return }
        for window in builder.add(event) { out.append((event.timestamp, features.vector(window))) }
    }
}
