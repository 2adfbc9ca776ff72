import Foundation
import Hummingbird

extension CadenceService {
    /// The operator API (admin key only): tenants, their keys, the audit log. The same actions
    /// as `cadence tenant …` on the database file.
    func addOperatorRoutes(to router: Router<CadenceRequestContext>) {
        let ops = router.group("operator").add(middleware: Authenticate(credential: .operatorKey, service: self))
        let admin = TenantAdministration(store: store, actor: "operator")

        ops.get("tenants") { _, _ in
            TenantListAnswer(tenants: try await admin.list())
        }

        ops.post("tenants") { request, context in
            let body = try await request.decode(as: CreateTenantRequest.self, context: context)
            return EditedResponse(status: .created, response: try await admin.create(id: body.id, name: body.name))
        }

        ops.delete("tenants/:id") { _, context in
            let id = try context.parameters.require("id")
            try await admin.delete(id: id)
            tenants.forget(id)
            return DeletedTenant(tenantId: id, deleted: true)
        }

        ops.post("tenants/:id/keys") { request, context in
            let body = try await request.decode(as: IssueKeyRequest.self, context: context)
            guard let role = APIKeyRecord.Role(rawValue: body.role) else {
                throw APIError.badRequest("role: must be tenant or dashboard")
            }
            return EditedResponse(
                status: .created,
                response: try await admin.issueKey(tenantId: try context.parameters.require("id"), role: role))
        }

        ops.delete("tenants/:id/keys/:key") { _, context in
            let id = try context.parameters.require("id")
            let key = try context.parameters.require("key")
            try await admin.revokeKey(tenantId: id, keyId: key)
            return RevokedKey(tenantId: id, id: key, revoked: true)
        }

        ops.get("audit") { request, _ in
            let limit = Self.pageSize(request, default: 100, maximum: 1000)
            let events = try await store.auditEvents(tenantId: request.uri.queryParameters.get("tenant"), limit: limit)
            return AuditAnswer(events: events)
        }
    }
}

struct CreateTenantRequest: Decodable {
    var id: String
    var name: String?
}

struct IssueKeyRequest: Decodable {
    var role: String
}

struct TenantListAnswer: ResponseEncodable {
    var tenants: [TenantListing]
}

struct DeletedTenant: ResponseEncodable {
    var tenantId: String
    var deleted: Bool
}

struct RevokedKey: ResponseEncodable {
    var tenantId: String
    var id: String
    var revoked: Bool
}

struct AuditAnswer: ResponseEncodable {
    var events: [AuditEvent]
}

extension TenantAdministration.Created: ResponseEncodable {}
extension TenantAdministration.IssuedKey: ResponseEncodable {}
