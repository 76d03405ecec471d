import Foundation
import InfusionCalc
import InfusionTraining
import InfusionRecords
import InfusionWizard
import Testing

/// The journal writes a preparation's record entry by entry from the wizard's states
/// (rule book section 6), into the real SQLite store.
@Suite struct PreparationJournalTests {
    static let start = Instant(secondsSinceEpoch: 1_795_939_200) // 2026-11-29T00:00:00Z + 9 h below

    /// A journal on a fresh store, and the wizard's first state at 09:00 UTC.
    static func make() throws -> (PreparationJournal, SQLiteRecordStore, WizardState) {
        let path = SQLiteRecordStoreTests.folder().appendingPathComponent("records.sqlite").path
        let store = try SQLiteRecordStore(path: path)
        let state = WizardState(now: start.adding(hours: 9))
        return (PreparationJournal(store: store, initial: state, programVersion: "test"), store, state)
    }

    /// Applies actions, showing the journal every state, as the shell does.
    static func apply(_ actions: [Action], to state: inout WizardState, _ journal: PreparationJournal, minutesEach: Int = 1) throws {
        for action in actions {
            state.now = state.now.adding(minutes: minutesEach)
            update(&state, action)
            try journal.observe(state)
        }
    }

    static func answer(_ control: Control, _ action: Action) -> [Action] { [.focus(control), action] }

    /// Start: the preparer typed, Begin.
    static let begin: [Action] = answer(.preparer, .replaceText("JS")) + [.key(.enter)]

    /// Start to the Reconstitute step for Jane Doe (MRN 123456), 70 kg measured today,
    /// 60 units/kg every 2 weeks, lots A1234 (400) and B5678 (200).
    static func toReconstitution() -> [Action] {
        begin
            + answer(.patientName, .replaceText("Jane Doe")) + answer(.recordNumber, .replaceText("123456"))
            + answer(.weight, .replaceText("70")) + [.key(.down)]
            + answer(.weightSource, .choose(0))
            + answer(.atLeastTwoYears, .key(.character("y")))
            + answer(.firstInfusion, .key(.character("n")))
            + answer(.previousHypersensitivity, .key(.character("n")))
            + answer(.previousAlglucerase, .key(.character("n"))) + [.key(.enter)]
            + answer(.frequency, .choose(3)) + answer(.dose, .replaceText("60")) + [.key(.down), .key(.enter)]
            + answer(.vialLot(400), .replaceText("A1234")) + answer(.vialExpiry(400), .replaceText("2027-03"))
            + answer(.vialLot(200), .replaceText("B5678")) + answer(.vialExpiry(200), .replaceText("2027-05"))
            + [.key(.enter)]
    }

    /// Where the weight is, in `toReconstitution()`.
    static let weightAction = toReconstitution().firstIndex(of: .replaceText("70")) ?? 0

    static func payloads(_ store: SQLiteRecordStore) throws -> [(EntryKind, [String: String])] {
        try store.entries(preparationID: nil).map { entry in
            (entry.kind, (try? JSONDecoder().decode([String: String].self, from: Data(entry.payload.utf8))) ?? [:])
        }
    }

    @Test func nothingIsRecordedBeforeThePreparationBegins() throws {
        let (journal, store, initial) = try Self.make()
        var state = initial
        try Self.apply([.key(.down), .key(.help), .key(.character("x"))], to: &state, journal)
        #expect(try store.entries(preparationID: nil).isEmpty)
        #expect(!journal.hasBegun)
    }

    @Test func eachStepAndEachConfirmationIsRecordedAsItHappens() throws {
        let (journal, store, initial) = try Self.make()
        var state = initial
        try Self.apply(Self.toReconstitution(), to: &state, journal)
        #expect(state.step == .reconstitution)
        let kinds = try Self.payloads(store).map(\.0)
        #expect(kinds.first == .preparationBegun)
        let steps = try Self.payloads(store).filter { $0.0 == .entry }.map { $0.1["step"] }
        #expect(steps == ["Patient", "Regimen", "Vials"])
        let vials = try Self.payloads(store).first { $0.1["step"] == "Vials" }?.1
        #expect(vials?["prepared_dose_units"] == "4200")
        #expect(vials?["vials"] == "10 x 400 + 1 x 200")
        // Section 6: who, which patient, where the weight comes from, which lots.
        #expect(try Self.payloads(store).first?.1["preparer"] == "JS")
        #expect(try store.entries(preparationID: nil).allSatisfy { $0.actor == "JS" }, "every entry names the preparer")
        let patient = try #require(try Self.payloads(store).first { $0.1["step"] == "Patient" }?.1)
        #expect(patient["patient_name"] == "Jane Doe")
        #expect(patient["medical_record_number"] == "123456")
        #expect(patient["date_of_birth"] == nil)
        #expect(patient["weight_source"] == "measured-today")
        #expect(patient["weight_date"] == "2026-11-29")
        #expect(vials?["lot_400"] == "A1234" && vials?["expiry_400"] == "2027-03-31" && vials?["lot_source_400"] == "typed")
        #expect(vials?["lot_200"] == "B5678" && vials?["expiry_200"] == "2027-05-31")
        // Three vials counted one by one: three entries, each with its own instant.
        let counter = Control.confirmation(.reconstituted(strength: 400, vials: 10))
        try Self.apply([.focus(counter), .key(.character(" ")), .key(.character(" ")), .key(.character(" "))], to: &state, journal)
        let confirmations = try store.entries(preparationID: journal.preparationID).filter { $0.kind == .confirmation }
        #expect(confirmations.count == 3)
        #expect(Set(confirmations.map(\.recordedAt)).count == 3, "each vial has its instant")
        #expect(try Self.payloads(store).filter { $0.0 == .confirmation }.map { $0.1["count"] } == ["1", "2", "3"])
        // One taken back is a correction that points at its entry; nothing is removed.
        try Self.apply([.key(.character("-"))], to: &state, journal)
        let all = try store.entries(preparationID: nil)
        let correction = try #require(all.last)
        #expect(correction.kind == .correction)
        #expect(correction.corrects == confirmations.last?.sequence)
        #expect(try store.verify() == .intact(entries: all.count))
    }

    @Test func anAbandonedPreparationSaysWhatWasDone() throws {
        let (journal, store, initial) = try Self.make()
        var state = initial
        try Self.apply(Self.toReconstitution(), to: &state, journal)
        let counter = Control.confirmation(.reconstituted(strength: 400, vials: 10))
        try Self.apply([.focus(counter), .key(.character(" ")), .key(.character(" ")), .key(.character("q")), .key(.character("y"))],
                       to: &state, journal)
        #expect(state.outcome == .quit)
        try journal.finish(state)
        let outcome = try #require(try Self.payloads(store).last)
        #expect(outcome.0 == .outcome)
        #expect(outcome.1["outcome"] == "abandoned")
        #expect(outcome.1["step"] == "Reconstitute")
        #expect(outcome.1["done"]?.contains("10 x 400-unit vials reconstituted") == true)
        #expect(outcome.1["done"]?.contains("(2)") == true, "two vials were opened")
    }

    @Test func aHardStopIsRecordedOnceAndTheOutcomeIsStopped() throws {
        let (journal, store, initial) = try Self.make()
        var state = initial
        var actions = Self.toReconstitution()
        #expect(actions[Self.weightAction] == .replaceText("70"))
        actions[Self.weightAction] = .replaceText("140")
        try Self.apply(actions + [.key(.enter), .key(.enter)], to: &state, journal)
        #expect(state.step == .vials, "the 200 mL stop holds the Vials step")
        let stops = try Self.payloads(store).filter { $0.0 == .finding }
        #expect(stops.count == 1)
        #expect(stops.first?.1["finding"] == "drug-volume-above-200-ml")
        try Self.apply([.key(.character("q")), .key(.character("y"))], to: &state, journal)
        try journal.finish(state)
        #expect(try Self.payloads(store).last?.1["outcome"] == "stopped")
    }

    @Test func acknowledgementsKeepTheirText() throws {
        let (journal, store, initial) = try Self.make()
        var state = initial
        try Self.apply(Self.begin + Self.answer(.weight, .replaceText("8")) + [.key(.down)]
                       + Self.answer(.acknowledge(.weightBelowSoftMinimum), .key(.character("a"))), to: &state, journal)
        let acknowledgement = try #require(try Self.payloads(store).first { $0.0 == .acknowledgement })
        #expect(acknowledgement.1["finding"] == "weight-below-10-kg")
        #expect(acknowledgement.1["message"]?.contains("8 kg") == true)
        // By whom: the preparer.
        #expect(try store.entries(preparationID: nil).first { $0.kind == .acknowledgement }?.actor == "JS")
    }

    @Test func aDateOfBirthAnswersTheAgeQuestionAndAScanGivesTheLot() throws {
        let (journal, store, initial) = try Self.make()
        var state = initial
        var actions = Self.toReconstitution()
        // No MRN: the date of birth instead, and no age question to answer.
        actions.removeAll { $0 == .focus(.recordNumber) || $0 == .replaceText("123456") }
        let age = try #require(actions.firstIndex(of: .focus(.atLeastTwoYears)))
        actions.removeSubrange(age...(age + 1))
        let weight = try #require(actions.firstIndex(of: .focus(.weight)))
        actions.insert(contentsOf: Self.answer(.dateOfBirth, .replaceText("1980-04-23")), at: weight)
        // The 400-unit lot scanned: GTIN, expiry 2027-12-31, lot AB-123, serial.
        let lot = try #require(actions.firstIndex(of: .replaceText("A1234")))
        actions[lot] = .replaceText("0109506000134352" + "17271231" + "10AB-123" + "\u{1D}" + "21XYZ")
        actions.removeAll { $0 == .focus(.vialExpiry(400)) || $0 == .replaceText("2027-03") }
        try Self.apply(actions, to: &state, journal)
        #expect(state.step == .reconstitution, "\(state.message ?? "") \(state.fieldErrors) \(Derived(state).vialLots)")
        let patient = try #require(try Self.payloads(store).first { $0.1["step"] == "Patient" }?.1)
        #expect(patient["date_of_birth"] == "1980-04-23")
        #expect(patient["age_years_from_date_of_birth"] == "46")
        #expect(patient["at_least_2_years"] == "yes")
        let vials = try #require(try Self.payloads(store).first { $0.1["step"] == "Vials" }?.1)
        #expect(vials["lot_400"] == "AB-123")
        #expect(vials["expiry_400"] == "2027-12-31")
        #expect(vials["gtin_400"] == "09506000134352")
        #expect(vials["serial_400"] == "XYZ")
        #expect(vials["lot_source_400"] == "scanned")
    }

    @Test func anExpiredLotIsAHardStopRecordedOnce() throws {
        let (journal, store, initial) = try Self.make()
        var state = initial
        var actions = Self.toReconstitution()
        let expiry = try #require(actions.firstIndex(of: .replaceText("2027-05")))
        actions[expiry] = .replaceText("2026-10")
        try Self.apply(actions + [.key(.enter)], to: &state, journal)
        #expect(state.step == .vials, "the expired lot holds the Vials step")
        let stops = try Self.payloads(store).filter { $0.0 == .finding }
        #expect(stops.map { $0.1["finding"] } == ["vial-expired"])
        #expect(stops.first?.1["message"]?.contains("B5678 expired on 2026-10-31") == true)
    }

    @Test func trainingNeverRecords() throws {
        let (journal, store, initial) = try Self.make()
        var state = initial
        state.training = TrainingSession(mode: .guided, scenarioName: "s", scenarioTitle: "S", learningPoints: [])
        try Self.apply(Self.toReconstitution(), to: &state, journal)
        try journal.finish(state)
        #expect(try store.entries(preparationID: nil).isEmpty)
    }
}

/// Section 7 in the record: every double check the wizard compared or stopped, with the
/// checker as the entry's actor; the FHIR export names the checker.
@Suite struct DoubleCheckJournalTests {
    @Test func eachCheckIsRecordedWithTheCheckerAndBothValues() throws {
        let (journal, store, initial) = try PreparationJournalTests.make()
        var state = initial
        try PreparationJournalTests.apply(PreparationJournalTests.toReconstitution(), to: &state, journal)
        let plan = try #require(Derived(state).plan)
        var typed: [DoubleCheckField: String] = [:]
        for field in DoubleCheck.fields(for: plan) {
            let value = try #require(DoubleCheck.expected(field, plan: plan))
            typed[field] = field == .weight ? "75" : String(value.text.split(separator: " ").first ?? "").replacingOccurrences(of: ",", with: "")
        }
        let wrong = try DoubleCheck.compare(plan: plan, preparer: "JS", checker: "B. Okafor", typed: typed).get()
        #expect(!wrong.passed)
        typed[.weight] = "70"
        let right = try DoubleCheck.compare(plan: plan, preparer: "JS", checker: "B. Okafor", typed: typed).get()
        #expect(right.passed)
        state.checkEvents = [.abandoned(checker: "C. Reyes", at: state.now), .compared(wrong, at: state.now.adding(minutes: 1))]
        try journal.observe(state)
        state.checkEvents.append(.compared(right, at: state.now.adding(minutes: 2)))
        try journal.observe(state)
        let checks = try store.entries(preparationID: journal.preparationID).filter { $0.kind == .check }
        #expect(checks.map(\.actor) == ["C. Reyes", "B. Okafor", "B. Okafor"], "the checker is the actor")
        let payloads = checks.map(PreparationRecord.payload)
        #expect(payloads.map { $0["outcome"] } == ["abandoned", "mismatch", "passed"])
        #expect(payloads[1]["mismatched"] == "weight-kg")
        #expect(payloads[1]["plan_weight-kg"] == "70 kg" && payloads[1]["checker_weight-kg"] == "75 kg")
        #expect(payloads[2]["mismatched"] == "")
        #expect(checks[1].recordedAt == state.zone.zoned(state.now.adding(minutes: 1)).iso8601, "the instant of the comparison")
        // Observed again, nothing is recorded twice; the rest of the record still names the preparer.
        try journal.observe(state)
        #expect(try store.entries(preparationID: journal.preparationID).filter { $0.kind == .check }.count == 3)
        #expect(try store.entries(preparationID: journal.preparationID).filter { $0.kind != .check }.allSatisfy { $0.actor == "JS" })
        let record = PreparationRecord(id: journal.preparationID, entries: try store.entries(preparationID: journal.preparationID))
        #expect(record.checker == "B. Okafor")
        #expect(record.checks.map(\.outcome.rawValue) == ["abandoned", "mismatch", "passed"])
        let fhir = try FHIRExport.json(record)
        #expect(fhir.contains("B. Okafor") && fhir.contains("\"checker\""), "the FHIR performer names the checker")
        #expect(try store.verify() == .intact(entries: try store.entries(preparationID: nil).count))
    }
}
