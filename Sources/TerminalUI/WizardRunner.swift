import InfusionCalc
import InfusionWizard
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How a run ended, for the exit status and what to print afterwards.
public enum RunEnd: Equatable, Sendable {
    /// The summary was confirmed; the final state holds everything entered.
    case finished(WizardState)
    case quit
    /// A terminating signal (SIGINT, SIGQUIT, SIGTERM, SIGHUP...): exit with 128 + signal.
    case signal(Int32)
    /// The terminal went away (EOF or EIO on standard input): nothing was recorded.
    case inputEnded
}

/// Runs the wizard on a terminal: the imperative shell around `update` and `view`.
public enum WizardRunner {
    /// Sets the state's clock: the current instant, and the zone's offsets around it
    /// (read again when the instant is more than a day from where they were read).
    public static func tick(_ state: inout WizardState) {
        let now = SystemClock.now()
        state.now = now
        if let built = zoneReadAt.withLock({ $0 }), abs(now.minutes(since: built)) < 24 * 60, state.zone != .utc {
            return
        }
        state.zone = SystemClock.timeZoneRule(around: now)
        zoneReadAt.withLock { $0 = now }
    }
    private static let zoneReadAt = Mutex<Instant?>(nil)

    /// Full screen until the wizard finishes, the user quits or a signal arrives. The
    /// terminal is closed before this returns, so a summary printed next stays in the
    /// scrollback.
    public static func runFullScreen(_ initial: WizardState, environment: [String: String],
                                     observe: @escaping Observer = { _ in nil },
                                     perform: @escaping Performer = WizardRunner.unperformed) throws -> RunEnd {
        let terminal = try CursesTerminal.open(environment: environment)
        defer { terminal.close() }
        var state = initial
        let size = terminal.size
        tick(&state)
        update(&state, .key(.resize(width: size.width, height: size.height)))
        terminal.draw(view(state))
        while state.outcome == .running {
            switch terminal.nextEvent(timeout: .seconds(30)) {
            case .key(let key):
                tick(&state)
                update(&state, .key(key))
                if state.pendingEffect != nil {
                    // Printing can take a moment: the screen says so first.
                    terminal.draw(view(state))
                    settle(&state, perform: perform)
                }
                // The record is written as the preparation goes; a failure shows at once.
                if let problem = observe(state) { state.message = problem }
                terminal.draw(view(state))
            case .paste(let text):
                tick(&state)
                update(&state, .paste(text))
                if let problem = observe(state) { state.message = problem }
                terminal.draw(view(state))
            case .signal(let number):
                return .signal(number)
            case .inputEnded:
                return .inputEnded
            case .none:
                tick(&state)
                // A deadline can pass while nobody types: show it.
                terminal.draw(view(state))
            }
        }
        return state.outcome == .finished ? .finished(state) : .quit
    }

    /// Line-by-line prompts on standard input and output. The transcript ends with the
    /// summary (PlainFrontEnd prints it).
    public static func runPlain(_ initial: WizardState, observe: @escaping Observer = { _ in nil },
                                perform: @escaping Performer = WizardRunner.unperformed) -> RunEnd {
        var state = initial
        tick(&state)
        let frontEnd = PlainFrontEnd(readLine: { Swift.readLine(strippingNewline: true) },
                                     write: StandardOutput.line, tick: tick, observe: observe, perform: perform,
                                     outputGone: { StandardOutput.readerGone })
        let final = frontEnd.run(state)
        return final.outcome == .finished ? .finished(final) : .quit
    }

    /// Plain mode asked for without the flag: INFUSION_PREP_PLAIN or ACCESSIBLE set to
    /// anything but "" or "0".
    public static func plainRequested(environment: [String: String]) -> Bool {
        ["INFUSION_PREP_PLAIN", "ACCESSIBLE"].contains { name in
            guard let value = environment[name] else { return false }
            return !value.isEmpty && value != "0"
        }
    }

    /// Either front end: plain when asked (flag or environment), when standard input or
    /// output is not a terminal, or on TERM=dumb.
    public static func run(_ initial: WizardState, plain: Bool, environment: [String: String],
                           observe: @escaping Observer = { _ in nil },
                           perform: @escaping Performer = WizardRunner.unperformed) throws -> (RunEnd, plain: Bool) {
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let usePlain = plain || plainRequested(environment: environment) || !interactive || environment["TERM"] == "dumb"
        if usePlain { return (runPlain(initial, observe: observe, perform: perform), true) }
        return (try runFullScreen(initial, environment: environment, observe: observe, perform: perform), false)
    }

    /// Sees every new state (the preparation record is written from it); returns a
    /// message to show when something went wrong (the record could not be written).
    public typealias Observer = (WizardState) -> String?

    /// Does the work the wizard asks for (`WizardState.pendingEffect`: printing the label)
    /// and returns the action that answers it.
    public typealias Performer = (Effect, WizardState) -> Action

    /// A shell with nothing to print to (tests of the runner): says so.
    public static func unperformed(_ effect: Effect, _ state: WizardState) -> Action {
        switch effect {
        case .deliverLabel(let content, _):
            .labelDelivered(LabelDelivery(content: content, preparedAt: state.now, printed: false,
                                          report: "this run has no label printer or folder."))
        }
    }

    /// Runs the effects `update` asked for, feeding each answer back through `update`.
    public static func settle(_ state: inout WizardState, perform: Performer) {
        while let effect = state.pendingEffect {
            state.pendingEffect = nil
            update(&state, perform(effect, state))
        }
    }
}

/// Standard output without a buffer: each line goes out at once, so it stays in order with
/// standard error, and a failed write (a full disk, a closed pipe) is remembered instead of
/// being lost in a buffer flushed at exit.
public enum StandardOutput {
    nonisolated(unsafe) public private(set) static var failed = false
    /// The failure was a pipe whose reader has gone (EPIPE): whoever read the questions is
    /// no longer there. (A full disk or a closed descriptor is output nobody was reading
    /// live: a scripted run goes on and its record is kept.)
    nonisolated(unsafe) public private(set) static var readerGone = false

    /// Writes `text` and a line break. A failure is remembered (`failed`), never a trap.
    public static func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 {
                if written < 0 && errno == EPIPE { readerGone = true }
                failed = true
                return
            }
            offset += written
        }
    }

    /// Marks standard output as failed (it was closed when the program started).
    public static func markFailed() { failed = true }
}
