import Foundation

/// Timing statistics per n-graph (a key, a digraph, a trigraph), sorted by n-graph id so two
/// tables can be joined on their shared n-graphs in one linear pass.
///
/// Ids pack the keys of an n-graph (see ``digraphID(_:_:)`` and ``trigraphID(_:_:_:)``). Only
/// these statistics are kept, not the order of keystrokes, so a table cannot reproduce a text.
public struct TimingTable: Sendable, Hashable, Codable {
    /// N-graph ids in increasing order.
    public private(set) var ids: [UInt64]
    /// Statistics of the n-graph at the same index, in milliseconds.
    public private(set) var statistics: [TimingStatistics]
    /// Natural log of each mean (ms floored at 1), kept alongside because comparisons need it often.
    public private(set) var logMeans: [Double]

    public init() {
        ids = []
        statistics = []
        logMeans = []
    }

    /// Builds a table from (n-graph id, duration in ms) observations.
    public init(observations: [(id: UInt64, value: Double)]) {
        let sorted = observations.enumerated().sorted { a, b in
            a.element.id != b.element.id ? a.element.id < b.element.id : a.offset < b.offset
        }
        ids = []
        statistics = []
        logMeans = []
        defer { logMeans = statistics.map { Self.logMean($0) } }
        for (_, observation) in sorted {
            if ids.last == observation.id {
                statistics[statistics.count - 1].add(observation.value)
            } else {
                ids.append(observation.id)
                statistics.append(TimingStatistics([observation.value]))
            }
        }
    }

    /// A table from n-graph ids in increasing order and their statistics (parallel arrays).
    init(ids: [UInt64], statistics: [TimingStatistics]) {
        precondition(ids.count == statistics.count && zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 })
        self.ids = ids
        self.statistics = statistics
        logMeans = statistics.map { Self.logMean($0) }
    }

    /// Number of distinct n-graphs.
    public var count: Int { ids.count }

    /// Number of observations over all n-graphs.
    public var observationCount: Int { statistics.reduce(0) { $0 + $1.count } }

    /// The statistics of one n-graph, if observed.
    public subscript(id: UInt64) -> TimingStatistics? {
        index(of: id).map { statistics[$0] }
    }

    /// The position of an n-graph in ``ids``, if observed (binary search).
    public func index(of id: UInt64) -> Int? {
        var lo = 0
        var hi = ids.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ids[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < ids.count && ids[lo] == id ? lo : nil
    }

    static func logMean(_ statistics: TimingStatistics) -> Double {
        log(max(statistics.mean, 1))
    }

    /// Both tables' observations together.
    public func merged(with other: TimingTable) -> TimingTable {
        var result = TimingTable()
        var i = 0
        var j = 0
        while i < ids.count || j < other.ids.count {
            if j == other.ids.count || (i < ids.count && ids[i] < other.ids[j]) {
                result.ids.append(ids[i])
                result.statistics.append(statistics[i])
                result.logMeans.append(logMeans[i])
                i += 1
            } else if i == ids.count || other.ids[j] < ids[i] {
                result.ids.append(other.ids[j])
                result.statistics.append(other.statistics[j])
                result.logMeans.append(other.logMeans[j])
                j += 1
            } else {
                let merged = statistics[i].merged(with: other.statistics[j])
                result.ids.append(ids[i])
                result.statistics.append(merged)
                result.logMeans.append(Self.logMean(merged))
                i += 1
                j += 1
            }
        }
        return result
    }

    /// Calls `body(mine, theirs)` for every n-graph both tables hold, in id order.
    public func forEachShared(with other: TimingTable, _ body: (TimingStatistics, TimingStatistics) -> Void) {
        var i = 0
        var j = 0
        while i < ids.count && j < other.ids.count {
            if ids[i] < other.ids[j] {
                i += 1
            } else if other.ids[j] < ids[i] {
                j += 1
            } else {
                body(statistics[i], other.statistics[j])
                i += 1
                j += 1
            }
        }
    }

    /// The id of a single key.
    public static func keyID(_ key: UInt32) -> UInt64 { UInt64(key) }

    /// The id of the digraph `first` then `second`.
    public static func digraphID(_ first: UInt32, _ second: UInt32) -> UInt64 {
        UInt64(first) << 32 | UInt64(second)
    }

    /// The id of a trigraph; keys are reduced to their low 21 bits (key codes and classes fit).
    public static func trigraphID(_ first: UInt32, _ second: UInt32, _ third: UInt32) -> UInt64 {
        let mask: UInt64 = (1 << 21) - 1
        return (UInt64(first) & mask) << 42 | (UInt64(second) & mask) << 21 | (UInt64(third) & mask)
    }
}
