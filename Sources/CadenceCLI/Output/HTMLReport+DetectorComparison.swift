import CadenceEngine

extension HTMLReport {
    /// The report of a comparison of detectors: the run's description, the table of detectors,
    /// and the ROC and DET curves of every detector's pooled scores.
    static func detectorComparison(
        title: String, description: [String], tableHeading: String, table: TextTable, curvesNote: String,
        curves: [(name: String, curve: ROCCurve)]
    ) -> String {
        var html = HTMLReport(title: title)
        for paragraph in description { html.paragraph(paragraph) }
        html.heading(tableHeading)
        html.table(table)
        html.heading("ROC and DET curves")
        html.paragraph(curvesNote)
        html.curves(curves)
        return html.render()
    }
}
