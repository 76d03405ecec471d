import InfusionWizard

// TerminalUI: the only code that talks to ncurses.
//
// CursesTerminal opens the terminal, draws a `Screen` and turns key codes into `Key`s.
// The decisions it makes are pure functions, unit-tested without a terminal:
//   InputDecoder  characters -> keys, pastes, ignored escape sequences (mouse, focus...)
//   KeyDecoder    ncurses key codes -> Key
//   TextFallback  any Character -> one ASCII character (non-UTF-8 locales)
//   StylePolicy   Style -> attributes and colour, with or without colour
//   DrawPlan      Grid -> runs of text to write (clipping, sanitising, grouping)
// CTermGuard (C) restores the terminal on crashes and turns SIGINT, SIGQUIT, SIGTERM, SIGHUP and the other terminating signals into
// events, so the program always leaves the terminal as it found it.

/// What the terminal reported to the program.
public enum TerminalEvent: Equatable, Sendable {
    /// A key, already decoded (including `.resize` when the terminal changed size).
    case key(Key)
    /// Text the terminal marked as pasted (bracketed paste): it may only go into the
    /// focused text field.
    case paste(String)
    /// Standard input ended (EOF) or failed (EIO): the terminal is gone.
    case inputEnded
    /// A terminating signal (SIGINT, SIGQUIT, SIGTERM, SIGHUP...) arrived. Close the terminal, then exit with 128 + signal.
    case signal(Int32)
    /// The timeout given to `nextEvent(timeout:)` passed without input.
    case none
}
