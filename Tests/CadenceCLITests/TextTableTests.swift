import Testing

@testable import CadenceCLI

@Suite struct TextTableTests {
    @Test func alignsColumns() {
        var table = TextTable(["detector", "EER"])
        table.add(["manhattan", "9.1%"])
        table.add(["svm", "10.25%"])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines[0] == "detector      EER")
        #expect(lines[2] == "manhattan    9.1%")
        #expect(lines[3] == "svm        10.25%")
    }
}
