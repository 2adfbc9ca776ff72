/// Estimates of the memory a user's trained models take, for caches bounded by bytes.
///
/// Counted: the elements of every array and table a model keeps (at their `MemoryLayout`
/// stride) plus a fixed 32 bytes per array for its header. Not counted: allocator rounding and
/// the few scalars of each struct, well under a kilobyte per model. A pointer model of 100
/// extra-trees grown on a few thousand actions is several megabytes, most of it nodes.
extension UserModels {
    /// Bytes of memory these models take, about (see above).
    public var estimatedByteCount: Int {
        var bytes = 512
        if let pointer { bytes += pointer.estimatedByteCount }
        if let keys { bytes += keys.estimatedByteCount }
        if let login { bytes += login.estimatedByteCount }
        // A Set's buckets: the element and about one word of table per element at its load factor.
        bytes += knownFingerprints.count * (MemoryLayout<UInt64>.stride * 2) + ByteCount.arrayHeader
        bytes += baselines.values.reduce(0) { $0 + $1.estimatedByteCount }
        bytes += problems.reduce(0) { $0 + $1.utf8.count + ByteCount.arrayHeader }
        return bytes
    }
}

/// Helpers for ``UserModels/estimatedByteCount``.
enum ByteCount {
    /// An array's header (reference count, count, capacity) as Swift lays it out on 64-bit.
    static let arrayHeader = 32

    static func of<T>(_ array: [T]) -> Int { arrayHeader + array.count * MemoryLayout<T>.stride }
}

extension SampleScorer {
    /// Bytes of memory this scorer takes, about; scorers that do not say are counted by the
    /// size of their type alone.
    public var estimatedByteCount: Int {
        switch self {
        case let model as PointerModel: model.estimatedByteCount
        case let scorer as KeystrokeWindowScorer: scorer.estimatedByteCount
        case let scorer as GaussianLikelihoodScorer: scorer.estimatedByteCount
        default: MemoryLayout<Self>.size
        }
    }
}

extension PointerModel {
    var estimatedByteCount: Int { model.estimatedByteCount + 256 }
}

extension TreeEnsembleModel {
    /// The trees (32-byte nodes) and their packed copy for scoring (16-byte nodes).
    var estimatedByteCount: Int {
        trees.reduce(ByteCount.of(trees)) { $0 + ByteCount.of($1.nodes) } + forestByteCount
    }
}

extension KeystrokeWindowScorer {
    var estimatedByteCount: Int { profile.estimatedByteCount + 256 }
}

extension FreeTextProfile {
    var estimatedByteCount: Int {
        keys.estimatedByteCount + classes.estimatedByteCount + ByteCount.of(classIndex.hold)
            + ByteCount.of(classIndex.digraph) + ByteCount.of(classIndex.trigraph) + ByteCount.of(globalMeans)
            + ByteCount.of(globalDeviations)
    }
}

extension PooledTimings {
    var estimatedByteCount: Int {
        [hold, downDown, upDown, trigraph].reduce(0) { $0 + $1.estimatedByteCount }
    }
}

extension TimingTable {
    var estimatedByteCount: Int { ByteCount.of(ids) + ByteCount.of(statistics) + ByteCount.of(logMeans) }
}

extension GaussianLikelihoodScorer {
    var estimatedByteCount: Int {
        ByteCount.of(userMeans) + ByteCount.of(userDeviations) + ByteCount.of(populationMeans)
            + ByteCount.of(populationDeviations) + 128
    }
}

extension LoginScorer {
    var estimatedByteCount: Int { MemoryLayout<LoginScorer>.size + ByteCount.of(means) + ByteCount.of(deviations) }
}

extension BehaviourBaseline {
    var estimatedByteCount: Int { ByteCount.of(means) + ByteCount.of(deviations) + 64 }
}
