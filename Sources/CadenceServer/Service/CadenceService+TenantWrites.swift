import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Writes of the tenant row (settings, webhook): each applies its change to the row as stored
/// and writes it against the version it read, again on a conflict, so concurrent writes of
/// different fields never undo each other. A client that read the row may send its `ETag` back
/// as `If-Match`: when the row changed since, the answer is 412 and nothing is written.
extension CadenceService {
    /// The `ETag` of a tenant row's version.
    static func eTag(_ tenant: Tenant) -> String { "\"v\(tenant.version)\"" }

    /// The request's tenant as stored now (not the cached copy it authenticated with), so that
    /// its `ETag` is one a following `If-Match` can rely on.
    func storedTenant(_ context: CadenceRequestContext) async throws -> Tenant {
        let id = try context.tenant().id
        guard let tenant = try await store.tenant(id: id) else { throw APIError.notFound("no tenant \(id)") }
        return tenant
    }

    /// Applies `change` to tenant `id` as stored; the tenant as written.
    func modifyTenant(
        _ id: String, ifMatch: String?, _ change: (inout Tenant) throws -> Void
    ) async throws -> Tenant {
        for _ in 0..<50 {
            guard var tenant = try await store.tenant(id: id) else { throw APIError.notFound("no tenant \(id)") }
            if let ifMatch, !Self.matches(ifMatch, tenant) {
                throw APIError(
                    .preconditionFailed, "precondition-failed",
                    "the tenant's settings changed since \(ifMatch) (now \(Self.eTag(tenant))); read them again")
            }
            let read = tenant.version
            try change(&tenant)
            if try await store.updateTenant(tenant, ifVersion: read) {
                tenants.forget(id)
                tenant.version = read + 1
                return tenant
            }
            await Task.yield()
        }
        throw APIError(.serviceUnavailable, "busy", "the tenant is being changed concurrently; retry")
    }

    /// Whether an `If-Match` value names the tenant's current version (`*` names any). The
    /// comparison is strong (RFC 9110 §13.1.1): a weak `W/` tag never matches.
    static func matches(_ ifMatch: String, _ tenant: Tenant) -> Bool {
        let current = eTag(tenant)
        return ifMatch.split(separator: ",").contains { part in
            let tag = part.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == current
        }
    }

    /// A JSON answer with the tenant row's `ETag`.
    func tagged<T: ResponseEncodable>(_ value: T, _ tenant: Tenant) -> EditedResponse<T> {
        EditedResponse(headers: [.eTag: Self.eTag(tenant)], response: value)
    }

    func audit(_ context: CadenceRequestContext, tenantId: String?, _ action: String, _ detail: String) async {
        do {
            try await store.appendAudit(
                AuditEvent(at: Date(), actor: context.actor, tenantId: tenantId, action: action, detail: detail))
        } catch {
            logger.error("audit event not written", metadata: ["action": "\(action)"])
        }
    }
}
