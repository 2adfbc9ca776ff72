import Foundation
import Hummingbird

extension CadenceService {
    /// `GET/PUT /v1/settings`: the tenant's policy thresholds, trust-model parameters, enrolment
    /// minimums and step-up level. A change applies to the next batch of every session.
    func addSettingsRoutes(to router: Router<CadenceRequestContext>) {
        let v1 = router.group("v1").add(middleware: Authenticate(credential: .tenantKey, service: self))

        v1.get("settings") { _, context in
            let tenant = try await storedTenant(context)
            return tagged(tenant.settings, tenant)
        }

        // Only the fields named change, applied to the settings as stored (see modifyTenant).
        v1.put("settings") { request, context in
            let update = try await request.decode(as: [String: SettingsValue].self, context: context)
            let tenant = try await modifyTenant(try context.tenant().id, ifMatch: request.headers[.ifMatch]) {
                $0.settings = try $0.settings.updated(with: update)
            }
            await audit(context, tenantId: tenant.id, "settings.update", update.keys.sorted().joined(separator: ", "))
            // Trained models depend on the enrolment minimums: train them again on the next batch.
            if update["enrolment"] != nil { engine.forgetModels(tenantId: tenant.id) }
            return tagged(tenant.settings, tenant)
        }
    }
}
