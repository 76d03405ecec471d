import Foundation
import InfusionCalc
import InfusionRecords
import Testing
import TestSupport

/// Issue 11: `infusion-prep label ID` on the real binary, with a records file built here by
/// appending the entries a finished preparation holds (begun, a passed double check, the
/// label printed), and `records report` counting the double checks.
@Suite("label: the bag label printed again from the record (binary)")
struct LabelCommandTests {
    static let id = "3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f"
    static let zone = TimeZoneRule(identifier: "Europe/Berlin", initialOffsetSeconds: 3600, initialAbbreviation: "CET")
    /// The golden labels of the calculation module's tests.
    static let goldens = GoldenFiles("../InfusionCalcTests/__labels__", nextTo: #filePath, what: "label")

    /// 2026-11-29 at `hour`:`minute` in Berlin (UTC+1).
    static func at(_ hour: Int, _ minute: Int) -> ZonedTime {
        // 1_795_910_400 is 2026-11-29T00:00:00Z.
        zone.zoned(Instant(secondsSinceEpoch: 1_795_910_400 + (hour - 1) * 3600 + minute * 60))
    }

    /// The rule book's adult standard case (section 4), reconstituted 07:19, diluted 07:41.
    static func plan() throws -> PreparationPlan {
        try PreparationPlan.make(PlanRequest(weight: WeightEntry(kilograms: Tenths(whole: 70)), dose: .perKg(Tenths(whole: 60)),
                                             frequency: .everyTwoWeeks, decision: .exactDose,
                                             reconstitutedAt: at(7, 19).instant, dilutedAt: at(7, 41).instant, zone: zone),
                                 policy: .standard).get()
    }

    /// The label as the wizard printed it (the golden adult-standard label).
    static func sheet() throws -> BagLabel.Sheet {
        try BagLabel.Content.make(plan: plan(), patient: BagLabel.Patient(fullName: "Maria Example", secondIdentifier: .medicalRecordNumber("0012345")),
                                  preparer: "A. Lindqvist", check: .checked(by: "B. Okafor"), preparedAt: at(7, 52).instant,
                                  preparationID: id).get().sheet
    }

    /// A temporary folder with a records file; the program runs with a home, configuration
    /// and data folders of its own there (no site policy: the built-in defaults).
    final class Setup {
        let folder: URL
        let database: String
        let store: SQLiteRecordStore
        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("label-command-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            database = folder.appendingPathComponent("records.sqlite").path
            store = try SQLiteRecordStore(path: database)
        }
        deinit { try? FileManager.default.removeItem(at: folder) }

        var environment: [String: String] {
            ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": folder.path,
             "XDG_CONFIG_HOME": folder.appendingPathComponent("config").path,
             "XDG_CONFIG_DIRS": folder.appendingPathComponent("etc").path,
             "XDG_DATA_HOME": folder.appendingPathComponent("data").path, "TZ": "Europe/Berlin"]
        }

        func run(_ arguments: [String]) throws -> ProcessResult {
            try runProcess([infusionPrepBinary] + arguments + ["--records", database], environment: environment)
        }

        func append(_ id: String, _ kind: EntryKind, _ payload: [String: String], actor: String?, at: ZonedTime) throws {
            let json = String(decoding: try JSONEncoder.sorted.encode(payload), as: UTF8.self)
            _ = try store.append(EntryDraft(preparationID: id, kind: kind, recordedAt: at.iso8601, actor: actor, payload: json))
        }

        /// A finished preparation: begun, a mismatch then a passed double check, the label
        /// printed on ward-3.
        func finishedPreparation(_ id: String = LabelCommandTests.id, labelled: Bool = true, outcome: String = "finished") throws {
            defer { try? append(id, .outcome, ["outcome": outcome], actor: "A. Lindqvist", at: at(7, 55)) }
            try append(id, .preparationBegun, ["preparer": "A. Lindqvist", "zone": "Europe/Berlin"], actor: "A. Lindqvist", at: at(7, 10))
            let plan = try LabelCommandTests.plan()
            var typed: [DoubleCheckField: String] = [:]
            for field in DoubleCheck.fields(for: plan) {
                let value = try #require(DoubleCheck.expected(field, plan: plan))
                // As the checker types it: "70", "4200", "105".
                typed[field] = switch field {
                case .dosePerInfusion, .vialCount: String(value.scaled)
                default: "\(value.scaled / 10)" + (value.scaled % 10 == 0 ? "" : ".\(value.scaled % 10)")
                }
            }
            let passed = try DoubleCheck.compare(plan: plan, preparer: "A. Lindqvist", checker: "B. Okafor", typed: typed).get()
            typed[.pumpRate] = "57"
            let mismatch = try DoubleCheck.compare(plan: plan, preparer: "A. Lindqvist", checker: "B. Okafor", typed: typed).get()
            try #require(passed.passed && !mismatch.passed)
            for (payload, minute) in [(DoubleCheckRecord.payload(mismatch), 48), (DoubleCheckRecord.payload(passed), 50)] {
                _ = try store.append(DoubleCheckRecord.draft(preparationID: id, payload: payload, actor: "A. Lindqvist", at: at(7, minute)))
            }
            guard labelled else { return }
            _ = try store.append(LabelRecord.draft(try LabelCommandTests.sheet(), format: .text, size: .fourByTwo, destination: "printer ward-3",
                                                   failure: nil, delivered: "Label sent to printer ward-3.", actor: "A. Lindqvist", at: at(7, 53)))
        }

        func record(_ id: String = LabelCommandTests.id) throws -> PreparationRecord {
            PreparationRecord(id: id, entries: try store.entries(preparationID: id))
        }
    }

    /// "REPRINT 2026-11-29 12:03" in place of the reprint's real instant, as in the goldens.
    static func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"REPRINT \d{4}-\d\d-\d\d \d\d:\d\d"#, with: "REPRINT 2026-11-29 12:03", options: .regularExpression)
    }

    @Test("A label already printed is not printed again without --reprint; --reprint needs --by")
    func refusals() throws {
        let setup = try Setup()
        try setup.finishedPreparation()
        let plain = try setup.run(["label", Self.id])
        #expect(plain.status == 1)
        #expect(plain.standardOutput.isEmpty)
        #expect(plain.standardError == "error: a label was printed 2026-11-29 07:53; use --reprint\n")
        let noName = try setup.run(["label", Self.id, "--reprint", "--output", "-"])
        #expect(noName.status == 2)
        #expect(noName.standardOutput.isEmpty)
        #expect(noName.standardError.hasPrefix("error: --reprint needs --by NAME"))
        let badName = try setup.run(["label", Self.id, "--reprint", "--by", "C3PO", "--output", "-"])
        #expect(badName.status == 2)
        #expect(badName.standardError.hasPrefix("error: --by: "))
        // Nothing was recorded by a refusal.
        #expect(try setup.record().labels.count == 1)
    }

    @Test("--reprint --by NAME --output -: the recorded label word for word, marked REPRINT now, and the reprint recorded")
    func reprintToStandardOutput() throws {
        let setup = try Setup()
        try setup.finishedPreparation()
        let before = Int(Date().timeIntervalSince1970)
        let run = try setup.run(["label", Self.id, "--reprint", "--by", "C. Reyes", "--output", "-"])
        let after = Int(Date().timeIntervalSince1970)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.hasPrefix("Reprint recorded: preparation \(Self.id) in "), "\(run.standardError)")
        if let problem = Self.goldens.problem(Self.masked(run.standardOutput), name: "adult-standard-reprint.txt") {
            Issue.record(Comment(rawValue: problem))
        }
        let record = try setup.record()
        let labels = record.labels
        try #require(labels.count == 2)
        let reprint = labels[1]
        #expect(reprint.printed)
        #expect(reprint.isReprint)
        #expect(reprint.actor == "C. Reyes")
        #expect(reprint.format == .text)
        #expect(reprint.destination == "standard output")
        #expect(record.originalSheet == (try Self.sheet()))
        // The REPRINT mark is the recorded reprint instant, which is now.
        let printed = try reprint.sheet.get()
        #expect(Array(printed.paragraphs.dropLast()) == (try Self.sheet()).paragraphs)
        let mark = try #require(printed.paragraphs.last)
        #expect(mark.part == .reprint)
        #expect(run.standardOutput.hasSuffix(mark.text + "\n"))
        #expect(mark.text == "REPRINT " + reprint.recordedForPeople)
        #expect(reprint.reprintedAt == reprint.recordedAt)
        let reprintedAt = try #require(reprint.reprintedAt)
        let seconds = try #require(ISO8601DateFormatter().date(from: reprintedAt)).timeIntervalSince1970
        #expect((before...after).contains(Int(seconds)))
        #expect(try setup.store.verify() == .intact(entries: 6))
        // A second reprint is marked once, with its own instant.
        let again = try setup.run(["label", Self.id, "--reprint", "--by", "C. Reyes", "--output", "-"])
        #expect(again.status == 0)
        #expect(again.standardOutput.components(separatedBy: "REPRINT").count == 2)
        #expect(try setup.record().labels.count == 3)
    }

    @Test("--format zpl to a file: the recorded label as ZPL (the policy's 4 x 2 inch), REPRINT in it")
    func reprintAsZPL() throws {
        let setup = try Setup()
        try setup.finishedPreparation()
        let file = setup.folder.appendingPathComponent("bag.zpl").path
        let run = try setup.run(["label", Self.id, "--format", "zpl", "--reprint", "--by", "C. Reyes", "--output", file])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        #expect(run.standardError.hasPrefix("Label written to \(file). Reprint recorded: preparation \(Self.id)"), "\(run.standardError)")
        let written = try String(contentsOfFile: file, encoding: .utf8)
        if let problem = Self.goldens.problem(Self.masked(written), name: "adult-standard-reprint.4x2.zpl") {
            Issue.record(Comment(rawValue: problem))
        }
        let labels = try setup.record().labels
        let reprint = try #require(labels.last)
        #expect(reprint.format == .zpl)
        #expect(reprint.size == .fourByTwo)
        #expect(reprint.destination == "file " + file)
        #expect(reprint.result == "Label written to \(file).")
        #expect(written == (try ZPL.label(reprint.sheet.get(), size: .fourByTwo).get().text))
    }

    @Test("A printing failure is said and recorded as not printed; the preparation stays recorded")
    func printingFails() throws {
        let setup = try Setup()
        try setup.finishedPreparation()
        let file = setup.folder.appendingPathComponent("missing/bag.txt").path
        let run = try setup.run(["label", Self.id, "--reprint", "--by", "C. Reyes", "--output", file])
        #expect(run.status == 1)
        #expect(run.standardError == "error: The label could not be written to \(file): No such file or directory. The label was not printed; the preparation stays recorded, and this attempt is recorded as not printed.\n")
        let labels = try setup.record().labels
        try #require(labels.count == 2)
        #expect(!labels[1].printed)
        #expect(labels[1].isReprint)
        #expect(labels[1].result == "The label could not be written to \(file): No such file or directory.")
        // The preparation's record is whole, the attempt at its end.
        #expect(try setup.store.verify() == .intact(entries: 6))
    }

    @Test("A preparation that was not finished gets no label: abandoned, stopped or interrupted", arguments: ["abandoned", "stopped"])
    func unfinished(outcome: String) throws {
        let setup = try Setup()
        try setup.finishedPreparation(outcome: outcome)
        for arguments in [["label", Self.id, "--output", "-"], ["label", Self.id, "--reprint", "--by", "C. Reyes", "--output", "-"]] {
            let run = try setup.run(arguments)
            #expect(run.status == 1)
            #expect(run.standardOutput.isEmpty, "no label for a bag that was not finished")
            #expect(run.standardError.hasPrefix("error: preparation \(Self.id) is \(outcome), not finished: no label is printed for it"))
        }
        #expect(try setup.record().labels.count == 1, "nothing recorded by a refusal")
    }

    @Test("The reprint is the last label printed: one printed before the preparation changed was replaced")
    func reprintIsTheLastLabel() throws {
        let setup = try Setup()
        try setup.finishedPreparation()
        // A second label, for other figures, printed after the first (the nurse went back).
        let first = try Self.sheet()
        let parts = first.parts.map { $0.part == "infusion" ? (part: $0.part, text: "IV over 150 min at 60 mL/h") : $0 }
        let second = try BagLabel.Sheet.restore(parts: parts, preparationID: Self.id).get()
        _ = try setup.store.append(LabelRecord.draft(second, format: .text, size: .fourByTwo, destination: "printer ward-3",
                                                     failure: nil, delivered: "Label sent to printer ward-3.", actor: "A. Lindqvist", at: Self.at(7, 54)))
        let run = try setup.run(["label", Self.id, "--reprint", "--by", "C. Reyes", "--output", "-"])
        #expect(run.status == 0, "\(run.standardError)")
        let text = run.standardOutput.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("150 min at 60 mL/h"), "\(run.standardOutput)")
        #expect(!text.contains("75 mL/h"))
    }

    @Test("An unknown preparation id, and a preparation without a label, are refused")
    func unknownAndUnlabelled() throws {
        let setup = try Setup()
        try setup.finishedPreparation(labelled: false)
        let unknown = try setup.run(["label", "no-such-id", "--reprint", "--by", "C. Reyes"])
        #expect(unknown.status == 2)
        #expect(unknown.standardOutput.isEmpty)
        #expect(unknown.standardError == "error: no preparation with the id \"no-such-id\"; see infusion-prep records list\n")
        let unlabelled = try setup.run(["label", Self.id, "--reprint", "--by", "C. Reyes"])
        #expect(unlabelled.status == 1)
        #expect(unlabelled.standardError == "error: no label was made for this preparation\n")
        let missing = try runProcess([infusionPrepBinary, "label", Self.id, "--records", setup.folder.appendingPathComponent("none.sqlite").path],
                                     environment: setup.environment)
        #expect(missing.status == 4)
        #expect(!FileManager.default.fileExists(atPath: setup.folder.appendingPathComponent("none.sqlite").path))
    }

    @Test("Misuse of the label command line is refused before anything is read, naming what is wrong", arguments: [
        (["label", "x", "--reprnt"], "unknown option --reprnt; did you mean --reprint?"),
        (["label", "a", "b"], "unexpected word b"),
        (["lable", "x"], "unknown command lable; did you mean label?"),
        (["label", "x", "--format", "pdf"], "pdf"),
        (["label", "x", "--by", "--reprint"], "--by needs a value"),
    ])
    func misuse(arguments: [String], says: String) throws {
        let result = try runProcess([infusionPrepBinary] + arguments)
        #expect(expectBadInput(result).contains(says), "\(result.standardError)")
    }

    @Test("records report counts the double checks and lists each mismatch with both values")
    func reportCountsChecks() throws {
        let setup = try Setup()
        try setup.finishedPreparation()
        try setup.finishedPreparation("PREP-2", labelled: false)
        try setup.append("PREP-2", .check, DoubleCheckRecord.abandonedPayload(checker: ""), actor: "A. Lindqvist", at: Self.at(8, 0))
        let report = try setup.run(["records", "report"])
        #expect(report.status == 0, "\(report.standardError)")
        let lines = report.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("Double checks     5: 2 passed, 2 mismatched, 1 abandoned"), "\(report.standardOutput)")
        #expect(lines.contains("Double-check mismatches 2"))
        let listed = lines.filter { $0.contains("pump-rate-ml-per-h (plan 75 mL/h, checker 57 mL/h)") }
        #expect(listed.count == 2)
        #expect(listed.contains("  2026-11-29 07:48  \(Self.id)  checked by B. Okafor: pump-rate-ml-per-h (plan 75 mL/h, checker 57 mL/h)"))
        // The report's existing lines are still there.
        #expect(lines.first == "NEAR-MISS REPORT")
        #expect(lines.contains { $0.hasPrefix("Preparations      2: ") })
        #expect(lines.contains("Hard stops        0"))
    }
}

extension JSONEncoder {
    /// Sorted keys, as the journal writes payloads.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
