import ArgumentParser
import Foundation
import InfusionCalc
import InfusionRecords
import InfusionWizard
import TerminalUI

/// Exit statuses other tools rely on.
enum ExitStatus {
    static let planWithoutHardStop: Int32 = 0
    static let badInput: Int32 = 2
    static let planWithHardStop: Int32 = 3
    static let quit: Int32 = 1
    /// The record store cannot be used (nothing was prepared), or the preparation's record
    /// could not be written in full (the summary is printed).
    static let recordNotSaved: Int32 = 4
}

/// A failure that has already been reported to the user; carries the exit status.
struct Exit: Error { let status: Int32 }

enum Output {
    /// Through Swift's buffered standard output, like the plain front end's transcript,
    /// so that the two never interleave out of order.
    static func out(_ text: String) {
        print(text)
    }
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
    }
}

struct InfusionPrep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infusion-prep",
        abstract: "Guides the preparation of an imiglucerase (Cerezyme) intravenous infusion.",
        discussion: """
            Without a subcommand: the step-by-step preparation, full screen (ncurses), or as \
            plain line-by-line prompts with --plain or when standard input or output is not \
            a terminal. Exit status: 0 finished (the summary is printed), 1 quit without \
            finishing, 2 the terminal cannot be used, 4 finished but the record could not \
            be saved, 128 + signal when interrupted.
            """,
        subcommands: [PlanCommand.self, TrainCommand.self, RecordsCommand.self]
    )

    @Flag(help: "Plain line-by-line prompts (screen readers, dumb terminals, scripts).")
    var plain = false

    @Option(help: ArgumentHelp("The preparation records database (default: $INFUSION_PREP_RECORDS, else $XDG_DATA_HOME/infusion-prep/records.sqlite, else ~/.local/share/infusion-prep/records.sqlite).", valueName: "path"))
    var records: String?

    static let programVersion = "0.9.0"

    mutating func run() throws {
        let environment = ProcessInfo.processInfo.environment
        // The store is opened before anything is entered: one that cannot be used is
        // refused now, with its cause, not after the vials are opened.
        let path = records ?? RecordLocation.defaultPath(environment: environment)
        let store: SQLiteRecordStore
        do {
            store = try SQLiteRecordStore(path: path)
        } catch {
            Output.error(error.message)
            throw Exit(status: ExitStatus.recordNotSaved)
        }
        let initial = WizardState()
        let journal = PreparationJournal(store: store, initial: initial, programVersion: Self.programVersion)
        var last = initial
        var failed = false
        let observe: WizardRunner.Observer = { state in
            last = state
            do throws(RecordStoreError) {
                try journal.observe(state)
                return nil
            } catch {
                failed = true
                return "RECORD NOT SAVED: \(error.message) Keep this screen and tell the pharmacist."
            }
        }
        let finished: WizardState
        do {
            finished = try runWizard(initial, plain: plain, environment: environment, observe: observe)
        } catch let exit as Exit {
            if exit.status == ExitStatus.quit {
                // An abandoned preparation is recorded as abandoned, with what was done.
                do { try journal.finish(last) } catch { Output.error("the record of the abandoned preparation could not be completed: \(error.message)") }
            }
            throw exit
        }
        do {
            try journal.finish(finished)
        } catch {
            failed = true
            Output.error("the record could not be completed in \(store.path): \(error.message); keep the summary above")
        }
        if failed { throw Exit(status: ExitStatus.recordNotSaved) }
        FileHandle.standardError.write(Data("Record saved: preparation \(journal.preparationID) in \(store.path)\n".utf8))
    }
}

/// Runs a wizard with the right front end and turns how it ended into exit statuses.
/// Returns the final state of a finished run (its summary already printed).
func runWizard(_ initial: WizardState, plain: Bool, environment: [String: String],
               observe: @escaping WizardRunner.Observer = { _ in nil }) throws -> WizardState {
    let (end, wasPlain): (RunEnd, Bool)
    do {
        (end, wasPlain) = try WizardRunner.run(initial, plain: plain, environment: environment, observe: observe)
    } catch {
        Output.error("\(error)")
        throw Exit(status: ExitStatus.badInput)
    }
    switch end {
    case .finished(let state):
        // The plain transcript already ends with the summary.
        if !wasPlain { state.summaryLines().forEach(Output.out) }
        return state
    case .quit:
        if !wasPlain { FileHandle.standardError.write(Data("Quit: nothing was recorded.\n".utf8)) }
        throw Exit(status: ExitStatus.quit)
    case .signal(let number):
        throw Exit(status: 128 + number)
    }
}

/// Where real preparation records go (never training results).
enum RecordLocation {
    static func defaultPath(environment: [String: String]) -> String {
        if let path = environment["INFUSION_PREP_RECORDS"], !path.isEmpty { return path }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? home.appendingPathComponent(".local/share")
        return data.appendingPathComponent("infusion-prep/records.sqlite").path
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
