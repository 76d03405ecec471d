import Testing
@testable import TerminalUI

/// Issue 8, item 3: the modes turned off on start and given back on exit.
@Suite struct TerminalModesTests {
    @Test("on start: every mouse mode and focus events saved, then off; bracketed paste on")
    func onStart() {
        let start = CursesTerminal.modesOnStart
        #expect(start.hasPrefix("\u{1B}[?1000;1001;1002;1003;1004;1005;1006;1015;1016;2004s"))
        for mode in [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1015, 1016] {
            #expect(start.contains("\u{1B}[?\(mode)l"))
        }
        #expect(start.hasSuffix("\u{1B}[?2004h"))
    }

    @Test("on exit (and from the signal guard): paste off, then the saved values back")
    func onExit() {
        #expect(CursesTerminal.modesOnExit == "\u{1B}[?2004l\u{1B}[?1000;1001;1002;1003;1004;1005;1006;1015;1016;2004r")
        // The signal guard keeps at most 255 bytes of restore sequence: room for terminfo's.
        #expect(CursesTerminal.modesOnExit.utf8.count < 100)
    }
}
