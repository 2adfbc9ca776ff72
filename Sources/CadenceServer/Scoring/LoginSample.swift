import CadenceEngine

/// The fixed-text timings of the login form, sent with `POST /v1/sessions`.
///
/// Either timing vectors (milliseconds: `hold` per key, `downDown` and `upDown` per digraph) or
/// the raw key events the SDK's `Cadence.recordLogin` captured, in the wire format's shape
/// (`{v, t0, e: [[code, dt, key, field], …]}`; key classes only, never characters).
public struct LoginSample: Sendable, Hashable, Codable {
    public var hold: [Double]?
    public var downDown: [Double]?
    public var upDown: [Double]?
    public var v: Int?
    public var t0: Double?
    public var e: [[Double]]?

    public init(
        hold: [Double]? = nil, downDown: [Double]? = nil, upDown: [Double]? = nil, v: Int? = nil, t0: Double? = nil,
        e: [[Double]]? = nil
    ) {
        self.hold = hold
        self.downDown = downDown
        self.upDown = upDown
        self.v = v
        self.t0 = t0
        self.e = e
    }

    /// Most keys or events a sample may hold.
    public static let maximumLength = 2_000

    /// Nil when the sample is usable; otherwise the offending field and why.
    public var problem: (field: String, reason: String)? {
        for (name, values) in [("hold", hold), ("downDown", downDown), ("upDown", upDown)] {
            guard let values else { continue }
            if values.count > Self.maximumLength {
                return ("loginSample.\(name)", "more than \(Self.maximumLength) values")
            }
            if values.contains(where: { !$0.isFinite || abs($0) > 600_000 }) {
                return ("loginSample.\(name)", "values must be finite milliseconds within ±600000")
            }
        }
        if let e {
            if e.count > Self.maximumLength { return ("loginSample.e", "more than \(Self.maximumLength) events") }
            for (i, event) in e.enumerated() {
                guard event.count >= 2, event.count <= 16, event.allSatisfy(\.isFinite) else {
                    return ("loginSample.e[\(i)]", "an event is an array of 2 to 16 finite numbers")
                }
            }
        }
        if let t0, !t0.isFinite { return ("loginSample.t0", "must be finite") }
        for digraphs in [downDown, upDown].compactMap({ $0 }) where !digraphs.isEmpty {
            guard let hold, digraphs.count == hold.count - 1 else {
                return ("loginSample", "downDown and upDown need hold and one value fewer than it")
            }
        }
        return nil
    }

    /// The timing vector in the CMU column order (`H, DD, UD, H, …, H`; see `FixedTextTiming`),
    /// milliseconds; nil when the sample holds no keystroke or its vectors do not fit together.
    public var timingVector: FeatureVector? {
        if let e {
            let origin = t0 ?? 0
            let events = e.compactMap { event -> KeyEvent? in
                guard event.count >= 3, event[0] == 0 || event[0] == 1, event[2] >= 0, event[2] <= Double(UInt32.max)
                else { return nil }
                return KeyEvent(event[0] == 0 ? .down : .up, timestamp: origin + event[1], key: UInt32(event[2]))
            }
            let vector = FixedTextTiming(events: events).vector
            return vector.isEmpty ? nil : vector
        }
        guard let hold, !hold.isEmpty else { return nil }
        // DD = H + UD, so either digraph vector gives the other.
        let downDown =
            downDown ?? upDown.map { ud in ud.indices.map { ud[$0] + (hold.indices.contains($0) ? hold[$0] : 0) } }
            ?? []
        let upDown =
            upDown ?? self.downDown.map { dd in dd.indices.map { dd[$0] - (hold.indices.contains($0) ? hold[$0] : 0) } }
            ?? []
        if downDown.isEmpty && upDown.isEmpty { return hold }
        guard downDown.count == hold.count - 1, upDown.count == hold.count - 1 else { return nil }
        var vector: FeatureVector = []
        for i in hold.indices {
            vector.append(hold[i])
            if i < downDown.count {
                vector.append(downDown[i])
                vector.append(upDown[i])
            }
        }
        return vector
    }
}
