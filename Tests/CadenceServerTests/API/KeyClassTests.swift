import CadenceServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Batches carry key classes, never other key values")
struct KeyClassTests {
    @Test("a key outside the KeyClass codes answers 400 naming the event and the key, and nothing is stored")
    func keyOutOfRange() async throws {
        try await TestService.with { _, client in
            let session = try await client.startSession()
            for key in [15.0, 65, 4_294_967_295] {
                let answer = try await client.sendBatch(
                    session: session, seq: 0, events: [[2, 0, 410, 233, 0, 0], [0, 40, 2, 0], [1, 120, key, 0]])
                #expect(answer.status == .badRequest)
                #expect(answer.isJSONError)
                let reason = try #require(answer.string("reason"))
                #expect(
                    reason.hasPrefix("e[2][2]:") && reason.contains("key") && reason.contains("0...14"), "\(reason)")
            }
            let view = try await client.call(.get, "/v1/sessions/\(session.id)", bearer: TestService.apiKey)
            #expect(view.int("batches") == 0 && view.int("events") == 0)
            let ok = try await client.sendBatch(session: session, seq: 0, events: [[0, 40, 14, 0], [1, 120, 14, 0]])
            #expect(ok.status == .accepted)
        }
    }
}
