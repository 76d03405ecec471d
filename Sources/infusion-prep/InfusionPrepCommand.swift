import ArgumentParser
import InfusionCalc
import InfusionTraining
import InfusionWizard
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

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

/// The environment variables the program reads (TerminalUI: TERM, NO_COLOR, ESCDELAY;
/// records; training scenarios). Add a variable here when code starts reading it.
enum ProgramEnvironment {
    static let names = ["TERM", "NO_COLOR", "ESCDELAY", "INFUSION_PREP_RECORDS", "HOME", "XDG_DATA_HOME",
                        "INFUSION_PREP_SCENARIOS"]
    static func read() -> [String: String] { SystemFiles.environment(names) }
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
        note("error: " + text)
    }
    /// One line on standard error (unbuffered), without the "error: " prefix.
    static func note(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
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
        try Self.prepare(plain: plain, records: records)
    }

    /// The preparation wizard, then its record.
    static func prepare(plain: Bool, records: String?) throws {
        let environment = ProgramEnvironment.read()
        let finished = try runWizard(WizardState(), plain: plain, environment: environment)
        // The record: the same summary, in the records folder. Training never comes here.
        // The folder is opened only now, when the preparation is finished.
        let folder = records ?? PreparationRecords.defaultFolder(environment: environment)
        do {
            let file = try PreparationRecords.save(finished.summaryLines(), in: folder, at: .now())
            Output.note("Record saved: \(file)")
        } catch {
            Output.error("the record could not be saved in \(folder) (check that the folder can be written); keep the summary above")
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
        if !wasPlain { Output.note("Quit: nothing was recorded.") }
        throw Exit(status: ExitStatus.quit)
    case .signal(let number):
        throw Exit(status: 128 + number)
    }
}

/// Where real preparation records go (never training results).
enum PreparationRecords {
    static func defaultFolder(environment: [String: String]) -> String {
        if let folder = environment["INFUSION_PREP_RECORDS"], !folder.isEmpty { return folder }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? SystemFiles.passwordHome() ?? "/"
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? SystemFiles.join(home, ".local/share")
        return SystemFiles.join(data, "infusion-prep/records")
    }

    /// Writes the record; returns its path.
    static func save(_ lines: [String], in folder: String, at date: LocalDateTime) throws -> String {
        try SystemFiles.makeDirectories(folder)
        let stem = "preparation-\(date.compact)"
        // The summary's times are clock times: the record says which day they belong to.
        let text = (["Recorded    \(date.dateAndMinute)"] + lines).joined(separator: "\n") + "\n"
        // Two preparations can finish in the same second: never overwrite, number instead.
        // O_EXCL makes "create if absent" one atomic step, even across processes.
        for attempt in 1...1000 {
            let file = SystemFiles.join(folder, attempt == 1 ? "\(stem).txt" : "\(stem)-\(attempt).txt")
            do {
                try SystemFiles.write(text, to: file, exclusive: true, mode: 0o600)
                return file
            } catch let error as FileError where error.code == EEXIST {
                continue
            }
        }
        throw FileError(path: SystemFiles.join(folder, "\(stem).txt"), code: EEXIST)
    }
}

@main
enum Main {
    static func main() {
        do {
            // No arguments (how nurses start it): the wizard with its defaults, without
            // swift-argument-parser, whose reflection took most of the instructions before
            // the first frame (docs/performance.md). Any argument goes through the parser.
            if CommandLine.arguments.count <= 1 {
                try StartupSelfTest.run()
                try InfusionPrep.prepare(plain: false, records: nil)
                Glibc.exit(0)
            }
            var command = try InfusionPrep.parseAsRoot()
            // The wizard, plan and train: before the first frame and before any plan, a
            // failing self-test exits 70. (Help and usage errors calculate nothing.)
            if command is InfusionPrep || command is PlanCommand || command is TrainCommand {
                try StartupSelfTest.run()
            }
            try command.run()
        } catch let exit as Exit {
            Glibc.exit(exit.status)
        } catch {
            let code = InfusionPrep.exitCode(for: error)
            if code == .success {
                Output.out(InfusionPrep.fullMessage(for: error))
                Glibc.exit(0)
            }
            let message = InfusionPrep.message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "the command line is not understood"
            Output.error(message + " (see infusion-prep --help)")
            Glibc.exit(ExitStatus.badInput)
        }
    }
}
