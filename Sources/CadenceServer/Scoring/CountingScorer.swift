import CadenceEngine
import Foundation

/// A stand-in scorer until the engine's session pipeline is wired in: it counts events and
/// samples, keeps trust where the tenant's settings start it, and collects enrolment samples
/// from authenticated sessions so that profiles move from `enrolling` to `ready`.
///
/// Pointer samples are pointer-down events (one per point-and-click action); key samples are
/// windows of ``keysPerWindow`` key-down events.
public struct CountingScorer: SessionScorer {
    /// Samples per modality before a profile is `ready`.
    public var samplesForReady: Int
    public var keysPerWindow: Int
    private let codec = InterimWireCodec()

    public init(samplesForReady: Int = 50, keysPerWindow: Int = 50) {
        self.samplesForReady = samplesForReady
        self.keysPerWindow = keysPerWindow
    }

    struct State: Codable {
        var trust: Double
        var tally = ModalityTally()
        var keyDownsInWindow = 0
        var authenticated: Bool
    }

    struct Profile: Codable {
        var pointerSamples = 0
        var keySamples = 0
    }

    public func decode(_ bytes: [UInt8]) throws(BatchDecodingFailure) -> EventBatch {
        try codec.decode(bytes)
    }

    public func encode(_ batch: EventBatch) -> Data {
        codec.encode(batch)
    }

    public func start(_ start: SessionStart, profile: UserRecord?, settings: TenantSettings) throws -> ScoringStep {
        let state = State(trust: settings.initialTrust, authenticated: start.authenticated)
        return ScoringStep(state: try JSONEncoder().encode(state), snapshot: snapshot(of: state, settings: settings))
    }

    public func process(
        _ batch: EventBatch, session: SessionRecord, profile: UserRecord?, settings: TenantSettings
    ) throws -> ScoringStep {
        var state = try JSONDecoder().decode(State.self, from: session.state)
        state.tally.pointer.events += batch.pointerEvents.count
        state.tally.keys.events += batch.keyEvents.count
        let clicks = batch.pointerEvents.count { $0.kind == .down }
        state.tally.pointer.samples += clicks
        var windows = 0
        for key in batch.keyEvents where key.transition == .down {
            state.keyDownsInWindow += 1
            if state.keyDownsInWindow == keysPerWindow {
                state.keyDownsInWindow = 0
                windows += 1
            }
        }
        state.tally.keys.samples += windows
        var update: ProfileUpdate?
        if state.authenticated, clicks + windows > 0 {
            var stored = try profile?.profile.map { try JSONDecoder().decode(Profile.self, from: $0) } ?? Profile()
            stored.pointerSamples += clicks
            stored.keySamples += windows
            let ready = stored.pointerSamples >= samplesForReady || stored.keySamples >= samplesForReady
            update = ProfileUpdate(profile: try JSONEncoder().encode(stored), status: ready ? .ready : .enrolling)
        }
        return ScoringStep(
            state: try JSONEncoder().encode(state), snapshot: snapshot(of: state, settings: settings), profile: update)
    }

    public func end(_ session: SessionRecord, outcome: EndOutcome, profile: UserRecord?) throws -> ProfileUpdate? {
        nil
    }

    public func samples(in profile: UserRecord) -> [String: Int] {
        let stored = profile.profile.flatMap { try? JSONDecoder().decode(Profile.self, from: $0) } ?? Profile()
        return ["pointer": stored.pointerSamples, "keys": stored.keySamples]
    }

    private func snapshot(of state: State, settings: TenantSettings) -> SessionSnapshot {
        let decision: DecisionValue
        var reasons: [Reason] = []
        if state.trust < settings.blockBelow {
            decision = .block
            reasons.append(Reason(code: "trust-below-block", message: "trust is below \(settings.blockBelow)"))
        } else if state.trust < settings.challengeBelow {
            decision = .challenge
            reasons.append(Reason(code: "trust-below-challenge", message: "trust is below \(settings.challengeBelow)"))
        } else {
            decision = .allow
        }
        return SessionSnapshot(trust: state.trust, decision: decision, reasons: reasons, counts: state.tally)
    }
}
