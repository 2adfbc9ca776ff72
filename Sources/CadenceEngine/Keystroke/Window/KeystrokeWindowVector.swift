/// A window of keystrokes encoded as a fixed-length ``FeatureVector`` over key classes: how the
/// service carries, stores and scores the keys modality.
///
/// Why a fixed layout over key classes: a profile keeps its samples as equal-length vectors
/// (``PackedSamples``), and enrolment, bounded updates and storage all work on those, so a
/// window must be one. With key classes (``KeyClass``, 15 values: what the browser sends) the
/// layout is bounded: 15 keys and 15 × 15 digraphs. Each entry holds an n-graph's count, mean and
/// sample standard deviation, which are sufficient statistics: pooling windows into a profile
/// (``FreeTextProfile``) from the vectors gives exactly the statistics pooling the keystrokes
/// would (Chan et al. 1979), so the free-text detector scores a stored window as it would the
/// window itself. Trigraphs are left out (15³ entries for little gain at class level); the
/// distances' trigraph components then fall back to their digraph values.
///
/// Layout (``width`` = 1177 values; times in milliseconds, 32-bit precision once stored):
/// - `[0]`: keystrokes in the window;
/// - `[1...6]`: typing speed (keystrokes per second while typing), correction rate, pause rate,
///   rollover rate (each 0...1), median hold (ms), median down-down latency (ms), as in
///   ``FreeTextFeatures``;
/// - ``holdOffset`` + 3·c for key class c in 0..<15: hold count, mean hold, hold deviation;
/// - ``digraphOffset`` + 5·(15·c₁ + c₂) for the digraph c₁ then c₂: count, mean down-down
///   latency, its deviation, mean up-down latency (negative with rollover), its deviation.
///
/// An n-graph the window does not hold has count 0 and 0 everywhere else (not NaN, so that the
/// generic vector arithmetic of ``AnchorDistance`` and ``PackedSamples`` stays finite).
/// Privacy: only per-class timing aggregates, no order, so typed text cannot be reconstructed.
public enum KeystrokeWindowVector {
    /// Key classes (``KeyClass`` raw values 0..<15); any other key value counts as `unknown`.
    public static let classCount = 15
    public static let globalCount = 6
    public static let holdOffset = 1 + globalCount
    public static let holdStride = 3
    public static let digraphOffset = holdOffset + holdStride * classCount
    public static let digraphStride = 5
    public static let width = digraphOffset + digraphStride * classCount * classCount

    /// The position of key class `c`'s hold count; mean and deviation follow.
    public static func holdIndex(_ c: Int) -> Int { holdOffset + holdStride * c }

    /// The position of digraph `first` then `second`'s count; its latencies follow.
    public static func digraphIndex(_ first: Int, _ second: Int) -> Int {
        digraphOffset + digraphStride * (classCount * first + second)
    }

    /// The class of a key value as the vector counts it.
    static func keyClass(_ key: UInt32) -> UInt32 {
        KeyIdentity.keyClass.keyClass(of: key).rawValue
    }

    /// Encodes keystrokes given in press order (as ``KeystrokeWindowBuilder`` emits them).
    public static func encode(_ keystrokes: [Keystroke]) -> FeatureVector {
        let classed = keystrokes.map { Keystroke(key: keyClass($0.key), press: $0.press, release: $0.release) }
        return encode(FreeTextFeatures(keystrokes: classed, correctionKeys: KeyIdentity.keyClass.correctionKeys))
    }

    /// Encodes features extracted from key classes.
    static func encode(_ f: FreeTextFeatures) -> FeatureVector {
        var v = FeatureVector(repeating: 0, count: width)
        v[0] = Double(f.keystrokeCount)
        v[1] = f.typingSpeed
        v[2] = f.correctionRate
        v[3] = f.pauseRate
        v[4] = f.rolloverRate
        v[5] = f.medianHold
        v[6] = f.medianDownDown
        for (id, stats) in zip(f.hold.ids, f.hold.statistics) where id < classCount {
            let i = holdIndex(Int(id))
            v[i] = Double(stats.count)
            v[i + 1] = stats.mean
            v[i + 2] = stats.standardDeviation
        }
        for (k, id) in f.downDown.ids.enumerated() {
            let first = Int(id >> 32)
            let second = Int(id & 0xFFFF_FFFF)
            guard first < classCount, second < classCount else { continue }
            let i = digraphIndex(first, second)
            let dd = f.downDown.statistics[k]
            let ud = f.upDown.statistics[k]  // the same digraphs, in the same order
            v[i] = Double(dd.count)
            v[i + 1] = dd.mean
            v[i + 2] = dd.standardDeviation
            v[i + 3] = ud.mean
            v[i + 4] = ud.standardDeviation
        }
        return v
    }

    /// The free-text sample a vector encodes (key-class level only, no trigraphs); nil when the
    /// vector is not of this layout (another ``width``, or a count that is not a whole number ≥ 0).
    public static func sample(_ v: FeatureVector) -> FreeTextSample? {
        guard v.count == width, v.allSatisfy(\.isFinite) else { return nil }
        func count(_ x: Double) -> Int? { x >= 0 && x.rounded() == x && x < 1e6 ? Int(x) : nil }
        var holdIDs: [UInt64] = []
        var holds: [TimingStatistics] = []
        for c in 0..<classCount {
            let i = holdIndex(c)
            guard let n = count(v[i]) else { return nil }
            guard n > 0 else { continue }
            holdIDs.append(UInt64(c))
            holds.append(TimingStatistics(count: n, mean: v[i + 1], standardDeviation: v[i + 2]))
        }
        var digraphIDs: [UInt64] = []
        var downDowns: [TimingStatistics] = []
        var upDowns: [TimingStatistics] = []
        for first in 0..<classCount {
            for second in 0..<classCount {
                let i = digraphIndex(first, second)
                guard let n = count(v[i]) else { return nil }
                guard n > 0 else { continue }
                digraphIDs.append(TimingTable.digraphID(UInt32(first), UInt32(second)))
                downDowns.append(TimingStatistics(count: n, mean: v[i + 1], standardDeviation: v[i + 2]))
                upDowns.append(TimingStatistics(count: n, mean: v[i + 3], standardDeviation: v[i + 4]))
            }
        }
        guard let keystrokes = count(v[0]) else { return nil }
        let features = FreeTextFeatures(
            keystrokeCount: keystrokes, hold: TimingTable(ids: holdIDs, statistics: holds),
            downDown: TimingTable(ids: digraphIDs, statistics: downDowns),
            upDown: TimingTable(ids: digraphIDs, statistics: upDowns), trigraph: TimingTable(), typingSpeed: v[1],
            correctionRate: v[2], pauseRate: v[3], rolloverRate: v[4], medianHold: v[5], medianDownDown: v[6])
        return FreeTextSample(keyClassFeatures: features)
    }
}
