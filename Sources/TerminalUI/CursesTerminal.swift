import CNCursesW
import CTermGuard
import InfusionWizard
#if canImport(Glibc)
import Glibc
#endif

/// Why the full-screen interface cannot start. The caller should fall back to the plain
/// line-by-line front end; `description` says so.
public enum CursesTerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Standard input or output is not a terminal (a pipe, a file, /dev/null).
    case notATerminal
    /// ncurses has no description of TERM (or TERM is unset).
    case unsupportedTerminal(term: String?)
    /// Another CursesTerminal is open in this process.
    case alreadyOpen

    public var description: String {
        switch self {
        case .notATerminal:
            "standard input and output are not a terminal: try infusion-prep --plain"
        case .unsupportedTerminal(let term):
            "cannot drive this terminal (TERM=\(term ?? "unset")): try infusion-prep --plain"
        case .alreadyOpen:
            "the terminal is already open in this process"
        }
    }
}

/// The terminal, driven through ncursesw. Open it, draw `Screen`s, read events, close it.
/// Not thread-safe: use it from one thread (the main one).
///
///     let terminal = try CursesTerminal.open(environment: ProcessInfo.processInfo.environment)
///     defer { terminal.close() }
///     terminal.draw(view(state))
///     loop: while true {
///         switch terminal.nextEvent() {
///         case .key(let key): state = update(state, key); terminal.draw(view(state))
///         case .signal(let number): terminal.close(); exit(128 + number)
///         case .none: continue
///         }
///     }
public final class CursesTerminal {
    /// Whether the locale is UTF-8. If not, every non-ASCII character is drawn as one ASCII
    /// character (`TextFallback`), because ncursesw would silently drop it.
    public let usesUnicode: Bool
    /// Whether colour is on: NO_COLOR unset or empty, and the terminal has colours.
    public let usesColour: Bool

    /// ncurses' standard screen (`WINDOW *`).
    private let window: UnsafeMutablePointer<WINDOW>
    private var isOpen = true
    /// The last curs_set() value, to avoid asking the terminal again every frame.
    private var cursorVisibility: Int32 = -1
    /// Puts escape sequences, pastes and mouse reports together (ncurses' keypad mode is
    /// off: it would hand an unknown sequence over as Esc followed by characters).
    private var decoder = InputDecoder()
    /// Events decoded and not yet returned.
    private var queued: [TerminalEvent] = []
    /// Milliseconds to tell the Esc key from the start of an escape sequence.
    private let escapeDelay: Int
    /// ERR returned at once, again and again: the terminal is gone (EOF or EIO).
    private var immediateErrors = 0

    /// How long one wait for input lasts. A signal that lands just before the blocking read
    /// starts does not interrupt it; waking up this often bounds that delay.
    private static let waitSliceMilliseconds = 200

    private init(window: UnsafeMutablePointer<WINDOW>, usesUnicode: Bool, usesColour: Bool, escapeDelay: Int) {
        self.window = window
        self.usesUnicode = usesUnicode
        self.usesColour = usesColour
        self.escapeDelay = escapeDelay
    }

    /// Terminal modes another program may have left on and that this one does not use:
    /// mouse reporting (X10, normal, highlight, button, any-motion; UTF-8, SGR, urxvt and
    /// SGR-pixel encodings) and focus events. Their values are saved first (XTSAVE) and
    /// restored on exit (XTRESTORE) where the terminal supports that; elsewhere they stay off.
    static let unusedModes = [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1015, 1016]
    /// Bracketed paste (2004) is used: a paste then arrives marked, and only ever goes
    /// into the focused text field.
    static let pasteMode = 2004

    /// Sent after newterm: save the modes, turn the unused ones off, bracketed paste on.
    static var modesOnStart: String {
        let all = (unusedModes + [pasteMode]).map(String.init).joined(separator: ";")
        return "\u{1B}[?\(all)s" + unusedModes.map { "\u{1B}[?\($0)l" }.joined() + "\u{1B}[?\(pasteMode)h"
    }

    /// Sent on every exit (also from the signal guard): paste off, then the saved values back.
    static var modesOnExit: String {
        let all = (unusedModes + [pasteMode]).map(String.init).joined(separator: ";")
        return "\u{1B}[?\(pasteMode)l\u{1B}[?\(all)r"
    }

    private static func writeToTerminal(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 { if errno == EINTR { continue }; return }
            offset += written
        }
    }

    deinit { close() }

    /// Takes over the terminal (alternate screen, no echo, keys one at a time).
    ///
    /// - Parameter environment: the process environment. Read here: TERM (the terminal
    ///   description), NO_COLOR, ESCDELAY (milliseconds to tell Esc from an escape sequence,
    ///   25 if unset). The locale comes from the process environment (`setlocale`).
    /// - Throws: `CursesTerminalError`; the terminal is then untouched.
    public static func open(environment: [String: String]) throws -> CursesTerminal {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CursesTerminalError.notATerminal
        }
        // Before newterm: ncursesw decodes and encodes characters with the locale.
        setlocale(LC_ALL, "")
        let usesUnicode = TextFallback.isUTF8(codeset: String(cString: cnc_codeset()))

        guard let term = environment["TERM"], !term.isEmpty else {
            throw CursesTerminalError.unsupportedTerminal(term: nil)
        }
        // Before newterm: save the tty modes and own SIGINT, SIGQUIT, SIGTERM, SIGHUP and the other terminating signals, so ncurses
        // keeps its hands off them and a crash can restore the tty.
        guard termguard_begin(STDOUT_FILENO) == 0 else { throw CursesTerminalError.alreadyOpen }
        // newterm, not initscr: initscr() calls exit(1) itself on an unknown TERM.
        let screen = term.withCString { newterm($0, cnc_stdout(), cnc_stdin()) }
        guard screen != nil, let window = cnc_stdscr() else {
            termguard_end()
            throw CursesTerminalError.unsupportedTerminal(term: term)
        }
        // What undoes newterm: normal attributes, cursor visible, keypad off, leave the
        // alternate screen. Only terminfo knows these bytes, so only now.
        let capabilities: [String] = ["sgr0", "cnorm", "rmkx", "rmcup"]
        let restore = capabilities.map { (name: String) -> String in
            String(cString: cnc_string_capability(name))
        }.joined()
        termguard_set_restore_bytes(restore + modesOnExit)
        // Messages written to stderr while the screen is ours (a Swift fatal error message
        // comes just before the trap) would garble it and then vanish with the alternate
        // screen; keep them and print them after it. Best effort: on failure stderr stays.
        _ = termguard_capture_stderr()

        // Esc waits 1 s for the rest of an escape sequence by default.
        let escapeDelay = environment["ESCDELAY"].flatMap { Int32($0) }.flatMap { $0 >= 0 && $0 <= 10_000 ? $0 : nil } ?? 25
        set_escdelay(escapeDelay)
        cbreak()             // keys one at a time; Ctrl-C still raises SIGINT
        noecho()
        nonl()               // Enter arrives as CR (13) without tty translation
        intrflush(window, false)
        // Keypad mode off: InputDecoder reads every escape sequence whole (arrows, Home,
        // F1... and the ones to ignore); KEY_RESIZE still comes from ncurses.
        keypad(window, false)
        writeToTerminal(modesOnStart)

        var colour = false
        if StylePolicy.wantsColour(environment: environment, terminalHasColours: has_colors()),
           start_color() == OK {
            // -1: the terminal's own background (needs use_default_colors).
            let background: Int16 = use_default_colors() == OK ? -1 : Int16(COLOR_BLACK)
            for role in ColourRole.allCases {
                init_pair(role.rawValue, Int16(role.foreground.cursesColour), background)
            }
            colour = true
        }
        let terminal = CursesTerminal(window: window, usesUnicode: usesUnicode, usesColour: colour,
                                      escapeDelay: Int(escapeDelay))
        terminal.setCursorVisibility(0)
        return terminal
    }

    /// The terminal size in columns and rows (0 x 0 after close).
    public var size: (width: Int, height: Int) {
        guard isOpen else { return (0, 0) }
        return (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Shows `screen`: every cell with its style, then the real cursor on `screen.cursor`
    /// (so screen readers and braille displays follow the focus) or hidden.
    /// Cells outside the terminal are clipped.
    public func draw(_ screen: Screen) {
        guard isOpen else { return }
        // erase, not clear: ncurses then sends only what changed, without flicker.
        werase(window)
        let (width, height) = size
        let runs = DrawPlan.runs(for: screen.grid, width: width, height: height,
                                 unicode: usesUnicode, columns: Self.terminalColumns)
        for run in runs {
            let attributes = StylePolicy.attributes(for: run.style, colour: usesColour)
            wattr_set(window, attributes.cursesAttributes, attributes.colour?.rawValue ?? 0, nil)
            var wide = run.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            wide.append(0)
            // Writing the bottom-right cell returns ERR (the cursor cannot move past it),
            // but the character is written: ignore the result.
            _ = mvwaddwstr(window, Int32(run.y), Int32(run.x), &wide)
        }
        wattr_set(window, cnc_a_normal(), 0, nil)
        if let cursor = screen.cursor, cursor.x >= 0, cursor.x < width, cursor.y >= 0, cursor.y < height {
            wmove(window, Int32(cursor.y), Int32(cursor.x))
            setCursorVisibility(1)
        } else {
            setCursorVisibility(0)
        }
        wrefresh(window)
    }

    /// Waits for the next key, paste or termination signal.
    ///
    /// - Parameter timeout: nil waits until something happens; otherwise `.none` is
    ///   returned once the timeout passes without input (for clocks and reminders).
    /// - Returns: `.key`, `.paste`, `.signal` (close, then exit with 128 + signal),
    ///   `.inputEnded` (the terminal is gone) or `.none`. Keys the wizard does not use and
    ///   escape sequences it does not know (mouse reports, focus events, OSC, DCS...) are
    ///   consumed whole and skipped.
    public func nextEvent(timeout: Duration? = nil) -> TerminalEvent {
        guard isOpen else { return .none }
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        while true {
            if !queued.isEmpty { return queued.removeFirst() }
            if let signal = takePendingSignal() { return .signal(signal) }
            var wait = Self.waitSliceMilliseconds
            let sequenceWait = decoder.timeoutMilliseconds(escapeDelay: escapeDelay)
            if let sequenceWait {
                wait = sequenceWait
            } else if let deadline {
                let left = Self.milliseconds(rounding: clock.now.duration(to: deadline))
                if left <= 0 { return .none }
                wait = min(wait, left)
            }
            wtimeout(window, Int32(wait))
            var code: wint_t = 0
            let started = clock.now
            let status = wget_wch(window, &code)
            if status == ERR {
                // The wait ran out, a signal interrupted it, or the terminal is gone.
                if let signal = takePendingSignal() { return .signal(signal) }
                if inputHasEnded(after: clock.now - started, wait: wait) { return .inputEnded }
                if sequenceWait != nil { enqueue(decoder.timeout()) }
                continue
            }
            immediateErrors = 0
            if status == KEY_CODE_YES {
                // Keypad mode is off, so only KEY_RESIZE (and the like) come this way.
                if let key = KeyDecoder.key(status: status, code: code, terminalSize: size) {
                    queued.append(.key(key))
                }
                continue
            }
            enqueue(decoder.feed(UInt32(code)))
        }
    }

    private func enqueue(_ events: [InputEvent]) {
        for event in events {
            switch event {
            case .key(let key): queued.append(.key(key))
            case .paste(let text): queued.append(.paste(text))
            case .ignored: break
            }
        }
    }

    /// True when standard input reports a hang-up or an error, or when reads keep failing
    /// at once (EOF or EIO), which would otherwise spin at full CPU.
    private func inputHasEnded(after elapsed: Duration, wait: Int) -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 0) >= 0,
           Int32(descriptor.revents) & (Int32(POLLHUP) | Int32(POLLERR) | Int32(POLLNVAL)) != 0 {
            return true
        }
        if wait >= 20 && elapsed < .milliseconds(2) {
            immediateErrors += 1
        } else {
            immediateErrors = 0
        }
        return immediateErrors >= 50
    }

    /// The termination signal received and not yet reported (SIGINT, SIGQUIT, SIGTERM, SIGHUP...),
    /// and forgets it. Also works after `close()`, for a signal that came in just before.
    public func takePendingSignal() -> Int32? {
        let signal = termguard_take_pending_signal()
        return signal == 0 ? nil : Int32(signal)
    }

    /// Gives the terminal back: normal screen (so what is printed next stays in the
    /// scrollback), cursor visible, the shell's tty modes, default signal handling. What
    /// was written to stderr while the terminal was open is printed now.
    /// Safe to call more than once.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        endwin()
        Self.writeToTerminal(Self.modesOnExit)
        termguard_restore_termios()
        termguard_release_stderr()
        termguard_end()
        // No delscreen(): ncurses' SIGWINCH and SIGTSTP handlers stay installed and may
        // still look at the screen; the memory is reclaimed at exit.
    }

    // MARK: - Helpers

    private func setCursorVisibility(_ visibility: Int32) {
        guard visibility != cursorVisibility else { return }
        curs_set(visibility)
        cursorVisibility = visibility
    }

    /// Columns the terminal gives `character` in this locale; -1 if not printable.
    private static func terminalColumns(_ character: Character) -> Int {
        var total = 0
        for scalar in character.unicodeScalars {
            // VS16 asks for emoji presentation: two columns on most terminals.
            if scalar.value == 0xFE0F { return 2 }
            let width = Int(cnc_wcwidth(scalar.value))
            if width < 0 { return -1 }
            total += width
        }
        return total
    }

    /// Whole milliseconds in `duration`, rounded up so a short wait is never zero.
    private static func milliseconds(rounding duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let partial = (attoseconds + perMillisecond - 1) / perMillisecond
        let total = seconds.multipliedReportingOverflow(by: 1000)
        guard !total.overflow, total.partialValue < Int64(Int32.max) else { return Int(Int32.max) }
        return Int(total.partialValue + partial)
    }
}

extension CellAttributes {
    /// The ncurses attribute bits (without the colour pair, passed separately).
    var cursesAttributes: attr_t {
        var bits = cnc_a_normal()
        if bold { bits |= cnc_a_bold() }
        if reverse { bits |= cnc_a_reverse() }
        if dim { bits |= cnc_a_dim() }
        if underline { bits |= cnc_a_underline() }
        return bits
    }
}

extension TerminalColour {
    var cursesColour: Int32 {
        switch self {
        case .red: COLOR_RED
        case .yellow: COLOR_YELLOW
        case .green: COLOR_GREEN
        case .magenta: COLOR_MAGENTA
        case .cyan: COLOR_CYAN
        }
    }
}
