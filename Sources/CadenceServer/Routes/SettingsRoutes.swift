import Foundation
import Hummingbird

extension CadenceService {
    /// `GET/PUT /v1/settings`: the tenant's policy thresholds, trust-model parameters, enrolment
    /// minimums and step-up level. A change applies to the next batch of every session.
    func addSettingsRoutes(to router: Router<CadenceRequestContext>) {
        let v1 = router.group("v1").add(middleware: Authenticate(credential: .tenantKey, service: self))

        v1.get("settings") { _, context in
            try context.tenant().settings
        }

        v1.put("settings") { request, context in
            var tenant = try context.tenant()
            let update = try await request.decode(as: [String: SettingsValue].self, context: context)
            tenant.settings = try tenant.settings.updated(with: update)
            try await store.updateTenant(tenant)
            tenants.forget(tenant.id)
            // Trained models depend on the enrolment minimums: train them again on the next batch.
            if update["enrolment"] != nil {
                for listing in try await store.users(tenantId: tenant.id) {
                    engine.forget(tenantId: tenant.id, userId: listing.user.userId)
                }
            }
            return tenant.settings
        }
    }
}
