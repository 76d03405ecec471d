import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `infusion-prep` started by a shell that first leaves terminal modes on, as another
/// program can (bracketed paste, mouse reporting).
func startWithModes(_ modes: String, sandbox: Sandbox, arguments: [String] = []) throws -> TmuxSession {
    try TmuxSession(command: ["sh", "-c", "printf '\(modes)'; exec \"$0\" \"$@\"", infusionPrepBinary] + arguments,
                    environment: sandbox.terminalEnvironment())
}

let pasteModeOn = "\\033[?2004h"
let mouseOn = "\\033[?1000h\\033[?1006h"

extension TerminalEndToEndTests {
    /// Issue 8, items 1 to 5 and 15, on the real binary.
    @Suite("Terminal input: pastes, mouse reports, unknown sequences, signals, refused keys")
    struct TerminalInput {
        @Test("a paste only goes into the focused text field: never a button, a yes/no, a list or a tick box")
        func pasteInEveryKindOfControl() throws {
            let sandbox = try Sandbox()
            let session = try startWithModes(pasteModeOn, sandbox: sandbox)
            defer { session.close() }
            // A name field (the preparer, section 6): the paste is typed there.
            try session.waitFor(startFocus)
            try session.paste("JS")
            try session.waitFor("> Preparer              [JS  ")
            // A button.
            try session.send("Tab")
            try session.waitFor("> [ Begin preparation ]")
            try session.paste("ok")
            try session.waitFor("A paste only goes into a text field")
            #expect(try session.screen().containsRow("> [ Begin preparation ]"))
            #expect(try session.screen().containsRow("  Preparer              [JS  "), "the paste went into the name")
            #expect(try !session.screen().containsRow("Quit without finishing"))
            // A field: the paste is typed there; one that does not fit is refused whole.
            try session.send("Enter")
            try session.waitFor("Step 2 of 8", "> Full name")
            try enterPatientIdentity(session)
            try session.paste("70")
            try session.waitFor("[70          ]")
            try session.paste("4O")
            try session.waitFor("The paste was not taken")
            #expect(try session.screen().containsRow("[70          ]"))
            // A choice (where the weight comes from): nothing is chosen.
            try session.send("Enter")
            try session.waitFor("> Weight is")
            try session.paste("1")
            try session.waitFor("A paste only goes into a text field")
            #expect(try !session.screen().containsRow("(*) measured today"))
            try chooseWeightMeasuredToday(session)
            // A yes/no question.
            try session.waitFor("> Is the patient at least 2 years old?")
            try session.paste("y")
            try session.waitFor("A paste only goes into a text field")
            #expect(try !session.screen().containsRow("(*) yes"))
            try session.send("y", "Enter", "n", "Enter", "n", "Enter", "n", "Enter")
            // A list: nothing is chosen.
            try session.waitFor("Step 3 of 8", "(*) units/kg per infusion")
            try session.paste("4\r")
            try session.waitFor("A paste only goes into a text field")
            #expect(try !session.screen().containsRow("(*) 4"))
            #expect(try session.screen().containsRow("Step 3 of 8"))
            try session.send("4", "Enter")
            try session.waitFor("> Dose per infusion")
            try session.paste("60")
            try session.waitFor("[60          ] units/kg")
            try session.send("Enter")
            // The tick boxes of the Vials step (4,200 units is whole vials: no dose list); the
            // focus arrives on the first lot, up from it are the tick boxes.
            try session.waitFor("Step 4 of 8", ">   400-unit lot")
            try session.send("Up", "Up")
            try session.waitFor("Step 4 of 8", ">   [x] 400-unit vials")
            try session.paste("1")
            try session.waitFor("A paste only goes into a text field")
            #expect(try session.screen().containsRow(">   [x] 400-unit vials"))
            try session.send("Down")
            try session.waitFor(">   [x] 200-unit vials")
            try session.paste(" ")
            try session.waitFor("A paste only goes into a text field")
            #expect(try session.screen().containsRow("[x] 200-unit vials"))
            #expect(try session.screen().containsRow("Step 4 of 8"))
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }

        @Test("mouse reporting left on is turned off; clicks in lists, tick boxes and fields choose nothing")
        func mouseClicks() throws {
            let sandbox = try Sandbox()
            let session = try startWithModes(mouseOn, sandbox: sandbox)
            defer { session.close() }
            try session.waitFor(startFocus)
            #expect(try session.format("#{mouse_any_flag}") == "0", "mouse reporting still on")
            #expect(try session.format("#{mouse_sgr_flag}") == "0")
            try beginPreparation(session)
            try enterPatientIdentity(session)
            try session.type("70")
            // Clicks on the field (SGR press and release, X10, on the weight's row): the digits
            // are not typed.
            let row = try #require(try session.screen().firstIndex { $0.contains("> Weight ") }) + 1
            try session.sendBytes("\u{1B}[<0;30;\(row)M\u{1B}[<0;30;\(row)m\u{1B}[M 55")
            try session.send("End")
            #expect(try session.waitFor("[70          ]").containsRow("Step 2 of 8"))
            try session.send("Enter")
            try chooseWeightMeasuredToday(session)
            try session.send("y", "Enter", "n", "Enter", "n", "Enter", "n", "Enter")
            try session.waitFor("Step 3 of 8")
            try session.send("4", "Enter")
            try session.type("60")
            try session.send("Enter")
            let before = try session.waitFor("Step 4 of 8", "Dose to prepare")
            // Clicks on the dose list (row of option 2), on a tick box, anywhere.
            for report in ["\u{1B}[<0;10;9M\u{1B}[<0;10;9m", "\u{1B}[<0;6;5M\u{1B}[<0;6;5m", "\u{1B}[M #)", "\u{1B}[<2;40;12M",
                           "\u{1B}[<64;10;9M", "\u{1B}[<35;20;20M"] {
                try session.sendBytes(report)
            }
            try session.send("End")   // a key the list ignores: a settled screen after the reports
            let after = try session.waitFor("Step 4 of 8")
            #expect(!after.containsRow("(*)"), "a click chose a dose: \(after.joined(separator: "\n"))")
            #expect(after.containsRow("[x] 400-unit vials") && after.containsRow("[x] 200-unit vials"))
            #expect(after.filter { $0.contains("units") } == before.filter { $0.contains("units") })
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
            #expect(try session.format("#{mouse_any_flag}") == "0", "mouse reporting on after exit")
        }

        /// Ten kinds of sequence the program does not use.
        static let unknownSequences = [
            "\u{1B}[<0;10;9M",                 // SGR mouse press
            "\u{1B}[M !!",                     // X10 mouse report
            "\u{1B}[I", "\u{1B}[O",            // focus in and out
            "\u{1B}]0;title\u{07}",            // OSC
            "\u{1B}P1$r0m\u{1B}\\",            // DCS
            "\u{1B}[1;5B",                     // Ctrl-Down
            "\u{1B}[24~",                      // F12
            "\u{1B}O2Q",                       // Shift-F2 (SS3)
            "\u{1B}_app\u{1B}\\",              // APC
        ]

        @Test("ten unknown escape sequences are consumed whole: nothing moves, nothing is chosen")
        func unknownSequences() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try walkToVials(session)
            // The focus on the first tick box (up from the first lot, where it arrives); after the
            // sequences one Down moves it one row.
            try session.send("Up", "Up")
            let before = try session.waitFor("Step 4 of 8", ">   [x] 400-unit vials")
            for sequence in Self.unknownSequences { try session.sendBytes(sequence) }
            try session.send("Down")
            let after = try session.waitFor(">   [x] 200-unit vials")
            #expect(after.containsRow("Step 4 of 8"), "went back a step")
            #expect(after.containsRow("[x] 400-unit vials"), "a tick changed")
            #expect(before.filter { $0.contains("units") } == after.filter { $0.contains("units") }, "the plan changed")
            // In a field: no character of them is typed.
            try session.send("Escape")
            try session.waitFor("Step 3 of 8")
            try session.send("Tab", "Tab")
            try session.waitFor("> Dose per infusion")
            for sequence in Self.unknownSequences { try session.sendBytes(sequence) }
            try session.send("End")
            #expect(try session.waitFor("[60          ] units/kg").containsRow("Step 3 of 8"))
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }

        @Test("Ctrl-\\ ends the program like Ctrl-C: status 131, terminal restored, no crash report")
        func controlBackslash() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try session.waitFor(startFocus)
            try session.send("C-\\")
            try expectRestored(try session.waitForExit(), status: 131, session)
            let screen = try session.screenText()
            #expect(!screen.contains("Crash") && !screen.contains("Thread 0") && !screen.contains("backtrace"), "\(screen)")
        }

        @Test("every other terminating signal ends it the same way: 128 + n, terminal restored",
              arguments: [SIGUSR1, SIGUSR2, SIGALRM, SIGQUIT, SIGTERM, SIGHUP])
        func otherSignals(_ signal: Int32) throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try session.waitFor(startFocus)
            try session.signalProgram(signal)
            try expectRestored(try session.waitForExit(), status: 128 + signal, session)
        }

        @Test("\"15O\" typed for 150: the refusal shows next to the field and 15 kg is not accepted")
        func refusedKeyHoldsTheField() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try beginPreparation(session)
            try enterPatientIdentity(session)
            try session.type("15O")
            let refused = try session.waitFor("[15          ]", "! \"O\" was not taken")
            let field = try #require(refused.firstIndex { $0.contains("> Weight") })
            #expect(refused[field + 1].contains("! \"O\" was not taken"), "the refusal is next to the field")
            #expect(refused.containsRow(" CHECK "), "the status line says CHECK, not OK")
            #expect(!refused.containsRow(" OK "))
            try session.send("Enter")
            let held = try session.waitFor("Correct the entry before going on")
            #expect(held.containsRow("> Weight"), "Enter went on with 15 kg")
            try session.type("0")
            try session.send("Enter")
            let accepted = try session.waitFor("[150         ]", "> Weight is")
            #expect(!accepted.containsRow("was not taken"))
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }

        @Test("the terminal goes away with SIGHUP ignored: the program ends instead of spinning")
        func terminalGone() throws {
            let sandbox = try Sandbox()
            let session = try TmuxSession(command: ["sh", "-c", "trap '' HUP; exec \"$0\"", infusionPrepBinary],
                                          environment: sandbox.terminalEnvironment())
            try session.waitFor(startFocus)
            let pid = try session.programPID()
            session.close()
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(5)
            while isRunning(pid) && clock.now < deadline { usleep(20_000) }
            #expect(!isRunning(pid), "still running after the terminal went away")
            if isRunning(pid) { kill(pid, SIGKILL) }
        }

        /// Alive and not a zombie (a zombie has ended; only its parent has not reaped it).
        func isRunning(_ pid: pid_t) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            guard let close = stat.lastIndex(of: ")") else { return false }
            let state = stat[stat.index(close, offsetBy: 2)]
            return state != "Z" && state != "X"
        }
    }
}
