import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum TmuxError: Error, CustomStringConvertible {
    case commandFailed(arguments: [String], status: Int32, output: String)
    case timeout(waitingFor: String, screen: String)
    case noExitLine(String)

    public var description: String {
        switch self {
        case .commandFailed(let arguments, let status, let output):
            "tmux \(arguments.joined(separator: " ")) failed with status \(status): \(output)"
        case .timeout(let what, let screen):
            "timed out waiting for \(what); the screen was:\n\(screen)"
        case .noExitLine(let screen):
            "no [exit N] line on the screen:\n\(screen)"
        }
    }
}

/// How the program in a `TmuxSession` ended, as printed by the shell after it.
public struct TmuxExit: Equatable, Sendable {
    /// The exit status as the shell reports it (128 + N for a death by signal N).
    public var status: Int32
    /// The terminal modes `stty -a` showed afterwards among icanon and echo: "icanon" when
    /// restored, "-icanon" when left in cbreak/raw mode.
    public var modes: [String]
    public var isTerminalRestored: Bool { modes.contains("icanon") && modes.contains("echo") }
}

/// A real terminal for end-to-end tests: one program running in a private tmux server.
/// Keys go in with `send`/`type`, the screen comes out with `screen()`, and the tests
/// `waitFor` a condition (polling, never fixed sleeps).
///
/// The server has its own socket in a fresh temporary directory and no configuration file,
/// so tests do not see each other or the developer's ~/.tmux.conf; `close()` (also run by
/// deinit) kills it and deletes the directory. The pane stays after the program exits and
/// shows `[exit N] icanon echo` (the status, then the tty modes it left behind).
public final class TmuxSession {
    /// What the program sees unless told otherwise: a UTF-8 locale (under LANG=C ncursesw
    /// drops non-ASCII), a common TERM, a short Esc delay and a Swift backtracer that does
    /// not wait for a key press after a crash.
    public static let defaultEnvironment: [String: String] = [
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "ESCDELAY": "25",
        "SWIFT_BACKTRACE": "interactive=no",
    ]

    /// Whether tmux can be run here (gate end-to-end suites on it).
    public static var isAvailable: Bool {
        (try? runProcess(["tmux", "-V"]))?.status == 0
    }

    /// The temporary directory holding the socket and the program's pid file.
    public let directory: String
    public let socketPath: String
    public let target = "app"
    private let pidPath: String
    private var isClosed = false

    /// Starts `command` (program and arguments, not shell syntax) in a width x height pane.
    /// - Parameter environment: the program's complete environment apart from PATH and
    ///   HOME: pass `defaultEnvironment` with changes, e.g.
    ///   `defaultEnvironment.merging(["LANG": "C", "LC_ALL": "C"]) { $1 }`, or without a
    ///   key to leave it unset.
    public init(command: [String], width: Int = 80, height: Int = 24,
                environment: [String: String] = TmuxSession.defaultEnvironment) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tmux-e2e-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory
        socketPath = directory + "/sock"
        pidPath = directory + "/app.pid"

        // The inner sh records its pid, then becomes the program: the pid is the program's.
        let program = "sh -c 'echo $$ > \"$0\"; exec \"$@\"' "
            + ([pidPath] + command).map(Self.shellQuoted).joined(separator: " ")
        let report = "echo \"[exit $?] $(stty -a | grep -owE -- '-?(icanon|echo)' | tr '\\n' ' ')\""
        // tmux sets TERM in the pane from its default-terminal option, after the -e
        // variables (tmux 3.3a: "-e TERM=xterm-256color" gave TERM=tmux-256color), so the
        // shell sets it again.
        let setTerm = environment["TERM"].map { "export TERM=\(Self.shellQuoted($0))" } ?? "unset TERM"
        // The shell shares the program's process group, so Ctrl-C reaches it too and would
        // end it (and the pane) before the report: a no-op trap keeps it (Ctrl-\ too, SIGQUIT).
        // Not `trap '' INT`: an ignored signal stays ignored in the program.
        let shellCommand = "trap : INT QUIT; \(setTerm); \(program); \(report); exec sleep 86400"

        var arguments = ["new-session", "-d", "-s", target, "-x", "\(width)", "-y", "\(height)"]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) {
            arguments += ["-e", "\(key)=\(value)"]
        }
        arguments.append(shellCommand)
        do {
            try tmux(arguments)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    // MARK: - Driving

    /// Runs a tmux command against this session's server and returns its output.
    @discardableResult
    public func tmux(_ arguments: [String]) throws -> String {
        // A minimal environment for the server (the program's comes from new-session -e):
        // nothing from the developer's shell, no TMUX variable from an enclosing tmux.
        let serverEnvironment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": directory,
            "SHELL": "/bin/sh",
        ]
        let all = ["tmux", "-S", socketPath, "-f", "/dev/null"] + arguments
        let result = try runProcess(all, environment: serverEnvironment)
        guard result.status == 0 else {
            throw TmuxError.commandFailed(arguments: arguments, status: result.status,
                                          output: result.standardOutput + result.standardError)
        }
        return result.standardOutput
    }

    /// Sends named keys: "Enter", "Escape", "Down", "BSpace", "C-c", "F1", "Home"...
    public func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", target] + keys)
    }

    /// Types `text` literally (UTF-8 included).
    public func type(_ text: String) throws {
        try tmux(["send-keys", "-t", target, "-l", text])
    }

    /// Resizes the terminal; the program gets SIGWINCH.
    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The program's process id (it may take a moment to start).
    public func programPID(timeout: Duration = .seconds(5)) throws -> pid_t {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if let text = try? String(contentsOfFile: pidPath, encoding: .utf8),
               let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            guard ContinuousClock.now < deadline else {
                throw TmuxError.timeout(waitingFor: "the program's pid", screen: (try? screenText()) ?? "")
            }
            Self.pause()
        }
    }

    /// Sends `signal` to the program itself (not to the shell around it).
    public func signalProgram(_ signal: Int32) throws {
        let pid = try programPID()
        guard kill(pid, signal) == 0 else {
            throw TmuxError.commandFailed(arguments: ["kill -\(signal) \(pid)"], status: errno, output: "")
        }
    }

    // MARK: - Reading

    /// The visible screen, one string per row, trailing blanks trimmed.
    public func screen() throws -> [String] {
        Self.rows(try tmux(["capture-pane", "-p", "-t", target]))
    }

    /// The visible screen as one string.
    public func screenText() throws -> String {
        try screen().joined(separator: "\n")
    }

    /// The visible screen with its attributes as escape sequences (SGR), to check bold,
    /// reverse or colour.
    public func screenWithAttributes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", target])
    }

    /// The screen including what scrolled off the top, with lines the terminal wrapped
    /// joined again: for what a program printed, not for a full-screen layout.
    public func screenWithHistory() throws -> [String] {
        Self.rows(try tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", target]))
    }

    /// A tmux format for the pane, e.g. "#{alternate_on}", "#{cursor_flag}", "#{cursor_x}".
    public func format(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", target, format])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the program left the pane on the alternate screen.
    public func isAlternateScreenOn() throws -> Bool { try format("#{alternate_on}") == "1" }

    /// Whether the cursor is visible.
    public func isCursorVisible() throws -> Bool { try format("#{cursor_flag}") == "1" }

    /// Polls the screen until `condition` holds; throws with the last screen on timeout.
    @discardableResult
    public func waitFor(_ description: String, timeout: Duration = .seconds(5),
                        _ condition: ([String]) throws -> Bool) throws -> [String] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let lines = try screen()
            // A screen is drawn top down: once the condition holds, poll until two captures
            // in a row agree, so that the rows a test reads next are drawn too.
            if try condition(lines), let settled = try settledScreen(from: lines, until: deadline), try condition(settled) {
                return settled
            }
            guard ContinuousClock.now < deadline else {
                throw TmuxError.timeout(waitingFor: description, screen: lines.joined(separator: "\n"))
            }
            Self.pause()
        }
    }

    /// The screen once two captures in a row are the same (nil if the deadline passes first).
    private func settledScreen(from first: [String], until deadline: ContinuousClock.Instant) throws -> [String]? {
        var previous = first
        while ContinuousClock.now < deadline {
            Self.pause()
            let next = try screen()
            if next == previous { return next }
            previous = next
        }
        return nil
    }

    /// Waits until the program has exited, and reads the status and tty modes.
    public func waitForExit(timeout: Duration = .seconds(10)) throws -> TmuxExit {
        let lines = try waitFor("the program to exit", timeout: timeout) { lines in
            lines.contains { Self.parseExit($0) != nil }
        }
        guard let exit = lines.lazy.compactMap(Self.parseExit).last else {
            throw TmuxError.noExitLine(lines.joined(separator: "\n"))
        }
        return exit
    }

    /// Stops the server and deletes the directory. Safe to call more than once.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: - Helpers

    /// "[exit 130] icanon echo" -> TmuxExit(status: 130, modes: ["icanon", "echo"]).
    static func parseExit(_ line: String) -> TmuxExit? {
        guard line.hasPrefix("[exit "), let close = line.firstIndex(of: "]") else { return nil }
        let number = line[line.index(line.startIndex, offsetBy: 6)..<close]
        guard let status = Int32(number) else { return nil }
        let modes = line[line.index(after: close)...].split(separator: " ").map(String.init)
        return TmuxExit(status: status, modes: modes)
    }

    static func rows(_ output: String) -> [String] {
        var rows = output.split(separator: "\n", omittingEmptySubsequences: false).map { row in
            var line = String(row)
            while line.last == " " { line.removeLast() }
            return line
        }
        if rows.last == "" { rows.removeLast() }   // the final newline
        return rows
    }

    static func shellQuoted(_ argument: String) -> String {
        "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The polling interval.
    private static func pause() { usleep(20_000) }
}

extension TmuxSession {
    /// Sends raw bytes to the program, as a terminal would (escape sequences, mouse reports).
    public func sendBytes(_ text: String) throws {
        let hex = text.utf8.map { String($0, radix: 16) }
        try tmux(["send-keys", "-t", target, "-H"] + hex)
    }

    /// Pastes `text` the way a terminal does: bracketed (ESC [ 200 ~ ... ESC [ 201 ~) when the
    /// program asked for bracketed paste, as it is otherwise.
    public func paste(_ text: String) throws {
        try tmux(["set-buffer", "-b", "e2e", "--", text])
        try tmux(["paste-buffer", "-p", "-d", "-b", "e2e", "-t", target])
    }
}
