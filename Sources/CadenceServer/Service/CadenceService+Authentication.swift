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

    /// The tenant whose API key the request carries, and the key's id; 401 otherwise, 403 for
    /// the admin key or a dashboard key.
    func authenticateTenant(_ request: Request) async throws -> (Tenant, keyId: String) {
        guard let key = Self.bearer(request) else {
            throw APIError.unauthorized("missing API key: send Authorization: Bearer <tenant API key>")
        }
        let digest = SecretKey.digest(key)
        if let found = try await store.credential(digest: digest) {
            guard found.key.role == .tenant else {
                throw APIError.forbidden("a dashboard key only reads the dashboard; use the tenant API key")
            }
            return (found.tenant, found.key.id)
        }
        if Self.equal(digest, adminKeyDigest) {
            throw APIError.forbidden("the admin key cannot call tenant endpoints; use the tenant API key")
        }
        throw APIError.unauthorized("the API key is not valid")
    }

    /// The admin (operator) key, or with `dashboard`, also a tenant's dashboard key (that tenant
    /// only); 401 otherwise, 403 for a tenant API key.
    func authenticateAdmin(_ request: Request, dashboard: Bool) async throws -> Caller {
        guard let key = Self.bearer(request) else {
            throw APIError.unauthorized("missing admin key: send Authorization: Bearer <admin key>")
        }
        let digest = SecretKey.digest(key)
        if Self.equal(digest, adminKeyDigest) { return .admin }
        if let found = try await store.credential(digest: digest) {
            if found.key.role == .dashboard && dashboard { return .dashboard(tenantId: found.tenant.id) }
            throw APIError.forbidden(
                found.key.role == .dashboard
                    ? "a dashboard key reads its tenant's dashboard only; this needs the admin key"
                    : "a tenant API key cannot call admin endpoints")
        }
        throw APIError.unauthorized("the admin key is not valid")
    }

    /// The session token of a browser request (the `Authorization` header only: a credential in a
    /// URL ends up in access logs and proxies), verified: signed by this service, not expired, and
    /// expiring no later than a token may. Which session it may act on, and whether it is of the
    /// session's current generation, are the route's checks (``CadenceRequestContext/sessionToken(for:)``,
    /// ``requireCurrentGeneration(_:of:)``).
    func verifySessionToken(_ request: Request) throws -> SessionToken {
        guard let text = Self.bearer(request) else {
            throw APIError.unauthorized("missing session token: send Authorization: Bearer <token>")
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
        } catch .expiryTooFar {
            throw APIError.unauthorized("the session token's expiry lies further out than a token may live")
        } catch {
            throw APIError.unauthorized("the session token is not valid")
        }
        return token
    }

    /// Refuses a token of an earlier generation than the session's (renewed since): 401.
    func requireCurrentGeneration(_ token: SessionToken, of session: SessionRecord) throws {
        guard token.generation == session.tokenGeneration else {
            throw APIError.unauthorized("the session token was replaced by a renewed one")
        }
    }

    /// Constant-time comparison of two digests.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
