import ArgumentParser

/// Placeholder until the keystroke evaluation lands.
struct EvaluateKeystroke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keystroke", abstract: "Keystroke evaluation (not yet built).")

    func run() async throws {
        throw ValidationError("evaluate keystroke is not built yet")
    }
}
