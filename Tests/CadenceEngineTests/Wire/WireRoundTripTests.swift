import Testing

@testable import CadenceEngine

@Suite struct WireRoundTripTests {
    @Test func encodedBatchDecodesToTheSameEvents() throws {
        let t0 = 1_764_057_600_123.25
        let batch = WireBatch(
            seq: 12, t0: t0,
            keyEvents: [
                KeyEvent(.down, timestamp: t0 + 40.125, key: 1, field: .text),
                KeyEvent(.up, timestamp: t0 + 121.5, key: 9, field: .password),
            ],
            pointerEvents: [
                PointerEvent(.move, timestamp: t0, x: 410, y: 233),
                PointerEvent(.down, timestamp: t0 + 50, x: 410.5, y: 233, button: .left),
                PointerEvent(.drag, timestamp: t0 + 60, x: 412, y: 240, button: .left, pointerType: .pen),
                PointerEvent(.up, timestamp: t0 + 70, x: 412, y: 240, button: .left, pointerType: .touch),
                PointerEvent(.wheel, timestamp: t0 + 200, x: 1, y: 2),
            ])
        let bytes = WireEncoder.encode(batch)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"v":1,"seq":12,"t0":1764057600123.25,"e":[[2,0,410,233,0,0],[0,40.125,1,0],[3,50,"#))
        let decoded = try WireDecoder().decode(bytes)
        #expect(decoded.seq == 12 && decoded.t0 == t0)
        #expect(decoded.keyEvents.count == 2 && decoded.pointerEvents.count == 5)
        for (a, b) in zip(decoded.pointerEvents, batch.pointerEvents) {
            #expect(
                a.kind == b.kind && a.x == b.x && a.y == b.y && a.button == b.button && a.pointerType == b.pointerType)
            #expect(abs(a.timestamp - b.timestamp) < 1e-3)
        }
        for (a, b) in zip(decoded.keyEvents, batch.keyEvents) {
            #expect(a.transition == b.transition && a.key == b.key && a.field == b.field)
            #expect(abs(a.timestamp - b.timestamp) < 1e-3)
        }
    }
}
