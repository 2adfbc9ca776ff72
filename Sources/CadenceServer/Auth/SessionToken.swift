import Crypto
import Foundation
import NIOConcurrencyHelpers

/// The browser's credential for one session: `base64url(claims).base64url(HMAC-SHA256)`.
///
/// The claims bind the token to a tenant, a session and a generation, and carry its expiry; the
/// MAC is keyed with the service's token secret, so any node sharing the secret can verify it.
/// The generation is the session's count of renewals when the token was issued: renewing the
/// token increments the session's, and a token of an older generation is refused from then on
/// (checked against the stored session, so on every node at once).
public struct SessionToken: Sendable, Hashable, Codable {
    /// Tenant id.
    public var tenant: String
    /// Session id.
    public var session: String
    /// Expiry, seconds since 1970.
    public var expires: Int
    /// The session's token generation this token was issued for (0 at the session's start).
    public var generation: Int

    public init(tenant: String, session: String, expires: Int, generation: Int = 0) {
        self.tenant = tenant
        self.session = session
        self.expires = expires
        self.generation = generation
    }

    enum CodingKeys: String, CodingKey {
        case tenant, session, expires
        case generation = "gen"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tenant = try c.decode(String.self, forKey: .tenant)
        session = try c.decode(String.self, forKey: .session)
        expires = try c.decode(Int.self, forKey: .expires)
        // Tokens signed before generations existed belong to generation 0.
        generation = try c.decodeIfPresent(Int.self, forKey: .generation) ?? 0
    }
}

/// Signs and verifies ``SessionToken``s with one HMAC-SHA256 key.
public struct SessionTokenSigner: Sendable {
    private let secret: Data

    /// The longest a token may be valid from the moment it is checked: a signed expiry further
    /// out is refused (tokens are short-lived; renewal issues a new one).
    public let maximumLifetime: TimeInterval

    public init(secret: Data, maximumLifetime: TimeInterval = 3_600) {
        self.secret = secret
        self.maximumLifetime = maximumLifetime
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
        /// Its expiry lies further out than ``maximumLifetime``.
        case expiryTooFar
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
        // A minute of slack for clocks of nodes sharing the secret.
        guard Double(token.expires) <= now.timeIntervalSince1970 + maximumLifetime + 60 else { throw .expiryTooFar }
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
