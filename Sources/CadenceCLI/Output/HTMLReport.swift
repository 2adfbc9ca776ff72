import CadenceEngine
import Foundation

/// A self-contained HTML page: headings, text, tables and ROC/DET curves drawn as inline SVG.
struct HTMLReport {
    private var body = ""
    let title: String

    init(title: String) {
        self.title = title
    }

    mutating func heading(_ text: String) {
        body += "<h2>\(Self.escape(text))</h2>\n"
    }

    mutating func paragraph(_ text: String) {
        body += "<p>\(Self.escape(text))</p>\n"
    }

    mutating func table(_ table: TextTable) {
        body += "<table>\n<tr>" + table.headers.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr>\n"
        for row in table.rows {
            body += "<tr>" + row.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n"
        }
        body += "</table>\n"
    }

    /// ROC (FAR against true accept rate) and DET (probit FAR against probit FRR) side by side.
    mutating func curves(_ curves: [(name: String, curve: ROCCurve)]) {
        body += "<div class=\"curves\">\n" + Self.rocSVG(curves) + Self.detSVG(curves) + "</div>\n"
    }

    func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
        table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
        td:first-child,th:first-child{text-align:left}th{background:#f3f3f3}
        .curves{display:flex;gap:2em;flex-wrap:wrap}svg{background:#fff;border:1px solid #ddd}
        svg text{font-size:11px}
        </style></head><body>
        <h1>\(Self.escape(title))</h1>
        <p>Generated \(ISO8601DateFormatter().string(from: Date())). Score convention: higher = less likely the genuine user.</p>
        \(body)</body></html>

        """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf",
    ]

    private static let size = 360.0
    private static let margin = 40.0

    private static func frame(title: String, xLabel: String, yLabel: String, ticks: [(Double, String)]) -> String {
        let s = size, m = margin
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(s + 2 * m + 140))\" height=\"\(Int(s + 2 * m))\">"
        svg += "<text x=\"\(m)\" y=\"16\" font-weight=\"bold\">\(escape(title))</text>"
        svg += "<rect x=\"\(m)\" y=\"\(m)\" width=\"\(s)\" height=\"\(s)\" fill=\"none\" stroke=\"#999\"/>"
        for (t, label) in ticks {
            let px = m + t * s
            let py = m + s - t * s
            svg += "<line x1=\"\(px)\" y1=\"\(m)\" x2=\"\(px)\" y2=\"\(m + s)\" stroke=\"#eee\"/>"
            svg += "<line x1=\"\(m)\" y1=\"\(py)\" x2=\"\(m + s)\" y2=\"\(py)\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(px - 8)\" y=\"\(m + s + 14)\">\(label)</text>"
            svg += "<text x=\"2\" y=\"\(py + 4)\">\(label)</text>"
        }
        svg += "<text x=\"\(m + s / 2 - 30)\" y=\"\(m + s + 32)\">\(escape(xLabel))</text>"
        svg += "<text x=\"12\" y=\"\(m - 6)\">\(escape(yLabel))</text>"
        return svg
    }

    private static func polyline(_ points: [(Double, Double)], colour: String) -> String {
        let s = size, m = margin
        let coords = points.map { x, y in
            String(format: "%.1f,%.1f", m + min(max(x, 0), 1) * s, m + s - min(max(y, 0), 1) * s)
        }.joined(separator: " ")
        return "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(coords)\"/>"
    }

    private static func legend(_ names: [String]) -> String {
        names.prefix(palette.count).enumerated().map { i, name in
            let y = margin + 14 + Double(i) * 16
            return
                "<rect x=\"\(margin + size + 10)\" y=\"\(y - 9)\" width=\"10\" height=\"10\" fill=\"\(palette[i])\"/>"
                + "<text x=\"\(margin + size + 24)\" y=\"\(y)\">\(escape(name))</text>"
        }.joined()
    }

    /// Thins a curve to at most `limit` points so reports stay small.
    private static func thin<T>(_ points: [T], limit: Int = 400) -> [T] {
        guard points.count > limit else { return points }
        let step = Double(points.count - 1) / Double(limit - 1)
        return (0..<limit).map { points[Int((Double($0) * step).rounded())] }
    }

    static func rocSVG(_ curves: [(name: String, curve: ROCCurve)]) -> String {
        let ticks = stride(from: 0.0, through: 1.0, by: 0.2).map { ($0, String(format: "%.1f", $0)) }
        var svg = frame(title: "ROC", xLabel: "false accept rate", yLabel: "genuine accept rate", ticks: ticks)
        svg += polyline([(0, 0), (1, 1)], colour: "#ccc")
        for (i, item) in curves.prefix(palette.count).enumerated() {
            // x: FAR, y: genuine accept rate (1 - FRR), the usual biometric ROC.
            let pts = [(0.0, 0.0)] + thin(item.curve.points).map { ($0.far, 1 - $0.frr) } + [(1.0, 1.0)]
            svg += polyline(pts.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }, colour: palette[i])
        }
        return svg + legend(curves.map(\.name)) + "</svg>\n"
    }

    static func detSVG(_ curves: [(name: String, curve: ROCCurve)]) -> String {
        // Probit axes from 0.1% to 60%.
        let lo = Probit.inverseNormal(0.001), hi = Probit.inverseNormal(0.6)
        func axis(_ deviate: Double) -> Double { (deviate - lo) / (hi - lo) }
        let ticks = [0.001, 0.01, 0.05, 0.2, 0.4].map { (axis(Probit.inverseNormal($0)), "\(($0 * 100).formatted())%") }
        var svg = frame(title: "DET", xLabel: "false accept rate", yLabel: "false reject rate", ticks: ticks)
        for (i, item) in curves.prefix(palette.count).enumerated() {
            let pts = thin(item.curve.detPoints).map { (axis($0.farDeviate), axis($0.frrDeviate)) }
            svg += polyline(pts, colour: palette[i])
        }
        return svg + legend(curves.map(\.name)) + "</svg>\n"
    }
}
