import CadenceEngine
import Foundation
import HTTPTypes

extension CadenceService {
    /// Decodes, scores and commits one batch of `sessionId`, then notifies a decision change.
    ///
    /// Optimistic concurrency: the batch is scored against the session version it read and the
    /// commit only succeeds against that version; on a conflict (another batch of the same session
    /// committed meanwhile) it reads and scores again. No lock is held across an `await`.
    func ingest(body: [UInt8], sessionId: String, token: SessionToken) async throws -> BatchAcknowledgement {
        let started = ContinuousClock.now
        guard let tenant = try await tenant(id: token.tenant) else {
            throw APIError.unauthorized("the session token's tenant no longer exists")
        }
        try limitTokenRequests(token, limits: tenant.settings.limits)
        let batch: WireBatch
        do {
            batch = try engine.decode(body)
        } catch {
            metrics.batch("rejected")
            if error.kind == .tooLarge { throw APIError.tooLarge("\(error.field): \(error.reason)") }
            throw APIError.badRequest("\(error.field): \(error.reason)")
        }
        try limitBatchRates(bytes: body.count, events: batch.eventCount, token: token, tenant: tenant)
        var trustHeld = true
        return try await retryingConflicts(busy: "the session is being updated concurrently; retry the batch") {
            let session: SessionRecord
            if trustHeld, let held = heads.latest(sessionId), held.tenantId == tenant.id,
                held.tokenGeneration == token.generation, engine.holdsState(sessionId: sessionId, version: held.version)
            {
                session = held  // this node wrote the latest version it knows of: no read (see SessionVersionCache)
            } else {
                session = try await readForBatch(tenant: tenant, sessionId: sessionId)
            }
            trustHeld = false
            // A renewal on any node bumps the version too, so a held head that predates it fails
            // the commit below and the check runs again on the stored session.
            try requireCurrentGeneration(token, of: session)
            guard session.endedAt == nil else { throw APIError.conflict("session \(sessionId) has ended") }
            try limitSessionTotals(bytes: body.count, events: batch.eventCount, session: session, tenant: tenant)
            if batch.seq > session.lastSeq + configuration.maximumSeqJump {
                metrics.batch("rejected")
                throw APIError.badRequest(
                    "seq: \(batch.seq) is more than \(configuration.maximumSeqJump) ahead of the last batch")
            }
            let userKey = ExpiringCache<UserRecord>.userKey(tenantId: tenant.id, userId: session.userId)
            let user = try await users.value(userKey, now: Date()) {
                try await store.userHead(tenantId: tenant.id, userId: session.userId)
            }
            let step: ScoringStep
            do {
                step = try await engine.process(batch, session: session, user: user, context: scoringContext(tenant))
            } catch is StateNotHeld {
                return .retry  // another batch of the session committed meanwhile: read it again
            }
            let now = Date()
            let record = BatchRecord(
                sessionId: sessionId, seq: batch.seq, receivedAt: now, eventCount: batch.eventCount,
                events: engine.encode(batch), trust: step.snapshot.trust, decision: step.snapshot.decision,
                reasons: step.snapshot.reasons)
            let commit = BatchCommit(
                batch: record, expectedVersion: session.version,
                minimumSeq: session.lastSeq - configuration.reorderWindow, state: step.state,
                snapshot: step.snapshot, collected: step.collected, bodyBytes: body.count)
            switch try await store.commit(commit) {
            case .committed(let version):
                engine.committed(step, sessionId: sessionId, version: version)
                var head = session
                head.version = version
                head.lastSeq = max(session.lastSeq, batch.seq)
                head.batchCount += 1
                head.eventCount += batch.eventCount
                head.byteCount += body.count
                head.snapshot = step.snapshot
                head.state = Data()
                heads.keep(head, sessionId: sessionId, version: version)
                let elapsed = ContinuousClock.now - started
                metrics.batch(
                    "accepted", events: batch.eventCount, decision: step.snapshot.decision,
                    seconds: Double(elapsed.components.attoseconds) * 1e-18 + Double(elapsed.components.seconds))
                await notify(tenant: tenant, session: session, snapshot: step.snapshot, seq: batch.seq, at: now)
                return .done(
                    BatchAcknowledgement(
                        sessionId: sessionId, seq: batch.seq, snapshot: step.snapshot, duplicate: false,
                        shown: tenant.settings.browser.showsDecision))
            case .duplicate:
                metrics.batch("duplicate")
                return .done(
                    BatchAcknowledgement(
                        sessionId: sessionId, seq: batch.seq, snapshot: session.snapshot, duplicate: true,
                        shown: tenant.settings.browser.showsDecision))
            case .tooLate:
                metrics.batch("rejected")
                throw APIError.conflict(
                    "seq: batch \(batch.seq) arrived more than \(configuration.reorderWindow) batches late")
            case .missing:
                heads.forget(sessionId)
                throw APIError.notFound("no session \(sessionId)")
            case .conflict:
                heads.forget(sessionId)
                return .retry
            }
        }
    }

    /// The session from the database, with its state only when this node's engine does not hold
    /// that version of it.
    private func readForBatch(tenant: Tenant, sessionId: String) async throws -> SessionRecord {
        guard let head = try await store.sessionHead(tenantId: tenant.id, id: sessionId) else {
            throw APIError.notFound("no session \(sessionId)")
        }
        if head.endedAt != nil || engine.holdsState(sessionId: sessionId, version: head.version) { return head }
        guard let full = try await store.session(tenantId: tenant.id, id: sessionId) else {
            throw APIError.notFound("no session \(sessionId)")
        }
        return full
    }

    /// When `snapshot`'s decision differs from the session's previous one: counts the change and
    /// writes its webhook delivery to the outbox (delivered in the background).
    func notify(tenant: Tenant, session: SessionRecord, snapshot: SessionSnapshot, seq: Int, at: Date) async {
        guard snapshot.decision != session.snapshot.decision else { return }
        metrics.decisionChanged()
        guard let address = tenant.webhookURL, let url = URL(string: address), let secret = tenant.webhookSecret else {
            return
        }
        let change = DecisionChange(
            tenantId: tenant.id, sessionId: session.id, userId: session.userId,
            previousDecision: session.snapshot.decision, decision: snapshot.decision, trust: snapshot.trust,
            reasons: snapshot.reasons, seq: seq, at: at)
        await webhooks.send(change, to: url, secret: secret)
    }
}
