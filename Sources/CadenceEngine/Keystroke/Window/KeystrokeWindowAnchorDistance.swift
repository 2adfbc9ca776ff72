/// How far keystroke windows lie from a profile's enrolment anchor, for bounded updates: the
/// window model's log-likelihood ratio of a window against the anchor's pooled profile.
///
/// A candidate is accepted if it is no farther than a quantile of the anchor windows' own
/// leave-one-out scores (each against the profile of the others). ``AnchorDistance``'s
/// per-feature median and MAD suit dense features, not ``KeystrokeWindowVector``s, where most
/// class digraphs are absent (count 0) from most windows: their MAD is 0, so any window that
/// holds a rare digraph would look infinitely far.
struct KeystrokeWindowAnchorDistance {
    var model: KeystrokeWindowModel
    var anchor: [FreeTextSample]

    /// Anchor windows whose leave-one-out score is computed (evenly spaced), to bound the cost.
    static let maximumReferenceWindows = 50

    init(anchor: [FeatureVector], model: KeystrokeWindowModel) {
        self.model = model
        let windows = anchor.compactMap(KeystrokeWindowVector.sample)
        self.anchor = windows.count == anchor.count ? windows : []
    }

    /// The candidates within the anchor's `quantile` score, at most `limit`, closest first.
    func accept(_ candidates: [FeatureVector], quantile: Double, limit: Int) -> (
        accepted: [FeatureVector], rejected: Int
    ) {
        guard anchor.count >= 2 else { return ([], candidates.count) }
        let step = max(anchor.count / Self.maximumReferenceWindows, 1)
        let own = stride(from: 0, to: anchor.count, by: step).map { i in
            var rest = anchor
            let window = rest.remove(at: i)
            return model.logLikelihoodRatio(window, against: FreeTextProfile(enrolment: rest))
        }.sorted()
        let threshold = own[min(Int(Double(own.count) * min(max(quantile, 0), 1)), own.count - 1)]
        let profile = FreeTextProfile(enrolment: anchor)
        let scored = candidates.map { candidate in
            (
                candidate,
                KeystrokeWindowVector.sample(candidate).map { model.logLikelihoodRatio($0, against: profile) }
                    ?? .infinity
            )
        }
        let within = scored.filter { $0.1 <= threshold }.sorted { $0.1 < $1.1 }
        return (within.prefix(max(limit, 0)).map(\.0), candidates.count - within.count)
    }
}
