import CadenceEngine
import Foundation
import Hummingbird

extension CadenceService {
    /// `POST /v1/sessions/{id}/step-up` (tenant key): the bank reports the result of a step-up it ran.
    func addStepUpRoutes(to router: Router<CadenceRequestContext>) {
        let v1 = router.group("v1").add(middleware: Authenticate(credential: .tenantKey, service: self))

        v1.post("sessions/:id/step-up") { request, context in
            let tenant = try context.tenant()
            let body = try await request.decode(as: StepUpRequest.self, context: context)
            guard let result = StepUpResult(rawValue: body.result) else {
                throw APIError.badRequest("result: must be passed or failed")
            }
            return try await stepUp(tenant: tenant, id: try context.parameters.require("id"), result: result)
        }
    }
}
