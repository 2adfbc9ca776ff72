import ArgumentParser

/// Placeholder until the freetext evaluation lands.
struct EvaluateFreeText: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "freetext", abstract: "FreeText evaluation (not yet built).")

    func run() async throws {
        throw ValidationError("evaluate freetext is not built yet")
    }
}
