import Foundation
import InfusionCalc
import Testing

/// Rule book section 8: the bag label's content, its text form (12 x 40) and its ZPL form,
/// against golden files and the rule book's wording.
@Suite("Bag label (section 8)")
struct BagLabelTests {
    @Test("Golden labels: adult standard case and a child with cautions, text and ZPL at both sizes")
    func goldens() throws {
        for (name, content) in [("adult-standard", LabelCases.adult()), ("child-cautions", LabelCases.child()),
                                ("child-cautions-reprint", LabelCases.child(reprintedAt: instant("2026-11-29T12:03:00+01:00"))),
                                ("child-cautions-pharmacy", LabelCases.child(setting: .pharmacy))] {
            switch BagLabel.text(content) {
            case .success(let text): LabelGolden.check(text.joined(separator: "\n") + "\n", name: "\(name).txt")
            case .failure(let error):
                let joined = BagLabel.Layout.tight.lines(content, width: BagLabel.textColumns)
                Issue.record(Comment(rawValue: "\(name): \(error)\n" + joined.joined(separator: "\n")))
            }
            for size in ZPLLabelSize.allCases {
                switch ZPL.label(content, size: size) {
                case .success(let label): LabelGolden.check(label.text, name: "\(name).\(size.rawValue).zpl")
                case .failure(let error): Issue.record("\(name) \(size.name): \(error)")
                }
            }
        }
    }

    @Test("Adult standard case: the rule book's figures and wording, in section 8's order")
    func adultContent() throws {
        let lines = try BagLabel.text(LabelCases.adult()).get()
        let flowing = lines.joined(separator: " ")
        // Section 8's examples, word for word (section 4's adult case: 4,200 units, 150 mL, 120 min, 75 mL/h).
        let expected = ["Maria Example, MRN 0012345",
                        "imiglucerase (Cerezyme) 4,200 units",
                        "in 0.9% sodium chloride, total 150 mL (28 units/mL)",
                        "IV over 120 min at 75 mL/h",
                        "use a 0.2 micron in-line filter; no other medicines in the line",
                        "Prepared 2026-11-29 07:52 by A. Lindqvist; checked by B. Okafor",
                        "Start by 2026-11-29 11:19 (immediate use)",
                        "ID 3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f"]
        var position = flowing.startIndex
        for phrase in expected {
            guard let found = flowing.range(of: phrase, range: position..<flowing.endIndex) else {
                Issue.record("missing or out of order: \(phrase)\n\(lines.joined(separator: "\n"))")
                continue
            }
            position = found.upperBound
        }
        // Immediate use: the bag may not be stored, so no storage line; no cautions; not a reprint.
        #expect(!flowing.contains("degrees C"))
        #expect(!flowing.contains("REPRINT"))
        #expect(LabelCases.adult().cautions.isEmpty)
    }

    @Test("Child: the R12 cautions in capitals, the date of birth, the deadline with its source")
    func childContent() throws {
        let content = LabelCases.child()
        #expect(content.cautions == [.underTwoYears, .firstInfusion])
        let lines = try BagLabel.text(content).get()
        let flowing = lines.joined(separator: " ")
        // Section 4 arithmetic: 9.5 kg x 60 = 570 units in 100 mL (5.7 units/mL); 100 mL over 120 min = 50 mL/h.
        for phrase in ["Sam Example, DOB 2025-03-14", "imiglucerase (Cerezyme) 570 units",
                       "total 100 mL (5.7 units/mL)", "IV over 120 min at 50 mL/h",
                       "UNDER 2 YEARS OF AGE; FIRST INFUSION",
                       "Start by 2026-11-29 13:05 (immediate use)", "ID PREP-2026-000417"] {
            #expect(flowing.contains(phrase), "\(phrase)\n\(lines.joined(separator: "\n"))")
        }
        // The caution words are never in lower case on the label.
        #expect(!flowing.contains("first infusion") && !flowing.contains("under 2 years"))
        let zpl = try ZPL.label(content, size: .fourByTwo).get()
        let zplText = zpl.fields.compactMap { if case .text(let line) = $0.kind { line } else { nil } }.joined(separator: " ")
        #expect(zplText.contains("UNDER 2 YEARS OF AGE; FIRST INFUSION"))
    }

    @Test("The fullest label: too long for 12 x 40, so the text label is refused (never cut); the ZPL label holds it all")
    func fullest() throws {
        let content = LabelCases.childWithEverything()
        #expect(content.cautions == [.previousHypersensitivity, .underTwoYears, .firstInfusion])
        guard case .failure(.textDoesNotFit(let needed, 12)) = BagLabel.text(content) else {
            Issue.record("the fullest label fitted 12 lines: make the case fuller")
            return
        }
        #expect(needed > 12)
        for size in ZPLLabelSize.allCases {
            let label = try ZPL.label(content, size: size).get()
            let printed = label.fields.compactMap { if case .text(let line) = $0.kind { line } else { nil } }.joined(separator: " ")
            for phrase in ["PREVIOUS HYPERSENSITIVITY REACTION; UNDER 2 YEARS OF AGE; FIRST INFUSION",
                           "Start by 2026-11-30 09:30 (label, diluted bag)", "2 to 8 degrees C, protect from light",
                           "IV over 180 min at 33.3 mL/h", "REPRINT 2026-11-29 14:03"] {
                #expect(printed.contains(phrase), "\(size.name): \(phrase)")
            }
            LabelGolden.check(label.text, name: "child-fullest.\(size.rawValue).zpl")
        }
    }

    @Test("A reprint says REPRINT with its instant; the policy without a check says so")
    func reprintAndNoCheck() throws {
        let reprint = try BagLabel.text(LabelCases.adult(reprintedAt: instant("2026-11-29T09:15:00+01:00"))).get()
        #expect(reprint.last == "REPRINT 2026-11-29 09:15")
        let unchecked = try BagLabel.text(LabelCases.adult(check: .notDoubleChecked)).get().joined(separator: " ")
        #expect(unchecked.contains("by A. Lindqvist; not double checked"))
        #expect(!unchecked.contains("checked by"))
    }

    @Test("Separate layout when it fits, then joined, then tight (same words, fewer line breaks)")
    func layouts() throws {
        let adult = LabelCases.adult()
        #expect(try BagLabel.text(adult).get() == BagLabel.Layout.separate.lines(adult, width: 40))
        let child = LabelCases.child()
        #expect(BagLabel.Layout.separate.lines(child, width: 40).count > BagLabel.textRows)
        #expect(try BagLabel.text(child).get() == BagLabel.Layout.joined.lines(child, width: 40))
        let reprint = LabelCases.child(reprintedAt: instant("2026-11-29T12:03:00+01:00"))
        #expect(BagLabel.Layout.joined.lines(reprint, width: 40).count > BagLabel.textRows)
        let tight = try BagLabel.text(reprint).get()
        #expect(tight == BagLabel.Layout.tight.lines(reprint, width: 40))
        // Tight may part an initial from its name, never a number from its unit.
        #expect(tight.contains { $0.hasSuffix("by A.") })
        // Compact: the storage line of a pharmacy bag; the people line runs on after the filter.
        let stored = LabelCases.child(setting: .pharmacy)
        #expect(BagLabel.Layout.tight.lines(stored, width: 40).count > BagLabel.textRows)
        let compact = try BagLabel.text(stored).get()
        #expect(compact == BagLabel.Layout.compact.lines(stored, width: 40))
        #expect(compact.joined(separator: " ").contains("2 to 8 degrees C, protect from light. ID PREP-2026-000417"))
        // Joining removes line breaks and adds only its joiners: every word is still there.
        func words(_ layout: BagLabel.Layout) -> [Substring] {
            child.blocks(layout).map(\.text).joined(separator: " ").split(separator: " ")
                .map { $0.hasSuffix(";") || $0.hasSuffix(".") ? $0.dropLast() : $0 }
        }
        #expect(words(.separate) == words(.joined) && words(.joined) == words(.tight) && words(.tight) == words(.compact))
    }

    @Test("A label that cannot fit 12 lines is refused, never cut")
    func overflow() throws {
        let patient = BagLabel.Patient(fullName: String(repeating: "Verylongname ", count: 14), secondIdentifier: .medicalRecordNumber("1"))
        let content = try BagLabel.Content.make(plan: LabelCases.adultPlan(), patient: patient, preparer: "A", check: .checked(by: "B"),
                                                preparedAt: instant("2026-11-29T07:52:00+01:00"), preparationID: "X1").get()
        guard case .failure(.textDoesNotFit(let needed, 12)) = BagLabel.text(content) else {
            Issue.record("a 15-line label was not refused")
            return
        }
        #expect(needed > 12)
        #expect(BagLabelError.textDoesNotFit(lines: needed, limit: 12).message.contains("nothing is cut off"))
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let patient: BagLabel.Patient
        let preparer: String
        let check: BagLabel.Check
        let id: String
        let error: BagLabelError
        var testDescription: String { name }
    }
    static let maria = BagLabel.Patient(fullName: "Maria Example", secondIdentifier: .medicalRecordNumber("0012345"))
    static let refusals: [Refusal] = [
        Refusal(name: "empty name", patient: .init(fullName: "  ", secondIdentifier: .medicalRecordNumber("1")), preparer: "A",
                check: .notDoubleChecked, id: "X", error: .missing(.patientName)),
        Refusal(name: "empty MRN", patient: .init(fullName: "M", secondIdentifier: .medicalRecordNumber("")), preparer: "A",
                check: .notDoubleChecked, id: "X", error: .missing(.medicalRecordNumber)),
        Refusal(name: "escape in name", patient: .init(fullName: "M\u{1B}[2J", secondIdentifier: .medicalRecordNumber("1")), preparer: "A",
                check: .notDoubleChecked, id: "X", error: .controlCharacter(.patientName)),
        Refusal(name: "empty preparer", patient: maria, preparer: "", check: .notDoubleChecked, id: "X", error: .missing(.preparer)),
        Refusal(name: "empty checker", patient: maria, preparer: "A", check: .checked(by: " "), id: "X", error: .missing(.checker)),
        Refusal(name: "checker is preparer", patient: maria, preparer: "Ann Lee", check: .checked(by: " ann  LEE"), id: "X",
                error: .checkerIsPreparer),
        Refusal(name: "id with caret", patient: maria, preparer: "A", check: .notDoubleChecked, id: "A^XZ", error: .badPreparationID("A^XZ")),
        Refusal(name: "id with >", patient: maria, preparer: "A", check: .notDoubleChecked, id: ">:1", error: .badPreparationID(">:1")),
        Refusal(name: "empty id", patient: maria, preparer: "A", check: .notDoubleChecked, id: "", error: .badPreparationID("")),
        Refusal(name: "41-character id", patient: maria, preparer: "A", check: .notDoubleChecked, id: String(repeating: "1", count: 41),
                error: .badPreparationID(String(repeating: "1", count: 41))),
    ]

    @Test("Bad label inputs are refused with what is wrong", arguments: refusals)
    func refused(_ refusal: Refusal) {
        let result = BagLabel.Content.make(plan: LabelCases.adultPlan(), patient: refusal.patient, preparer: refusal.preparer,
                                           check: refusal.check, preparedAt: instant("2026-11-29T07:52:00+01:00"),
                                           preparationID: refusal.id)
        #expect(result == .failure(refusal.error))
        #expect(!refusal.error.message.isEmpty)
    }

    @Test("No label for a plan with a hard stop, without a bag, or without the reconstitution time")
    func plansRefused() throws {
        let at = instant("2026-11-29T07:52:00+01:00")
        let heavy = PlanRequest(weight: WeightEntry(kilograms: Tenths(whole: 140)), dose: .perKg(Tenths(whole: 60)),
                                frequency: .everyTwoWeeks, reconstitutedAt: at, zone: LabelCases.zone)
        let stopped = try PreparationPlan.make(heavy).get()
        #expect(BagLabel.Content.make(plan: stopped, patient: Self.maria, preparer: "A", check: .notDoubleChecked,
                                      preparedAt: at, preparationID: "X") == .failure(.planHasHardStop))
        let untimed = try PreparationPlan.make(PlanRequest(weight: WeightEntry(kilograms: Tenths(whole: 70)), dose: .perKg(Tenths(whole: 60)),
                                                           frequency: .everyTwoWeeks)).get()
        #expect(BagLabel.Content.make(plan: untimed, patient: Self.maria, preparer: "A", check: .notDoubleChecked,
                                      preparedAt: at, preparationID: "X") == .failure(.noStartDeadline))
    }

    @Test("Concentrations by section 3: whole when exact, else 2 decimals, never 0", arguments: [
        (Ratio(4200, 150), "28 units/mL"), (Ratio(4000, 150), "26.67 units/mL"), (Ratio(570, 100), "5.7 units/mL"),
        (Ratio(50, 100), "0.5 units/mL"), (Ratio(1, 1), "1 unit/mL"), (Ratio(1, 300), "0.003 units/mL"),
        (Ratio(12_000, 100), "120 units/mL"),
    ])
    func concentration(_ value: Ratio, _ text: String) {
        #expect(Display.unitsPerMillilitre(value) == text)
    }

    @Test("Wrapping keeps a number with its unit, a range with both ends, a date with its time, a parenthesis whole", arguments: [
        ("in 0.9% sodium chloride, total 150 mL (28 units/mL)", 40, ["in 0.9% sodium chloride, total 150 mL", "(28 units/mL)"]),
        ("Bag at 2 to 8 degrees C, protected from light", 20, ["Bag at", "2 to 8 degrees C,", "protected from light"]),
        // A glued run longer than the line breaks at its spaces; a word longer than a line is split.
        ("Bag at 2 to 8 degrees C, protected from light", 12, ["Bag at 2 to", "8 degrees C,", "protected", "from light"]),
        ("Start by 2026-11-29 11:19 (immediate use)", 30, ["Start by 2026-11-29 11:19", "(immediate use)"]),
        ("Prepared 2026-11-29 07:52 by A. Lindqvist", 24, ["Prepared", "2026-11-29 07:52", "by A. Lindqvist"]),
        ("ID abcdefghijklmnopqrstuvwxyz", 10, ["ID", "abcdefghij", "klmnopqrst", "uvwxyz"]),
        ("", 40, []),
    ])
    func wrap(_ text: String, _ width: Int, _ lines: [String]) {
        #expect(LabelWrap.lines(text, width: width) == lines)
    }
}
