import CadenceEngine
import CadenceServer
import Foundation
import Testing

@Suite("Binary blobs: engine states and profiles round-trip exactly")
struct BinaryCodecTests {
    struct Sample: Codable, Equatable {
        enum Kind: String, Codable { case a, b }
        var int = -5
        var big: UInt64 = .max
        var double = 0.1
        var text = "zone ✓"
        var flag = true
        var kind = Kind.b
        var missing: Double? = nil
        var present: Int? = 0
        var vectors: [[Double]] = [[1, 2.5], [], [-0.0, .infinity]]
        var optionals: [Int?] = [nil, 0, 3]
        var set: Set<UInt64> = [1, 1 << 40]
        var map: [UInt32: Double] = [7: 0.5, 9: -1]
        var nested: [[String]] = [["x"], []]
        var date = Date(timeIntervalSince1970: 1_764_057_600.25)
    }

    @Test("every supported shape decodes to the value encoded")
    func shapes() throws {
        let value = Sample()
        let data = try BinaryEncoder().encode(value)
        #expect(BinaryDecoder.recognises(data))
        #expect(!BinaryDecoder.recognises(Data(#"{"int":-5}"#.utf8)))
        #expect(try BinaryDecoder().decode(Sample.self, from: data) == value)
    }

    @Test("a session state after real batches, and the profile after its end, round-trip and shrink")
    func engineState() throws {
        let pipeline = SessionPipeline()
        var state = pipeline.start(authenticated: true, loginSample: [95, 180, 85, 102, 201, 99, 88], models: .none)
        for seq in 0..<6 {
            let bytes = try JSONSerialization.data(withJSONObject: [
                "v": 1, "seq": seq, "t0": 1_764_057_600_000.0 + Double(seq) * 1500,
                "e": WireFixtures.humanLike(seq: seq),
            ])
            let batch = try WireDecoder().decode(Array(bytes))
            pipeline.process(batch, state: &state, models: .none)
        }
        // The engine packs collected samples as 32-bit floats, so compare with the state as any
        // stored copy holds it: after one JSON round trip.
        let json = try JSONEncoder().encode(state)
        state = try JSONDecoder().decode(SessionState.self, from: json)
        let binary = try BinaryEncoder().encode(state)
        #expect(try BinaryDecoder().decode(SessionState.self, from: binary) == state)
        #expect(binary.count < json.count)

        var profile = UserProfile()
        _ = pipeline.end(&state, outcome: .genuine, profile: &profile, models: .none)
        #expect(profile.pointer.count > 0)
        let stored = try BinaryEncoder().encode(profile)
        #expect(try BinaryDecoder().decode(UserProfile.self, from: stored) == profile)
    }

    @Test("mostly-zero sample vectors are stored by their non-zero runs, and version 1 blobs still decode")
    func sparseSamples() throws {
        var window = [Double](repeating: 0, count: 1177)
        for i in stride(from: 7, to: 1177, by: 9) { window[i] = Double(i) / 3 }
        window[1176] = -0.0  // kept bit for bit: only +0.0 is a zero run
        let samples = PackedSamples([window, [], [0, 0], [2.5]])
        let data = try BinaryEncoder().encode(samples)
        let decoded = try BinaryDecoder().decode(PackedSamples.self, from: data)
        #expect(decoded == samples)
        #expect(decoded.vectors[0][1176].sign == .minus)
        #expect(data.count < 131 * 9 + 200)  // the 131 non-zero values, not 1177 doubles
        var version1: [UInt8] = [BinaryEncoder.magic, 1, 1, 2]
        for value in [1.5, 0.0] { withUnsafeBytes(of: value.bitPattern.littleEndian) { version1 += $0 } }
        #expect(try BinaryDecoder().decode(PackedSamples.self, from: Data(version1)) == PackedSamples([[1.5, 0]]))
        #expect(throws: (any Error).self) {
            try BinaryDecoder().decode(PackedSamples.self, from: Data([BinaryEncoder.magic, 2, 1, 5, 9, 0]))
        }
    }

    @Test("anchors keep their session sizes, and version 2 blobs (without them) still decode")
    func anchorSessions() throws {
        let samples = ModalitySamples(anchorSessions: [[[1, 2]], [[3, 4], [5, 6]]], updates: [[7, 8]])
        let data = try BinaryEncoder().encode(samples)
        let decoded = try BinaryDecoder().decode(ModalitySamples.self, from: data)
        #expect(decoded.sessions == [[[1, 2]], [[3, 4], [5, 6]], [[7, 8]]])
        // A version 2 blob of a profile's samples: the same fields without the session sizes.
        let withoutSizes = try BinaryEncoder().encode(ModalitySamples(anchorSessions: [], updates: [[7, 8]]))
        var version2 = Array(withoutSizes.dropLast())  // the empty sizes array: its count, 0
        version2[1] = 2
        let old = try BinaryDecoder().decode(ModalitySamples.self, from: Data(version2))
        #expect(old.updates == [[7, 8]] && old.anchor.isEmpty && old.anchorSessionSizes.isEmpty)
    }

    @Test("session states keep their environment evidence, and version 3 blobs (without it) still decode")
    func environmentEvidence() throws {
        let pipeline = SessionPipeline()
        var state = pipeline.start(authenticated: true, models: .none)
        let moves = (0..<12).map { PointerEvent(.move, timestamp: Double($0) * 17, x: Double($0 * $0), y: 40) }
        pipeline.process(WireBatch(seq: 0, t0: 0, pointerEvents: moves), state: &state, models: .none)
        let version3State = state
        var report = EnvironmentReport()
        report.webdriver = true
        report.fractionalMouse = 4
        pipeline.process(WireBatch(seq: 1, t0: 300, environment: report), state: &state, models: .none)
        let decoded = try BinaryDecoder().decode(SessionState.self, from: try BinaryEncoder().encode(state))
        #expect(decoded == state)
        #expect(decoded.environment.total == report && decoded.automation.level == .automated)
        // A version 3 blob: the same fields without the environment evidence, which came last.
        let emptyEnvironment = try BinaryEncoder().encode(EnvironmentEvidence()).count - 2  // magic and version
        var version3 = Array(try BinaryEncoder().encode(version3State).dropLast(emptyEnvironment))
        version3[1] = 3
        let old = try BinaryDecoder().decode(SessionState.self, from: Data(version3))
        #expect(old == version3State && old.environment == EnvironmentEvidence())
    }

    @Test("truncated or corrupted blobs throw, never crash")
    func corrupted() throws {
        let data = try BinaryEncoder().encode(Sample())
        for cut in stride(from: 0, to: data.count, by: 3) {
            #expect(throws: (any Error).self) { try BinaryDecoder().decode(Sample.self, from: data.prefix(cut)) }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var bytes = Array(data)
            for _ in 0..<3 {
                bytes[Int.random(in: 2..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? BinaryDecoder().decode(Sample.self, from: Data(bytes))
        }
    }
}
