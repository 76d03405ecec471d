import Foundation
import TestSupport
import Testing

// Issue 11, rule book sections 7 and 8, through the real binary: the independent double
// check on the Summary step (passed, blocked by a mismatch then passed, refused for the
// preparer's own name, blind while the checker types), the bag label written under HOME,
// and what the record and `records report` keep of them; the same in --plain; and the
// double-check practice of `train --double-check`.

/// The text label of the reference walk (Jane Doe, MRN 123456, prepared by JS, checked by
/// B. Okafor), as BagLabel lays it out (12 lines of at most 40 characters, section 8's
/// order), with `<time>` for each instant and `<id>` for the preparation id.
let referenceLabelGolden = """
    Jane Doe, MRN 123456
    imiglucerase (Cerezyme) 4,200 units
    in 0.9% sodium chloride, total 150 mL
    (28 units/mL)
    IV over 120 min at 75 mL/h
    use a 0.2 micron in-line filter;
    no other medicines in the line
    Prepared <time> by JS; checked
    by B. Okafor
    Start by <time>
    (immediate use)
    ID <id>
    """

/// The label's lines with each instant ("2026-11-29 14:05") as `<time>` and `id` as `<id>`;
/// the instants taken out, in order.
func normalizedLabel(_ lines: [String], id: String) -> (text: String, instants: [String]) {
    var instants: [String] = []
    let text = lines.map { line in
        var line = line.replacingOccurrences(of: id, with: "<id>")
        while let match = line.firstMatch(of: #/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/#) {
            instants.append(String(match.0))
            line.replaceSubrange(match.range, with: "<time>")
        }
        return line
    }.joined(separator: "\n")
    return (text, instants)
}

/// The `check` entries of a record's JSON export, in order.
func checkEntries(_ entries: [[String: Any]]) -> [[String: Any]] {
    entries.filter { $0["kind"] as? String == "check" }
}

/// The payload of an entry as strings.
func payload(_ entry: [String: Any]?) -> [String: String] {
    entry?["payload"] as? [String: String] ?? [:]
}

/// The rows of the reference plan's comparison (section 7): each field with the plan's
/// value, in the order asked.
let referenceCheckRows: [(field: String, code: String, plan: String)] = [
    ("weight", "weight-kg", "70 kg"),
    ("dose per infusion", "dose-per-infusion-units", "4,200 units"),
    ("400-unit vials", "vials-400-unit", "10 x 400-unit vials"),
    ("200-unit vials", "vials-200-unit", "1 x 200-unit vial"),
    ("drug volume", "drug-volume-ml", "105 mL"),
    ("final volume", "final-volume-ml", "150 mL"),
    ("pump rate", "pump-rate-ml-per-h", "75 mL/h"),
]

/// A `check` entry of the reference plan: its outcome, the checker as its actor and in
/// the payload, the plan's value of every field, the checker's (the plan's but for
/// `wrong`, a field code and the value as recorded), the fields that did not match, the
/// instant it was recorded.
func expectReferenceCheck(_ entry: [String: Any]?, outcome: String, wrong: (code: String, value: String)? = nil,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    let values = payload(entry)
    #expect(entry?["actor"] as? String == referenceChecker, "actor: \(entry ?? [:])", sourceLocation: sourceLocation)
    #expect(values["outcome"] == outcome && values["checker"] == referenceChecker, "\(values)", sourceLocation: sourceLocation)
    #expect(values["mismatched"] == (wrong?.code ?? ""), "\(values)", sourceLocation: sourceLocation)
    for row in referenceCheckRows {
        #expect(values["plan_\(row.code)"] == row.plan, "\(row.code): \(values)", sourceLocation: sourceLocation)
        #expect(values["checker_\(row.code)"] == (row.code == wrong?.code ? wrong?.value : row.plan), "\(row.code): \(values)",
                sourceLocation: sourceLocation)
    }
    #expect((entry?["recorded_at"] as? String)?.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00/#) != nil,
            "the instant: \(entry ?? [:])", sourceLocation: sourceLocation)
}

/// The plan's figures that appear outside the fields the checker types into (their
/// "[...]" boxes blanked): none may, while the checker types (section 7, blind).
func planFiguresShown(_ screen: [String]) -> [String] {
    let figures: Set<String> = ["4,200", "4200", "105", "150", "75", "70", "45", "120", "28", "10.2", "10.6", "5.1", "5.3", "11"]
    return screen.flatMap { row in
        // Each number on the row (digits with their inner commas and points), boxes blanked.
        row.replacing(#/\[[^\]]*\]/#, with: "[]").matches(of: #/\d+(?:[.,]\d+)*/#)
            .map { String($0.0) }.filter(figures.contains).map { "\($0) in: \(row)" }
    }
}

/// The reference preparation from the start to the Summary step's review.
func walkReferenceToReview(_ session: TmuxSession) throws {
    try walkToVials(session)
    try enterReferenceLots(session)
    try reviewReferenceFromReconstitution(session)
}

extension TerminalEndToEndTests {
    @Suite("Double check and bag label (sections 7 and 8)")
    struct CheckAndLabel {
        @Test("a check that passes: the label written under HOME as shown on screen, the check and the label in the record")
        func checkPasses() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try walkReferenceToReview(session)
            let label = try checkAndLabel(session)
            #expect(label.screen.containsRow("Bag label (text): Label written to"))
            #expect(label.screen.contains { $0.hasPrefix(">   [ ] Label printed, checked against the bag and attached to it") })
            #expect(label.label.count == 12, "\(label.label)")
            try session.send("Enter")
            try expectRestored(try session.waitForExit(), status: 0, session)

            // The label file: under HOME, named by the preparation id, the lines shown boxed.
            let record = try exportedJSON(sandbox.records, sandbox: sandbox)
            let file = labelFile(sandbox, id: record.id)
            #expect(sandbox.files(in: sandbox.labels) == ["\(record.id).txt"])
            let text = try String(contentsOf: file, encoding: .utf8)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            #expect(lines == label.label, "the file:\n\(text)\nthe screen:\n\(label.label.joined(separator: "\n"))")
            #expect(lines.allSatisfy { $0.count <= 40 })
            // Its content: the golden text, the preparation's instant and start-by deadline.
            let normalized = normalizedLabel(lines, id: record.id)
            #expect(normalized.text == referenceLabelGolden, "label:\n\(normalized.text)")
            try #require(normalized.instants.count == 2, "\(normalized.instants)")
            let summary = outputSummary(record.entries)
            let printedAt = try #require(squeezed(summary).firstMatch(of: #/Label printed (\d{4}-\d{2}-\d{2} \d{2}:\d{2})/#)?.1)
            #expect(normalized.instants[0] == String(printedAt))
            let reconstituted = try #require(summary.joined(separator: "\n").firstMatch(of: #/first reconstitution (\d{4}-\d{2}-\d{2} \d{2}:\d{2})/#)?.1)
            #expect(normalized.instants[1] == utcText(try #require(utcDate(String(reconstituted))).addingTimeInterval(4 * 3600)))

            // The record: one passed check by the checker, the label printed, then the outcome.
            let checks = checkEntries(record.entries)
            try #require(checks.count == 1, "\(checks)")
            expectReferenceCheck(checks.first, outcome: "passed")
            let labels = record.entries.filter { payload($0)["step"] == "Label" }
            try #require(labels.count == 1, "\(labels)")
            let printed = payload(labels.first)
            #expect(labels.first?["kind"] as? String == "entry" && labels.first?["actor"] as? String == "JS")
            #expect(printed["event"] == "label-printed" && printed["format"] == "text" && printed["reprint"] == "no", "\(printed)")
            #expect(printed["destination"] == "file \(file.path)", "\(printed)")
            let kinds = record.entries.compactMap { $0["kind"] as? String }
            let checkAt = try #require(kinds.firstIndex(of: "check"))
            let labelAt = try #require(record.entries.firstIndex { payload($0)["step"] == "Label" })
            #expect(checkAt < labelAt && kinds.last == "outcome", "\(kinds)")
            #expect(payload(record.entries.last)["outcome"] == "finished")
            expectCheckAndLabelRows(summary, id: record.id)
        }

        @Test("one wrong value (75 kg for 70) blocks: DOES NOT MATCH, no label, the mismatch recorded; checked again it passes")
        func mismatchBlocksThenPasses() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try checkReferenceWithWrongValue(session, at: 0, typed: "75")
            let compared = try session.waitFor("Double check (section 7): compared", "> [ Check again (the checker types every value again) ]")
            // Side by side, after the last value: the weight does not match, the rest does.
            let weight = try #require(session.row(containing: "DOES NOT MATCH", in: compared))
            #expect(weight.wholeMatch(of: #/ *weight +70 kg +75 kg +DOES NOT MATCH/#) != nil, "\(weight)")
            #expect(compared.filter { $0.contains("DOES NOT MATCH") }.count == 1)
            for row in referenceCheckRows.dropFirst() {
                #expect(compared.contains { $0.contains(row.field) && $0.contains(row.plan) && $0.hasSuffix("matches") }, "\(row.field)")
            }
            #expect(compared.containsRow("[ Go back to the Patient step to correct (the check then starts again) ]"))
            #expect(!compared.containsRow("Print the label") && !compared.containsRow("Confirm and finish"))
            #expect(squeezed(compared).contains("Double check NOT passed: 1 of 7 values does not match (weight)."))
            // Blocked: no label, and the mismatch is already in the record, with both values.
            #expect(sandbox.files(in: sandbox.labels).isEmpty, "a label after a mismatch")
            let blocked = try exportedJSON(sandbox.records, sandbox: sandbox)
            try #require(checkEntries(blocked.entries).count == 1)
            expectReferenceCheck(checkEntries(blocked.entries).first, outcome: "mismatch", wrong: ("weight-kg", "75 kg"))
            #expect(!blocked.entries.contains { payload($0)["step"] == "Label" })

            // Check again: the checker's name is kept, every value is typed again.
            try session.send("Enter")
            try session.waitFor("Double check (section 7): for the checker", "> Checker               [B. Okafor ",
                                "  Weight                [            ] kg")
            try session.send("Enter")
            try session.waitFor("> Weight  ")
            try typeCheckValues(session, referenceCheckValues)
            let passed = try session.waitFor("> [ Print the label ]")
            #expect(squeezed(passed).contains("Double check passed: every value matches (checked by B. Okafor)."))
            let label = try printAndAttachLabel(session)
            #expect(label.label.count == 12)
            try session.send("Enter")
            try expectRestored(try session.waitForExit(), status: 0, session)

            let record = try exportedJSON(sandbox.records, sandbox: sandbox)
            let checks = checkEntries(record.entries)
            try #require(checks.count == 2, "\(checks)")
            expectReferenceCheck(checks[0], outcome: "mismatch", wrong: ("weight-kg", "75 kg"))
            expectReferenceCheck(checks[1], outcome: "passed")
            #expect(payload(record.entries.last)["outcome"] == "finished")
            #expect(sandbox.files(in: sandbox.labels) == ["\(record.id).txt"])
            try expectReportCounts(sandbox, id: record.id)
        }

        /// Section 7: a mismatch offers to go back to the step that holds the value; the
        /// check then starts afresh (nothing the first checker typed is kept).
        @Test("a wrong pump rate: Go back to the Administer step, Enter back to the review, a fresh check passes")
        func goBackToCorrect() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try checkReferenceWithWrongValue(session, at: 6, typed: "57")
            let compared = try session.waitFor("> [ Check again (the checker types every value again) ]",
                                               "  [ Go back to the Administer step to correct (the check then starts again) ]")
            let rate = try #require(session.row(containing: "DOES NOT MATCH", in: compared))
            #expect(rate.wholeMatch(of: #/ *pump rate +75 mL\/h +57 mL\/h +DOES NOT MATCH/#) != nil, "\(rate)")
            try session.send("Down")
            try session.waitFor("> [ Go back to the Administer step to correct (the check then starts again) ]")
            try session.send("Enter")
            let administration = try session.waitFor("Step 7 of 8", "Rate on the pump      [75          ] mL/h  matches the plan")
            #expect(squeezed(administration).contains("Correct the entry here, then go on: the double check then starts again."))
            // Nothing to correct here (the pump says 75 mL/h): Enter goes on to the review,
            // which asks for a new check, not the label.
            try session.send("Enter")
            let review = try waitForHandOver(session)
            #expect(!review.containsRow("Print the label") && !review.containsRow("Checked     by"))
            let fresh = try handOverToChecker(session)
            #expect(fresh.containsRow("> Checker               [                              ] name or initials"), "the check starts afresh")
            #expect(fresh.containsRow("  Pump rate             [            ] mL/h"))
            try typeCheck(session)
            try printAndAttachLabel(session)
            try session.send("Enter")
            try expectRestored(try session.waitForExit(), status: 0, session)
            let record = try exportedJSON(sandbox.records, sandbox: sandbox)
            let checks = checkEntries(record.entries)
            try #require(checks.count == 2, "\(checks)")
            expectReferenceCheck(checks[0], outcome: "mismatch", wrong: ("pump-rate-ml-per-h", "57 mL/h"))
            expectReferenceCheck(checks[1], outcome: "passed")
            #expect(payload(record.entries.last)["outcome"] == "finished")
        }

        @Test("a checker who types the preparer's name (any case) is refused and cannot go on")
        func preparerCannotCheck() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try walkReferenceToReview(session)
            try handOverToChecker(session)
            try session.type("js")
            try session.send("Enter")
            let refusal = "The checker must be a second person: this is the preparer's name (section 7)."
            let refused = try session.waitFor("the refusal") { squeezed($0).contains(refusal) }
            #expect(refused.contains { $0.hasPrefix("> Checker               [js ") }, "the focus stays on the name")
            // Every value typed anyway (Tab to the weight): no comparison, the focus back on
            // the name, still refused.
            try session.send("Tab")
            try session.waitFor("> Weight  ")
            try typeCheckValues(session, referenceCheckValues)
            // The last Enter handled: the focus back on the name, the rate kept.
            let still = try session.waitFor("  Pump rate             [75          ] mL/h", "> Checker               [js ")
            #expect(squeezed(still).contains(refusal), "\(still.joined(separator: "\n"))")
            #expect(still.containsRow("Double check (section 7): for the checker"))
            #expect(!still.containsRow("Double check (section 7): compared") && !still.containsRow("DOES NOT MATCH"))
            #expect(!still.containsRow("Print the label") && !still.containsRow("Confirm and finish"))
            #expect(checkEntries(try exportedJSON(sandbox.records, sandbox: sandbox).entries).isEmpty, "no comparison recorded")
            #expect(sandbox.files(in: sandbox.labels).isEmpty)
            // Esc stops the check: back to the review, still only "Hand over to the checker".
            try session.send("Escape")
            try waitForHandOver(session)
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
            let record = try exportedJSON(sandbox.records, sandbox: sandbox)
            #expect(checkEntries(record.entries).map { payload($0)["outcome"] } == ["abandoned"])
            #expect(!record.entries.contains { payload($0)["step"] == "Label" })
        }

        @Test("while the checker types, the screen shows none of the plan's figures")
        func checkerIsBlind() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try walkReferenceToReview(session)
            // The review shows the plan (the figures this test looks for are there).
            let review = try session.screen()
            #expect(!planFiguresShown(review).isEmpty, "the test's figures are not the plan's")
            var screens = [try handOverToChecker(session)]
            try session.type(referenceChecker)
            try session.send("Enter")
            screens.append(try session.waitFor("> Weight  "))
            // Each value typed: the screen after it, before the last Enter (the comparison).
            let boxes = ["Weight  ", "Dose per infusion  ", "400-unit vials  ", "200-unit vials  ", "Drug volume  ",
                         "Final volume  ", "Pump rate  "]
            for (index, value) in referenceCheckValues.enumerated() {
                try session.type(value)
                let typed = "[\(value)" + String(repeating: " ", count: 12 - value.count) + "]"
                screens.append(try session.waitFor("\(value) typed") { $0.contains { $0.hasPrefix("> " + boxes[index]) && $0.contains(typed) } })
                if index < referenceCheckValues.count - 1 { try session.send("Enter") }
            }
            // PgUp and PgDn reveal nothing either.
            try session.send("PPage")
            try syncThroughHelp(session, step: "Summary")
            screens.append(try session.screen())
            for screen in screens {
                #expect(planFiguresShown(screen).isEmpty, "\(planFiguresShown(screen))\n\(screen.joined(separator: "\n"))")
                #expect(!screen.containsRow("Jane Doe") && !screen.containsRow("A1234") && !screen.containsRow("Done  "),
                        "\(screen.joined(separator: "\n"))")
            }
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }
    }
}

/// The record's summary (its outcome entry's), as lines.
func outputSummary(_ entries: [[String: Any]]) -> [String] {
    (payload(entries.last)["summary"] ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// `records report` after one mismatch then one pass of the reference preparation `id`:
/// two checks counted, the mismatch listed with the preparation, the checker, the field
/// and both values.
func expectReportCounts(_ sandbox: Sandbox, id: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let report = try runInfusionPrep(["records", "report", "--records", sandbox.records.path], sandbox: sandbox)
    #expect(report.status == 0, "\(report.standardError)", sourceLocation: sourceLocation)
    let lines = report.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.contains("Double checks     2: 1 passed, 1 mismatched, 0 abandoned"), "\(report.standardOutput)", sourceLocation: sourceLocation)
    #expect(lines.contains("Double-check mismatches 1"), "\(report.standardOutput)", sourceLocation: sourceLocation)
    let mismatch = lines.first { $0.contains(id) } ?? ""
    #expect(mismatch.contains("checked by \(referenceChecker): weight-kg (plan 70 kg, checker 75 kg)"), "\(report.standardOutput)",
            sourceLocation: sourceLocation)
    #expect(mismatch.firstMatch(of: #/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/#) != nil, "the instant: \(mismatch)", sourceLocation: sourceLocation)
}

@Suite("Double check and bag label without a terminal (binary)", .serialized)
struct CheckAndLabelPlainEndToEndTests {
    @Test("--plain: one wrong value blocks with DOES NOT MATCH, no label; Check again passes; records report counts 1 mismatch, 1 pass")
    func plainMismatchThenPass() throws {
        let sandbox = try Sandbox()
        var wrong = referenceCheckValues
        wrong[0] = "75"
        let script = plainScript(plainReferenceAnswersToReview + plainCheckAndLabelAnswers(mismatched: wrong))
        let run = try runInfusionPrep(["--plain"], input: script, sandbox: sandbox)
        #expect(run.status == 0, "\(run.standardError)\n\(run.standardOutput.suffix(3000))")
        let output = outputLines(run)
        // The comparison after the last value, then the numbered question.
        let weight = try #require(output.first { $0.contains("DOES NOT MATCH") })
        #expect(weight.wholeMatch(of: #/weight +70 kg +75 kg +DOES NOT MATCH/#) != nil, "\(weight)")
        #expect(output.filter { $0.contains("DOES NOT MATCH") }.count == 1)
        let question = try #require(output.firstIndex(of: "What next? one of:"))
        #expect(Array(output[(question + 1)...].prefix(2)) == [
            "  1) Check again (the checker types every value again)",
            "  2) Go back to the Patient step to correct (the check then starts again)",
        ])
        #expect(output[question + 3].hasPrefix("What next: answer a number from 1 to 2:"))
        // Nothing about a label before the check passed.
        let passedAt = try #require(output.firstIndex { $0.hasPrefix("Double check passed: every value matches (checked by B. Okafor).") })
        #expect(passedAt > question)
        #expect(!output[..<passedAt].contains { $0.hasPrefix("Label line") || $0.contains("Label written") || $0.hasPrefix("Print the label") })
        #expect(!output.contains { $0.hasPrefix("Error: ") }, "\(output.filter { $0.hasPrefix("Error: ") })")

        let record = try exportedJSON(sandbox.records, sandbox: sandbox)
        let checks = checkEntries(record.entries)
        try #require(checks.count == 2, "\(checks)")
        expectReferenceCheck(checks[0], outcome: "mismatch", wrong: ("weight-kg", "75 kg"))
        expectReferenceCheck(checks[1], outcome: "passed")
        #expect(payload(record.entries.last)["outcome"] == "finished")
        #expect(sandbox.files(in: sandbox.labels) == ["\(record.id).txt"])
        // The label read line by line, as written to the file.
        let file = try String(contentsOf: labelFile(sandbox, id: record.id), encoding: .utf8)
        let read = output.compactMap { $0.firstMatch(of: #/^Label line \d+: "(.*)"$/#).map { String($0.1) } }
        #expect(read == file.split(separator: "\n").map(String.init), "\(read)\n\(file)")
        expectCheckAndLabelRows(printedPlan(output), id: record.id)
        try expectReportCounts(sandbox, id: record.id)
    }

    /// The double-check practice: the trainee is the checker of a shipped scenario's
    /// preparation, scored field by field; nothing is recorded.
    @Test("train --scenario standard-adult --double-check with piped answers: scored, exit 0; end of input exits 1", arguments: [
        (["70", "4200", "10", "1", "105", "150", "75"], "Score: 7 of 7: the check would pass.", nil as String?),
        (["75", "4200", "10", "1", "105", "150", "75"], "Score: 6 of 7: the check would block;",
         "TRAINING | WRONG  weight: you typed 75 kg; the plan has 70 kg (R1: the weight in" as String?),
    ])
    func doubleCheckPractice(values: [String], score: String, wrong: String?) throws {
        let sandbox = try Sandbox()
        let arguments = ["train", "--scenario", "standard-adult", "--double-check"]
        let run = try runInfusionPrep(arguments, input: plainScript([referenceChecker] + values), sandbox: sandbox)
        #expect(run.status == 0, "\(run.standardError)\n\(run.standardOutput)")
        let output = outputLines(run).filter { !$0.isEmpty }
        #expect(output.first == "TRAINING | Double-check practice: Standard adult dose")
        #expect(output.allSatisfy { $0.hasPrefix("TRAINING | ") }, "every line marked TRAINING")
        // The source, never the plan's results, before the answers.
        let asked = try #require(output.firstIndex { $0.contains("Your name or initials (you are the checker") })
        #expect(output[..<asked].contains("TRAINING | Weight on the source: 70 kg"))
        #expect(!output[..<asked].contains { $0.contains("4,200") || $0.contains("105 mL") || $0.contains("75 mL/h") })
        #expect(output.contains { $0.hasPrefix("TRAINING | " + score) }, "\(output.suffix(12))")
        let marks = output.filter { $0.hasPrefix("TRAINING | right  ") || $0.hasPrefix("TRAINING | WRONG  ") }
        #expect(marks.count == 7, "\(marks)")
        if let wrong {
            #expect(marks.filter { $0.hasPrefix("TRAINING | WRONG  ") } == [wrong])
        } else {
            #expect(marks.allSatisfy { $0.hasPrefix("TRAINING | right  ") })
        }
        #expect(try sandbox.preparations().isEmpty, "the practice wrote a record")
        #expect(sandbox.files(in: sandbox.labels).isEmpty && sandbox.files(in: sandbox.results).isEmpty, "nothing is recorded")
        // The practice saves nothing: --results is refused rather than ignored.
        let withResults = try runInfusionPrep(arguments + ["--results", sandbox.results.path], input: "", sandbox: sandbox)
        #expect(withResults.status == 2)
        #expect(withResults.standardError.contains("--double-check saves no results"))
    }

    @Test("train --double-check: the answers ending before the last value exits 1, nothing scored")
    func doubleCheckPracticeEndOfInput() throws {
        let sandbox = try Sandbox()
        let run = try runInfusionPrep(["train", "--scenario", "standard-adult", "--double-check"],
                                      input: plainScript([referenceChecker, "70", "4200"]), sandbox: sandbox)
        #expect(run.status == 1, "\(run.standardError)\n\(run.standardOutput.suffix(1000))")
        #expect(!run.standardOutput.contains("Score:"))
        #expect(outputLines(run).contains("TRAINING | Input ended before the practice was finished."), "\(run.standardOutput.suffix(300))")
    }
}
