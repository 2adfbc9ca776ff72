extension SessionPipeline {
    /// Ends a session: scores what the streams still hold, then feeds the profile — the anchor
    /// while a modality enrols (authenticated sessions), the bounded update pool when a ready
    /// profile's session ended `genuine` (see ``EnrolmentPolicy``). Fingerprints are always kept
    /// so a later replay of this session is recognised.
    public func end(
        _ state: inout SessionState, outcome: SessionOutcome, profile: inout UserProfile, models: UserModels
    ) -> ProfileUpdate {
        finish(&state, models: models)
        var changed = false
        if !state.fingerprints.isEmpty {
            profile.fingerprints += state.fingerprints.sorted()
            let excess = profile.fingerprints.count - UserProfile.maximumFingerprints
            if excess > 0 { profile.fingerprints.removeFirst(excess) }
            changed = true
        }
        let samplesBefore = (
            profile.pointer.count, profile.keys.count, profile.pointer.updates.first, profile.keys.updates.first
        )
        defer {
            if changed { profile.revision += 1 }
            let samplesAfter = (
                profile.pointer.count, profile.keys.count, profile.pointer.updates.first, profile.keys.updates.first
            )
            if samplesAfter != samplesBefore { profile.sampleRevision += 1 }
        }
        guard outcome != .fraud else {
            return ProfileUpdate(kind: .unchanged, reason: "the session ended as fraud")
        }
        // Keys samples of another layout (an earlier window encoding) can be neither scored nor
        // pooled with new ones: the keys modality enrols again.
        if let width = profile.keys.all.first?.count, width != configuration.keyFeatures.width {
            profile.keys = ModalitySamples()
            if profile.status.isScored && !profile.isReady(.pointer, policy: enrolment) {
                profile.status = .enrolling
            }
            changed = true
        }
        let wasReady = profile.status.isScored
        var update = ProfileUpdate(kind: .unchanged, reason: "nothing to add")

        // Enrolment: authenticated sessions grow the anchors up to their target size.
        if state.authenticated {
            for (modality, samples) in [(Modality.pointer, state.collectedPointer), (.keys, state.collectedKeys)]
            where !samples.isEmpty {
                let target = enrolment.anchorTarget(modality)
                // A weak modality's enrolment goes on: its oldest sessions make room for new ones.
                if models.weakModalities.contains(modality) && state.anchorOpen(modality) {
                    profile[modality].dropOldestAnchorSessions(toFit: min(samples.count, target), target: target)
                }
                let room = max(target - profile[modality].anchor.count, 0)
                let added = Array(samples.prefix(room))
                profile[modality].appendAnchorSession(added)
                if modality == .pointer { update.addedPointer += added.count } else { update.addedKeys += added.count }
            }
            if update.addedPointer + update.addedKeys > 0 {
                update.kind = .enrolled
                update.reason = "authenticated session fed the enrolment"
                profile.enrolmentSessions += 1
                changed = true
            }
        }

        // Bounded update of ready modalities from sessions that ended genuine and looked it (a
        // session that fed the anchor is enrolment, not an update).
        if outcome == .genuine && wasReady && update.kind != .enrolled {
            if state.meanScore > enrolment.maximumSessionScore || state.decision == .block
                || state.automation.level != .human
            {
                if update.kind == .unchanged {
                    update.reason = "the session did not look like the owner (mean score \(state.meanScore))"
                }
            } else {
                for (modality, samples) in [(Modality.pointer, state.collectedPointer), (.keys, state.collectedKeys)]
                where profile.isReady(modality, policy: enrolment) && !samples.isEmpty {
                    // Only samples the current model already finds owner-like (LLR ≤ 0) may enter,
                    // so an update confirms the model rather than stretching it.
                    let scorer = modality == .pointer ? models.pointer : models.keys
                    let ownerLike = samples.filter { sample in scorer.map { $0.logLikelihoodRatio(sample) <= 0 } ?? true
                    }
                    let anchor = profile[modality].anchor
                    let quantile = enrolment.acceptanceQuantile
                    let perSession = enrolment.maximumSamplesPerSession
                    var (accepted, rejected) =
                        modality == .keys && configuration.keyFeatures == .keyClassTimings
                        ? KeystrokeWindowAnchorDistance(anchor: anchor, model: configuration.keystrokeWindowModel)
                            .accept(ownerLike, quantile: quantile, limit: perSession)
                        : AnchorDistance(anchor: anchor).accept(ownerLike, quantile: quantile, limit: perSession)
                    rejected += samples.count - ownerLike.count
                    update.rejected += rejected
                    guard !accepted.isEmpty else { continue }
                    profile[modality].updates += accepted
                    let limit = Int(Double(profile[modality].anchor.count) * enrolment.maximumUpdateShare)
                    let excess = profile[modality].updates.count - limit
                    if excess > 0 { profile[modality].updates.removeFirst(excess) }
                    if modality == .pointer {
                        update.addedPointer += accepted.count
                    } else {
                        update.addedKeys += accepted.count
                    }
                }
                if update.kind == .unchanged && update.addedPointer + update.addedKeys > 0 {
                    update.kind = .updated
                    update.reason = "genuine session updated the profile within bounds"
                    profile.updateSessions += 1
                    changed = true
                } else if update.kind == .unchanged {
                    update.reason = "no sample was close enough to the enrolment anchor"
                }
            }
        }

        // Login samples: kept from authenticated or genuine sessions whose sample did not look foreign.
        if let sample = state.loginSample, state.authenticated || outcome == .genuine,
            (state.counts.loginScore ?? 0) <= 0
        {
            if let width = profile.login.anchor.first?.count, width != sample.count {
                profile.login = ModalitySamples()  // the login form changed: start again
            }
            profile.login.anchor.append(sample)
            if profile.login.anchor.count > enrolment.maximumLoginSamples { profile.login.anchor.removeFirst() }
            changed = true
        }

        if profile.status == .enrolling
            && (profile.isReady(.pointer, policy: enrolment) || profile.isReady(.keys, policy: enrolment))
        {
            profile.status = .ready
            update.becameReady = true
            changed = true
        } else if profile.status.isScored, models.pointer != nil || models.keys != nil {
            // What this session's models (trained at its start) say of the profile's reliability.
            let status = models.status(of: profile)
            if status != profile.status {
                profile.status = status
                changed = true
            }
        }
        return update
    }
}
