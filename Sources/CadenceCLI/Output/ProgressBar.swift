import Foundation

/// A one-line progress bar on standard error, redrawn at most ten times a second.
///
/// Silent when disabled or when standard error is not a terminal and `force` is false, so logs
/// and CI output stay clean.
final class ProgressBar: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`.
    private let lock = NSLock()
    private let label: String
    private let total: Int
    private var done = 0
    private var lastDraw = Date.distantPast
    private let enabled: Bool
    private let start = Date()

    init(label: String, total: Int, enabled: Bool = true) {
        self.label = label
        self.total = max(total, 1)
        self.enabled = enabled && isatty(STDERR_FILENO) != 0
    }

    /// Marks `count` more units as done.
    func advance(by count: Int = 1) {
        lock.lock()
        defer { lock.unlock() }
        done += count
        let now = Date()
        if done >= total || now.timeIntervalSince(lastDraw) > 0.1 {
            lastDraw = now
            draw()
        }
    }

    /// Clears the bar's line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    private func draw() {
        guard enabled else { return }
        let fraction = min(Double(done) / Double(total), 1)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let elapsed = Date().timeIntervalSince(start)
        let line = String(format: "\r%@ [%@] %d/%d %3.0f%% %.1fs", label, bar, done, total, fraction * 100, elapsed)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
