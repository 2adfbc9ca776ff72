import Testing

@testable import CadenceEngine

@Suite struct KeystrokeWindowVectorTests {
    /// Keystrokes of key classes `keys`, each held `hold` ms, pressed every `gap` ms.
    static func strokes(_ keys: [KeyClass], hold: Double = 90, gap: Double = 150, start: Double = 0) -> [Keystroke] {
        keys.enumerated().map { i, key in
            Keystroke(key: key.rawValue, press: start + Double(i) * gap, release: start + Double(i) * gap + hold)
        }
    }

    @Test func layoutPlacesCountsMeansAndDeviationsWhereDocumented() {
        #expect(KeystrokeWindowVector.width == 1 + 6 + 15 * 3 + 15 * 15 * 5)
        #expect(KeystrokeWindowVector.holdIndex(0) == 7)
        #expect(KeystrokeWindowVector.digraphIndex(0, 0) == 52)
        #expect(KeystrokeWindowVector.digraphIndex(14, 14) + 5 == KeystrokeWindowVector.width)
        // a s (space) a s: home-row left twice, a space between, one pause.
        var keys = Self.strokes([.legacyLeftHomeLetter, .legacyLeftHomeLetter, .space, .legacyLeftHomeLetter])
        keys.append(Keystroke(key: 999, press: 3_000, release: 3_100))  // unknown key value, after a pause
        let v = KeystrokeWindowVector.encode(keys)
        #expect(v.count == KeystrokeWindowVector.width)
        #expect(v[0] == 5)
        #expect(v[3] == 0.25)  // one pause among four gaps
        let home = KeystrokeWindowVector.holdIndex(Int(KeyClass.legacyLeftHomeLetter.rawValue))
        #expect(v[home] == 3 && v[home + 1] == 90 && v[home + 2] == 0)
        let unknown = KeystrokeWindowVector.holdIndex(0)
        #expect(v[unknown] == 1 && v[unknown + 1] == 100)
        let homeHome = KeystrokeWindowVector.digraphIndex(2, 2)
        #expect(Array(v[homeHome..<(homeHome + 5)]) == [1, 150, 0, 60, 0])  // count, DD mean, sd, UD mean, sd
        let homeSpace = KeystrokeWindowVector.digraphIndex(2, 8)
        #expect(v[homeSpace] == 1 && v[homeSpace + 1] == 150)
        #expect(v[KeystrokeWindowVector.digraphIndex(8, 8)] == 0)  // absent: count 0
        #expect(v[KeystrokeWindowVector.digraphIndex(2, 0)] == 0)  // across the pause: no digraph
    }

    @Test func decodingGivesTheTimingTablesOfTheKeystrokes() throws {
        let keys = Self.strokes([.letter, .legacyRightHomeLetter, .space, .letter, .legacyRightHomeLetter, .space])
            .enumerated().map { i, k in Keystroke(key: k.key, press: k.press + Double(i % 3) * 7, release: k.release) }
        let direct = FreeTextSample(keystrokes: keys, identity: .keyClass)
        let decoded = try #require(KeystrokeWindowVector.sample(KeystrokeWindowVector.encode(keys)))
        for (a, b) in [
            (decoded.keys.hold, direct.keys.hold), (decoded.keys.downDown, direct.keys.downDown),
            (decoded.keys.upDown, direct.keys.upDown),
        ] {
            #expect(a.ids == b.ids)
            for (x, y) in zip(a.statistics, b.statistics) {
                #expect(x.count == y.count && abs(x.mean - y.mean) < 1e-9)
                #expect(abs(x.standardDeviation - y.standardDeviation) < 1e-9)
            }
        }
        #expect(decoded.globals == direct.globals)
        #expect(decoded.classIDs.digraph == direct.classIDs.digraph)
        #expect(KeystrokeWindowVector.sample([1, 2, 3]) == nil)
        var fractional = KeystrokeWindowVector.encode(keys)
        fractional[KeystrokeWindowVector.holdIndex(1)] = 1.5
        #expect(KeystrokeWindowVector.sample(fractional) == nil)
    }
}
