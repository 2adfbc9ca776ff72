/// Receiver operating characteristic of one detector on labelled scores.
///
/// Score convention everywhere in Cadence: higher means *less* likely the genuine user. A sample is
/// rejected when its score is `>= threshold`. False accept rate (FAR) is the share of impostor
/// scores below the threshold; false reject rate (FRR) the share of genuine scores at or above it.
public struct ROCCurve: Sendable, Codable, Hashable {
    /// One operating point.
    public struct Point: Sendable, Codable, Hashable {
        /// Reject when score >= threshold.
        public var threshold: Double
        /// False accept rate in [0, 1].
        public var far: Double
        /// False reject rate in [0, 1].
        public var frr: Double
    }

    /// Operating points ordered by increasing threshold, from "reject all" (FRR 1, FAR 0) to
    /// "accept all" (FRR 0, FAR 1).
    public let points: [Point]
    public let genuineCount: Int
    public let impostorCount: Int
    /// Area under the ROC curve: the probability that a random impostor sample scores higher than
    /// a random genuine one, ties counting one half (Mann-Whitney U). 1 is perfect, 0.5 is chance.
    public let auc: Double

    public init(genuine: [Double], impostor: [Double]) {
        genuineCount = genuine.count
        impostorCount = impostor.count
        let g = genuine.sorted()
        let i = impostor.sorted()
        let thresholds = Array(Set(g + i)).sorted()
        var points: [Point] = []
        points.reserveCapacity(thresholds.count + 1)
        var gi = 0  // genuine scores < threshold
        var ii = 0  // impostor scores < threshold
        for t in thresholds {
            while gi < g.count && g[gi] < t { gi += 1 }
            while ii < i.count && i[ii] < t { ii += 1 }
            points.append(Point(threshold: t, far: Self.rate(ii, i.count), frr: Self.rate(g.count - gi, g.count)))
        }
        points.append(Point(threshold: .infinity, far: i.isEmpty ? 0 : 1, frr: 0))
        self.points = points
        self.auc = Self.mannWhitneyAUC(genuineSorted: g, impostorSorted: i)
    }

    private static func rate(_ count: Int, _ total: Int) -> Double {
        total == 0 ? 0 : Double(count) / Double(total)
    }

    /// P(impostor score > genuine score) + 0.5 P(equal), by a merge over both sorted lists.
    static func mannWhitneyAUC(genuineSorted g: [Double], impostorSorted i: [Double]) -> Double {
        guard !g.isEmpty, !i.isEmpty else { return .nan }
        var wins = 0.0
        var lo = 0  // genuine strictly below current impostor score
        var hi = 0  // genuine at or below current impostor score
        for s in i {
            while lo < g.count && g[lo] < s { lo += 1 }
            if hi < lo { hi = lo }
            while hi < g.count && g[hi] <= s { hi += 1 }
            wins += Double(lo) + 0.5 * Double(hi - lo)
        }
        return wins / (Double(g.count) * Double(i.count))
    }

    /// Equal error rate and the threshold where it is reached.
    ///
    /// Where FAR and FRR cross between two operating points, the EER is interpolated linearly
    /// between them (the usual convention, e.g. Killourhy & Maxion 2009 take the point where the
    /// ROC meets the FAR = FRR line); the threshold reported is the lower point's.
    public var equalErrorRate: (rate: Double, threshold: Double) {
        guard genuineCount > 0, impostorCount > 0 else { return (.nan, .nan) }
        // FRR falls and FAR rises with the threshold; find the first point where FAR >= FRR.
        var previous = Point(threshold: -.infinity, far: 0, frr: 1)
        for p in points {
            if p.far >= p.frr {
                let d0 = previous.frr - previous.far  // > 0
                let d1 = p.far - p.frr  // >= 0
                let w = d0 + d1 == 0 ? 0 : d0 / (d0 + d1)
                let rate = previous.far + w * (p.far - previous.far)
                let rateFRR = previous.frr + w * (p.frr - previous.frr)
                return ((rate + rateFRR) / 2, w < 0.5 ? previous.threshold : p.threshold)
            }
            previous = p
        }
        return (0, points.last?.threshold ?? .nan)
    }

    /// FAR and FRR when rejecting scores `>= threshold`.
    public func rates(at threshold: Double) -> (far: Double, frr: Double) {
        // No score lies between `threshold` and the next observed one, so their rates are equal.
        let p = points.first(where: { $0.threshold >= threshold }) ?? points[points.count - 1]
        return (p.far, p.frr)
    }

    /// Detection error trade-off points: FAR and FRR on normal-deviate (probit) scales.
    ///
    /// Rates of exactly 0 or 1 are clipped to half a sample from the edge so they stay finite.
    public var detPoints: [(farDeviate: Double, frrDeviate: Double)] {
        let farFloor = 0.5 / Double(max(impostorCount, 1))
        let frrFloor = 0.5 / Double(max(genuineCount, 1))
        return points.map { p in
            (
                Probit.inverseNormal(min(max(p.far, farFloor), 1 - farFloor)),
                Probit.inverseNormal(min(max(p.frr, frrFloor), 1 - frrFloor))
            )
        }
    }
}
