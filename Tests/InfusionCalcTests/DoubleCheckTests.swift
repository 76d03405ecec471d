import InfusionCalc
import Testing

/// Rule book section 7: the checker's blind values against the plan, field by field.
/// Expected figures are the rule book's adult standard case (section 4): 70 kg, 4,200
/// units, 10 x 400 + 1 x 200, 105 mL, final 150 mL, 75 mL/h.
@Suite("Double check (section 7)")
struct DoubleCheckTests {
    static let plan = LabelCases.adultPlan()
    static let right: [DoubleCheckField: String] = [
        .weight: "70", .dosePerInfusion: "4200", .vialCount(strength: 400): "10", .vialCount(strength: 200): "1",
        .drugVolume: "105", .finalVolume: "150", .pumpRate: "75",
    ]

    @Test("The fields, in order: weight, dose, every strength on hand, drug volume, final volume, rate")
    func fields() {
        #expect(DoubleCheck.fields(for: Self.plan) == [.weight, .dosePerInfusion, .vialCount(strength: 400), .vialCount(strength: 200),
                                                        .drugVolume, .finalVolume, .pumpRate])
        #expect(DoubleCheck.fields(for: Self.plan).map(\.code) == ["weight-kg", "dose-per-infusion-units", "vials-400-unit", "vials-200-unit",
                                                                    "drug-volume-ml", "final-volume-ml", "pump-rate-ml-per-h"])
    }

    @Test("Every value right, as typed in several accepted ways: passed")
    func passes() throws {
        for typed in [Self.right,
                      [.weight: " 70.0 kg", .dosePerInfusion: "4200 units", .vialCount(strength: 400): "10 vials",
                       .vialCount(strength: 200): "1 vial", .drugVolume: "105,0 mL", .finalVolume: "150ml", .pumpRate: "75.0 mL/h"]] {
            let outcome = try DoubleCheck.compare(plan: Self.plan, preparer: "A. Lindqvist", checker: " B. Okafor ", typed: typed).get()
            #expect(outcome.passed)
            #expect(outcome.checker == "B. Okafor")
            #expect(outcome.rows.count == 7 && outcome.mismatches.isEmpty)
            #expect(outcome.verdictSentence == "Double check passed: every value matches (checked by B. Okafor).")
        }
    }

    struct Wrong: Sendable, CustomTestStringConvertible {
        let field: DoubleCheckField
        let typed: String
        let plan: String
        let checker: String
        var testDescription: String { "\(field.code) \(typed)" }
    }

    @Test("One wrong value: not passed, that row alone mismatches, both values people-formatted", arguments: [
        Wrong(field: .weight, typed: "7", plan: "70 kg", checker: "7 kg"),
        Wrong(field: .weight, typed: "70.1", plan: "70 kg", checker: "70.1 kg"),
        Wrong(field: .dosePerInfusion, typed: "420", plan: "4,200 units", checker: "420 units"),
        Wrong(field: .dosePerInfusion, typed: "4188", plan: "4,200 units", checker: "4,188 units"),
        Wrong(field: .vialCount(strength: 400), typed: "11", plan: "10 x 400-unit vials", checker: "11 x 400-unit vials"),
        Wrong(field: .vialCount(strength: 200), typed: "0", plan: "1 x 200-unit vial", checker: "0 x 200-unit vials"),
        Wrong(field: .drugVolume, typed: "10.5", plan: "105 mL", checker: "10.5 mL"),
        Wrong(field: .drugVolume, typed: "106", plan: "105 mL", checker: "106 mL"),
        Wrong(field: .finalVolume, typed: "100", plan: "150 mL", checker: "100 mL"),
        Wrong(field: .pumpRate, typed: "7.5", plan: "75 mL/h", checker: "7.5 mL/h"),
        Wrong(field: .pumpRate, typed: "150", plan: "75 mL/h", checker: "150 mL/h"),
    ])
    func mismatch(_ wrong: Wrong) throws {
        var typed = Self.right
        typed[wrong.field] = wrong.typed
        let outcome = try DoubleCheck.compare(plan: Self.plan, preparer: "A. Lindqvist", checker: "B. Okafor", typed: typed).get()
        #expect(!outcome.passed)
        #expect(outcome.mismatches.map(\.field) == [wrong.field])
        let row = try #require(outcome.mismatches.first)
        #expect(row.plan.text == wrong.plan && row.checker.text == wrong.checker)
        #expect(row.verdict == "DOES NOT MATCH")
        #expect(outcome.lines.contains { $0.contains(wrong.plan) && $0.contains(wrong.checker) && $0.hasSuffix("DOES NOT MATCH") })
        #expect(outcome.lines.filter { $0.hasSuffix("  matches") }.count == 6)
        #expect(outcome.verdictSentence.contains("1 of 7 values does not match (\(wrong.field.name))"))
    }

    @Test("Every value wrong: seven mismatches")
    func allWrong() throws {
        let typed: [DoubleCheckField: String] = [.weight: "71", .dosePerInfusion: "4260", .vialCount(strength: 400): "11",
                                                 .vialCount(strength: 200): "0", .drugVolume: "106.5", .finalVolume: "200", .pumpRate: "100"]
        let outcome = try DoubleCheck.compare(plan: Self.plan, preparer: "A", checker: "B", typed: typed).get()
        #expect(outcome.mismatches.count == 7 && !outcome.passed)
    }

    @Test("The checker must not be the preparer: the same name in any case or spacing is refused", arguments: [
        ("A. Lindqvist", "A. Lindqvist"), ("a. lindqvist", "A. Lindqvist"), ("  A.  LINDQVIST ", "A. Lindqvist"), ("ann", "Ann"),
    ])
    func preparerRefused(_ checker: String, _ preparer: String) {
        #expect(DoubleCheck.compare(plan: Self.plan, preparer: preparer, checker: checker, typed: Self.right) == .failure(.checkerIsPreparer))
        #expect(DoubleCheck.acceptChecker(checker, preparer: preparer) == .failure(.checkerIsPreparer))
    }

    @Test("A different name is accepted; an empty or invisible one is refused")
    func checkerNames() {
        #expect(DoubleCheck.acceptChecker("Ann Lee", preparer: "Ann Leigh") == .success("Ann Lee"))
        #expect(DoubleCheck.acceptChecker("   ", preparer: "A") == .failure(.checkerNameMissing))
        #expect(DoubleCheck.acceptChecker("B\u{200B}", preparer: "A") == .failure(.checkerNameHasControlCharacter))
    }

    @Test("Malformed values are refused with what is accepted, never compared", arguments: [
        (DoubleCheckField.weight, "seventy", "is not a number"),
        (.weight, "70.25", "more than one decimal"),
        (.weight, "-70", "negative"),
        (.weight, "154 lb", "after the number is not understood"),
        (.dosePerInfusion, "4,200", "no thousands separator"),
        (.dosePerInfusion, "4200.5", "whole units only"),
        (.vialCount(strength: 400), "10.5", "whole vials only"),
        (.vialCount(strength: 400), "", "nothing was entered"),
        (.drugVolume, ".5", "write 0.5, not .5"),
        (.drugVolume, "105 cc", "after the number is not understood"),
        (.finalVolume, "1,5,0", "more than one"),
        (.pumpRate, "75 ml/min", "after the number is not understood"),
        (.pumpRate, "٧٥", "not a digit 0 to 9"),
    ])
    func malformed(_ field: DoubleCheckField, _ text: String, _ says: String) throws {
        guard case .failure(.malformed(let which, let message)) = DoubleCheck.read(field, text) else {
            Issue.record("\(Display.quoted(text)) was read for \(field.code)")
            return
        }
        #expect(which == field)
        #expect(message.contains(says), "\(message)")
        #expect(message.hasPrefix(field.prompt))
        // What is accepted, without an example figure (the checker types blind).
        #expect(message.contains(field.accepted))
        #expect(!message.contains("for example"))
        var typed = Self.right
        typed[field] = text
        #expect(DoubleCheck.compare(plan: Self.plan, preparer: "A", checker: "B", typed: typed) == .failure(.malformed(field, message)))
    }

    @Test("A field not typed is named")
    func missing() {
        var typed = Self.right
        typed[.drugVolume] = nil
        #expect(DoubleCheck.compare(plan: Self.plan, preparer: "A", checker: "B", typed: typed) == .failure(.missing(.drugVolume)))
    }

    @Test("Expected values are the plan's: a partial draw (1.3 mL), a strength not used (0), a weight entered in lb")
    func expectedValues() throws {
        let low = try makePlan(weight: "20", dose: .perKg("2.5"), frequency: .threePerWeek).get()
        #expect(DoubleCheck.expected(.drugVolume, plan: low)?.text == "1.3 mL")
        #expect(DoubleCheck.expected(.vialCount(strength: 400), plan: low)?.text == "0 x 400-unit vials")
        #expect(DoubleCheck.expected(.dosePerInfusion, plan: low)?.text == "50 units")
        let pounds = try makePlan(weight: "154 lb", dose: .perKg("60"), frequency: .everyTwoWeeks).get()
        #expect(DoubleCheck.expected(.weight, plan: pounds)?.text == "69.9 kg")
        let rounded = try makePlan(weight: "69.8", dose: .perKg("60"), frequency: .everyTwoWeeks,
                                   policy: policy(vials: [400], rounding: .nearest)).get()
        #expect(DoubleCheck.expected(.dosePerInfusion, plan: rounded)?.text == "4,000 units")
        #expect(DoubleCheck.fields(for: rounded) == [.weight, .dosePerInfusion, .vialCount(strength: 400), .drugVolume, .finalVolume, .pumpRate])
    }
}

@Suite("Section 7: one person under two spellings")
struct SamePersonTests {
    @Test("the same letters are the same person", arguments: [
        ("JS", "j s"), ("J. Smith", "J Smith"), ("J. Smith", "j.smith"), ("Ann-Marie O'Neil", "ann marie oneil"),
        ("JS", "ＪＳ"), ("José", "Jose\u{301}"), ("JS", "J\u{301}S"),
    ])
    func same(_ a: String, _ b: String) {
        #expect(DoubleCheck.sameName(a, b))
        #expect(DoubleCheck.acceptChecker(b, preparer: a) == .failure(.checkerIsPreparer))
    }

    @Test("different letters are different people", arguments: [("JS", "JT"), ("J. Smith", "J. Smyth"), ("Ann Lee", "Ann Leek")])
    func different(_ a: String, _ b: String) {
        #expect(!DoubleCheck.sameName(a, b))
    }
}
