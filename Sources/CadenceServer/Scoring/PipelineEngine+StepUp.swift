import CadenceEngine
import Foundation

extension PipelineEngine {
    public func stepUp(_ session: SessionRecord, result: StepUpResult, context: ScoringContext) async throws
        -> ScoringStep
    {
        var state = try BlobCoding.decode(SessionState.self, from: session.state)
        let settings = context.tenant.settings
        let pipeline = SessionPipeline(trust: settings.trust, policy: settings.policy, enrolment: settings.enrolment)
        pipeline.stepUp(result, state: &state, policy: settings.stepUp)
        return ScoringStep(state: try BlobCoding.encode(state), snapshot: SessionSnapshot(state))
    }
}
