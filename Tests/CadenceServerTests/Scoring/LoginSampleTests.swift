import CadenceServer
import Foundation
import Testing

@Suite("Login samples: timing vectors in CMU column order")
struct LoginSampleTests {
    @Test("hold and down-down give H, DD, UD per digraph, with UD = DD − H")
    func fromVectors() {
        let sample = LoginSample(hold: [95, 102, 88], downDown: [180, 201])
        #expect(sample.problem == nil)
        #expect(sample.timingVector == [95, 180, 85, 102, 201, 99, 88])
        let fromUpDown = LoginSample(hold: [95, 102, 88], upDown: [85, 99])
        #expect(fromUpDown.timingVector == [95, 180, 85, 102, 201, 99, 88])
        #expect(LoginSample(hold: [95, 102]).timingVector == [95, 102])
    }

    @Test("raw SDK key events are paired into keystrokes (rollover included)")
    func fromEvents() {
        // a↓ 0, b↓ 150, a↑ 170, b↑ 260 (key classes 2 and 5): holds 170 and 110, DD 150, UD −20.
        let sample = LoginSample(v: 1, t0: 1000, e: [[0, 0, 2, 1], [0, 150, 5, 1], [1, 170, 2, 1], [1, 260, 5, 1]])
        #expect(sample.problem == nil)
        #expect(sample.timingVector == [170, 150, -20, 110])
    }

    @Test("inconsistent or unbounded samples are refused with the field")
    func problems() {
        #expect(LoginSample(hold: [95, 102, 88], downDown: [180]).problem?.field == "loginSample")
        #expect(LoginSample(hold: [Double.infinity]).problem?.field == "loginSample.hold")
        #expect(LoginSample(e: [[0]]).problem?.field == "loginSample.e[0]")
        #expect(LoginSample(hold: Array(repeating: 90, count: 3000)).problem?.field == "loginSample.hold")
    }
}
