extension KeystrokeWindowModel {
    /// PLACEHOLDER until fitted.
    public static let shipped = KeystrokeWindowModel(
        spreads: FreeTextDistances.Spreads(),
        combination: LogisticRegression(
            means: [Double](repeating: 0, count: 2 * FreeTextDistances.names.count),
            scales: [Double](repeating: 1, count: 2 * FreeTextDistances.names.count),
            weights: [Double](repeating: 0, count: 2 * FreeTextDistances.names.count), intercept: 0))
}
