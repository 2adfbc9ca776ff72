import Benchmark
import CadenceEngine
import Foundation

/// Decoding one SDK batch: the compact wire format (`docs/wire-format.md`) with the engine's
/// decoder, against Foundation's `JSONDecoder` on the same events as objects with named keys.
///
/// A batch of 200 events (what the SDK sends at most): 160 pointer moves and 40 key events with
/// sub-millisecond times. Throughput is batches per second; events per second are 200 times it.
func wireBenchmarks() {
    var pointer: [PointerEvent] = []
    var keys: [KeyEvent] = []
    var t = 1_764_057_600_123.25
    var x = 400.0
    var y = 300.0
    for i in 0..<160 {
        t += 16.7 + Double(i % 5) * 0.13
        x += Double(i % 7) - 3
        y += Double(i % 3) - 1
        pointer.append(PointerEvent(i % 40 == 39 ? .down : .move, timestamp: t, x: x, y: y))
    }
    for i in 0..<20 {
        keys.append(KeyEvent(.down, timestamp: t + Double(i) * 130.5, key: UInt32(1 + i % 9)))
        keys.append(KeyEvent(.up, timestamp: t + Double(i) * 130.5 + 88.25, key: UInt32(1 + i % 9)))
    }
    let batch = WireBatch(seq: 7, t0: pointer[0].timestamp, keyEvents: keys, pointerEvents: pointer)
    let compact = WireEncoder.encode(batch)
    let decoder = WireDecoder()

    /// The same events as a client would send them without a purpose-made format.
    struct ObjectEvent: Codable {
        var type: String
        var t: Double
        var x: Double?
        var y: Double?
        var button: Int?
        var key: Int?
    }
    struct ObjectBatch: Codable {
        var seq: Int
        var events: [ObjectEvent]
    }
    let objects = ObjectBatch(
        seq: 7,
        events: pointer.map { ObjectEvent(type: "\($0.kind)", t: $0.timestamp, x: $0.x, y: $0.y, button: 0) }
            + keys.map { ObjectEvent(type: "\($0.transition)", t: $0.timestamp, key: Int($0.key)) })
    let objectJSON = (try? JSONEncoder().encode(objects)) ?? Data()

    Benchmark("wire batch of 200 events: WireDecoder (compact arrays)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? decoder.decode(compact))
        }
    }
    Benchmark("wire batch of 200 events: Foundation JSONDecoder (objects, for comparison)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? JSONDecoder().decode(ObjectBatch.self, from: objectJSON))
        }
    }
    Benchmark("wire batch of 200 events: WireEncoder (what the service stores)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(WireEncoder.encode(batch))
        }
    }
}
