import InfusionCalc
import InfusionWizard
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
    /// The local wall-clock time, for the time fields (the core takes time as an input).
    public static func localTime() -> ClockTime {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return ClockTime(hour: Int(parts.tm_hour), minute: Int(parts.tm_min)) ?? ClockTime(hour: 0, minute: 0)!
    }

    /// Full screen until the wizard finishes, the user quits or a signal arrives. The
    /// terminal is closed before this returns, so a summary printed next stays in the
    /// scrollback.
    public static func runFullScreen(_ initial: WizardState, environment: [String: String]) throws -> RunEnd {
        let terminal = try CursesTerminal.open(environment: environment)
        defer { terminal.close() }
        var state = initial
        let size = terminal.size
        state.now = localTime()
        update(&state, .key(.resize(width: size.width, height: size.height)))
        terminal.draw(view(state))
        while state.outcome == .running {
            switch terminal.nextEvent(timeout: .seconds(30)) {
            case .key(let key):
                state.now = localTime()
                update(&state, .key(key))
                terminal.draw(view(state))
            case .paste(let text):
                state.now = localTime()
                update(&state, .paste(text))
                terminal.draw(view(state))
            case .signal(let number):
                return .signal(number)
            case .inputEnded:
                return .inputEnded
            case .none:
                state.now = localTime()
            }
        }
        return state.outcome == .finished ? .finished(state) : .quit
    }

    /// Line-by-line prompts on standard input and output. The transcript ends with the
    /// summary (PlainFrontEnd prints it).
    public static func runPlain(_ initial: WizardState) -> RunEnd {
        var state = initial
        state.now = localTime()
        let frontEnd = PlainFrontEnd(readLine: { Swift.readLine(strippingNewline: true) },
                                     write: StandardOutput.line)
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
    public static func run(_ initial: WizardState, plain: Bool, environment: [String: String]) throws -> (RunEnd, plain: Bool) {
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let usePlain = plain || plainRequested(environment: environment) || !interactive || environment["TERM"] == "dumb"
        if usePlain { return (runPlain(initial), true) }
        return (try runFullScreen(initial, environment: environment), false)
    }
}

/// Standard output without a buffer: each line goes out at once, so it stays in order with
/// standard error, and a failed write (a full disk, a closed pipe) is remembered instead of
/// being lost in a buffer flushed at exit.
public enum StandardOutput {
    nonisolated(unsafe) public private(set) static var failed = false

    /// Writes `text` and a line break. A failure is remembered (`failed`), never a trap.
    public static func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 {
                failed = true
                return
            }
            offset += written
        }
    }

    /// Marks standard output as failed (it was closed when the program started).
    public static func markFailed() { failed = true }
}
