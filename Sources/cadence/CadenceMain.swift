import ArgumentParser
import CadenceCLI

/// Entry point of the `cadence` executable; all commands live in `CadenceCLI`.
@main
enum CadenceMain {
    static func main() async {
        await CadenceCommand.main()
    }
}
