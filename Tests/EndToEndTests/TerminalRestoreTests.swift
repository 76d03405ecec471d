import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension TerminalEndToEndTests {
    @Suite("Leaving the terminal as it was found")
    struct TerminalRestore {
        /// The first screen, full screen: alternate screen on, cursor hidden (Tab from the
        /// preparer's field gives the Begin button the focus), so restoring both is visible
        /// afterwards.
        func startOnFirstScreen(_ sandbox: Sandbox) throws -> TmuxSession {
            let session = try startInTerminal(sandbox: sandbox)
            try session.waitFor(startFocus)
            try session.send("Tab")
            try session.waitFor("> [ Begin preparation ]")
            #expect(try session.isAlternateScreenOn())
            #expect(try !session.isCursorVisible())
            return session
        }

        @Test("q asks first; n stays; q then y quits with status 1 and nothing recorded")
        func quitWithQ() throws {
            let sandbox = try Sandbox()
            let session = try startOnFirstScreen(sandbox)
            defer { session.close() }
            try session.send("q")
            try session.waitFor("Quit without finishing? Nothing is recorded. Y = quit, N = stay.")
            try session.send("n")
            try session.waitFor { !$0.containsRow("Quit without finishing?") && $0.containsRow("Begin preparation") }
            try session.send("q")
            try session.waitFor("Quit without finishing?")
            try session.send("y")
            let exit = try session.waitForExit()
            try expectRestored(exit, status: 1, session)
            #expect(try session.screen().containsRow("Quit before the preparation was finished."))
            #expect(try sandbox.preparations().isEmpty)
        }

        @Test("Ctrl-C: status 130, terminal restored")
        func controlC() throws {
            let sandbox = try Sandbox()
            let session = try startOnFirstScreen(sandbox)
            defer { session.close() }
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
            #expect(try sandbox.preparations().isEmpty)
        }

        @Test("Ctrl-C while a field has the cursor: status 130, terminal restored")
        func controlCInAField() throws {
            let sandbox = try Sandbox()
            let session = try startOnFirstScreen(sandbox)
            defer { session.close() }
            // Back into the preparer's field.
            try session.send("BTab")
            try session.waitFor(startFocus)
            try session.type("J")
            try session.waitFor("> Preparer              [J   ")
            #expect(try session.isCursorVisible())
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }

        @Test("a signal ends the program with 128 + signal and the terminal restored",
              arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129)), (SIGINT, Int32(130))])
        func signal(_ signal: Int32, _ status: Int32) throws {
            let sandbox = try Sandbox()
            let session = try startOnFirstScreen(sandbox)
            defer { session.close() }
            try session.signalProgram(signal)
            try expectRestored(try session.waitForExit(), status: status, session)
            #expect(try sandbox.preparations().isEmpty)
        }

        @Test("TERM=nosuchterm: status 2 and a message that points to --plain")
        func unknownTerminal() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox, environment: ["TERM": "nosuchterm"])
            defer { session.close() }
            let exit = try session.waitForExit()
            #expect(exit.status == 2)
            #expect(exit.isTerminalRestored)
            #expect(try !session.isAlternateScreenOn())
            let screen = try session.screen()
            let message = try #require(screen.first { $0.contains("--plain") }, "screen:\n\(screen.joined(separator: "\n"))")
            #expect(message.contains("nosuchterm"))
            #expect(message.hasPrefix("error: "))
        }

        @Test("NO_COLOR=1: no colour codes on the screen, bold and reverse still there")
        func noColour() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox, environment: ["NO_COLOR": "1"])
            defer { session.close() }
            try session.waitFor(startFocus, "WARNING: hypersensitivity")
            let start = try session.screenWithAttributes()
            #expect(colourCodes(in: start).isEmpty, "colour codes: \(colourCodes(in: start))")
            #expect(start.contains("\u{1B}[1m") || start.contains(";1m"), "no bold")
            #expect(start.contains("\u{1B}[7m") || start.contains(";7m"), "no reverse")
            // A step with more styles: a field with the focus, a warning to acknowledge.
            try beginPreparation(session)
            try enterPatientIdentity(session)
            try session.type("9")
            try session.send("Enter")
            try session.waitFor("WARNING: Weight 9 kg is under 10 kg")
            let patient = try session.screenWithAttributes()
            #expect(colourCodes(in: patient).isEmpty, "colour codes: \(colourCodes(in: patient))")
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }

        @Test("without NO_COLOR the same screen has colour (the check above can see colour)")
        func colourByDefault() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try session.waitFor(startFocus, "WARNING: hypersensitivity")
            #expect(!colourCodes(in: try session.screenWithAttributes()).isEmpty)
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }
    }
}
