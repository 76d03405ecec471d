import ArgumentParser
import Foundation
import InfusionCalc
import InfusionRecords
import InfusionTraining
import InfusionWizard
import TerminalUI

/// Exit statuses other tools rely on.
enum ExitStatus {
    static let planWithoutHardStop: Int32 = 0
    static let badInput: Int32 = 2
    static let planWithHardStop: Int32 = 3
    static let quit: Int32 = 1
    /// The record store cannot be used (refused before anything is entered), or the
    /// preparation's record could not be written in full (the summary is printed).
    static let recordNotSaved: Int32 = 4
    /// Standard output could not be written (a full disk, a closed pipe or descriptor).
    static let outputFailed: Int32 = 5
    /// The start-up self-test failed (SelfTest.exitStatus, EX_SOFTWARE).
    static let selfTestFailed: Int32 = SelfTest.exitStatus
    /// The record's hash chain does not verify (`records verify`), or could not be walked;
    /// the other records commands say so after their output, and `label` prints nothing.
    static let chainBroken: Int32 = 1
    /// A fault of the program itself, as the self-test's (EX_SOFTWARE): a JSON document
    /// that could not be written (ExactJSONEncoder refused a value).
    static let programFault: Int32 = SelfTest.exitStatus
}

/// The environment variables the program reads (TerminalUI: TERM, NO_COLOR, ESCDELAY;
/// plain mode; records; training scenarios; the zone). Add a variable here when code
/// starts reading it.
enum ProgramEnvironment {
    static let names = ["TERM", "NO_COLOR", "ESCDELAY", "INFUSION_PREP_RECORDS", "HOME", "XDG_DATA_HOME", "PATH", "TMPDIR",
                        "INFUSION_PREP_SCENARIOS", "INFUSION_PREP_PLAIN", "ACCESSIBLE", "TZ",
                        "INFUSION_PREP_POLICY", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS"]
    static func read() -> [String: String] { SystemFiles.environment(names) }
}

/// A failure that has already been reported to the user; carries the exit status.
struct Exit: Error { let status: Int32 }

enum Output {
    /// Unbuffered, like the plain front end's transcript, so that standard output and
    /// standard error never interleave out of order. Failures are found by `flush()`.
    static func out(_ text: String) {
        StandardOutput.line(text)
    }

    /// False when standard output could not be written.
    static func flush() -> Bool {
        !StandardOutput.failed
    }

    /// One "error: " line on standard error, after what standard output holds (so the two
    /// stay in order). Text from outside is shown with control characters made visible.
    /// Never traps: if standard error is closed or full, the line is lost.
    static func error(_ text: String) {
        note("error: " + Sanitize.visible(text, limit: 1000))
    }

    /// A JSON document on standard output; if it cannot be written (`JSONEncodingError`,
    /// a fault of the program), says so and exits with `ExitStatus.programFault`, never
    /// printing a part or an empty object in its place.
    static func json(_ document: () throws(JSONEncodingError) -> String) throws {
        do throws(JSONEncodingError) {
            out(try document())
        } catch {
            Output.error("the JSON could not be written (\(error)); this is a fault of the program, please report it")
            throw Exit(status: ExitStatus.programFault)
        }
    }

    /// A line on standard error (not an error: "Record saved: ...").
    static func note(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Standard input, output and error closed at start: /dev/null takes their place so
    /// that no file the program opens (a record) becomes descriptor 1 or 2 and receives
    /// messages. A closed standard output is remembered: writing to it is an error.
    static func protectStandardDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            let null = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != descriptor {
                dup2(null, descriptor)
                close(null)
            }
            if descriptor == STDOUT_FILENO { StandardOutput.markFailed() }
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
            finishing (or the terminal went away), 2 the terminal cannot be used or bad \
            usage, 4 the record store cannot be used or the record could not be saved, 5 standard output could \
            not be written, 128 + signal when interrupted (Ctrl-C 130, Ctrl-\\ 131). \
            Plain mode is also chosen by INFUSION_PREP_PLAIN=1 or ACCESSIBLE=1 in the \
            environment.
            """,
        version: ProgramVersion.text,
        subcommands: [PlanCommand.self, TrainCommand.self, RecordsCommand.self, PolicyCommand.self, LabelCommand.self]
    )

    @Flag(help: "Plain line-by-line prompts (screen readers, dumb terminals, scripts); also on when INFUSION_PREP_PLAIN=1 or ACCESSIBLE=1 is set.")
    var plain = false

    @Option(help: ArgumentHelp("The preparation records database: a file, or a postgres:// URL for a shared store (default: $INFUSION_PREP_RECORDS, else $XDG_DATA_HOME/infusion-prep/records.sqlite, else ~/.local/share/infusion-prep/records.sqlite).", valueName: "path|url"), completion: .file())
    var records: String?

    @Option(help: ArgumentHelp("The site policy file (default: $INFUSION_PREP_POLICY, else $XDG_CONFIG_HOME/infusion-prep/policy.toml, else each of $XDG_CONFIG_DIRS; none: the rule book's built-in defaults). See docs/site-policy.md.", valueName: "file"), completion: .file())
    var policy: String?

    mutating func run() throws {
        try Self.prepare(plain: plain, records: records, policy: policy)
    }

    /// The preparation wizard, recorded entry by entry.
    static func prepare(plain: Bool, records: String?, policy: String? = nil) throws {
        let environment = ProgramEnvironment.read()
        // Section 9: the site policy in force (a refused file stops here, with file:line: key).
        let site = try PolicyCommand.load(explicit: policy)
        // The store is checked before anything is entered (an unusable one is refused now,
        // with its cause, not after the vials are opened) and opened when the preparation
        // begins, so that the first screen does not wait for the database.
        let requested = records ?? RecordLocation.defaultPath(environment: environment, policy: site.policy)
        let path: String
        let store: StoreLocation
        do {
            store = try StoreLocation.check(requested); path = store.shown
        } catch {
            Output.error(error.message)
            throw Exit(status: ExitStatus.recordNotSaved)
        }
        var initial = WizardState(policy: site.policy)
        let journal = PreparationJournal(opening: { () throws(RecordStoreError) -> any RecordStore in try store.open() },
                                         initial: initial, programVersion: ProgramVersion.program)
        // Section 8: the label carries the record's preparation id.
        initial.preparationID = journal.preparationID
        var last = initial
        var failed = false
        let observe: WizardRunner.Observer = { state in
            last = state
            do throws(RecordStoreError) {
                let spooledBefore = journal.spooledEntries
                try journal.observe(state)
                // Said at once, and again with each entry kept: the nurse knows the shared
                // store is not being reached, and that nothing is lost.
                if journal.spooledEntries > spooledBefore {
                    return "The record store cannot be reached: \(journal.spooledEntries) \(journal.spooledEntries == 1 ? "entry is" : "entries are") kept on this workstation and sent when it is back. Go on."
                }
                return nil
            } catch {
                failed = true
                return "RECORD NOT SAVED: \(error.message) Keep this screen and tell the pharmacist."
            }
        }
        // Section 8: the label the wizard asks for, delivered and recorded (printed or not).
        let perform: WizardRunner.Performer = { effect, state in
            switch effect {
            case .deliverLabel(let content, let format):
                let format = format ?? state.policy.labelFormat
                let (delivery, destination) = WizardLabel.deliver(content, format: format, state: state, environment: environment)
                do throws(RecordStoreError) {
                    try journal.recordLabel(content.sheet, format: format, size: WizardLabel.size(for: format, policy: state.policy),
                                            destination: destination, failure: delivery.printed ? nil : delivery.report,
                                            delivered: delivery.printed ? delivery.report : "", at: state.zone.zoned(state.now))
                } catch {
                    failed = true
                    return .labelDelivered(LabelDelivery(content: content, preparedAt: delivery.preparedAt, printed: delivery.printed,
                                                         report: delivery.report + " RECORD NOT SAVED: \(error.message) Tell the pharmacist.",
                                                         failedToFit: delivery.failedToFit, format: delivery.format))
                }
                return .labelDelivered(delivery)
            }
        }
        let finished: WizardState
        do {
            finished = try runWizard(initial, plain: plain, environment: environment, observe: observe, perform: perform)
        } catch let exit as Exit {
            // Interrupted (a signal): the preparation stays "interrupted", but a double check
            // under way is recorded as stopped, like Esc.
            if exit.status > 128 && journal.hasBegun, let stopped = last.abandonedCheck {
                var state = last
                state.checkEvents.append(stopped)
                try? journal.observe(state)
            }
            if exit.status == ExitStatus.quit && journal.hasBegun {
                // An abandoned preparation is recorded as abandoned, with what was done.
                do throws(RecordStoreError) {
                    try journal.finish(last)
                    Output.note("Recorded as not finished: preparation \(journal.preparationID) in \(path)")
                } catch {
                    Output.error("the record of the unfinished preparation could not be completed: \(error.message)")
                }
            }
            throw exit
        }
        do throws(RecordStoreError) {
            try journal.finish(finished)
        } catch {
            failed = true
            Output.error("the record could not be completed in \(path): \(error.message); keep the summary above")
        }
        if failed { throw Exit(status: ExitStatus.recordNotSaved) }
        // A saved record is never reported as a failure, even if the transcript or this
        // line could not be written.
        if !Output.flush() { Output.note("warning: standard output could not be written; the record was saved.") }
        Output.note("Record saved: preparation \(journal.preparationID) in \(path)")
        if let note = store.spoolNote() { Output.note(note) }
        recordSaved = true
    }
}

/// Runs a wizard with the right front end and turns how it ended into exit statuses.
/// Returns the final state of a finished run (its summary already printed).
func runWizard(_ initial: WizardState, plain: Bool, environment: [String: String],
               observe: @escaping WizardRunner.Observer = { _ in nil },
               perform: @escaping WizardRunner.Performer = WizardRunner.unperformed) throws -> WizardState {
    let (end, wasPlain): (RunEnd, Bool)
    do {
        (end, wasPlain) = try WizardRunner.run(initial, plain: plain, environment: environment, observe: observe, perform: perform)
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
        if !wasPlain { Output.note(initial.training == nil ? "Quit before the preparation was finished." : "Quit: training, nothing was recorded.") }
        throw Exit(status: ExitStatus.quit)
    case .signal(let number):
        throw Exit(status: 128 + number)
    case .inputEnded:
        Output.error("the terminal input ended (the terminal was closed) before the preparation was finished")
        throw Exit(status: ExitStatus.quit)
    }
}

/// Where real preparation records go (never training results).
enum RecordLocation {
    /// `--records`, else `$INFUSION_PREP_RECORDS`, else the site policy's `records.url` (a
    /// shared store for the suite), else the local file under `$XDG_DATA_HOME`.
    static func defaultPath(environment: [String: String], policy: SitePolicy? = nil) -> String {
        if let path = environment["INFUSION_PREP_RECORDS"], !path.isEmpty { return path }
        if let url = policy?.recordsURL, !url.isEmpty { return url }
        return SystemFiles.join(dataFolder(environment: environment), "records.sqlite")
    }

    /// The program's data folder: $XDG_DATA_HOME/infusion-prep, else
    /// ~/.local/share/infusion-prep (the home from $HOME, else the password database). The
    /// record file, the PostgreSQL spools and the labels go under it.
    static func dataFolder(environment: [String: String]) -> String {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? SystemFiles.passwordHome() ?? "/"
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? SystemFiles.join(home, ".local/share")
        return SystemFiles.join(data, "infusion-prep")
    }
}

/// Set once a preparation record is on disk: from then on nothing is reported as a failure.
nonisolated(unsafe) var recordSaved = false

@main
enum Main {
    static func main() {
        Output.protectStandardDescriptors()
        // Ctrl-\ in plain mode: end quietly (exit 131), not with the runtime's crash report.
        // The full screen installs its own handler (CTermGuard) while it runs.
        signal(SIGQUIT, SIG_DFL)
        // A reader that has gone (a closed pipe) is an output failure like a full disk:
        // the write fails with EPIPE and the program says so and exits 5, never dies by
        // SIGPIPE. (lp is spawned with every signal set back to its default.)
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let problem = CommandLineCheck.problem(in: arguments) {
            Output.error(problem + " (see infusion-prep --help)")
            Foundation.exit(ExitStatus.badInput)
        }
        do {
            // No arguments (how nurses start it): the wizard with its defaults, without
            // swift-argument-parser, whose reflection took most of the instructions before
            // the first frame (docs/performance.md). Any argument goes through the parser.
            if arguments.isEmpty {
                try StartupSelfTest.run()
                try InfusionPrep.prepare(plain: false, records: nil)
                finish(status: 0)
            }
            var command = try InfusionPrep.parseAsRoot(arguments)
            // The wizard, plan and train: before the first frame and before any plan, a
            // failing self-test exits 70. (Help, usage errors and records calculate nothing.)
            if command is InfusionPrep || command is PlanCommand || command is TrainCommand {
                try StartupSelfTest.run()
            }
            try command.run()
            finish(status: 0)
        } catch let exit as Exit {
            finish(status: exit.status)
        } catch {
            let code = InfusionPrep.exitCode(for: error)
            if code == .success {
                Output.out(InfusionPrep.fullMessage(for: error))
                finish(status: 0)
            }
            // Whole (a value with a line break in it is shown as \n, on the one line).
            var message = InfusionPrep.message(for: error)
            while message.last?.isNewline == true { message.removeLast() }
            if message.isEmpty { message = "the command line is not understood" }
            Output.error(message + " (see infusion-prep --help)")
            Foundation.exit(ExitStatus.badInput)
        }
    }

    /// Exits with `status`, unless standard output could not be written: then one error
    /// line and exit 5 (but never after a record was saved: that run succeeded).
    static func finish(status: Int32) -> Never {
        if !Output.flush() && !recordSaved {
            Output.error("standard output could not be written (disk full, or a closed pipe or descriptor)")
            Foundation.exit(ExitStatus.outputFailed)
        }
        Foundation.exit(status)
    }
}
