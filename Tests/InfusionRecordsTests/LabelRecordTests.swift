import Foundation
import InfusionCalc
import InfusionRecords
import InfusionWizard
import Testing

/// Issue 11 in the record: the label entry written by the journal (or the `label`
/// command) and read back through `PreparationRecord`, into the real SQLite store; the
/// double-check entries read back.
@Suite struct LabelRecordTests {
    static let zone = TimeZoneRule(identifier: "Europe/Berlin", initialOffsetSeconds: 3600, initialAbbreviation: "CET")
    /// "2026-11-29T07:52": that time on 2026-11-29 in Berlin (UTC+1).
    static func at(_ iso: String) -> ZonedTime {
        let clock = iso.split(separator: "T").last?.split(separator: ":").compactMap { Int($0) } ?? []
        // 1_795_910_400 is 2026-11-29T00:00:00Z.
        return zone.zoned(Instant(secondsSinceEpoch: 1_795_910_400 + (clock[0] - 1) * 3600 + clock[1] * 60))
    }

    /// The rule book's adult standard case (section 4), as the wizard makes it.
    static func plan() throws -> PreparationPlan {
        let request = PlanRequest(weight: WeightEntry(kilograms: Tenths(whole: 70)), dose: .perKg(Tenths(whole: 60)),
                                  frequency: .everyTwoWeeks, decision: .exactDose,
                                  reconstitutedAt: at("2026-11-29T07:19").instant,
                                  dilutedAt: at("2026-11-29T07:41").instant, zone: zone)
        return try PreparationPlan.make(request, policy: .standard).get()
    }

    /// A label with everything the record must carry unchanged: two cautions (no-break
    /// spaces inside each), a quote and a backslash in the patient's name.
    static func sheet(id: String) throws -> BagLabel.Sheet {
        var request = try plan().request
        request.firstInfusion = true
        request.history = PatientHistory(atLeastTwoYearsOld: false, previousHypersensitivity: false, previousAlglucerase: false)
        let plan = try PreparationPlan.make(request, policy: .standard).get()
        let patient = BagLabel.Patient(fullName: "Maria \"Mia\" O\\Example", secondIdentifier: .medicalRecordNumber("0012345"))
        return try BagLabel.Content.make(plan: plan, patient: patient, preparer: "A. Lindqvist", check: .checked(by: "B. Okafor"),
                                         preparedAt: at("2026-11-29T07:52").instant, preparationID: id).get().sheet
    }

    static func store() throws -> SQLiteRecordStore {
        try SQLiteRecordStore(path: SQLiteRecordStoreTests.folder().appendingPathComponent("records.sqlite").path)
    }

    @Test("A label recorded through the journal reads back with the same sheet, format, size and destination")
    func journalRoundTrip() throws {
        let store = try Self.store()
        let journal = PreparationJournal(store: store, initial: WizardState(), programVersion: "test", preparationID: "3f2a9c1e-7b4d")
        let sheet = try Self.sheet(id: journal.preparationID)
        #expect(sheet.paragraphs.contains { $0.part == .cautions && $0.text.contains("\u{A0}") })
        try journal.recordLabel(sheet, format: .zpl, size: .fourByThree, destination: "printer ward-3", failure: nil,
                                delivered: "Label sent to printer ward-3: request id is ward-3-12 (1 file(s)).",
                                at: Self.at("2026-11-29T07:53"))
        let entries = try store.entries(preparationID: journal.preparationID)
        let record = PreparationRecord(id: journal.preparationID, entries: entries)
        let labels = record.labels
        try #require(labels.count == 1)
        let label = labels[0]
        #expect(label.printed)
        #expect(!label.isReprint)
        #expect(label.format == .zpl)
        #expect(label.size == .fourByThree)
        #expect(label.destination == "printer ward-3")
        #expect(label.result == "Label sent to printer ward-3: request id is ward-3-12 (1 file(s)).")
        #expect(label.recordedAt == "2026-11-29T07:53:00+01:00")
        #expect(label.recordedForPeople == "2026-11-29 07:53")
        #expect(try label.sheet.get() == sheet)
        #expect(record.originalSheet == sheet)
        // Byte for byte the same label.
        let original = try #require(record.originalSheet)
        #expect(try ZPL.label(original, size: .fourByThree).get() == ZPL.label(sheet, size: .fourByThree).get())
        // The payload: exactly the keys of the label entry, the sheet as a JSON array.
        let payload = PreparationRecord.payload(entries[0])
        #expect(Set(payload.keys) == ["step", "event", "format", "size", "destination", "result", "reprint", "sheet"])
        #expect(payload["step"] == "Label")
        #expect(payload["event"] == "label-printed")
        #expect(payload["reprint"] == "no")
        let sheetJSON = try #require(payload["sheet"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(sheetJSON.utf8)) as? [[String: String]])
        #expect(array.map { $0["part"] ?? "" } == sheet.paragraphs.map(\.part.rawValue))
        #expect(array.map { $0["text"] ?? "" } == sheet.paragraphs.map(\.text))
        // The same content always gives the same bytes.
        #expect(try entries[0].payload == LabelRecord.draft(sheet, format: .zpl, size: .fourByThree, destination: "printer ward-3",
                                                        failure: nil, delivered: label.result, actor: nil,
                                                        at: Self.at("2026-11-29T07:53")).payload)
        #expect(try store.verify() == .intact(entries: 1))
    }

    @Test("A failed printing is recorded as not printed with its reason; a text label has no size; a reprint reads back as one")
    func notPrintedAndReprint() throws {
        let store = try Self.store()
        let sheet = try Self.sheet(id: "PREP-2026-000417")
        let failure = "The label was not printed on \"ward-3\": the lp command (CUPS) was not found on PATH."
        _ = try store.append(LabelRecord.draft(sheet, format: .text, size: .fourByTwo, destination: "printer ward-3",
                                               failure: failure, actor: "A. Lindqvist", at: Self.at("2026-11-29T07:53")))
        let reprintAt = Self.at("2026-11-29T12:03")
        _ = try store.append(LabelRecord.draft(sheet.reprinted(at: reprintAt), format: .text, size: .fourByTwo,
                                               destination: LabelRecord.standardOutput, failure: nil, reprintedAt: reprintAt,
                                               actor: "C. Reyes", at: reprintAt))
        let record = PreparationRecord(id: sheet.preparationID, entries: try store.entries(preparationID: sheet.preparationID))
        let labels = record.labels
        try #require(labels.count == 2)
        #expect(!labels[0].printed)
        #expect(labels[0].result == failure)
        #expect(labels[0].size == nil)
        #expect(labels[0].actor == "A. Lindqvist")
        #expect(PreparationRecord.payload(record.entries[0])["event"] == "label-not-printed")
        #expect(PreparationRecord.payload(record.entries[0])["size"] == nil)
        #expect(labels[1].printed)
        #expect(labels[1].isReprint)
        #expect(labels[1].reprintedAt == "2026-11-29T12:03:00+01:00")
        #expect(labels[1].actor == "C. Reyes")
        #expect(labels[1].result == "Label delivered to standard output.")
        #expect(try labels[1].sheet.get().paragraphs.last?.text == "REPRINT 2026-11-29 12:03")
        // The original is the first label that is not a reprint, even when it was not printed.
        #expect(record.originalSheet == sheet)
    }

    @Test("A label entry whose sheet was changed is read back with the reason it cannot be printed again")
    func unreadableSheet() throws {
        let sheet = try Self.sheet(id: "PREP-1")
        var payload = try LabelRecord.payload(sheet, format: .text, size: .fourByTwo, destination: "file /tmp/x", failure: nil)
        for (json, reason) in [("[{\"part\":\"barcode\",\"text\":\"x\"}]", "this program does not print"),
                               ("not json", "not a JSON array"), ("[{\"part\":\"patient\"}]", "no part or no text")] {
            payload["sheet"] = json
            let entry = RecordEntry(sequence: 1, preparationID: "PREP-1", kind: .entry, recordedAt: "2026-11-29T07:53:00+01:00",
                                    actor: nil, payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self),
                                    corrects: nil, previousHash: RecordChain.genesis, hash: "")
            let record = PreparationRecord(id: "PREP-1", entries: [entry])
            let label = try #require(record.labels.first)
            guard case .failure(let error) = label.sheet else {
                Issue.record("\(json) was read as a sheet")
                continue
            }
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(record.originalSheet == nil)
        }
    }

    @Test("Double checks read back: a mismatch with both values, then a pass with its checker")
    func checks() throws {
        let store = try Self.store()
        let plan = try Self.plan()
        var right: [DoubleCheckField: String] = [:]
        for field in DoubleCheck.fields(for: plan) {
            let value = try #require(DoubleCheck.expected(field, plan: plan))
            right[field] = Self.typed(value)
        }
        var wrong = right
        wrong[.pumpRate] = "57"
        wrong[.weight] = "7"
        let mismatch = try DoubleCheck.compare(plan: plan, preparer: "A. Lindqvist", checker: "B. Okafor", typed: wrong).get()
        let passed = try DoubleCheck.compare(plan: plan, preparer: "A. Lindqvist", checker: "B. Okafor", typed: right).get()
        #expect(!mismatch.passed)
        #expect(passed.passed)
        _ = try store.append(DoubleCheckRecord.draft(preparationID: "P1", payload: DoubleCheckRecord.abandonedPayload(checker: "D. Abebe"),
                                                     actor: "A. Lindqvist", at: Self.at("2026-11-29T07:45")))
        _ = try store.append(DoubleCheckRecord.draft(preparationID: "P1", payload: DoubleCheckRecord.payload(mismatch),
                                                     actor: "A. Lindqvist", at: Self.at("2026-11-29T07:48")))
        _ = try store.append(DoubleCheckRecord.draft(preparationID: "P1", payload: DoubleCheckRecord.payload(passed),
                                                     actor: "A. Lindqvist", at: Self.at("2026-11-29T07:50")))
        let record = PreparationRecord(id: "P1", entries: try store.entries(preparationID: "P1"))
        let checks = record.checks
        #expect(checks.map(\.outcome) == [.abandoned, .mismatch, .passed])
        #expect(checks[0].mismatched.isEmpty)
        #expect(checks[1].mismatched == ["weight-kg", "pump-rate-ml-per-h"])
        #expect(checks[1].planValues["weight-kg"] == "70 kg")
        #expect(checks[1].checkerValues["weight-kg"] == "7 kg")
        #expect(checks[1].planValues["pump-rate-ml-per-h"] == "75 mL/h")
        #expect(checks[1].checkerValues["pump-rate-ml-per-h"] == "57 mL/h")
        #expect(checks[1].recordedForPeople == "2026-11-29 07:48")
        #expect(checks[2].mismatched.isEmpty)
        #expect(record.checker == "B. Okafor")
        let payload = PreparationRecord.payload(record.entries[1])
        #expect(payload["outcome"] == "mismatch")
        #expect(payload["mismatched"] == "weight-kg,pump-rate-ml-per-h")
        for field in DoubleCheck.fields(for: plan) {
            #expect(payload["plan_" + field.code] != nil)
            #expect(payload["checker_" + field.code] != nil)
        }
        // No passed check: no checker.
        #expect(PreparationRecord(id: "P1", entries: Array(record.entries.prefix(2))).checker == nil)
    }

    /// A value as the checker would type it: "70", "52.5".
    static func typed(_ value: DoubleCheckValue) -> String {
        switch value.field {
        case .dosePerInfusion, .vialCount: String(value.scaled)
        default: value.scaled % 10 == 0 ? String(value.scaled / 10) : "\(value.scaled / 10).\(value.scaled % 10)"
        }
    }
}
