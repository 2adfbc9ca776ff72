import Crypto
import Foundation

/// The `Cadence-Signature` header of a webhook: `t=<unix seconds>,v1=<hex HMAC-SHA256>`.
///
/// The MAC is computed with the tenant's webhook secret over `"<t>.<body>"`, so a receiver can
/// check both that Cadence sent the body and when (to refuse old replays).
public enum WebhookSignature {
    public static let headerName = "Cadence-Signature"

    public static func header(body: Data, secret: String, timestamp: Int) -> String {
        "t=\(timestamp),v1=\(mac(body: body, secret: secret, timestamp: timestamp))"
    }

    /// Lowercase hex HMAC-SHA256 of `"<timestamp>.<body>"`.
    public static func mac(body: Data, secret: String, timestamp: Int) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        return HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8))).hex
    }

    /// True when `header` carries a valid signature of `body` no older than `tolerance` seconds.
    public static func verify(header: String, body: Data, secret: String, now: Date, tolerance: Double = 300) -> Bool {
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = Array(mac(body: body, secret: secret, timestamp: timestamp).utf8)
        return signatures.contains { candidate in
            let bytes = Array(candidate.utf8)
            guard bytes.count == expected.count else { return false }
            return zip(bytes, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
