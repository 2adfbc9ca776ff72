import Foundation
import Hummingbird

/// The credentials ``Authenticate`` checks: tenant API keys and the admin key (SHA-256 digests
/// compared in constant time), and session tokens (HMAC-signed, verified once then cached).
extension CadenceService {
    /// The bearer credential of a request, if any.
    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    /// The tenant whose API key the request carries; 401 otherwise, 403 for the admin key.
    func authenticateTenant(_ request: Request) async throws -> Tenant {
        guard let key = Self.bearer(request) else {
            throw APIError.unauthorized("missing API key: send Authorization: Bearer <tenant API key>")
        }
        let digest = SecretKey.digest(key)
        if let tenant = try await store.tenant(apiKeyDigest: digest) { return tenant }
        if Self.equal(digest, adminKeyDigest) {
            throw APIError.forbidden("the admin key cannot call tenant endpoints; use the tenant API key")
        }
        throw APIError.unauthorized("the API key is not valid")
    }

    /// Passes when the request carries the admin key; 401 otherwise, 403 for a tenant key.
    func authenticateAdmin(_ request: Request) async throws {
        guard let key = Self.bearer(request) else {
            throw APIError.unauthorized("missing admin key: send Authorization: Bearer <admin key>")
        }
        let digest = SecretKey.digest(key)
        if Self.equal(digest, adminKeyDigest) { return }
        if try await store.tenant(apiKeyDigest: digest) != nil {
            throw APIError.forbidden("a tenant API key cannot call admin endpoints")
        }
        throw APIError.unauthorized("the admin key is not valid")
    }

    /// The session token of a browser request (header, else `?token=` for `sendBeacon`), verified:
    /// signed by this service and not expired. Which session it may act on is the route's check
    /// (``CadenceRequestContext/sessionToken(for:)``).
    func verifySessionToken(_ request: Request) throws -> SessionToken {
        guard let text = Self.bearer(request) ?? request.uri.queryParameters.get("token") else {
            throw APIError.unauthorized("missing session token: send Authorization: Bearer <token> or ?token=")
        }
        let now = Date()
        let token: SessionToken
        do {
            // The SDK sends the same token with every batch: verified once, then looked up.
            if let known = verifiedTokens.token(text), Double(known.expires) > now.timeIntervalSince1970 {
                token = known
            } else {
                token = try signer.verify(text, now: now)
                verifiedTokens.keep(token, for: text)
            }
        } catch .expired {
            throw APIError.unauthorized("the session token has expired")
        } catch {
            throw APIError.unauthorized("the session token is not valid")
        }
        return token
    }

    /// Constant-time comparison of two digests.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
