import Foundation

@testable import CadenceEngine

/// Small real slices of Balabit shared by the session tests, read once.
enum SessionFixtures {
    static let owner = "user7"
    static let others = ["user9", "user12", "user20"]
    static let attacker = "user16"

    /// The first `limit` events of each training session of `user`.
    static func training(_ user: String, sessions: Int = 2, limit: Int = 6000) -> [[PointerEvent]] {
        BalabitSessionFiles.sessions("training_files", user: user).prefix(sessions).map {
            BalabitSessionFiles.events($0, limit: limit)
        }
    }

    static let enrolment = EnrolmentPolicy(pointerSamplesNeeded: 150)

    /// A ready profile of `user` enrolled through the pipeline from authenticated sessions.
    static func profile(_ user: String, pipeline: SessionPipeline) -> UserProfile {
        var profile = UserProfile()
        for events in training(user) {
            var state = pipeline.start(authenticated: true, models: .none)
            feed(events, into: &state, pipeline: pipeline, models: .none)
            _ = pipeline.end(&state, outcome: .genuine, profile: &profile, models: .none)
        }
        return profile
    }

    static let pipeline = SessionPipeline(enrolment: enrolment)

    static let ownerProfile = profile(owner, pipeline: pipeline)
    static let population = PopulationSamples(profiles: others.map { profile($0, pipeline: pipeline) })

    static func models(_ profile: UserProfile) -> UserModels {
        UserModels.train(profile: profile, population: population, enrolment: enrolment)
    }

    static func batches(_ events: [PointerEvent], size: Int) -> [WireBatch] {
        stride(from: 0, to: events.count, by: size).enumerated().map { seq, start in
            let slice = Array(events[start..<min(start + size, events.count)])
            return WireBatch(seq: seq, t0: slice[0].timestamp, pointerEvents: slice)
        }
    }

    static func feed(
        _ events: [PointerEvent], into state: inout SessionState, pipeline: SessionPipeline, models: UserModels,
        size: Int = 100
    ) {
        for batch in batches(events, size: size) { pipeline.process(batch, state: &state, models: models) }
    }
}
