/// Small fixed-text data sets written inline, shared by the engine's and the CLI's evaluation tests.
public enum FixedTextFixtures {
    /// Subjects A, B and C (the first `subjects` of them), one feature, four reps each, in the CMU
    /// layout (seconds).
    public static func cmuCSV(subjects: Int) -> String {
        let rows = [
            ["A,1,1,0.010", "A,1,2,0.012", "A,1,3,0.011", "A,1,4,0.013"],
            ["B,1,1,0.014", "B,1,2,0.016", "B,1,3,0.015", "B,1,4,0.040"],
            ["C,1,1,0.030", "C,1,2,0.032", "C,1,3,0.031", "C,1,4,0.031"],
        ]
        return (["subject,sessionIndex,rep,H.a"] + rows.prefix(subjects).flatMap { $0 }).joined(separator: "\n")
    }
}
