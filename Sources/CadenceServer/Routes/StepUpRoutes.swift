import CadenceEngine
import Foundation
import Hummingbird

/// `POST /v1/sessions/{id}/step-up`.
struct StepUpRequest: Decodable {
    /// `passed` or `failed`, as the bank's backend verified the OTP or re-login.
    var result: String
}

extension CadenceService {
    /// `POST /v1/sessions/{id}/step-up` (tenant key): the bank reports the result of a step-up it ran.
    func addStepUpRoutes(to router: Router<BasicRequestContext>) {
        let limit = configuration.maximumJSONBytes

        router.post("v1/sessions/:id/step-up") { request, context in
            let tenant = try await authenticateTenant(request)
            let body = try await JSONBody.decode(StepUpRequest.self, from: request, limit: limit)
            guard let result = StepUpResult(rawValue: body.result) else {
                throw APIError.badRequest("result: must be passed or failed")
            }
            let view = try await stepUp(tenant: tenant, id: try context.parameters.require("id"), result: result)
            return JSONBody.response(view)
        }
    }
}
