import Foundation
import Hummingbird

extension CadenceService {
    /// `GET/PUT /v1/settings`: the tenant's policy thresholds, trust-model parameters, enrolment
    /// minimums and step-up level. A change applies to the next batch of every session.
    func addSettingsRoutes(to router: Router<BasicRequestContext>) {
        let limit = configuration.maximumJSONBytes

        router.get("v1/settings") { request, _ in
            let tenant = try await authenticateTenant(request)
            return JSONBody.response(tenant.settings)
        }

        router.put("v1/settings") { request, _ in
            var tenant = try await authenticateTenant(request)
            let update = try await JSONBody.decode([String: SettingsValue].self, from: request, limit: limit)
            tenant.settings = try tenant.settings.updated(with: update)
            try await store.updateTenant(tenant)
            tenants.forget(tenant.id)
            // Trained models depend on the enrolment minimums: train them again on the next batch.
            if update["enrolment"] != nil {
                for listing in try await store.users(tenantId: tenant.id) {
                    scorer.forget(tenantId: tenant.id, userId: listing.user.userId)
                }
            }
            return JSONBody.response(tenant.settings)
        }
    }
}
