import Crypto
import Foundation
import NIOConcurrencyHelpers

/// The browser's credential for one session: `base64url(claims).base64url(HMAC-SHA256)`.
///
/// The claims bind the token to a tenant and a session and carry its expiry; the MAC is keyed
/// with the service's token secret, so any node sharing the secret can verify it without storage.
public struct SessionToken: Sendable, Hashable, Codable {
    /// Tenant id.
    public var tenant: String
    /// Session id.
    public var session: String
    /// Expiry, seconds since 1970.
    public var expires: Int

    public init(tenant: String, session: String, expires: Int) {
        self.tenant = tenant
        self.session = session
        self.expires = expires
    }
}

/// Signs and verifies ``SessionToken``s with one HMAC-SHA256 key.
public struct SessionTokenSigner: Sendable {
    private let secret: Data

    public init(secret: Data) {
        self.secret = secret
    }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    public func sign(_ token: SessionToken) -> String {
        let claims = Base64URL.encode((try? JSONEncoder().encode(token)) ?? Data())
        let mac = HMAC<SHA256>.authenticationCode(for: Data(claims.utf8), using: key)
        return claims + "." + Base64URL.encode(Data(mac))
    }

    /// Why a token was refused.
    public enum Failure: Error, Sendable, Hashable {
        case malformed
        case badSignature
        case expired
    }

    /// The token's claims if its signature is valid and it has not expired at `now`.
    public func verify(_ text: String, now: Date) throws(Failure) -> SessionToken {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let mac = Base64URL.decode(parts[1]) else { throw .malformed }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(parts[0].utf8), using: key) else {
            throw .badSignature
        }
        guard let claims = Base64URL.decode(parts[0]),
            let token = try? JSONDecoder().decode(SessionToken.self, from: claims)
        else { throw .malformed }
        guard Double(token.expires) > now.timeIntervalSince1970 else { throw .expired }
        return token
    }
}

/// Session tokens already verified, by their exact text, so the HMAC and the claims' decoding
/// run once per token rather than once per batch. Expiry is still checked on every use.
final class VerifiedTokenCache: Sendable {
    private let entries = NIOLockedValueBox([String: SessionToken]())
    /// Tokens kept before the cache is emptied (a crude bound on memory).
    let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    func token(_ text: String) -> SessionToken? {
        entries.withLockedValue { $0[text] }
    }

    func keep(_ token: SessionToken, for text: String) {
        entries.withLockedValue {
            if $0.count >= capacity { $0.removeAll(keepingCapacity: true) }
            $0[text] = token
        }
    }
}
