import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The preparation record (rule book section 6) through the real binary: written as the
/// preparation goes, verified, append-only, kept through kill -9, shared by two programs,
/// and refused at start when the store cannot be used.
@Suite("records: the preparation record in SQLite (binary)")
struct RecordsEndToEndTests {
    /// The plain-mode answers of a whole preparation of the rule book's adult standard
    /// case (70 kg, 60 units/kg every 2 weeks), with the step each answer belongs to: the
    /// preparer JS; Jane Doe, MRN 123456, no date of birth, no order reference, 70 kg
    /// measured today; each strength's lot and expiry (section 6); on the Summary step the
    /// double check by B. Okafor and the label (sections 7 and 8).
    static let walk: [(step: String, answer: String)] = [
        ("Start", "JS"), ("Start", ""),
        ("Patient", "Jane Doe"), ("Patient", "123456"), ("Patient", ""), ("Patient", ""),
        ("Patient", "70"), ("Patient", "1"), ("Patient", "y"), ("Patient", "n"), ("Patient", "n"), ("Patient", "n"),
        ("Regimen", "4"), ("Regimen", ""), ("Regimen", "60"),
        ("Vials", ""), ("Vials", ""),
        ("Vials", "A1234"), ("Vials", "2027-03"), ("Vials", "B5678"), ("Vials", "2027-05"),
        ("Reconstitute", ""), ("Reconstitute", "10"), ("Reconstitute", "y"), ("Reconstitute", "y"),
        ("Reconstitute", "1"), ("Reconstitute", "y"), ("Reconstitute", "y"),
        ("Dilute", "10"), ("Dilute", "1"), ("Dilute", "105"), ("Dilute", ""), ("Dilute", "y"), ("Dilute", "y"), ("Dilute", ""),
        ("Administer", ""), ("Administer", ""), ("Administer", "y"), ("Administer", "75"),
    ] + plainReferenceCheckAndLabel.map { ("Summary", $0) }
    static var walkInput: String { walk.map { $0.answer + "\n" }.joined() }

    static func records(_ arguments: [String], _ database: String, sandbox: Sandbox) throws -> ProcessResult {
        try runInfusionPrep(["records"] + arguments + ["--records", database], sandbox: sandbox)
    }

    static func exportedEntries(_ id: String, _ database: String, sandbox: Sandbox) throws -> [[String: Any]] {
        let export = try records(["export", id, "--format", "json"], database, sandbox: sandbox)
        #expect(export.status == 0, "\(export.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(export.standardOutput.utf8)) as? [String: Any]
        return object?["entries"] as? [[String: Any]] ?? []
    }

    @Test("a whole preparation in plain mode makes one record, every confirmation in it, and the chain verifies")
    func wholePreparation() throws {
        let sandbox = try Sandbox()
        let database = sandbox.root.appendingPathComponent("r.sqlite").path
        let run = try runInfusionPrep(["--plain", "--records", database], input: Self.walkInput, sandbox: sandbox)
        #expect(run.status == 0, "\(run.standardError)\n\(run.standardOutput.suffix(2000))")
        #expect(run.standardError.contains("Record saved: preparation "))
        let list = try Self.records(["list"], database, sandbox: sandbox)
        let rows = list.standardOutput.split(separator: "\n")
        #expect(rows.count == 1)
        expectFinishedReferenceRow(rows.first.map(String.init))
        let id = String(rows.first?.split(separator: " ").first ?? "")
        let entries = try Self.exportedEntries(id, database, sandbox: sandbox)
        let kinds = entries.compactMap { $0["kind"] as? String }
        #expect(kinds.first == "preparation-begun")
        #expect(kinds.last == "outcome")
        let confirmations = entries.filter { $0["kind"] as? String == "confirmation" }
            .compactMap { ($0["payload"] as? [String: String])?["confirmation"] }
        #expect(Set(confirmations) == ["reconstituted-400-unit-vials", "swirled-400-unit-vials", "inspected-400-unit-vials",
                                       "reconstituted-200-unit-vials", "swirled-200-unit-vials", "inspected-200-unit-vials",
                                       "withdrawn-whole-400-unit-vials", "withdrawn-whole-200-unit-vials", "total-volume-drawn",
                                       "sodium-chloride-added", "bag-mixed-and-inspected", "set-and-filter-primed", "pump-programmed",
                                       "label-attached"])
        let steps = entries.compactMap { ($0["payload"] as? [String: String])?["step"] }
        #expect(steps == ["Patient", "Regimen", "Vials", "Reconstitute", "Dilute", "Administer", "Label"])
        // Section 7: one check, passed, by the checker (the entry's actor).
        let checks = checkEntries(entries)
        #expect(checks.count == 1, "\(checks)")
        expectReferenceCheck(checks.first, outcome: "passed")
        let verify = try Self.records(["verify"], database, sandbox: sandbox)
        #expect(verify.status == 0)
        #expect(verify.standardOutput.contains("intact: \(entries.count) entries verified"))
        let text = try Self.records(["export", id], database, sandbox: sandbox)
        #expect(text.standardOutput.contains("IMIGLUCERASE (Cerezyme) PREPARATION PLAN"))
        #expect(text.standardOutput.contains("Done "))
    }

    @Test("quitting after reconstitution is recorded as abandoned, with the vials opened")
    func abandoned() throws {
        let sandbox = try Sandbox()
        let database = sandbox.root.appendingPathComponent("r.sqlite").path
        let answers = Self.walk.prefix(24).map { $0.answer + "\n" }.joined() + "q\ny\n"
        let run = try runInfusionPrep(["--plain", "--records", database], input: answers, sandbox: sandbox)
        #expect(run.status == 1)
        #expect(run.standardError.contains("Recorded as not finished"))
        let list = try Self.records(["list"], database, sandbox: sandbox)
        #expect(list.standardOutput.contains("abandoned"))
        let id = String(list.standardOutput.split(separator: " ").first ?? "")
        let outcome = try Self.exportedEntries(id, database, sandbox: sandbox).last?["payload"] as? [String: String]
        #expect(outcome?["outcome"] == "abandoned")
        #expect(outcome?["done"]?.contains("10 x 400-unit vials reconstituted") == true, "\(outcome ?? [:])")
        let report = try Self.records(["report"], database, sandbox: sandbox)
        #expect(report.standardOutput.contains("Abandoned or stopped 1"))
    }

    /// kill -9 after each step: the database is readable, the chain verifies, and every
    /// confirmation made before the kill is there. Each row: answers given, the text that
    /// shows the last one was taken, and the confirmations made by then.
    @Test("kill -9 during a preparation loses no confirmed entry", arguments: [
        (2, "== Step 2 of 8: Patient ==", 0),
        (12, "== Step 3 of 8: Regimen ==", 0),
        (15, "Vials on hand: 400-unit vials?", 0),
        (19, "Lot of the 200-unit vials", 0),
        (23, "swirled gently to mix", 1),
        (28, "== Step 6 of 8: Dilute ==", 6),
        (31, "Final volume, one of", 9),
        (35, "== Step 7 of 8: Administer ==", 11),
        // The summary is taller than the terminal: its last question is what is shown.
        (39, "Hand over to the checker: press Enter", 13),
        // Sections 7 and 8: the check passed, then the label printed and ticked (R13).
        (48, "Print the label: press Enter", 13),
        (50, "Confirm and finish: press Enter", 14),
    ])
    func killNine(answersBeforeKill: Int, shown: String, confirmations: Int) throws {
        try #require(TmuxSession.isAvailable)
        let sandbox = try Sandbox()
        let database = sandbox.root.appendingPathComponent("r.sqlite").path
        let session = try startInTerminal(["--plain", "--records", database], sandbox: sandbox, width: 100, height: 50)
        defer { session.close() }
        try session.waitFor("Preparer (your name or initials)", timeout: .seconds(10))
        for item in Self.walk.prefix(answersBeforeKill) {
            if !item.answer.isEmpty { try session.type(item.answer) }
            try session.send("Enter")
        }
        try session.waitFor(shown, timeout: .seconds(15))
        try session.signalProgram(SIGKILL)
        _ = try session.waitForExit()
        let verify = try Self.records(["verify"], database, sandbox: sandbox)
        #expect(verify.status == 0, "\(verify.standardError)")
        let list = try Self.records(["list"], database, sandbox: sandbox)
        #expect(list.standardOutput.contains("  interrupted  "), "\(list.standardOutput)")
        let id = String(list.standardOutput.split(separator: " ").first ?? "")
        let entries = try Self.exportedEntries(id, database, sandbox: sandbox)
        #expect(entries.first?["kind"] as? String == "preparation-begun")
        let counted = entries.filter { $0["kind"] as? String == "confirmation" }.count
        #expect(counted == confirmations, "every confirmation given before the kill is in the record")
    }

    @Test("two programs writing to one database at once lose nothing and never fork the chain")
    func twoWriters() async throws {
        let sandbox = try Sandbox()
        let database = sandbox.root.appendingPathComponent("shared.sqlite").path
        let each = 20
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    var finished = 0
                    for _ in 0..<each {
                        let run = try runInfusionPrep(["--plain", "--records", database], input: Self.walkInput, sandbox: sandbox)
                        if run.status == 0 { finished += 1 }
                    }
                    return finished
                }
            }
            var total = 0
            for try await finished in group { total += finished }
            #expect(total == 2 * each)
        }
        let list = try Self.records(["list"], database, sandbox: sandbox)
        #expect(list.standardOutput.split(separator: "\n").filter { $0.contains("finished") }.count == 2 * each)
        let verify = try Self.records(["verify"], database, sandbox: sandbox)
        #expect(verify.status == 0, "\(verify.standardError)")
    }

    @Test("a byte changed with the sqlite3 shell is named by records verify (exit 1); UPDATE and DELETE are refused")
    func tampering() throws {
        let sandbox = try Sandbox()
        let database = sandbox.root.appendingPathComponent("r.sqlite").path
        let run = try runInfusionPrep(["--plain", "--records", database], input: Self.walkInput, sandbox: sandbox)
        #expect(run.status == 0)
        let update = try runProcess(["/usr/bin/env", "sqlite3", database, "UPDATE entries SET payload = replace(payload, '4200', '4300') WHERE sequence = 4"])
        #expect(update.status != 0)
        #expect(update.standardError.contains("append-only"))
        let delete = try runProcess(["/usr/bin/env", "sqlite3", database, "DELETE FROM entries WHERE sequence = 5"])
        #expect(delete.status != 0)
        #expect(try Self.records(["verify"], database, sandbox: sandbox).status == 0, "refused changes change nothing")
        let edit = try runProcess(["/usr/bin/env", "sqlite3", database,
                                   "DROP TRIGGER entries_no_update; UPDATE entries SET payload = replace(payload, '4200', '4300') WHERE sequence = 4;"])
        #expect(edit.status == 0, "\(edit.standardError)")
        let verify = try Self.records(["verify"], database, sandbox: sandbox)
        #expect(verify.status == 1)
        #expect(verify.standardError.hasPrefix("error: entry 4 of "), "\(verify.standardError)")
        #expect(verify.standardError.contains("changed after it was written"))
        // Every command that shows the record shows it, then says it cannot be trusted (exit 1);
        // the label command prints nothing from it.
        let id = try #require(try Self.records(["list", "--format", "json"], database, sandbox: sandbox).standardOutput
            .split(separator: "\"").drop { $0 != "preparation_id" }.dropFirst(2).first.map(String.init))
        for arguments in [["list"], ["list", "--format", "json"], ["show", id], ["export", id], ["export", id, "--format", "json"],
                          ["export", id, "--format", "fhir"], ["report"]] {
            let shown = try Self.records(arguments, database, sandbox: sandbox)
            #expect(shown.status == 1, "\(arguments): \(shown.standardError)")
            #expect(!shown.standardOutput.isEmpty, "\(arguments): the output stays")
            #expect(shown.standardError.hasPrefix("error: entry 4 of ") && shown.standardError.contains("cannot be trusted"),
                    "\(arguments): \(shown.standardError)")
        }
        let label = try runInfusionPrep(["label", id, "--reprint", "--by", "C. Reyes", "--output", "-", "--records", database], sandbox: sandbox)
        #expect(label.status == 1, "\(label.standardError)")
        #expect(label.standardOutput.isEmpty, "no label from changed records")
        #expect(label.standardError.hasPrefix("error: entry 4 of ") && label.standardError.contains("No label is printed from records that do not verify"),
                "\(label.standardError)")
        #expect(label.standardError.split(separator: "\n").count == 1, "one line")
    }

    @Test("reading commands never make a store: a path where there is none, or another program's database, is refused and left as it is")
    func readingMakesNoStore() throws {
        let sandbox = try Sandbox()
        let missing = sandbox.root.appendingPathComponent("typo/records.sqlite").path
        for arguments in [["verify"], ["list"], ["report"], ["show", "x"], ["export", "x"]] {
            let run = try Self.records(arguments, missing, sandbox: sandbox)
            #expect(run.status == 4, "\(arguments): \(run.standardError)")
            #expect(run.standardError == "error: there are no records yet at \(missing): no records database is there (check the path)\n")
        }
        #expect(!FileManager.default.fileExists(atPath: sandbox.root.appendingPathComponent("typo").path), "no folder, no file made")
        let other = sandbox.root.appendingPathComponent("other.sqlite").path
        #expect(try runProcess(["/usr/bin/env", "sqlite3", other, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept');"]).status == 0)
        let list = try Self.records(["list"], other, sandbox: sandbox)
        #expect(list.status == 4, "\(list.standardError)")
        #expect(list.standardError.contains("not a preparation records database"), "\(list.standardError)")
        let tables = try runProcess(["/usr/bin/env", "sqlite3", other, "SELECT group_concat(name) FROM sqlite_master; PRAGMA journal_mode;"])
        #expect(tables.standardOutput == "notes\ndelete\n", "the other database is left as it is, not even switched to WAL")
        #expect(!FileManager.default.fileExists(atPath: other + "-wal"))
    }

    @Test("a store that cannot be used is refused at start, before any question, with its cause", arguments: [
        ("", "empty"), ("folder", "is a folder"), ("notes.txt", "cannot be opened"), ("notes.txt/records.sqlite", "cannot be created"),
    ])
    func unusableStore(path: String, cause: String) throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(at: sandbox.root.appendingPathComponent("folder"), withIntermediateDirectories: true)
        try Data("not a database, a note\n".utf8).write(to: sandbox.root.appendingPathComponent("notes.txt"))
        let given = path.isEmpty ? "" : sandbox.root.appendingPathComponent(path).path
        let run = try runInfusionPrep(["--plain", "--records", given], input: Self.walkInput, sandbox: sandbox)
        #expect(run.status == 4)
        #expect(run.standardError.hasPrefix("error: "))
        #expect(run.standardError.contains(cause), "\(run.standardError)")
        #expect(!run.standardOutput.contains("Weight"), "nothing is asked")
        let note = try String(contentsOf: sandbox.root.appendingPathComponent("notes.txt"), encoding: .utf8)
        #expect(note == "not a database, a note\n", "a file that is not a records database is left as it was")
    }
}
