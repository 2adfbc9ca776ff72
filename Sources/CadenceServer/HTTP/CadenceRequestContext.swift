import Hummingbird
import NIOCore

/// The context of every request: who is calling (set by ``Authenticate``), how large a body the
/// route reads (set by ``UploadLimit``), and how bodies are read and answers written.
public struct CadenceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who the request authenticated as; nil on unauthenticated routes.
    public var caller: Caller?
    /// Largest request body a route reads, in bytes; a larger body is answered 413.
    public var maxUploadSize: Int
    /// Seconds a route waits for the whole body; 408 past it (set by ``UploadLimit``).
    public var bodyTimeout: Double
    /// The client's IP address (the TCP peer: behind a proxy, the proxy's).
    public let remoteAddress: String?
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    public var responseEncoder: APIResponseEncoder { APIResponseEncoder() }

    public init(source: Source) {
        coreContext = .init(source: source)
        maxUploadSize = ServerConfiguration.standardMaximumJSONBytes
        bodyTimeout = ConnectionLimits.standard.bodyTimeout
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The tenant whose API key the request carried.
    ///
    /// Routes that call it sit behind ``Authenticate`` with ``Authenticate/Credential/tenantKey``;
    /// anywhere else it answers 401.
    func tenant() throws -> Tenant {
        guard case .tenant(let tenant, _) = caller else {
            throw APIError.unauthorized("this route needs a tenant API key")
        }
        return tenant
    }

    /// Who did it, for the audit log: `tenant:<key id>`, `operator`, `dashboard:<tenant>`.
    var actor: String {
        switch caller {
        case .tenant(_, let keyId): "tenant:\(keyId)"
        case .admin: "operator"
        case .dashboard(let tenantId): "dashboard:\(tenantId)"
        case .session(let token): "session:\(token.session)"
        case nil: "anonymous"
        }
    }

    /// The request's session token, which must belong to `sessionId`; 403 for another session's.
    func sessionToken(for sessionId: String) throws -> SessionToken {
        guard case .session(let token) = caller else {
            throw APIError.unauthorized("this route needs the session token")
        }
        guard token.session == sessionId else {
            throw APIError.forbidden("the session token belongs to another session")
        }
        return token
    }
}

/// Who a request authenticated as.
public enum Caller: Sendable {
    /// A bank's backend, with one of the tenant's API keys (its public id, for the audit log).
    case tenant(Tenant, keyId: String)
    /// An operator, with the admin key: every tenant.
    case admin
    /// An analyst of one tenant, with its dashboard key: that tenant's dashboard data only.
    case dashboard(tenantId: String)
    /// A browser page, with the session token of one session (it may only send that session's events).
    case session(SessionToken)
}
