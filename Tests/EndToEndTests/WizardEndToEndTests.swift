import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every test that runs the real binary in tmux. Serialized: the Esc latency test measures
/// time, and a quiet machine keeps every test short.
@Suite("End to end in a real terminal (tmux)", .serialized, .enabled(if: TmuxSession.isAvailable))
struct TerminalEndToEndTests {}

/// Keys that take the wizard from its first screen to the Vials step of the reference
/// order: `weight`, at least 2 years, not a first infusion, no history, 60 units/kg every
/// 2 weeks.
func walkToVials(_ session: TmuxSession, weight: String = "70") throws {
    try session.waitFor("> [ Begin preparation ]")
    try session.send("Enter")
    try session.waitFor("Step 2 of 8", "> Weight")
    try session.type(weight)
    try session.send("Enter")
    try session.waitFor("> Is the patient at least 2 years old?")
    try session.send("y", "Enter", "n", "Enter", "n", "Enter", "n", "Enter")
    try session.waitFor("Step 3 of 8", "(*) units/kg per infusion")
    try session.send("4", "Enter")
    try session.waitFor("> Dose per infusion", "(*) 4  every 2 weeks")
    try session.type("60")
    try session.send("Enter")
    try session.waitFor("Step 4 of 8", "Dose to prepare")
}

extension TerminalEndToEndTests {
    @Suite("Wizard")
    struct Wizard {
        @Test("a whole preparation at 80x24: the summary is printed on the normal screen and a record is saved")
        func fullWalk() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try walkToVials(session)
            #expect(try session.isAlternateScreenOn())

            try session.send("1")
            let vials = try session.waitFor("(*) 1  4,200 units  exact dose")
            #expect(vials.containsRow("400-unit     10      10.2 mL      10.6 mL          10 mL from a whole vial"))
            #expect(vials.containsRow("200-unit     1       5.1 mL       5.3 mL           5 mL from a whole vial"))
            try session.send("Enter")
            try session.waitFor("Step 5 of 8", "> ", "[ ] Add 10.2 mL Sterile Water for Injection to each vial")
            // The six reconstitution items: tick, then Enter goes to the next one.
            for _ in 0..<6 { try session.send("Space", "Enter") }
            let dilution = try session.waitFor("Step 6 of 8", "> Final volume")
            #expect(dilution.containsRow("Drug volume       105 mL (4,200 units)"))
            #expect(dilution.containsRow("Sodium chloride   add 45 mL 0.9% Sodium Chloride Injection to make 150 mL"))
            #expect(dilution.containsRow("(*) 150 mL"))
            try session.send("Enter")
            let administration = try session.waitFor("Step 7 of 8", "> Duration")
            #expect(administration.containsRow("Pump rate         75 mL/h (150 mL over 120 min)"))
            #expect(administration.containsRow("(*) 120 min"))
            try session.send("Enter")
            let summary = try session.waitFor("Step 8 of 8", "> [ Confirm and finish ]")
            #expect(summary.containsRow("Drug volume 105 mL (4,200 units at 40 units/mL)"))
            #expect(summary.last?.hasPrefix(" OK ") == true)
            try session.send("Enter")

            let exit = try session.waitForExit()
            try expectRestored(exit, status: 0, session)

            // The summary went to the normal screen (scrollback), not the alternate one:
            // no full-screen frame is in the history, the printed plan is.
            let history = try session.screenWithHistory()
            #expect(!history.containsRow("Confirm and finish"))
            #expect(!history.containsRow("Step 8 of 8"))
            let printed = printedPlan(history) { $0.hasPrefix("Record saved: ") || $0.hasPrefix("[exit ") }
            try #require(!printed.isEmpty, "no printed plan in:\n\(history.joined(separator: "\n"))")
            let text = printed.joined(separator: "\n")
            for figure in ["4,200 units", "105 mL", "45 mL", "75 mL/h"] {
                #expect(text.contains(figure), "printed summary lacks \(figure)")
            }
            #expect(printed.contains("Order       60 units/kg every 2 weeks: 4,200 units per infusion"))
            #expect(printed.contains("Bag         final volume 150 mL: add 45 mL 0.9% Sodium Chloride Injection"))
            #expect(printed.contains("Infusion    120 min at 75 mL/h; no other medicines in the same line"))
            #expect(printed.contains { $0.hasPrefix("Times       reconstituted ") })

            // The record: one file in $INFUSION_PREP_RECORDS, the same lines as printed.
            let files = sandbox.files(in: sandbox.records)
            try #require(files.count == 1, "records: \(files)")
            #expect(files[0].hasPrefix("preparation-") && files[0].hasSuffix(".txt"))
            let record = try String(contentsOf: sandbox.records.appendingPathComponent(files[0]), encoding: .utf8)
            #expect(record.split(separator: "\n").map(String.init) == printed)
            #expect(history.containsRow("Record saved: " + sandbox.records.appendingPathComponent(files[0]).path))
            #expect(sandbox.files(in: sandbox.homeRecords).isEmpty)
        }

        @Test("a weight in lb: Enter shows the conversion and asks to confirm it")
        func poundsConversion() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try session.waitFor("> [ Begin preparation ]")
            try session.send("Enter")
            try session.waitFor("> Weight")
            try session.type("154 lb")
            try session.waitFor("[154 lb      ]")
            try session.send("Enter")
            let screen = try session.waitFor("154 lb = 69.9 kg")
            let question = try #require(session.row(containing: "154 lb = 69.9 kg", in: screen))
            #expect(question.hasPrefix(">"), "the focus is on the confirmation: \(question)")
            #expect(question.contains("154 lb = 69.9 kg. Is this right?"))
            #expect(question.contains("( ) yes   ( ) no"))
            #expect(screen.containsRow("Check the conversion: Y if it is right, N to enter the weight again."))
            // Not confirmed yet: the weight is not used.
            #expect(screen.containsRow("Step 2 of 8"))

            try session.send("y")
            try session.waitFor("154 lb = 69.9 kg. Is this right?                (*) yes")
            try session.send("Enter")
            try session.waitFor("> Is the patient at least 2 years old?")

            try session.send("q")
            try session.waitFor("Quit without finishing? Nothing is recorded. Y = quit, N = stay.")
            try session.send("y")
            try expectRestored(try session.waitForExit(), status: 1, session)
            #expect(sandbox.files(in: sandbox.records).isEmpty)
        }

        @Test("140 kg at 60 units/kg every 2 weeks: STOP on the Vials step, Next blocked, STOP on the status line")
        func hardStop() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try walkToVials(session, weight: "140")
            let vials = try session.waitFor("STOP: The dose does not fit the label's 200 mL maximum")
            #expect(vials.containsRow("is 210 mL. Ask the pharmacist."))
            #expect(vials.last?.hasPrefix(" STOP ") == true, "status line: \(vials.last ?? "")")

            // Pick the exact dose and try to go on: refused with the reason, still on Vials.
            try session.send("1")
            try session.waitFor("(*) 1  8,400 units  exact dose")
            try session.send("Enter")
            let blocked = try session.waitFor { lines in
                lines.dropLast().suffix(3).contains { $0.hasPrefix(" STOP: The dose does not fit") }
            }
            #expect(blocked.containsRow("Step 4 of 8"))
            #expect(blocked.containsRow("[Vials]"))
            #expect(blocked.last?.hasPrefix(" STOP ") == true)
            // Again: still blocked (Enter twice, then a key that proves both were handled).
            try session.send("Enter")
            try session.send("Enter")
            try session.send("?")
            try session.waitFor("Help: Vials")
            try session.send("x")
            let still = try session.waitFor("Step 4 of 8", "(*) 1  8,400 units")
            #expect(!still.containsRow("Step 5 of 8"))
            #expect(still.last?.hasPrefix(" STOP ") == true)

            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
            #expect(sandbox.files(in: sandbox.records).isEmpty)
        }

        @Test("resize to 40x10 shows \"Terminal too small\"; back to 80x24 the same step returns with the entries kept")
        func resize() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try walkToVials(session)
            try session.send("Escape")
            try session.waitFor("Step 3 of 8", "(*) 4  every 2 weeks")
            // An entry being edited: dose changed to 45, not yet confirmed with Enter.
            try session.send("Tab", "Tab")
            try session.waitFor("> Dose per infusion     [60          ] units/kg")
            try session.send("BSpace", "BSpace")
            try session.type("45")
            // Typing "4" first makes a below-range warning; wait for the status row to settle.
            let before = try session.waitFor("[45          ] units/kg", "Per infusion      3,150 units", " OK  Enter next")

            try session.resize(width: 40, height: 10)
            let small = try session.waitFor { $0.first == "Terminal too small" }
            #expect(small.containsRow("InfusionPrep needs 80 x 24;"))
            #expect(small.containsRow("this one is 40 x 10."))
            #expect(small.containsRow("your entries are kept."))

            try session.resize(width: 80, height: 24)
            let after = try session.waitFor("Step 3 of 8")
            #expect(after == before, "the same screen as before the resize")
            #expect(try session.isCursorVisible(), "the cursor is back on the dose field")

            // The entries are really kept: going on uses them.
            try session.send("Enter")
            try session.waitFor("Step 4 of 8", "3,150 units  exact dose")
            try session.send("Escape")
            try session.waitFor("Step 3 of 8")
            try session.send("Escape")
            let patient = try session.waitFor("Step 2 of 8")
            #expect(patient.containsRow("Weight                [70          ]"))
            #expect(patient.containsRow("Is the patient at least 2 years old?              (*) yes   ( ) no"))

            try session.send("q")
            try session.waitFor("Quit without finishing?")
            try session.send("y")
            try expectRestored(try session.waitForExit(), status: 1, session)
        }

        @Test("Esc goes back a step in well under 1 s")
        func escapeLatency() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try walkToVials(session)
            let clock = ContinuousClock()
            var slowest = Duration.zero
            for (from, to) in [(4, 3), (3, 2), (2, 1)] {
                try session.waitFor("Step \(from) of 8")
                let start = clock.now
                try session.send("Escape")
                try session.waitFor("Step \(to) of 8", timeout: .seconds(3))
                let elapsed = start.duration(to: clock.now)
                slowest = max(slowest, elapsed)
                #expect(elapsed < .seconds(1), "Esc from step \(from) took \(elapsed)")
            }
            // Well under: ESCDELAY=25 ms, plus polling. A 1 s ncurses default would show here.
            #expect(slowest < .milliseconds(600), "slowest Esc: \(slowest)")
            // Esc on the first step asks before quitting.
            try session.send("Escape")
            try session.waitFor("Quit without finishing? Nothing is recorded. Y = quit, N = stay.")
            try session.send("n")
            try session.waitFor { !$0.containsRow("Quit without finishing?") && $0.containsRow("Step 1 of 8") }
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }
    }
}
