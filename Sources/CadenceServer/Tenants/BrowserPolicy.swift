import Foundation

/// What a tenant lets the browser see and where its pages may post from.
///
/// The browser is hostile ground: whoever holds a session token may be a bot tuning itself on
/// every answer, so by default the browser learns nothing of the score.
public struct BrowserPolicy: Sendable, Hashable, Codable {
    /// Whether the 202 of a batch (and the demo bank's session view) carries trust, decision and
    /// reasons. Off by default; the demo tenant shows them.
    public var showsDecision: Bool
    /// Origins (`scheme://host[:port]`, lowercase) whose pages may post events cross-origin (CORS
    /// on `POST /v1/sessions/{id}/events` only). Empty: only same-origin pages may.
    public var allowedOrigins: [String]

    public init(showsDecision: Bool = false, allowedOrigins: [String] = []) {
        self.showsDecision = showsDecision
        self.allowedOrigins = allowedOrigins
    }

    public static let standard = BrowserPolicy()

    /// `text` as an origin (`https://bank.example`, `http://127.0.0.1:8080`), lowercase and with
    /// no path; nil when it is not one.
    public static func origin(_ text: String) -> String? {
        guard text.count <= 256, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = url.host?.lowercased(), !host.isEmpty,
            url.user == nil, url.query == nil, url.fragment == nil, url.path.isEmpty || url.path == "/"
        else { return nil }
        // Browsers leave a scheme's default port out of the Origin header: so does the list.
        let defaultPort = scheme == "https" ? 443 : 80
        return url.port.flatMap { $0 == defaultPort ? nil : "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }
}
