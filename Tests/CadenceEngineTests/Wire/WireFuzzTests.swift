import Testing

@testable import CadenceEngine

/// Deterministic random corruption of valid batches: the decoder must never crash, and whatever
/// it accepts must be a sane batch.
@Suite struct WireFuzzTests {
    static func sample(_ rng: inout SplitMix64) -> [UInt8] {
        var pointers: [PointerEvent] = []
        var keys: [KeyEvent] = []
        let t0 = 1_700_000_000_000 + Double(rng.next() % 1000) / 4
        for i in 0..<Int(rng.next() % 12) {
            pointers.append(
                PointerEvent(
                    [.move, .down, .up, .drag, .wheel][Int(rng.next() % 5)], timestamp: t0 + Double(i) * 16.7,
                    x: Double(rng.next() % 2000) / 2, y: Double(rng.next() % 1000), button: .left))
        }
        for i in 0..<Int(rng.next() % 6) {
            keys.append(
                KeyEvent(i % 2 == 0 ? .down : .up, timestamp: t0 + Double(i) * 31.3, key: UInt32(rng.next() % 15)))
        }
        return WireEncoder.encode(
            WireBatch(seq: Int(rng.next() % 100), t0: t0, keyEvents: keys, pointerEvents: pointers))
    }

    static let alphabet = Array(#"{}[],:"-+.eE0123456789 \tnultrfaseNIy\"#.utf8) + [0, 0xFF, 0xC3]

    @Test(arguments: 0..<8)
    func randomCorruptionNeverCrashesAndYieldsTypedErrors(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &* 7919 &+ 1)
        let decoder = WireDecoder()
        var accepted = 0
        var rejected = 0
        for _ in 0..<2_500 {
            var bytes = Self.sample(&rng)
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                guard !bytes.isEmpty else { break }
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 5 {
                case 0: bytes[at] = Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))]
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))], at: at)
                case 3: bytes.removeSubrange(at...)
                default: bytes[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
                }
            }
            do {
                let batch = try decoder.decode(bytes)
                accepted += 1
                #expect(batch.version == 1 && batch.t0.isFinite)
                #expect(batch.pointerEvents.allSatisfy { $0.timestamp.isFinite && $0.x.isFinite && $0.y.isFinite })
                #expect(batch.keyEvents.allSatisfy { $0.timestamp.isFinite })
            } catch {
                rejected += 1
                #expect(error.offset >= 0 && error.offset <= bytes.count + 1)
                #expect(!error.reason.isEmpty && !error.field.isEmpty)
            }
        }
        #expect(rejected > 1_000)
        #expect(accepted + rejected == 2_500)
    }
}
