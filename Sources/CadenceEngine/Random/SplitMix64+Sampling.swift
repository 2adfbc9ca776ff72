extension SplitMix64 {
    /// `count` distinct elements of `items` in random order (all of them, shuffled, if fewer).
    ///
    /// A partial Fisher–Yates shuffle; each draw is `next() % remaining`, so a seed always picks
    /// the same elements.
    public mutating func sample<T>(_ count: Int, from items: [T]) -> [T] {
        var pool = items
        let n = min(count, pool.count)
        for i in 0..<n {
            let j = i + Int(next() % UInt64(pool.count - i))
            pool.swapAt(i, j)
        }
        return Array(pool.prefix(n))
    }
}
