import Foundation
import TestSupport
import Testing

/// The plain answers of the Start step and the patient's identifiers (rule book section 6):
/// the preparer JS, Begin; Jane Doe, MRN 123456, no date of birth, no order reference.
let plainIdentityAnswers = ["JS", "", "Jane Doe", "123456", "", ""]

/// The plain answers for the lots of the reference preparation's vials (section 6): lot
/// A1234 expiring 2027-03 for the 400-unit vials, B5678 expiring 2027-05 for the 200-unit.
let plainReferenceLots = ["A1234", "2027-03", "B5678", "2027-05"]

/// The answers, one a line, that walk the plain front end through the reference
/// preparation. Every control of a step is asked in turn, optional ones too; an empty
/// answer keeps what is shown. The preparer, Begin; the patient's name and MRN, no date of
/// birth, no order reference, 70 kg measured today, at least 2 years, not a first infusion,
/// no history; every 2 weeks, units/kg as shown, 60 units/kg; both vial strengths as shown
/// (4,200 units is whole vials: no dose list), each strength's lot and expiry; the time as
/// shown, 10 vials reconstituted, swirled, inspected, 1 vial, swirled, inspected (R13); 10
/// and 1 withdrawn, 105 mL typed back, the final volume as shown, sodium chloride added, bag
/// mixed, the time as shown; the duration as shown, no other minutes, set and filter primed,
/// 75 mL/h typed back; the Summary step: hand over, the double check passed, the label
/// printed and ticked, Confirm (sections 7 and 8, `plainReferenceCheckAndLabel`).
let plainReferenceScript = plainScript(plainReferenceAnswersToReview + plainReferenceCheckAndLabel)

/// `plainReferenceScript`'s answers up to the Summary step's review (the pump rate typed
/// back is the last).
let plainReferenceAnswersToReview = plainIdentityAnswers + [
    "70", "1", "y", "n", "n", "n",
    "4", "", "60",
    "", "",
] + plainReferenceLots + [
    "", "10", "y", "y", "1", "y", "y",
    "10", "1", "105", "", "y", "y", "",
    "", "", "y", "75",
]

/// The rows the record adds under the plan's title (rule book section 6): who and which
/// patient, the order, where the weight comes from, the vial lots. `plan` prints none.
let sectionSixLabels: Set<String> = ["Patient ID", "Order ref", "Weighed", "Preparer", "Vial lots"]

/// "2026-11-29 14:05" read in UTC (the tests run the program with TZ=UTC).
func utcDate(_ text: String) -> Date? {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.date(from: text)
}

/// A date as people read it in the program (UTC): "2026-11-29 14:05", or only "14:05".
func utcText(_ date: Date, format: String = "yyyy-MM-dd HH:mm") -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = format
    return formatter.string(from: date)
}

/// Answers as standard input: one a line.
func plainScript(_ answers: [String]) -> String { answers.joined(separator: "\n") + "\n" }

/// Standard output as lines.
func outputLines(_ result: ProcessResult) -> [String] {
    result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// Lines as one text, every run of spaces and line breaks one space: a plan printed with
/// its long rows wrapped compares equal to the same plan unwrapped.
func squeezed(_ lines: [String]) -> String {
    lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
}

/// The one preparation in a records database: its `records list` row, its id, and the plan
/// `records export ID` gives (after its "Preparation <id>, recorded <instant>" line).
func onlyPreparation(in database: URL, sandbox: Sandbox,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> (row: String, id: String, plan: [String]) {
    let rows = try sandbox.preparations(in: database, sourceLocation: sourceLocation)
    try #require(rows.count == 1, "preparations: \(rows)", sourceLocation: sourceLocation)
    let id = String(rows[0].prefix { $0 != " " })
    let export = try sandbox.exportedRecord(id, in: database)
    #expect(export.status == 0, "\(export.standardError)", sourceLocation: sourceLocation)
    let lines = export.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.first?.wholeMatch(of: #/Preparation [0-9a-f-]{36}, recorded \d{4}-\d{2}-\d{2} \d{2}:\d{2}/#) != nil,
            "first line: \(lines.first ?? "")", sourceLocation: sourceLocation)
    var plan = Array(lines.dropFirst())
    while plan.last == "" { plan.removeLast() }
    return (rows[0], id, plan)
}

@Suite("End to end without a terminal (plain front end)", .serialized)
struct PlainEndToEndTests {
    /// The plan that `infusion-prep plan` prints for the same order.
    func planCommandLines(_ sandbox: Sandbox) throws -> [String] {
        let plan = try runInfusionPrep(["plan", "--weight", "70", "--dose", "60", "--frequency", "every-2-weeks"],
                                       sandbox: sandbox)
        #expect(plan.status == 0, "plan: \(plan.standardError)")
        return plan.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { !$0.isEmpty }
    }

    @Test("--plain with scripted answers ends with the rows `plan` prints (Times in place of Storage)")
    func plainMatchesPlan() throws {
        let sandbox = try Sandbox()
        let result = try runInfusionPrep(["--plain"], input: plainReferenceScript, sandbox: sandbox,
                                         environment: ["TERM": "xterm-256color"])
        #expect(result.status == 0, "stderr: \(result.standardError)\nstdout: \(result.standardOutput)")
        let output = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(output.first == "InfusionPrep: imiglucerase (Cerezyme) preparation, plain mode.")
        #expect(!result.standardOutput.contains("\u{1B}"), "escape sequences in plain output")

        // The transcript ends with the summary.
        var summary = printedPlan(output)
        while summary.last == "" { summary.removeLast() }
        try #require(!summary.isEmpty, "no summary in:\n\(result.standardOutput)")
        #expect(output.reversed().drop { $0.isEmpty }.first == summary.last, "the summary is last")

        let wizardRows = planRows(summary)
        let planRowsPrinted = planRows(try planCommandLines(sandbox))
        // Times (the wizard's dated times) replace the storage sentences, and the record adds
        // what was done (R13); the rest is shared.
        #expect(wizardRows.map(\.label).contains("Times"))
        // Sections 7 and 8 end it: the check and the label, after what was done.
        #expect(Array(wizardRows.map(\.label).suffix(3)) == ["Done", "Checked", "Label"])
        #expect(!wizardRows.map(\.label).contains("Storage"))
        #expect(planRowsPrinted.map(\.label).contains("Storage"))
        // Section 6: who, for whom, from which lots, right under the title.
        expectReferenceRecordRows(summary)
        let shared = wizardRows.filter { !["Times", "Done", "Checked", "Label"].contains($0.label) && !sectionSixLabels.contains($0.label) }
        let expected = planRowsPrinted.filter { $0.label != "Storage" }
        #expect(shared.map(\.label) == expected.map(\.label))
        #expect(shared.map(\.lines) == expected.map(\.lines))
        for figure in ["4,200 units", "105 mL", "45 mL", "75 mL/h"] {
            #expect(summary.joined(separator: "\n").contains(figure))
        }
        // Times (R9, section 5): dated, the deadline the earliest limit with its source.
        let times = try #require(wizardRows.first { $0.label == "Times" })
        try #require(times.lines.count == 10, "\(times.lines)")
        let reconstituted = try #require(times.lines[0].wholeMatch(of: #/Times       first reconstitution (\d{4}-\d{2}-\d{2} \d{2}:\d{2})/#)?.1)
        #expect(times.lines[1].wholeMatch(of: #/            diluted \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(\d+ min after reconstitution\)/#) != nil, "\(times.lines[1])")
        let start = try #require(utcDate(String(reconstituted))).addingTimeInterval(4 * 3600)
        // The plan's long rows wrap at 80 columns, continued under their text.
        #expect(times.lines[2] == "            Start the infusion by \(utcText(start)): immediate use at the")
        #expect(times.lines[3] == "              bench: start within 4 hours of the first reconstitution")
        #expect(!summary.joined(separator: "\n").contains("the next day"))
        // Done (R13): every confirmation with its instant.
        let done = try #require(wizardRows.first { $0.label == "Done" })
        // Fourteen confirmations, each dated; a long one wraps under its text. The last is
        // the label's (R13, section 8).
        let dated = done.lines.filter { $0.dropFirst(12).firstMatch(of: #/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}  /#) != nil }
        #expect(dated.count == 14, "\(done.lines)")
        #expect(done.lines.allSatisfy { dated.contains($0) || ($0.hasPrefix("            ") && $0.count <= 80) }, "\(done.lines)")
        #expect(done.lines.dropLast().last?.hasSuffix("pump rate typed back: 75 mL/h, matches the plan") == true)
        #expect(done.lines.last?.hasSuffix("label printed and attached to the bag") == true)

        // A real preparation: the record is saved in the database $INFUSION_PREP_RECORDS names,
        // the same plan as printed.
        let record = try onlyPreparation(in: sandbox.records, sandbox: sandbox)
        expectFinishedReferenceRow(record.row)
        #expect(squeezed(record.plan) == squeezed(summary))
        expectCheckAndLabelRows(summary, id: record.id)
        #expect(result.standardError.contains("Record saved: preparation \(record.id) in \(sandbox.records.path)\n"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.homeRecords.path))
    }

    @Test("standard input not a terminal, no --plain: the plain front end runs")
    func notATerminal() throws {
        let sandbox = try Sandbox()
        let result = try runInfusionPrep([], input: plainReferenceScript, sandbox: sandbox,
                                         environment: ["TERM": "xterm-256color"])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.standardOutput.hasPrefix("InfusionPrep: imiglucerase (Cerezyme) preparation, plain mode.\n"))
        #expect(result.standardOutput.contains("== Step 1 of 8: Start =="))
        #expect(result.standardOutput.contains("== Step 8 of 8: Summary =="))
        #expect(!result.standardOutput.contains("\u{1B}"), "escape sequences without a terminal")
        #expect(result.standardOutput.contains("Drug volume 105 mL (4,200 units at 40 units/mL)"))
        #expect(try sandbox.preparations().count == 1)
    }

    @Test("a second preparation in the same database is a second record; the first is unchanged")
    func secondPreparation() throws {
        let sandbox = try Sandbox()
        let first = try runInfusionPrep(["--plain"], input: plainReferenceScript, sandbox: sandbox)
        #expect(first.status == 0, "\(first.standardError)")
        let before = try onlyPreparation(in: sandbox.records, sandbox: sandbox)
        let second = try runInfusionPrep(["--plain"], input: plainReferenceScript, sandbox: sandbox)
        #expect(second.status == 0, "\(second.standardError)")
        let rows = try sandbox.preparations()
        #expect(rows.count == 2, "\(rows)")
        #expect(rows.first == before.row, "the first record's row changed")
        let ids = rows.map { String($0.prefix { $0 != " " }) }
        #expect(Set(ids).count == 2)
        #expect(second.standardError.contains("Record saved: preparation \(ids[1]) in "), "\(second.standardError)")
        let firstAgain = try sandbox.exportedRecord(before.id)
        #expect(firstAgain.standardOutput.split(separator: "\n").dropFirst().map(String.init) == before.plan)
        let verify = try runInfusionPrep(["records", "verify", "--records", sandbox.records.path], sandbox: sandbox)
        #expect(verify.status == 0, "\(verify.standardError)")
    }

    /// Exit status 4: a records database that cannot be used is refused before anything is
    /// asked, so no preparation goes ahead without its record.
    @Test("a records database that cannot be used: exit 4 at start, nothing asked, one error line naming it")
    func recordCannotBeSaved() throws {
        let sandbox = try Sandbox()
        // A path that cannot be made (under /proc), and a file that is not a database.
        let file = sandbox.root.appendingPathComponent("not-a-database")
        try "a file\n".write(to: file, atomically: true, encoding: .utf8)
        for (path, message) in [("/proc/nope", "The records database /proc/nope cannot be created: No such file or directory."),
                                (file.path, "The records database \(file.path) cannot be opened: the file is not an SQLite database (is it the right path?).")] {
            let result = try runInfusionPrep(["--plain", "--records", path], input: plainReferenceScript, sandbox: sandbox)
            #expect(result.status == 4, "--records \(path): \(result.standardError)")
            #expect(result.standardError == "error: \(message)\n", "\(result.standardError)")
            #expect(!result.standardOutput.contains("Weight"), "something was asked: \(result.standardOutput)")
            #expect(!result.standardError.contains("Record saved"))
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "a file\n")
        // Not saved anywhere else instead.
        #expect(!FileManager.default.fileExists(atPath: sandbox.records.path))
        #expect(!FileManager.default.fileExists(atPath: sandbox.homeRecords.path))
    }

    @Test("a scripted nurse ticks 400-unit vials only and enters a flat dose: the plan uses 400-unit vials only")
    func fourHundredOnlyFlatDose() throws {
        let sandbox = try Sandbox()
        let script = plainScript(plainIdentityAnswers + [
            "70", "1", "y", "n", "n", "n",
            "9", "4",              // 9 is refused and the frequency asked again
            "2",                   // total units per infusion (flat dose)
            "4,200", "4200",       // a thousands separator is refused and the dose asked again
            "y", "n",              // 400-unit vials on hand, 200-unit vials not
            "1",                   // the exact dose (200 units of waste: rounding offered)
            "A1234", "2027-03",    // the lot and expiry of the one strength used
            "", "11", "y", "y",    // the time as shown; one strength: 11 vials, swirled, inspected
            "10", "y", "105",      // 10 whole withdrawals, the partial one, the total typed back
            "", "y", "y", "",      // the final volume, sodium chloride, bag mixed, the time
            "", "", "y", "75",     // the duration, no other minutes, primed, the rate typed back
        ] + plainCheckAndLabelAnswers(values: ["70", "4200", "11", "105", "150", "75"]))  // one strength on hand: one vial count
        let result = try runInfusionPrep(["--plain"], input: script, sandbox: sandbox)
        #expect(result.status == 0, "stderr: \(result.standardError)\nstdout: \(result.standardOutput)")
        let output = outputLines(result)
        // Refused answers are asked again, with the reason.
        let text = squeezed(output)
        #expect(output.contains("Error: \"9\" is not one of the options: answer the number of an option, 1 to 5."), "\(result.standardOutput)")
        #expect(text.contains("Error: Total dose: \"4,200\" has a separator; type whole units with no thousands separator. Enter the dose per infusion in whole units with no separators, for example 4200."))
        #expect(output.filter { $0.hasPrefix("Frequency: answer a number from 1 to 5") }.count >= 2)
        #expect(text.contains("Dose per infusion in units, whole units, more than 0, for example 4200: "))
        #expect(output.contains("Per infusion      4,200 units (flat dose; 60 units/kg at 70 kg)"))
        // Each vial strength is asked, as shown.
        #expect(output.contains("Vials on hand: 400-unit vials? Answer y or n; now yes: "))
        #expect(text.contains("Vials on hand: 200-unit vials (discontinued in the US and EU)? Answer y or n; now yes: "))
        #expect(output.contains("  1) 4,200 units  exact dose                        waste 200 units"), "\(result.standardOutput)")
        #expect(output.contains("  400-unit     11      10.2 mL      10.6 mL"))
        #expect(output.contains("Reconstitute 11 x 400-unit vials"))

        var summary = printedPlan(output)
        while summary.last == "" { summary.removeLast() }
        try #require(!summary.isEmpty, "no summary in:\n\(result.standardOutput)")
        #expect(summary.contains("Order       4,200 units every 2 weeks (60 units/kg): 4,200 units per infusion"))
        #expect(summary.contains("Vials       11 x 400-unit = 4,400 units; waste 200 units"))
        #expect(summary.contains("            5 mL (200 units) from 1 x 400-unit vial (partial: discard the rest)"))
        #expect(!summary.joined(separator: "\n").contains("200-unit"), "no 200-unit vial in:\n\(summary.joined(separator: "\n"))")
        #expect(summary.contains("Findings    none"))

        // The same plan as `plan --total-dose 4200 --vials 400`, Times in place of Storage.
        let plan = try runInfusionPrep(["plan", "--weight", "70", "--total-dose", "4200", "--frequency", "every-2-weeks",
                                        "--vials", "400"], sandbox: sandbox)
        #expect(plan.status == 0, "plan: \(plan.standardError)")
        let expected = planRows(plan.standardOutput.split(separator: "\n").map(String.init)).filter { $0.label != "Storage" }
        let shared = planRows(summary).filter { !["Times", "Done", "Checked", "Label"].contains($0.label) && !sectionSixLabels.contains($0.label) }
        #expect(summary.contains { $0.hasPrefix("Vial lots   400-unit") && $0.contains("A1234") && $0.contains("2027-03-31") }, "\(summary)")
        #expect(shared.map(\.label) == expected.map(\.label))
        #expect(shared.map(\.lines) == expected.map(\.lines))

        let record = try onlyPreparation(in: sandbox.records, sandbox: sandbox)
        #expect(squeezed(record.plan) == squeezed(summary))
        expectCheckAndLabelRows(summary, id: record.id)
    }

    /// Section 5 and R9 on the entered times, with the real clock (TZ=UTC): the times typed
    /// are worked out from the clock when the test runs, and the deadlines read back.
    @Test("a first reconstitution more than 4 hours ago is a STOP on Reconstitute (the start limit has passed); a dilution before the reconstitution is refused and asked again")
    func dilutionDeadlines() throws {
        let sandbox = try Sandbox()
        let now = Date()
        let toReconstitution = plainIdentityAnswers + ["70", "1", "y", "n", "n", "n", "4", "", "60", "", ""] + plainReferenceLots
        let reconstitute = ["10", "y", "y", "1", "y", "y"]
        let dilute = ["10", "1", "105", "", "y", "y"]

        // Reconstituted 5 hours ago: the infusion had to start 1 hour ago (immediate use at
        // the bench), so nothing prepared from these vials may go on.
        let early = now.addingTimeInterval(-5 * 3600)
        let stopped = try runInfusionPrep(["--plain"], input: plainScript(toReconstitution + [utcText(early, format: "HH:mm")] + reconstitute),
                                          sandbox: sandbox, environment: ["TZ": "UTC"])
        #expect(stopped.status == 1, "\(stopped.standardError)")
        let deadline = utcText(try #require(utcDate(utcText(early))).addingTimeInterval(4 * 3600))
        let stopText = squeezed(outputLines(stopped))
        #expect(stopText.contains("Error: STOP: A start at "), "\(stopped.standardOutput)")
        #expect(stopText.contains("is after the deadline to start the infusion, \(deadline) (immediate use at the bench: start within 4 hours of the first reconstitution). Do not start this bag; ask the pharmacist."), "\(stopped.standardOutput)")
        #expect(stopText.contains("Dilute and start the infusion by \(deadline) (immediate use at the bench: start within 4 hours of the first reconstitution)"))
        #expect(!stopped.standardOutput.contains("== Step 6 of 8"), "went on past the stop")
        #expect(outputLines(stopped).last { !$0.isEmpty } == "Input ended before the preparation was finished.")
        // Recorded, as not finished.
        #expect(stopped.standardError.contains("Recorded as not finished: preparation "), "\(stopped.standardError)")
        let rows = try sandbox.preparations()
        #expect(rows.count == 1 && !rows[0].contains("  finished  "), "\(rows)")

        // Reconstituted an hour ago, diluted "two hours ago": refused in words, asked again;
        // half an hour ago is taken and the preparation goes on.
        let other = try Sandbox()
        let reconstituted = now.addingTimeInterval(-3600), before = now.addingTimeInterval(-7200), diluted = now.addingTimeInterval(-1800)
        let script = toReconstitution + [utcText(reconstituted, format: "HH:mm")] + reconstitute + dilute
            + [utcText(before, format: "HH:mm"), utcText(diluted, format: "HH:mm"), "", "", "y", "75"] + plainReferenceCheckAndLabel
        let result = try runInfusionPrep(["--plain"], input: plainScript(script), sandbox: other, environment: ["TZ": "UTC"])
        #expect(result.status == 0, "\(result.standardError)\n\(result.standardOutput)")
        let output = outputLines(result)
        #expect(squeezed(output).contains("Error: The dilution, \(utcText(before)), cannot be before the first reconstitution, \(utcText(reconstituted)). Check both times."), "\(result.standardOutput)")
        var summary = printedPlan(output)
        while summary.last == "" { summary.removeLast() }
        let times = try #require(planRows(summary).first { $0.label == "Times" })
        #expect(times.lines.first == "Times       first reconstitution \(utcText(reconstituted))")
        #expect(times.lines.dropFirst().first == "            diluted \(utcText(diluted)) (30 min after reconstitution)")
        #expect(squeezed(try onlyPreparation(in: other.records, sandbox: other).plan) == squeezed(summary))
    }

    @Test("input that ends early: status 1, recorded as not finished")
    func inputEndsEarly() throws {
        let sandbox = try Sandbox()
        let result = try runInfusionPrep(["--plain"], input: plainScript(plainIdentityAnswers + ["70"]), sandbox: sandbox)
        #expect(result.status == 1)
        #expect(outputLines(result).last { !$0.isEmpty } == "Input ended before the preparation was finished.")
        #expect(result.standardError.contains("Recorded as not finished: preparation "), "\(result.standardError)")
        let rows = try sandbox.preparations()
        #expect(rows.count == 1 && rows[0].contains("abandoned"), "\(rows)")
    }
}

@Suite("The train command line", .serialized)
struct TrainCommandLineTests {
    @Test("train --list lists at least 12 scenarios, each with what it teaches")
    func list() throws {
        let sandbox = try Sandbox()
        let result = try runInfusionPrep(["train", "--list"], sandbox: sandbox)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count >= 12)
        let names = lines.map { String($0.prefix { $0 != " " }) }
        for name in ["standard-adult", "water-volume-trap", "weight-in-pounds", "volume-over-200-ml"] {
            #expect(names.contains(name), "\(name) not listed")
        }
        for line in lines {
            let teaches = line.drop { $0 != " " }.trimmingCharacters(in: .whitespaces)
            #expect(!teaches.isEmpty, "no description: \(line)")
        }
        #expect(Set(names).count == names.count)
    }

    @Test("train --scenario nosuch: status 2, the name in the message, nothing on standard output")
    func unknownScenario() throws {
        let sandbox = try Sandbox()
        let result = try runInfusionPrep(["train", "--scenario", "nosuch"], sandbox: sandbox)
        #expect(result.status == 2)
        #expect(result.standardError.contains("\"nosuch\""), "\(result.standardError)")
        #expect(result.standardError.contains("--list"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test("train with a scenario folder: added to the shipped ones, replaces by name; a malformed file: status 2, the file and the field named")
    func malformedScenarioFolder() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.root.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let good = """
            title: Custom
            teaches: A custom case.
            weight: 50
            dose: 60 units/kg
            frequency: every-2-weeks
            vials: 400
            first-infusion: no
            at-least-2-years: yes
            previous-hypersensitivity: no
            previous-alglucerase: no
            learning-point: One.

            """
        try good.write(to: folder.appendingPathComponent("custom-one.scenario"), atomically: true, encoding: .utf8)
        // Through the environment variable: the custom folder adds to the shipped ones.
        let listed = try runInfusionPrep(["train", "--list"], sandbox: sandbox,
                                         environment: ["INFUSION_PREP_SCENARIOS": folder.path])
        #expect(listed.status == 0, "\(listed.standardError)")
        let names = listed.standardOutput.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(names.contains("custom-one") && names.contains("standard-adult") && names == names.sorted(), "\(names)")
        // A file named like a shipped scenario replaces it.
        try good.replacingOccurrences(of: "teaches: A custom case.", with: "teaches: Replaced here.")
            .write(to: folder.appendingPathComponent("standard-adult.scenario"), atomically: true, encoding: .utf8)
        let replaced = try runInfusionPrep(["train", "--list", "--scenarios", folder.path], sandbox: sandbox)
        #expect(replaced.status == 0, "\(replaced.standardError)")
        let adult = replaced.standardOutput.split(separator: "\n").filter { $0.hasPrefix("standard-adult ") }
        #expect(adult.count == 1 && adult.first?.hasSuffix("Replaced here.") == true, "\(replaced.standardOutput)")
        // A folder that is not there is refused, not ignored.
        let missing = try runInfusionPrep(["train", "--list", "--scenarios", folder.path + "-missing"], sandbox: sandbox)
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("does not exist"), "\(missing.standardError)")

        try good.replacingOccurrences(of: "frequency: every-2-weeks", with: "frequency: fortnightly")
            .write(to: folder.appendingPathComponent("broken.scenario"), atomically: true, encoding: .utf8)
        let refused = try runInfusionPrep(["train", "--list", "--scenarios", folder.path], sandbox: sandbox)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("broken.scenario:5"), "\(refused.standardError)")
        #expect(refused.standardError.contains("field \"frequency\""), "\(refused.standardError)")
        #expect(refused.standardOutput.isEmpty)
    }

    @Test("train --free --seed: the same seed gives the same patient")
    func freeSeed() throws {
        let sandbox = try Sandbox()
        func firstSteps(_ seed: String) throws -> String {
            // Begin, then stop at the weight: the patient is on screen.
            let result = try runInfusionPrep(["train", "--free", "--seed", seed, "--plain"], input: "\n", sandbox: sandbox)
            #expect(result.status == 1, "\(result.standardError)")
            return result.standardOutput
        }
        let first = try firstSteps("42")
        #expect(first.contains("TRAINING | == Step 2 of 8: Patient =="), "\(first)")
        #expect(first.contains("TRAINING | Weight in kg, 2 to 300 (or with lb, for example 154 lb); now "), "\(first)")
        #expect(try firstSteps("42") == first)
        // Training never records: no database is even made.
        #expect(!FileManager.default.fileExists(atPath: sandbox.records.path))
    }

    @Test("train --plain: every printed summary line says TRAINING, and no record is written")
    func plainTraining() throws {
        let sandbox = try Sandbox()
        // Begin; the scenario's entries as they are (weight and four questions; frequency, dose
        // mode and dose; both vial strengths; 4,200 units is whole vials: no dose list); the
        // time, counts and ticks; the withdrawals, total drawn, final volume, ticks and time;
        // the duration as shown, no other, primed, the rate typed back; Confirm.
        let script = plainScript(["",
                                  "", "", "", "", "",
                                  "", "", "",
                                  "", "",
                                  "", "10", "y", "y", "1", "y", "y",
                                  "10", "1", "105", "", "y", "y", "",
                                  "", "", "y", "75",
                                  ""])
        let result = try runInfusionPrep(["train", "--scenario", "standard-adult", "--plain", "--results", sandbox.results.path],
                                         input: script, sandbox: sandbox)
        #expect(result.status == 0, "stderr: \(result.standardError)\nstdout: \(result.standardOutput)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        let summaryStart = try #require(lines.firstIndex { $0.hasPrefix("TRAINING | Training scenario: standard-adult") })
        for line in lines[summaryStart...] { #expect(line.hasPrefix("TRAINING | "), "\(line)") }
        // Not only the summary: every line written in training says so, prompts and blank
        // lines included.
        #expect(lines.first == "TRAINING | InfusionPrep: imiglucerase (Cerezyme) preparation, plain mode.")
        #expect(result.standardOutput.hasSuffix("\n"))
        for line in result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            #expect(line.hasPrefix("TRAINING | "), "\"\(line)\"")
        }
        #expect(lines.contains("TRAINING | == Step 4 of 8: Vials =="))
        #expect(lines.contains("TRAINING | Vials on hand: 400-unit vials? Answer y or n; now yes: "))
        #expect(lines.contains("TRAINING | Final volume: answer a number from 1 to 2; now 1 (150 mL): "))
        #expect(lines.last?.hasPrefix("TRAINING | Results saved: ") == true)
        #expect(sandbox.files(in: sandbox.results).count == 2)
        #expect(!FileManager.default.fileExists(atPath: sandbox.records.path))
        #expect(!FileManager.default.fileExists(atPath: sandbox.homeRecords.path))
    }
}
