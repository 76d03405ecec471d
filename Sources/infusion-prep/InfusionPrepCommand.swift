import ArgumentParser
import Foundation
import InfusionCalc

/// Exit statuses other tools rely on.
enum ExitStatus {
    static let planWithoutHardStop: Int32 = 0
    static let badInput: Int32 = 2
    static let planWithHardStop: Int32 = 3
}

/// A failure that has already been reported to the user; carries the exit status.
struct Exit: Error { let status: Int32 }

enum Output {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
    }
}

struct InfusionPrep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infusion-prep",
        abstract: "Guides the preparation of an imiglucerase (Cerezyme) intravenous infusion.",
        discussion: "Run it without a subcommand for the step-by-step preparation.",
        subcommands: [PlanCommand.self]
    )

    mutating func run() throws {
        // Until the wizard lands, the main job prints the README's example plan.
        var example = PlanCommand()
        example.weight = "70"
        example.dosePerKg = "60"
        example.frequency = Frequency.everyTwoWeeks.rawValue
        try example.run()
    }
}

@main
enum Main {
    static func main() {
        do {
            var command = try InfusionPrep.parseAsRoot()
            try command.run()
        } catch let exit as Exit {
            Foundation.exit(exit.status)
        } catch {
            let code = InfusionPrep.exitCode(for: error)
            if code == .success {
                Output.out(InfusionPrep.fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = InfusionPrep.message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "the command line is not understood"
            Output.error(message + " (see infusion-prep --help)")
            Foundation.exit(ExitStatus.badInput)
        }
    }
}
