import Crypto
import Foundation

/// API keys and secrets: random generation and the digest under which keys are stored.
public enum SecretKey {
    /// A new random key: `prefix` then 32 random bytes in base64url (256 bits).
    public static func generate(prefix: String) -> String {
        prefix + Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// SHA-256 of the key, lowercase hex: what is stored and compared.
    ///
    /// Keys are 256-bit random values, so a plain (unsalted, fast) digest is enough: there is
    /// nothing to brute-force.
    public static func digest(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).hex
    }
}

/// Base64 with the URL- and header-safe alphabet, no padding (RFC 4648 §5).
public enum Base64URL {
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: some StringProtocol) -> Data? {
        guard text.count <= 4096,
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        // Canonical encodings only: unused trailing bits must be zero, so one value has one text.
        guard let data = Data(base64Encoded: base64), encode(data) == text else { return nil }
        return data
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex of the bytes.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
