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
        return nil
    }

    /// Key events of a raw sample (codes 0 and 1), absolute times in milliseconds.
    public var keyEvents: [(down: Bool, time: Double, key: Int)] {
        guard let e else { return [] }
        let origin = t0 ?? 0
        return e.compactMap { event in
            guard event.count >= 3, event[0] == 0 || event[0] == 1 else { return nil }
            return (event[0] == 0, origin + event[1], Int(event[2]))
        }
    }
}
