extension SplitMix64 {
    /// A uniform integer in `0..<bound` (bound > 0), by Lemire's multiply-shift.
    mutating func nextIndex(below bound: Int) -> Int {
        Int(UInt64(bound).multipliedFullWidth(by: next()).high)
    }
}
