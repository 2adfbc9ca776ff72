import ArgumentParser

/// Placeholder until the mouse evaluation lands.
struct EvaluateMouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mouse", abstract: "Mouse evaluation (not yet built).")

    func run() async throws {
        throw ValidationError("evaluate mouse is not built yet")
    }
}
