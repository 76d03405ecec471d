import Foundation
import InfusionCalc
@testable import InfusionRecords
import InfusionWizard
import TestSupport
import Testing

/// Every JSON the record writes, byte for byte: the journal's entries (their payloads are
/// what the hash chain covers), the label sheet inside a label entry, `records list` and
/// `records export` as JSON, and the FHIR export. Golden files in `__json__`
/// (UPDATE_GOLDEN=1 rewrites them; review the diff).
@Suite struct RecordJSONGoldenTests {
    static let golden = GoldenFiles("__json__", nextTo: #filePath, what: "JSON")

    static func check(_ text: String, _ name: String) {
        if let problem = golden.problem(text.hasSuffix("\n") ? text : text + "\n", name: name) { Issue.record(Comment(rawValue: problem)) }
    }

    /// A preparation begun in the wizard, taken to the Reconstitute step, two vials counted,
    /// then abandoned: the entries as the journal writes them.
    static func abandoned(into store: SQLiteRecordStore) throws -> PreparationRecord {
        let journal = PreparationJournal(store: store, initial: WizardState(now: PreparationJournalTests.start.adding(hours: 9)),
                                         programVersion: "test", preparationID: "0b7e2c1a-golden-abandoned")
        var state = WizardState(now: PreparationJournalTests.start.adding(hours: 9))
        try PreparationJournalTests.apply(PreparationJournalTests.toReconstitution(), to: &state, journal)
        let counter = Control.confirmation(.reconstituted(strength: 400, vials: 10))
        try PreparationJournalTests.apply([.focus(counter), .key(.character(" ")), .key(.character(" ")),
                                           .key(.character("q")), .key(.character("y"))], to: &state, journal)
        try journal.finish(state)
        return PreparationRecord(id: journal.preparationID, entries: try store.entries(preparationID: journal.preparationID))
    }

    /// A finished preparation written entry by entry with the journal's payload keys, with
    /// text that needs escaping (quotes, a backslash, a tab, a line break, a control
    /// character, accents, a no-break space), two lots, a passed check and a printed label.
    static func finished(into store: SQLiteRecordStore) throws -> PreparationRecord {
        let id = "5c9d4e2f-golden-finished"
        let preparer = "A. Lindqvist", checker = "B. Okafor"
        func at(_ clock: String) -> String { "2026-11-29T\(clock):00+01:00" }
        func draft(_ kind: EntryKind, _ clock: String, _ payload: [String: String], actor: String? = preparer) throws -> EntryDraft {
            EntryDraft(preparationID: id, kind: kind, recordedAt: at(clock), actor: actor,
                       payload: try PreparationJournal.canonicalJSON(payload))
        }
        let drafts: [EntryDraft] = [
            try draft(.preparationBegun, "07:10", ["preparer": preparer, "program_version": "test", "policy": SitePolicy.builtInText,
                                               "workstation": "bench/2"]),
            try draft(.entry, "07:12", ["step": "Patient", "patient_name": "Maria \"Mia\" O\\Example", "medical_record_number": "0012345",
                                    "date_of_birth": "2019-04-02", "weight_kg": "18.5", "weight_source": "measured-today",
                                    "weight_date": "2026-11-29", "order_reference": "ORD-77/3"]),
            try draft(.entry, "07:15", ["step": "Vials", "prepared_dose_units": "1110", "prescribed_dose_units": "1110",
                                    "vials": "2 x 400 + 2 x 200", "lot_400": "A1234", "expiry_400": "2027-03-31",
                                    "lot_source_400": "scanned", "gtin_400": "05000123456789", "serial_400": "S\u{1D}9",
                                    "lot_200": "B5678", "expiry_200": "2027-05-31", "lot_source_200": "typed"]),
            try draft(.confirmation, "07:19", ["confirmation": "reconstituted-400", "count": "1"]),
            try draft(.confirmation, "07:20", ["confirmation": "reconstituted-400", "count": "2"]),
            try draft(.entry, "07:41", ["step": "Dilute", "final_volume_ml": "100", "sodium_chloride_ml": "72.2", "diluted_at": at("07:41")]),
            try draft(.entry, "07:44", ["step": "Administer", "rate_ml_per_h": "62.5", "duration_min": "96",
                                    "cautions": "first-infusion,child-under-two", "note": "line one\nline two\tindented"]),
            try draft(.check, "07:50", ["outcome": "passed", "checker": checker, "mismatched": "",
                                    "plan_weight-kg": "18.5 kg", "checker_weight-kg": "18.5 kg"], actor: checker),
            try LabelRecord.draft(try LabelRecordTests.sheet(id: id), format: .text, size: .fourByTwo,
                              destination: "file labels/\(id).txt", failure: nil, delivered: "Label written to labels/\(id).txt.",
                              actor: preparer, at: LabelRecordTests.at("2026-11-29T07:52")),
            try draft(.outcome, "07:55", ["outcome": "finished", "summary": "Summary\n  prepared dose 1,110 units\u{A0}(60 units/kg)\n  caf\u{E9} \u{1}end"]),
        ]
        var sequences: [Int] = []
        for entry in drafts {
            sequences.append(try store.append(entry).sequence)
            // The second vial counted by mistake is taken back: a correction pointing at it,
            // with no actor (as a store written by an earlier version may hold).
            if entry.payload.contains("\"count\":\"2\"") {
                _ = try store.append(EntryDraft(preparationID: id, kind: .correction, recordedAt: at("07:21"), actor: nil,
                                                payload: try PreparationJournal.canonicalJSON(["confirmation": "reconstituted-400", "count": "1"]),
                                                corrects: sequences.last))
            }
        }
        return PreparationRecord(id: id, entries: try store.entries(preparationID: id))
    }

    @Test("the journal's entries, records list and export, and FHIR, byte for byte")
    func records() throws {
        let store = try LabelRecordTests.store()
        let abandoned = try Self.abandoned(into: store)
        let finished = try Self.finished(into: store)
        for (record, name) in [(abandoned, "abandoned"), (finished, "finished")] {
            Self.check(record.entries.map { "\($0.kind.rawValue) \($0.payload)" }.joined(separator: "\n"), "journal-\(name).txt")
            Self.check(try RecordJSON.export(record, chain: "intact"), "export-\(name).json")
            Self.check(try FHIRExport.json(record), "fhir-\(name).json")
        }
        Self.check(try RecordJSON.list([abandoned, finished]), "list.json")
        Self.check(try RecordJSON.list([]), "list-empty.json")
        Self.check(try LabelRecord.sheetJSON(try LabelRecordTests.sheet(id: "5c9d4e2f-golden-finished")), "label-sheet.json")
        #expect(try store.verify() == .intact(entries: abandoned.entries.count + finished.entries.count))
    }
}
