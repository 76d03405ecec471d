import Foundation
import TestSupport
import Testing

/// The section 6 answers of one preparation of the reference order (70 kg, 60 units/kg
/// every 2 weeks, 10 x 400-unit + 1 x 200-unit vials).
struct SectionSixAnswers {
    var preparer = "JS"
    var name = "Jane Doe"
    /// The MRN; empty for none (then the date of birth is given).
    var recordNumber = "123456"
    /// The date of birth; empty for none.
    var dateOfBirth = ""
    /// The order reference; empty for none.
    var orderReference = ""
    /// The weight's date when it is taken from the order; nil when measured today.
    var weightFromOrder: String? = nil
    /// Per strength, the lot and the expiry as typed (400 first).
    var lots: [(strength: Int, lot: String, expiry: String)] = [(400, "A1234", "2027-03"), (200, "B5678", "2027-05")]

    /// The plain answers, one per question, of the whole preparation.
    var plainAnswers: [String] {
        [preparer, "", name, recordNumber, dateOfBirth, orderReference, "70"]
            + (weightFromOrder.map { ["2", $0] } ?? ["1"])
            + (dateOfBirth.isEmpty ? ["y"] : [])   // the age question is answered from a date of birth
            + ["n", "n", "n", "4", "", "60", "", ""]
            + lots.flatMap { [$0.lot, $0.expiry] }
            + plainAfterVials
    }

    /// From the Reconstitute step to Confirm, as in the reference walk (the Summary step:
    /// the double check passed and the label, `plainReferenceCheckAndLabel`).
    static let afterVials = ["", "10", "y", "y", "1", "y", "y", "10", "1", "105", "", "y", "y", "", "", "", "y", "75"]
        + plainReferenceCheckAndLabel
    var plainAfterVials: [String] { Self.afterVials }
}

/// A date `days` from today (UTC), YYYY-MM-DD.
func utcDay(_ days: Int) -> String {
    utcText(Date().addingTimeInterval(Double(days) * 86_400), format: "yyyy-MM-dd")
}

/// The `records export ID --format json` of the one preparation in `database`: the
/// document and its entries.
func exportedJSON(_ database: URL, sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> (id: String, document: [String: Any], entries: [[String: Any]]) {
    let rows = try sandbox.preparations(in: database, sourceLocation: sourceLocation)
    try #require(rows.count == 1, "preparations: \(rows)", sourceLocation: sourceLocation)
    let id = String(rows[0].prefix { $0 != " " })
    let export = try sandbox.exportedRecord(id, in: database, format: "json")
    #expect(export.status == 0, "\(export.standardError)", sourceLocation: sourceLocation)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(export.standardOutput.utf8)) as? [String: Any],
                                sourceLocation: sourceLocation)
    return (id, document, document["entries"] as? [[String: Any]] ?? [])
}

/// The payload of the entry of `step` ("Patient", "Vials"...).
func stepPayload(_ entries: [[String: Any]], _ step: String) -> [String: String] {
    entries.compactMap { $0["payload"] as? [String: String] }.last { $0["step"] == step } ?? [:]
}

/// Every R13 confirmation of the reference preparation, the label's last (section 8).
let referenceConfirmations: Set<String> = [
    "reconstituted-400-unit-vials", "swirled-400-unit-vials", "inspected-400-unit-vials",
    "reconstituted-200-unit-vials", "swirled-200-unit-vials", "inspected-200-unit-vials",
    "withdrawn-whole-400-unit-vials", "withdrawn-whole-200-unit-vials", "total-volume-drawn",
    "sodium-chloride-added", "bag-mixed-and-inspected", "set-and-filter-primed", "pump-programmed",
    "label-attached",
]

/// The whole record of a finished reference preparation holds every section 6 field:
/// the preparer as the actor of every entry, the patient's identifiers, the order
/// reference, where the weight comes from and its date, each strength's lot and expiry
/// (with `scanned` strengths read from a barcode), every R13 confirmation with its
/// instant, the deadlines with their sources, the outcome.
func expectSectionSixRecord(_ entries: [[String: Any]], _ answers: SectionSixAnswers,
                            lots: [Int: (lot: String, expiry: String, source: String)],
                            sourceLocation: SourceLocation = #_sourceLocation) {
    let kinds = entries.compactMap { $0["kind"] as? String }
    #expect(kinds.first == "preparation-begun" && kinds.last == "outcome", "\(kinds)", sourceLocation: sourceLocation)
    // Every entry by the preparer but the double check's, by the checker (section 7).
    let byPreparer = entries.filter { $0["kind"] as? String != "check" }
    #expect(byPreparer.allSatisfy { $0["actor"] as? String == answers.preparer }, "every entry by the preparer: \(entries.map { $0["actor"] ?? "none" })",
            sourceLocation: sourceLocation)
    let checks = entries.filter { $0["kind"] as? String == "check" }
    #expect(checks.count == 1 && checks.allSatisfy { $0["actor"] as? String == referenceChecker }
            && (checks.first?["payload"] as? [String: String])?["outcome"] == "passed", "checks: \(checks)", sourceLocation: sourceLocation)
    #expect((entries.first?["payload"] as? [String: String])?["preparer"] == answers.preparer, sourceLocation: sourceLocation)

    let patient = stepPayload(entries, "Patient")
    #expect(patient["patient_name"] == answers.name, "\(patient)", sourceLocation: sourceLocation)
    #expect(patient["medical_record_number"] == (answers.recordNumber.isEmpty ? nil : answers.recordNumber), "\(patient)", sourceLocation: sourceLocation)
    #expect(patient["date_of_birth"] == (answers.dateOfBirth.isEmpty ? nil : answers.dateOfBirth), "\(patient)", sourceLocation: sourceLocation)
    #expect(patient["order_reference"] == (answers.orderReference.isEmpty ? nil : answers.orderReference), "\(patient)", sourceLocation: sourceLocation)
    #expect(patient["weight_source"] == (answers.weightFromOrder == nil ? "measured-today" : "from-the-order"), "\(patient)", sourceLocation: sourceLocation)
    #expect(patient["weight_date"] == (answers.weightFromOrder ?? utcDay(0)), "\(patient)", sourceLocation: sourceLocation)
    #expect(patient["weight_kg"] == "70", sourceLocation: sourceLocation)
    #expect(patient["at_least_2_years"] == "yes", sourceLocation: sourceLocation)

    let vials = stepPayload(entries, "Vials")
    for (strength, lot) in lots {
        #expect(vials["lot_\(strength)"] == lot.lot, "\(vials)", sourceLocation: sourceLocation)
        #expect(vials["expiry_\(strength)"] == lot.expiry, "\(vials)", sourceLocation: sourceLocation)
        #expect(vials["lot_source_\(strength)"] == lot.source, "\(vials)", sourceLocation: sourceLocation)
    }

    let confirmations = entries.filter { $0["kind"] as? String == "confirmation" }
    #expect(Set(confirmations.compactMap { ($0["payload"] as? [String: String])?["confirmation"] }) == referenceConfirmations,
            sourceLocation: sourceLocation)
    #expect(confirmations.allSatisfy { ($0["recorded_at"] as? String)?.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00/#) != nil },
            "every confirmation with its instant", sourceLocation: sourceLocation)

    let deadlines = stepPayload(entries, "Dilute")["deadlines"] ?? ""
    #expect(deadlines.contains("start-by ") && deadlines.contains("(immediate-use)") && deadlines.contains("(label-diluted-bag)"),
            "deadlines with their sources: \(deadlines)", sourceLocation: sourceLocation)
    let outcome = entries.last?["payload"] as? [String: String] ?? [:]
    #expect(outcome["outcome"] == "finished", sourceLocation: sourceLocation)
    #expect(outcome["summary"]?.contains("Preparer    \(answers.preparer)") == true, sourceLocation: sourceLocation)
    #expect(outcome["summary"]?.contains("Patient ID  \(answers.name)") == true, sourceLocation: sourceLocation)
}

/// The lots typed in the reference answers, as the record holds them (YYYY-MM is the end of
/// the month).
let referenceLotsRecorded: [Int: (lot: String, expiry: String, source: String)] = [
    400: ("A1234", "2027-03-31", "typed"), 200: ("B5678", "2027-05-31", "typed"),
]

@Suite("records: the section 6 record of a whole preparation (binary)", .serialized)
struct RecordContentEndToEndTests {
    @Test("--plain: one record holding every section 6 field, its FHIR export valid R4 with the figures of the plan")
    func plainRecord() throws {
        let sandbox = try Sandbox()
        let answers = SectionSixAnswers(preparer: "Ann O'Neil", orderReference: "RX-2026/0042", weightFromOrder: utcDay(-3))
        let run = try runInfusionPrep(["--plain"], input: plainScript(answers.plainAnswers), sandbox: sandbox)
        #expect(run.status == 0, "\(run.standardError)\n\(run.standardOutput.suffix(3000))")
        let record = try exportedJSON(sandbox.records, sandbox: sandbox)
        #expect(record.document["schema_version"] as? Int == 1)
        #expect(record.document["chain"] as? String == "intact")
        expectSectionSixRecord(record.entries, answers, lots: referenceLotsRecorded)
        // The printed summary says the same.
        let rows = planRows(printedPlan(outputLines(run)))
        func row(_ label: String) -> String { squeezed(rows.first { $0.label == label }?.lines ?? []) }
        #expect(row("Patient ID").contains("Jane Doe") && row("Patient ID").contains("123456"), "\(rows)")
        #expect(row("Order ref").contains("RX-2026/0042"), "\(rows)")
        #expect(row("Weighed").contains(utcDay(-3)) && row("Weighed").contains("order"), "\(rows)")
        #expect(row("Preparer").hasSuffix(" Ann O'Neil"), "\(rows)")

        let fhir = try sandbox.exportedRecord(record.id, format: "fhir")
        #expect(fhir.status == 0, "\(fhir.standardError)")
        expectReferenceDispense(fhir.standardOutput, preparer: "Ann O'Neil", lots: [("A1234", "2027-03-31"), ("B5678", "2027-05-31")])
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(fhir.standardOutput.utf8)) as? [String: Any])
        let patient = try #require(resources(bundle, "Patient").first)
        #expect((patient["identifier"] as? [[String: Any]])?.contains { $0["value"] as? String == "123456" } == true)
        #expect((patient["name"] as? [[String: Any]])?.first?["text"] as? String == "Jane Doe")
    }

    @Test("--plain: a date of birth instead of an MRN answers the age question; the record and FHIR Patient hold it")
    func plainDateOfBirth() throws {
        let sandbox = try Sandbox()
        let answers = SectionSixAnswers(recordNumber: "", dateOfBirth: "1980-04-23")
        let run = try runInfusionPrep(["--plain"], input: plainScript(answers.plainAnswers), sandbox: sandbox)
        #expect(run.status == 0, "\(run.standardError)\n\(run.standardOutput.suffix(3000))")
        #expect(run.standardOutput.contains("Is the patient at least 2 years old?              yes (from the date of birth)"))
        #expect(!run.standardOutput.contains("Is the patient at least 2 years old? Answer y or n"))
        let record = try exportedJSON(sandbox.records, sandbox: sandbox)
        expectSectionSixRecord(record.entries, answers, lots: referenceLotsRecorded)
        let fhir = try sandbox.exportedRecord(record.id, format: "fhir")
        expectReferenceDispense(fhir.standardOutput, preparer: "JS", lots: [("A1234", "2027-03-31"), ("B5678", "2027-05-31")])
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(fhir.standardOutput.utf8)) as? [String: Any])
        #expect(resources(bundle, "Patient").first?["birthDate"] as? String == "1980-04-23")
    }

    @Test("a whole preparation in tmux: one record holding every section 6 field")
    func terminalRecord() throws {
        try #require(TmuxSession.isAvailable)
        let sandbox = try Sandbox()
        let session = try startInTerminal(sandbox: sandbox)
        defer { session.close() }
        let weighed = utcDay(-2)
        try beginPreparation(session, preparer: "Ann Lee")
        try session.type("Jane Doe")
        try session.send("Enter")
        try session.waitFor("> MRN")
        try session.type("123456")
        try session.send("Enter")
        try session.waitFor("> Date of birth")
        try session.send("Enter")
        try session.waitFor("> Order reference")
        try session.type("RX-2026/0042")
        try session.send("Enter")
        try session.waitFor("> Weight   ")
        try session.type("70")
        try session.send("Enter")
        try session.waitFor("> Weight is")
        try session.send("2", "Enter")
        try session.waitFor("(*) from the order", ">   weighed on")
        try session.type(weighed)
        try session.send("Enter")
        try session.waitFor("> Is the patient at least 2 years old?")
        try session.send("y", "Enter", "n", "Enter", "n", "Enter", "n", "Enter")
        try session.waitFor("Step 3 of 8", "(*) units/kg per infusion")
        try session.send("4", "Enter")
        try session.waitFor("> Dose per infusion")
        try session.type("60")
        try session.send("Enter")
        try session.waitFor("Step 4 of 8", "Vials for 4,200 units")
        try enterReferenceLots(session)
        try finishReferenceFromReconstitution(session)

        let answers = SectionSixAnswers(preparer: "Ann Lee", orderReference: "RX-2026/0042", weightFromOrder: weighed)
        let record = try exportedJSON(sandbox.records, sandbox: sandbox)
        expectSectionSixRecord(record.entries, answers, lots: referenceLotsRecorded)
    }

    @Test("tmux: a date of birth instead of an MRN, and a GS1 code scanned into the Lot field (group separator): lot AB-123, expiry 2027-12-31 in the record")
    func terminalScanAndDateOfBirth() throws {
        try #require(TmuxSession.isAvailable)
        let sandbox = try Sandbox()
        let session = try startInTerminal(sandbox: sandbox)
        defer { session.close() }
        try beginPreparation(session)
        try session.type("Jane Doe")
        try session.send("Enter")
        try session.waitFor("> MRN")
        try session.send("Enter")   // empty: the date of birth instead
        try session.waitFor("> Date of birth")
        try session.type("1980-04-23")
        try session.send("Enter")
        try session.waitFor("> Order reference", "years old today")
        try session.send("Enter")
        try session.type("70")
        try session.send("Enter")
        try session.waitFor("> Weight is")
        try session.send("1", "Enter")
        // The age question is answered from the date of birth: the next question is asked.
        let patient = try session.waitFor("> Is this the patient's first infusion?")
        #expect(patient.containsRow("Is the patient at least 2 years old?              yes (from the date of"))
        try session.send("n", "Enter", "n", "Enter", "n", "Enter")
        try session.waitFor("Step 3 of 8", "(*) units/kg per infusion")
        try session.send("4", "Enter")
        try session.waitFor("> Dose per infusion")
        try session.type("60")
        try session.send("Enter")
        try session.waitFor("Step 4 of 8", ">   400-unit lot")
        // What a keyboard-wedge scanner types: (01) GTIN, (17) expiry, (10) lot, the group
        // separator, (21) serial.
        try session.type("0109506000134352" + "17271231" + "10AB-123" + "\u{1D}" + "21XYZ")
        let read = try session.waitFor("read from the barcode: lot AB-123, expiry 2027-12-31, GTIN")
        #expect(read.containsRow("] scanned"))
        try session.send("Enter")
        try enterReferenceLots(session, strengths: [200])
        try finishReferenceFromReconstitution(session)

        let answers = SectionSixAnswers(recordNumber: "", dateOfBirth: "1980-04-23")
        let record = try exportedJSON(sandbox.records, sandbox: sandbox)
        expectSectionSixRecord(record.entries, answers, lots: [400: ("AB-123", "2027-12-31", "scanned"), 200: ("B5678", "2027-05-31", "typed")])
        let vials = stepPayload(record.entries, "Vials")
        #expect(vials.values.contains("09506000134352"), "the GTIN read is recorded: \(vials)")
        let fhir = try sandbox.exportedRecord(record.id, format: "fhir")
        expectReferenceDispense(fhir.standardOutput, preparer: "JS", lots: [("AB-123", "2027-12-31"), ("B5678", "2027-05-31")])
    }

    @Test("tmux: an expired lot (expiry 2020-01) is a STOP that blocks the Vials step until a lot in date is entered")
    func terminalExpiredLot() throws {
        try #require(TmuxSession.isAvailable)
        let sandbox = try Sandbox()
        let session = try startInTerminal(sandbox: sandbox)
        defer { session.close() }
        try walkToVials(session)
        try session.waitFor(">   400-unit lot")
        try session.type("A1234")
        try session.send("Enter")
        try session.waitFor(">   400-unit expiry")
        try session.type("2020-01")
        try session.send("Enter")
        // At once the status line says STOP; the reason is under the lot fields (PgDn at 80x24).
        try session.waitFor("the STOP status line") { $0.last?.hasPrefix(" STOP ") == true }
        try session.send("PageDown")
        let stop = try session.waitFor("STOP: The 400-unit vials of lot A1234 expired on 2020-01-31 (today is", "\(utcDay(0))): do not use them.")
        #expect(stop.last?.hasPrefix(" STOP ") == true, "status line: \(stop.last ?? "")")
        try enterReferenceLots(session, strengths: [200])
        // Every field complete: Enter is refused with the STOP, still on Vials.
        try session.send("Enter")
        try syncThroughHelp(session, step: "Vials")
        let blocked = try session.waitFor("Step 4 of 8")
        #expect(!blocked.containsRow("Step 5 of 8"))
        #expect(blocked.last?.hasPrefix(" STOP ") == true)
        // An expiry in date lifts it; the lots typed are kept.
        try session.send("Up", "Up")
        try session.waitFor(">   400-unit expiry")
        try session.send("End", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        try session.type("2027-03")
        try session.send("Enter")
        try session.waitFor { !$0.containsRow("STOP: The 400-unit vials") }
        try session.send("Enter")
        try session.waitFor("Step 5 of 8")
        try session.send("C-c")
        try expectRestored(try session.waitForExit(), status: 130, session)
        let record = try exportedJSON(sandbox.records, sandbox: sandbox)
        let vials = stepPayload(record.entries, "Vials")
        #expect(vials["expiry_400"] == "2027-03-31" && vials["lot_200"] == "B5678", "\(vials)")
    }

    @Test("--plain: an expired lot is a STOP, the Vials step asked again; an expiry in date goes on, nothing typed before lost")
    func plainExpiredLot() throws {
        let sandbox = try Sandbox()
        let answers = SectionSixAnswers()
        let script = Array(answers.plainAnswers.prefix(17)) + ["A1234", "2020-01", "B5678", "2027-05"]
            + ["", "", "", "2027-03", "", ""] + SectionSixAnswers.afterVials
        let run = try runInfusionPrep(["--plain"], input: plainScript(script), sandbox: sandbox)
        #expect(run.status == 0, "\(run.standardError)\n\(run.standardOutput.suffix(3000))")
        let text = squeezed(outputLines(run))
        #expect(text.contains("Error: STOP: The 400-unit vials of lot A1234 expired on 2020-01-31 (today is \(utcDay(0))): do not use them."), "\(run.standardOutput)")
        let stop = try #require(run.standardOutput.range(of: "Error: STOP: The 400-unit vials"))
        #expect(!run.standardOutput[..<stop.lowerBound].contains("== Step 5 of 8"), "went on past the stop")
        #expect(run.standardOutput[stop.upperBound...].contains("now A1234"), "the lot typed is kept")
        expectSectionSixRecord(try exportedJSON(sandbox.records, sandbox: sandbox).entries, answers, lots: referenceLotsRecorded)
    }

    @Test("records list: --patient, --since and --format json select and show the preparations")
    func listFilters() throws {
        let sandbox = try Sandbox()
        for answers in [SectionSixAnswers(), SectionSixAnswers(preparer: "Bo Kim", name: "John Roe", recordNumber: "654321")] {
            let run = try runInfusionPrep(["--plain"], input: plainScript(answers.plainAnswers), sandbox: sandbox)
            #expect(run.status == 0, "\(run.standardError)")
        }
        func list(_ arguments: [String]) throws -> ProcessResult {
            let result = try runInfusionPrep(["records", "list"] + arguments + ["--records", sandbox.records.path], sandbox: sandbox)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            return result
        }
        let all = try list([]).standardOutput.split(separator: "\n")
        #expect(all.count == 2)
        let jane = try list(["--patient", "123456"]).standardOutput.split(separator: "\n")
        #expect(jane.count == 1 && jane[0].contains("Jane Doe") && jane[0].contains("123456") && jane[0].contains("preparer JS"), "\(jane)")
        let john = try list(["--patient", "654321"]).standardOutput.split(separator: "\n")
        #expect(john.count == 1 && john[0].contains("John Roe") && john[0].contains("preparer Bo Kim"), "\(john)")
        #expect(try list(["--patient", "999999"]).standardOutput == "No preparations recorded that match.\n")
        #expect(try list(["--since", utcDay(0)]).standardOutput.split(separator: "\n").count == 2)
        #expect(try list(["--since", utcDay(1)]).standardOutput == "No preparations recorded that match.\n")
        let json = try list(["--format", "json", "--patient", "123456"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["patient_name"] as? String == "Jane Doe")
        #expect(rows.first?["medical_record_number"] as? String == "123456")
        #expect(rows.first?["preparer"] as? String == "JS")
        #expect(rows.first?["outcome"] as? String == "finished")
        #expect(rows.first?["prepared_dose_units"] as? String == "4200")
        #expect(rows.first?["schema_version"] as? Int == 1)
        let refused = try runInfusionPrep(["records", "list", "--since", "2026-02-30", "--records", sandbox.records.path], sandbox: sandbox)
        #expect(refused.status != 0 && refused.standardError.contains("2026-02-30"), "\(refused.standardError)")
    }

    @Test("the FHIR structure check refuses an unknown element, a missing required one, a 0..1 given as an array and a reference that resolves nowhere")
    func fhirCheckRefuses() throws {
        let good = ##"{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"p1"}},{"fullUrl":"urn:uuid:2","resource":{"resourceType":"MedicationDispense","status":"completed","contained":[{"resourceType":"Medication","id":"m"}],"medicationReference":{"reference":"#m"},"subject":{"reference":"urn:uuid:1"}}}]}"##
        #expect(FHIRStructure.problems(in: good).isEmpty, "\(FHIRStructure.problems(in: good))")
        let bad: [(String, String, String)] = [
            (##""status":"completed","##, ##""status":"completed","lot":"A1","##, "$.entry[1].resource.lot: unknown element"),
            (##""status":"completed","##, "", "required element status missing"),
            (##""type":"collection""##, ##""type":["collection"]"##, "$.type: 0..1 element must not be an array"),
            (##""reference":"#m""##, ##""reference":"#x""##, "#x names no contained resource"),
            (##""reference":"urn:uuid:1""##, ##""reference":"urn:uuid:9""##, "urn:uuid:9 is no entry's fullUrl in the Bundle"),
            (##""medicationReference":{"reference":"#m"},"##, "", "required element medication missing"),
            (##""resourceType":"Medication","id":"m""##, ##""resourceType":"Medication","id":"m","batch":{"expirationDate":"31/12/2027"}"##,
             "not a dateTime: 31/12/2027"),
        ]
        for (old, new, problem) in bad {
            let document = good.replacingOccurrences(of: old, with: new)
            #expect(document != good)
            let problems = FHIRStructure.problems(in: document)
            #expect(problems.contains { $0.contains(problem) }, "\(problem): \(problems)")
        }
    }
}

/// The resources of `type` in a Bundle's entries.
func resources(_ bundle: [String: Any], _ type: String) -> [[String: Any]] {
    (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }.filter { $0["resourceType"] as? String == type }
}

/// A FHIR export of a finished reference preparation: valid R4 structure (FHIRStructure),
/// a collection Bundle with one MedicationDispense (completed; the preparer as the
/// packager; one contained Medication per lot with its batch; 150 mL; 4,200 U at 75 mL/h;
/// the subject the Bundle's Patient).
func expectReferenceDispense(_ json: String, preparer: String, lots: [(lot: String, expiry: String)],
                             sourceLocation: SourceLocation = #_sourceLocation) {
    let problems = FHIRStructure.problems(in: json)
    #expect(problems.isEmpty, "R4 structure: \(problems)", sourceLocation: sourceLocation)
    guard let bundle = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
        Issue.record("not JSON: \(json)", sourceLocation: sourceLocation)
        return
    }
    #expect(bundle["resourceType"] as? String == "Bundle", sourceLocation: sourceLocation)
    #expect(bundle["type"] as? String == "collection", sourceLocation: sourceLocation)
    let dispenses = resources(bundle, "MedicationDispense")
    #expect(dispenses.count == 1, sourceLocation: sourceLocation)
    guard let dispense = dispenses.first else { return }
    #expect(dispense["status"] as? String == "completed", sourceLocation: sourceLocation)
    #expect(dispense["whenPrepared"] is String, sourceLocation: sourceLocation)
    let performers = dispense["performer"] as? [[String: Any]] ?? []
    let packager = performers.first { performer in
        ((performer["function"] as? [String: Any])?["coding"] as? [[String: Any]])?.contains {
            $0["code"] as? String == "packager"
                && $0["system"] as? String == "http://terminology.hl7.org/CodeSystem/medicationdispense-performer-function"
        } == true
    }
    #expect((packager?["actor"] as? [String: Any])?["display"] as? String == preparer, "\(performers)", sourceLocation: sourceLocation)
    let batches = (dispense["contained"] as? [[String: Any]] ?? []).filter { $0["resourceType"] as? String == "Medication" }
        .compactMap { $0["batch"] as? [String: String] }
    #expect(Set(batches.compactMap { $0["lotNumber"] }) == Set(lots.map(\.lot)), "\(batches)", sourceLocation: sourceLocation)
    for lot in lots {
        #expect(batches.contains { $0["lotNumber"] == lot.lot && $0["expirationDate"] == lot.expiry }, "\(lot): \(batches)",
                sourceLocation: sourceLocation)
    }
    let quantity = dispense["quantity"] as? [String: Any] ?? [:]
    #expect(quantity["value"] as? Int == 150 && quantity["unit"] as? String == "mL" && quantity["code"] as? String == "mL"
            && quantity["system"] as? String == "http://unitsofmeasure.org", "\(quantity)", sourceLocation: sourceLocation)
    let doseAndRate = ((dispense["dosageInstruction"] as? [[String: Any]])?.first?["doseAndRate"] as? [[String: Any]])?.first ?? [:]
    let dose = doseAndRate["doseQuantity"] as? [String: Any] ?? [:]
    let rate = doseAndRate["rateQuantity"] as? [String: Any] ?? [:]
    #expect(dose["code"] as? String == "U" && dose["value"] as? Int == 4200 && dose["system"] as? String == "http://unitsofmeasure.org",
            "\(dose)", sourceLocation: sourceLocation)
    #expect(rate["code"] as? String == "mL/h" && rate["value"] as? Int == 75 && rate["system"] as? String == "http://unitsofmeasure.org",
            "\(rate)", sourceLocation: sourceLocation)
    let subject = (dispense["subject"] as? [String: Any])?["reference"] as? String
    let patientURL = (bundle["entry"] as? [[String: Any]] ?? []).first {
        ($0["resource"] as? [String: Any])?["resourceType"] as? String == "Patient"
    }?["fullUrl"] as? String
    #expect(subject != nil && subject == patientURL, "subject \(subject ?? "none"), Patient \(patientURL ?? "none")", sourceLocation: sourceLocation)
}

/// From the Reconstitute step of the reference plan to the exit after Confirm: every vial
/// counted and ticked, 105 mL typed back, the bag, the rate typed back, the double check and
/// the label (as the full walk).
func finishReferenceFromReconstitution(_ session: TmuxSession) throws {
    try reviewReferenceFromReconstitution(session)
    try checkAndLabel(session)
    try session.send("Enter")
    try expectRestored(try session.waitForExit(), status: 0, session)
}

/// From the Reconstitute step of the reference plan to the Summary step's review, "Hand
/// over to the checker" focused: every vial counted and ticked, 105 mL typed back, the
/// bag, the rate typed back.
@discardableResult
func reviewReferenceFromReconstitution(_ session: TmuxSession) throws -> [String] {
    try session.waitFor("Step 5 of 8", ">   [0 of 10] Add 10.2 mL")
    try confirmReferenceReconstitution(session)
    try session.waitFor("Step 6 of 8", ">   [0 of 10] Withdraw 10 mL (400 units)")
    for _ in 0..<10 { try session.send("Space") }
    try session.send("Enter", "Space", "Enter")
    try session.waitFor("> Total drawn")
    try session.type("105")
    try session.send("Enter")
    try session.waitFor("Total drawn           [105         ] mL  matches the plan")
    try session.send("Space", "Enter", "Space", "Enter")
    try session.waitFor("Step 7 of 8", ">   [ ] Set and in-line, low protein-binding, 0.2 micron filter primed")
    try session.send("Space", "Enter")
    try session.waitFor("> Rate on the pump")
    try session.type("75")
    try session.send("Enter")
    return try waitForHandOver(session)
}

extension TerminalEndToEndTests {
    @Suite("Section 6 text fields in the wizard")
    struct SectionSixFields {
        /// Names and lots hold the letter q (Quinn, Jacques, lot Q123).
        @Test("a preparer's name with the letter Q is typed into the field, not taken as quit")
        func letterQInAName() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try session.waitFor(startFocus)
            try session.type("Quinn")
            let screen = try session.waitFor("the name typed") { $0.containsRow("[Quinn ") || $0.containsRow("[inn ") }
            #expect(screen.containsRow("> Preparer              [Quinn "), "\(screen.joined(separator: "\n"))")
            #expect(!screen.containsRow("Quit without finishing?"))
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }

        @Test("at 80x24 the patient's full name field is drawn on its own row, its box closed on it")
        func fullNameFitsTheWidth() throws {
            let sandbox = try Sandbox()
            let session = try startInTerminal(sandbox: sandbox)
            defer { session.close() }
            try beginPreparation(session)
            try session.type("Jane Doe")
            let screen = try session.waitFor("[Jane Doe")
            let row = try #require(session.row(containing: "Full name", in: screen))
            #expect(row.contains("[Jane Doe") && row.contains("]"), "\(screen.prefix(6).joined(separator: "\n"))")
            #expect(screen.allSatisfy { $0.count <= 80 })
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)
        }
    }
}
