import Dispatch

/// Runs independent pieces of work on all cores and collects their results in order.
///
/// Used by loaders (one file per piece) and evaluation protocols (one participant per piece).
public enum ParallelMap {
    /// `body(0) … body(count - 1)`, computed concurrently, returned in index order.
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let results = ResultSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.store(body(index), at: index)
        }
        return results.collect()
    }
}

/// Write-once result slots shared by the workers of ``ParallelMap``.
private final class ResultSlots<T>: @unchecked Sendable {
    // @unchecked: every index is written by exactly one worker into its own slot of a raw buffer
    // (no Swift-level access to shared storage), and `collect` runs only after
    // `concurrentPerform` has returned, which orders all writes before the read.
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = UnsafeMutablePointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ value: T, at index: Int) {
        slots[index] = value
    }

    func collect() -> [T] {
        (0..<count).map { slots[$0]! }
    }
}
