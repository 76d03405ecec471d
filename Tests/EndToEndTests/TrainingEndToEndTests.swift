import Foundation
import TestSupport
import Testing

extension TmuxSession {
    /// Waits for a training screen and checks that it says TRAINING on its title line and
    /// on its status line.
    @discardableResult
    func waitForTraining(_ texts: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let lines = try waitFor(texts.joined(separator: " + ")) { lines in
            texts.allSatisfy { text in lines.contains { $0.contains(text) } }
        }
        expectTrainingBanners(lines, sourceLocation: sourceLocation)
        return lines
    }
}

func expectTrainingBanners(_ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(lines.first?.hasPrefix(" TRAINING ") == true, "title line: \(lines.first ?? "")", sourceLocation: sourceLocation)
    #expect(lines.last?.hasPrefix(" TRAINING ") == true, "status line: \(lines.last ?? "")", sourceLocation: sourceLocation)
}

/// A training run that finished: exit 0, the terminal restored, and every printed line of
/// its summary marked TRAINING. Returns those lines.
func expectFinishedTrainingRun(_ session: TmuxSession, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
    try expectRestored(try session.waitForExit(), status: 0, session)
    let printed = printedTrainingLines(try session.screenWithHistory())
    try #require(printed.count > 10, "printed: \(printed)", sourceLocation: sourceLocation)
    for line in printed { #expect(line.hasPrefix("TRAINING | "), "\(line)", sourceLocation: sourceLocation) }
    return printed
}

/// The printed training lines after exit: from the scenario line to the results line.
func printedTrainingLines(_ history: [String]) -> [String] {
    guard let start = history.lastIndex(where: { $0.contains("Training scenario: ") }) else { return [] }
    var lines: [String] = []
    for line in history[start...] {
        if line.hasPrefix("[exit ") { break }
        lines.append(line)
    }
    while lines.last == "" { lines.removeLast() }
    return lines
}

/// R13 on the reference adult (10 x 400 + 1 x 200 units): each vial counted, swirled and
/// inspected, per strength; the step goes on after the last.
func confirmReferenceReconstitution(_ session: TmuxSession) throws {
    for _ in 0..<10 { try session.send("Space") }
    try session.send("Enter", "Space", "Enter", "Space", "Enter", "Space", "Enter", "Space", "Enter", "Space", "Enter")
}

/// R13 on the reference adult's Dilute step: 10 and 1 withdrawals counted, 105 mL typed
/// back, sodium chloride added, bag mixed.
func confirmReferenceDilution(_ session: TmuxSession) throws {
    for _ in 0..<10 { try session.send("Space") }
    try session.send("Enter", "Space", "Enter")
    try session.type("105")
    try session.send("Enter", "Space", "Enter", "Space", "Enter")
}

/// R13 on the Administer step: set and filter primed, the pump rate typed back.
func confirmAdministration(_ session: TmuxSession, rate: String = "75") throws {
    try session.send("Space", "Enter")
    try session.type(rate)
    try session.send("Enter")
}

/// Opens the help and closes it again: once the help has come and gone, every key sent
/// before it has been handled. The help changes nothing else (no scrolling, no focus).
func syncThroughHelp(_ session: TmuxSession, step: String) throws {
    try session.send("?")
    try session.waitFor("Help: \(step)")
    try session.send("x")
    try session.waitFor { !$0.containsRow("Press any key to close the help.") }
}

extension TerminalEndToEndTests {
    @Suite("Training")
    struct Training {
        @Test("guided standard-adult: TRAINING on every screen, GUIDE lines, no record written")
        func guided() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(["train", "--scenario", "standard-adult", "--results", sandbox.results.path],
                                              sandbox: sandbox)
            defer { session.close() }
            let start = try session.waitForTraining("> [ Begin preparation ]", "Step 1 of 8")
            #expect(start.containsRow("GUIDE: Learning point: The drug volume comes from 40 units/mL"))
            try session.send("Enter")
            try session.waitForTraining("Step 2 of 8", "GUIDE: What to do: enter the weight as ordered",
                                        "Weight                [70          ]")
            try session.send("Enter")
            try session.waitForTraining("Step 3 of 8", "GUIDE: Here: 70 kg x 60 units/kg = 4,200 units per infusion")
            try session.send("Enter")
            try session.waitForTraining("Step 4 of 8", "GUIDE: What to do: tick the strengths on hand")
            try session.send("1", "Enter")
            try session.waitForTraining("Step 5 of 8", "GUIDE: Here: 10 x 400-unit, 10.2 mL each; 1 x 200-unit, 5.1 mL each.")
            try confirmReferenceReconstitution(session)
            try session.waitForTraining("Step 6 of 8", "GUIDE: Here: 4,200 units / 40 = 105 mL;")
            try confirmReferenceDilution(session)
            try session.waitForTraining("Step 7 of 8", "GUIDE: Here: 150 mL x 60 / 120 min = 75 mL/h.")
            try confirmAdministration(session)
            let summary = try session.waitForTraining("Step 8 of 8", "> [ Confirm and finish ]")
            // The record is longer than the screen: its end, the last confirmation, is shown.
            #expect(summary.containsRow("pump rate typed back: 75 mL/h, matches the plan"))
            try session.send("Enter")

            let printed = try expectFinishedTrainingRun(session)
            #expect(printed.contains("TRAINING | Training scenario: standard-adult (guided)"))
            #expect(printed.contains("TRAINING | Drug volume 105 mL (4,200 units at 40 units/mL)"))
            #expect(printed.last?.hasPrefix("TRAINING | Results saved: ") == true)

            #expect(try sandbox.preparations().isEmpty, "a training run wrote a record")
            #expect(!FileManager.default.fileExists(atPath: sandbox.homeRecords.path), "a training run wrote a record in HOME")
            #expect(sandbox.files(in: sandbox.results).count == 2)
        }

        /// The guided Summary is longer than 80x24 in any layout (the guided Start screen
        /// used to be, but fits since the content area gained the row of the rule above the
        /// message line).
        @Test("PgUp shows the lines scrolled off above (the guided Summary at 80x24)")
        func pageUpShowsWhatIsAbove() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(["train", "--scenario", "standard-adult"], sandbox: sandbox)
            defer { session.close() }
            try session.waitForTraining("> [ Begin preparation ]")
            try session.send("Enter")
            try session.waitForTraining("Step 2 of 8", "Weight                [70          ]")
            try session.send("Enter")
            try session.waitForTraining("Step 3 of 8", "GUIDE: Here: 70 kg x 60 units/kg = 4,200 units per infusion")
            try session.send("Enter")
            try session.waitForTraining("Step 4 of 8", "GUIDE: What to do: tick the strengths on hand")
            try session.send("1", "Enter")
            try session.waitForTraining("Step 5 of 8")
            try confirmReferenceReconstitution(session)
            try session.waitForTraining("Step 6 of 8")
            try confirmReferenceDilution(session)
            try session.waitForTraining("Step 7 of 8")
            try confirmAdministration(session)
            // The focus is on the button at the bottom: the top of the step is scrolled off.
            let summary = try session.waitForTraining("Step 8 of 8", "> [ Confirm and finish ]", "more above: PgUp")
            #expect(!summary.containsRow("GUIDE: What to do: check every line against the order before you confirm."))
            // The record with its deadlines and confirmations is three screens long.
            try session.send("PageUp", "PageUp", "PageUp")
            try syncThroughHelp(session, step: "Summary")
            let after = try session.screen()
            expectTrainingBanners(after)
            #expect(after.containsRow("GUIDE: What to do: check every line against the order before you confirm."))
            #expect(after.containsRow("Training scenario: standard-adult (guided)"))
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
            #expect(try sandbox.preparations().isEmpty)
        }

        @Test("a training run in a terminal too small still says TRAINING; back to 80x24 the banners return")
        func tooSmallDuringTraining() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(["train", "--scenario", "weight-in-pounds"], sandbox: sandbox)
            defer { session.close() }
            try session.waitForTraining("> [ Begin preparation ]")
            try session.send("Enter")
            try session.waitForTraining("Step 2 of 8", "[154 lb      ]")
            try session.resize(width: 40, height: 10)
            let small = try session.waitFor { $0.contains("Terminal too small") }
            #expect(small.containsRow("TRAINING"), "\(small)")
            try session.resize(width: 80, height: 24)
            try session.waitForTraining("Step 2 of 8", "[154 lb      ]")
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }

        @Test("quiz water-volume-trap: answers marked, score 3 of 5, result files saved, no record")
        func quiz() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(["train", "--scenario", "water-volume-trap", "--mode", "quiz",
                                               "--results", sandbox.results.path], sandbox: sandbox)
            defer { session.close() }
            // The Start screen does not give away the water per vial that the quiz asks for.
            let start = try session.waitForTraining("> [ Begin preparation ]",
                                                    "Reconstitute with Sterile Water for Injection only, never sodium chloride.")
            #expect(!start.containsRow("10.2 mL") && !start.containsRow("5.1 mL"), "\(start.joined(separator: "\n"))")
            try session.send("Enter")
            try session.waitForTraining("Step 2 of 8", "Weight                [20          ]")
            try session.send("Enter")
            try session.waitForTraining("Step 3 of 8", "[20          ] units/kg")
            try session.send("Enter")
            // 400 units is one whole vial: no rounding offered (R4 v2), and no waste figure that
            // would hint at the vial counts asked.
            let doses = try session.waitForTraining("Step 4 of 8", "Dose to prepare: 400 units, the prescribed dose")
            #expect(!doses.contains { $0.firstMatch(of: #/waste \d/#) != nil }, "\(doses.joined(separator: "\n"))")
            try session.send("1", "Enter")

            // Reconstitute: the vial count, asked before the numbers are shown.
            let vialQuestion = try session.waitForTraining("Step 5 of 8", "QUIZ: answer before this step shows its numbers.",
                                                          "How many 400-unit vials do you need for 400 units")
            #expect(!vialQuestion.containsRow("Reconstitute 1 x 400-unit vial"))
            // Not a number: letters are refused as typed and hold the field (Enter does not
            // go on) until it is corrected; an empty answer is not scored.
            try session.type("ten")
            try session.waitForTraining("Only digits and one decimal separator")
            try session.send("Enter")
            try session.waitForTraining("! \"n\" was not taken", "Correct the entry")
            try session.send("BSpace", "Enter")
            try session.waitForTraining("! Answer: nothing was entered. Type a whole number of vials")
            try session.type("1")
            try session.send("Enter")
            let afterCount = try session.waitForTraining("RIGHT: 1 vial.", "How much Sterile Water for Injection goes into each 400-unit vial (mL)?")
            #expect(afterCount.containsRow("Step 5 of 8"))
            try session.type("10.2")
            try session.send("Enter")
            // After an answer the wizard stays on the step: the feedback, then the numbers.
            let afterWater = try session.waitForTraining("RIGHT: 10.2 mL.", "Reconstitute 1 x 400-unit vial", "Read the feedback, then go on.")
            #expect(afterWater.containsRow("Step 5 of 8"))
            for _ in 0..<3 { try session.send("Space", "Enter") }

            // Dilute: the trap.
            try session.waitForTraining("Step 6 of 8", "What volume do you withdraw in total from the reconstituted vials for")
            try session.type("10.2")
            try session.send("Enter")
            let trap = try session.waitForTraining("WRONG: you said 10.2 mL; the answer is 10 mL. That is the water added or the")
            #expect(trap.containsRow("How much 0.9% Sodium Chloride Injection do you add for a final volume of"))
            try session.type("90")
            try session.send("Enter")
            // The answer stays on its step: the feedback and the step's numbers are shown.
            let afterSodium = try session.waitForTraining("RIGHT: 90 mL.", "Read the feedback, then go on.")
            #expect(afterSodium.containsRow("Step 6 of 8"))
            #expect(afterSodium.containsRow("RIGHT: 90 mL. R7: final volume 100 mL - drug volume 10 mL = 90 mL."))
            // The step's confirmations (R13): one whole vial withdrawn, 10 mL typed back, the bag.
            try session.send("Enter")
            try session.waitForTraining("Step 6 of 8", "Count each vial as it is done")
            try session.send("Space", "Enter")
            try session.type("10")
            try session.send("Enter", "Space", "Enter", "Space", "Enter")

            // Administer: the pump rate.
            try session.waitForTraining("Step 7 of 8", "What pump rate infuses 100 mL over 120 min (mL/h)?")
            try session.type("40")
            try session.send("Enter")
            let afterRate = try session.waitForTraining("WRONG: you said 40 mL/h", "Read the feedback, then go on.")
            #expect(afterRate.containsRow("Step 7 of 8"))
            #expect(afterRate.containsRow("WRONG: you said 40 mL/h; the answer is 50 mL/h."))
            try confirmAdministration(session, rate: "50")

            // The summary with the score.
            let summary = try session.waitForTraining("Step 8 of 8", "> [ Confirm and finish ]")
            // The score lines come first; the last answers are still on screen above the plan.
            #expect(summary.containsRow("pump rate typed back: 50 mL/h, matches the plan"))
            try session.send("PageUp", "PageUp", "PageUp")
            try syncThroughHelp(session, step: "Summary")
            let scrolled = try session.screen()
            expectTrainingBanners(scrolled)
            #expect(scrolled.containsRow("Score: 3 of 5 right (60%)"))
            try session.send("Enter")

            let printed = try expectFinishedTrainingRun(session)
            #expect(printed.contains("TRAINING | Score: 3 of 5 right (60%)"))
            // Each answer in its unit, written as the expected value is.
            #expect(printed.contains("TRAINING |   right: vial-count-400: answered 1 vial, expected 1 vial"))
            #expect(printed.contains("TRAINING |   right: water-per-vial-400: answered 10.2 mL, expected 10.2 mL"))
            #expect(printed.contains("TRAINING |   WRONG: volume-to-withdraw: answered 10.2 mL, expected 10 mL"))
            #expect(printed.contains("TRAINING |   right: sodium-chloride: answered 90 mL, expected 90 mL"))
            #expect(printed.contains("TRAINING |   WRONG: pump-rate: answered 40 mL/h, expected 50 mL/h"))

            // The result files.
            let files = sandbox.files(in: sandbox.results)
            #expect(files.count == 2, "\(files)")
            let textName = try #require(files.first { $0.hasSuffix("-water-volume-trap.txt") })
            let jsonName = try #require(files.first { $0.hasSuffix("-water-volume-trap.json") })
            #expect(textName.hasPrefix("training-") && jsonName.hasPrefix("training-"))
            #expect(printed.last == "TRAINING | Results saved: \(sandbox.results.appendingPathComponent(textName).path), \(sandbox.results.appendingPathComponent(jsonName).path)")

            let text = try String(contentsOf: sandbox.results.appendingPathComponent(textName), encoding: .utf8)
            let textLines = text.split(separator: "\n").map(String.init)
            #expect(textLines.count > 10)
            for line in textLines { #expect(line.hasPrefix("TRAINING | "), "\(line)") }
            #expect(textLines.contains("TRAINING | Score: 3 of 5 right (60%)"))

            let data = try Data(contentsOf: sandbox.results.appendingPathComponent(jsonName))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(json["training"] as? Bool == true)
            #expect(json["scenario"] as? String == "water-volume-trap")
            #expect(json["mode"] as? String == "quiz")
            let date = try #require(json["date"] as? String)
            #expect(ISO8601DateFormatter().date(from: date) != nil, "date: \(date)")
            let answers = try #require(json["answers"] as? [[String: Any]])
            #expect(answers.map { $0["question"] as? String } ==
                    ["vial-count-400", "water-per-vial-400", "volume-to-withdraw", "sodium-chloride", "pump-rate"])
            #expect(answers.map { $0["typed"] as? String } == ["1", "10.2", "10.2", "90", "40"])
            #expect(answers.map { $0["right"] as? Bool } == [true, true, false, true, false])
            #expect(answers.map { ($0["expected"] as? NSNumber)?.doubleValue } == [1, 10.2, 10, 90, 50])
            let score = try #require(json["score"] as? [String: Any])
            #expect((score["right"] as? NSNumber)?.intValue == 3)
            #expect((score["questions"] as? NSNumber)?.intValue == 5)

            // Training never writes a preparation record.
            #expect(try sandbox.preparations().isEmpty, "a training run wrote a record")
            #expect(!FileManager.default.fileExists(atPath: sandbox.homeRecords.path), "a training run wrote a record in HOME")
        }
    }
}
