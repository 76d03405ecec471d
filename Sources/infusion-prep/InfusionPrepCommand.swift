import ArgumentParser
import Foundation
import InfusionCalc
import InfusionWizard
import TerminalUI

/// Exit statuses other tools rely on.
enum ExitStatus {
    static let planWithoutHardStop: Int32 = 0
    static let badInput: Int32 = 2
    static let planWithHardStop: Int32 = 3
    static let quit: Int32 = 1
    /// The preparation finished (summary printed) but its record could not be written.
    static let recordNotSaved: Int32 = 4
    /// The start-up self-test failed (SelfTest.exitStatus, EX_SOFTWARE).
    static let selfTestFailed: Int32 = SelfTest.exitStatus
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
            be saved, 70 the start-up self-test failed (the program does not start), \
            128 + signal when interrupted.
            """,
        subcommands: [PlanCommand.self, TrainCommand.self]
    )

    @Flag(help: "Plain line-by-line prompts (screen readers, dumb terminals, scripts).")
    var plain = false

    @Option(help: ArgumentHelp("Folder for preparation records (default: $INFUSION_PREP_RECORDS, else ~/.local/share/infusion-prep/records).", valueName: "dir"))
    var records: String?

    mutating func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let finished = try runWizard(WizardState(), plain: plain, environment: environment)
        // The record: the same summary, in the records folder. Training never comes here.
        let folder = records.map { URL(fileURLWithPath: $0) } ?? PreparationRecords.defaultFolder(environment: environment)
        do {
            let file = try PreparationRecords.save(finished.summaryLines(), in: folder, at: Date())
            FileHandle.standardError.write(Data("Record saved: \(file.path)\n".utf8))
        } catch {
            Output.error("the record could not be saved in \(folder.path) (check that the folder can be written); keep the summary above")
            throw Exit(status: ExitStatus.recordNotSaved)
        }
    }
}

/// Runs a wizard with the right front end and turns how it ended into exit statuses.
/// Returns the final state of a finished run (its summary already printed).
func runWizard(_ initial: WizardState, plain: Bool, environment: [String: String]) throws -> WizardState {
    let (end, wasPlain): (RunEnd, Bool)
    do {
        (end, wasPlain) = try WizardRunner.run(initial, plain: plain, environment: environment)
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
enum PreparationRecords {
    static func defaultFolder(environment: [String: String]) -> URL {
        if let folder = environment["INFUSION_PREP_RECORDS"], !folder.isEmpty { return URL(fileURLWithPath: folder) }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? home.appendingPathComponent(".local/share")
        return data.appendingPathComponent("infusion-prep/records")
    }

    static func save(_ lines: [String], in folder: URL, at date: Date) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let stem = "preparation-\(formatter.string(from: date))"
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        // The summary's times are clock times: the record says which day they belong to.
        let data = Data((["Recorded    \(formatter.string(from: date))"] + lines).joined(separator: "\n").appending("\n").utf8)
        // Two preparations can finish in the same second: never overwrite, number instead.
        // O_EXCL makes "create if absent" one atomic step, even across processes.
        for attempt in 1...1000 {
            let file = folder.appendingPathComponent(attempt == 1 ? "\(stem).txt" : "\(stem)-\(attempt).txt")
            let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if descriptor < 0 {
                if errno == EEXIST { continue }
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path])
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: data)
            try handle.close()
            return file
        }
        throw CocoaError(.fileWriteFileExists)
    }
}

@main
enum Main {
    static func main() {
        do {
            var command = try InfusionPrep.parseAsRoot()
            // The wizard, plan and train: before the first frame and before any plan, a
            // failing self-test exits 70. (Help and usage errors calculate nothing.)
            if command is InfusionPrep || command is PlanCommand || command is TrainCommand {
                try StartupSelfTest.run()
            }
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
