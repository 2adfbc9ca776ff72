/// One typing of the fixed text by one subject, as read from a data set.
public struct FixedTextSample: Sendable, Hashable, Codable {
    /// Subject (user) identifier as written in the file.
    public var subject: String
    /// 1-based position of this sample among the subject's samples, in file order.
    ///
    /// In the CMU layout this is `(sessionIndex − 1) · repsPerSession + rep` when the file is in
    /// its usual order, e.g. 1…400; in the raw press/release layout it is 1…8.
    public var rep: Int
    /// Timing vector in milliseconds, in the data set's column order (see ``FixedTextTiming``).
    public var timing: FeatureVector
    /// 1-based line of the file the sample came from.
    public var line: Int

    public init(subject: String, rep: Int, timing: FeatureVector, line: Int) {
        self.subject = subject
        self.rep = rep
        self.timing = timing
        self.line = line
    }
}
