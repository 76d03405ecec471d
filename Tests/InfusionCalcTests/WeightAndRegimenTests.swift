import InfusionCalc
import TestSupport
import Testing

/// R1 weight, R2 regimen, R3 prescribed dose.
@Suite("R1 weight")
struct WeightTests {
    struct Entry: Sendable, CustomTestStringConvertible {
        let text: String
        let kilograms: String
        let pounds: String?
        init(_ text: String, kg: String, lb: String? = nil) { self.text = text; self.kilograms = kg; self.pounds = lb }
        var testDescription: String { "\"\(text)\" -> \(kilograms) kg" }
    }

    @Test("kg without a unit, with at most one decimal; exact hard limits 2.0 and 300.0 accepted", arguments: [
        Entry("70", kg: "70"), Entry("70.5", kg: "70.5"), Entry("70 kg", kg: "70"), Entry("70kg", kg: "70"),
        Entry(" 69.8 ", kg: "69.8"), Entry("2", kg: "2"), Entry("2.0", kg: "2"), Entry("300", kg: "300"),
        Entry("300.0", kg: "300"), Entry("9.9", kg: "9.9"), Entry("200.1", kg: "200.1"), Entry("140", kg: "140"),
    ])
    func kilograms(_ entry: Entry) throws {
        let parsed = try WeightEntry.parse(entry.text).get()
        #expect(parsed.kilograms == t(entry.kilograms))
        #expect(parsed.enteredPounds == nil, "without a unit kg is meant")
    }

    @Test("pounds only with an explicit unit: 1 lb = 0.45359237 kg, rounded half-up to 0.1 kg", arguments: [
        Entry("154 lb", kg: "69.9", lb: "154"),       // 69.853...
        Entry("154 lbs", kg: "69.9", lb: "154"),
        Entry("154lb", kg: "69.9", lb: "154"),
        Entry("154 LB", kg: "69.9", lb: "154"),
        Entry("100 lb", kg: "45.4", lb: "100"),       // 45.359...
        Entry("220 lb", kg: "99.8", lb: "220"),       // 99.790...
        Entry("44.1 lb", kg: "20", lb: "44.1"),       // 20.003...
        Entry("4.4 lb", kg: "2", lb: "4.4"),          // 1.9958... rounds to the 2.0 kg limit
        Entry("661.4 lb", kg: "300", lb: "661.4"),    // 300.006... rounds to the 300.0 kg limit
    ])
    func pounds(_ entry: Entry) throws {
        let parsed = try WeightEntry.parse(entry.text).get()
        #expect(parsed.kilograms == t(entry.kilograms))
        #expect(parsed.enteredPounds == entry.pounds.map(t))
    }

    @Test("hard limits refuse 1.9 kg, 300.1 kg and their pound equivalents", arguments: [
        "1.9", "300.1", "0.1", "1000", "4.2 lb", "661.5 lb", "700 lb", "1.9 kg",
    ])
    func hardLimits(_ text: String) {
        let error = WeightEntry.parse(text).failure
        #expect(error?.field == .weight)
        #expect(error?.message.contains("2 kg to 300 kg") == true, "the message says the accepted range: \(error?.message ?? "accepted")")
    }

    struct Soft: Sendable, CustomTestStringConvertible {
        let weight: String
        let expected: FindingCode?
        var testDescription: String { "\(weight) -> \(expected?.rawValue ?? "no weight warning")" }
    }

    @Test("soft limits: under 10 kg and over 200 kg warn; exactly 10 and 200 do not", arguments: [
        Soft(weight: "9.9", expected: .weightBelowSoftMinimum), Soft(weight: "2", expected: .weightBelowSoftMinimum),
        Soft(weight: "10", expected: nil), Soft(weight: "10.1", expected: nil), Soft(weight: "70", expected: nil),
        Soft(weight: "200", expected: nil), Soft(weight: "200.1", expected: .weightAboveSoftMaximum),
        Soft(weight: "300", expected: .weightAboveSoftMaximum), Soft(weight: "22 lb", expected: nil),  // 9.979 -> 10.0 kg
        Soft(weight: "21.8 lb", expected: .weightBelowSoftMinimum),                                  // 9.888 -> 9.9 kg
    ])
    func softLimits(_ row: Soft) throws {
        // 30 units/kg every 2 weeks is inside the label range: no regimen warning.
        let plan = try validPlan(weight: row.weight, dose: .perKg("30"))
        let weightCodes = plan.codes.filter { [.weightBelowSoftMinimum, .weightAboveSoftMaximum].contains($0) }
        #expect(weightCodes == (row.expected.map { [$0] } ?? []))
        for code in weightCodes {
            #expect(plan.findings.first { $0.code == code }?.severity == .soft)
        }
        if row.expected == .weightBelowSoftMinimum {
            let message = plan.findings.first { $0.code == .weightBelowSoftMinimum }?.message ?? ""
            #expect(message.contains("2 years"), "under 10 kg: check the age is at least 2 years")
        }
    }

    struct Named: Sendable, CustomTestStringConvertible {
        let weight: String
        let message: String
        var testDescription: String { weight }
    }

    @Test("a weight warning names the weight it is about", arguments: [
        Named(weight: "9.5", message: "Weight 9.5 kg is under 10 kg: check the weight and that the patient is at least 2 years old (safety and efficacy are not established under 2 years)."),
        Named(weight: "21.8 lb", message: "Weight 9.9 kg is under 10 kg: check the weight and that the patient is at least 2 years old (safety and efficacy are not established under 2 years)."),
        Named(weight: "200.1", message: "Weight 200.1 kg is over 200 kg: check the weight and its unit."),
        Named(weight: "300", message: "Weight 300 kg is over 200 kg: check the weight and its unit."),
    ])
    func weightWarningNamesTheWeight(_ row: Named) throws {
        let plan = try validPlan(weight: row.weight, dose: .perKg("30"))
        let warnings = plan.findings.filter { [.weightBelowSoftMinimum, .weightAboveSoftMaximum].contains($0.code) }
        #expect(warnings.map(\.message) == [row.message])
        #expect(plan.lines.contains { $0.hasSuffix("WARNING: " + row.message) })
    }

    @Test("a weight in pounds shows both values and keeps a note of the conversion")
    func poundsAreShown() throws {
        let plan = try validPlan(weight: "154 lb", dose: .perKg("60"))
        #expect(plan.weightKg == t("69.9"))
        #expect(plan.request.weight.enteredPounds == t("154"))
        #expect(plan.findings.contains { $0.code == .weightConvertedFromPounds && $0.severity == .info })
        #expect(plan.lines.contains { mentions($0, "69.9 kg") && mentions($0, "154 lb") })
        #expect(plan.prescribedDose == 4194)   // R3: 69.9 x 60
    }

    @Test("PreparationPlan.make refuses a weight outside the hard limits given directly")
    func makeChecksWeight() {
        for tenths in [19, 3001, 0] {
            let request = PlanRequest(weight: WeightEntry(kilograms: Tenths(tenths: tenths)), dose: .perKg(t("60")), frequency: .everyTwoWeeks)
            #expect(PreparationPlan.make(request).failure?.field == .weight, "weight \(tenths) tenths")
        }
        for tenths in [20, 3000] {
            let request = PlanRequest(weight: WeightEntry(kilograms: Tenths(tenths: tenths)), dose: .perKg(t("15")), frequency: .everyTwoWeeks)
            #expect(PreparationPlan.make(request).success != nil, "weight \(tenths) tenths")
        }
    }
}

@Suite("R2 regimen")
struct RegimenTests {
    struct Infusions: Sendable, CustomTestStringConvertible {
        let text: String
        let frequency: Frequency
        let perFourWeeks: Int
        let phrase: String
        var testDescription: String { "\(text): \(perFourWeeks) per 4 weeks" }
    }

    @Test("the five frequencies and their infusions per 4 weeks", arguments: [
        Infusions(text: "3-per-week", frequency: .threePerWeek, perFourWeeks: 12, phrase: "3 times a week"),
        Infusions(text: "2-per-week", frequency: .twoPerWeek, perFourWeeks: 8, phrase: "2 times a week"),
        Infusions(text: "weekly", frequency: .weekly, perFourWeeks: 4, phrase: "weekly"),
        Infusions(text: "every-2-weeks", frequency: .everyTwoWeeks, perFourWeeks: 2, phrase: "every 2 weeks"),
        Infusions(text: "every-4-weeks", frequency: .everyFourWeeks, perFourWeeks: 1, phrase: "every 4 weeks"),
    ])
    func frequencies(_ row: Infusions) throws {
        #expect(try Frequency.parse(row.text).get() == row.frequency)
        #expect(try Frequency.parse(" \(row.text.uppercased()) ").get() == row.frequency)
        #expect(row.frequency.infusionsPerFourWeeks == row.perFourWeeks)
        #expect(row.frequency.phrase == row.phrase)
        // Prescribed per 4 weeks = dose x infusions per 4 weeks (70 kg x 10 units/kg = 700 units).
        let plan = try validPlan(weight: "70", dose: .perKg("10"), frequency: row.frequency)
        #expect(plan.regimen.prescribedPerFourWeeks == 700 * row.perFourWeeks)
        #expect(plan.preparedPerFourWeeks == 700 * row.perFourWeeks)
    }

    @Test("exactly five frequencies") func allFrequencies() {
        #expect(Frequency.allCases.map(\.infusionsPerFourWeeks).sorted() == [1, 2, 4, 8, 12])
    }

    struct TwoWeek: Sendable, CustomTestStringConvertible {
        let dose: String
        let frequency: Frequency
        let expected: Ratio
        let finding: FindingCode?
        var testDescription: String { "\(dose) units/kg \(frequency.phrase) -> \(finding?.rawValue ?? "no regimen warning")" }
    }

    @Test("two-week equivalent = units/kg x infusions per 4 weeks / 2; warnings below 15 and above 60 only", arguments: [
        TwoWeek(dose: "2.5", frequency: .threePerWeek, expected: Ratio(whole: 15), finding: nil),
        TwoWeek(dose: "2.4", frequency: .threePerWeek, expected: Ratio(144, 10), finding: .twoWeekDoseBelowRange),
        TwoWeek(dose: "60", frequency: .everyTwoWeeks, expected: Ratio(whole: 60), finding: nil),
        TwoWeek(dose: "60.1", frequency: .everyTwoWeeks, expected: Ratio(601, 10), finding: .twoWeekDoseAboveRange),
        TwoWeek(dose: "15", frequency: .everyTwoWeeks, expected: Ratio(whole: 15), finding: nil),
        TwoWeek(dose: "14.9", frequency: .everyTwoWeeks, expected: Ratio(149, 10), finding: .twoWeekDoseBelowRange),
        TwoWeek(dose: "30", frequency: .weekly, expected: Ratio(whole: 60), finding: nil),
        TwoWeek(dose: "7.5", frequency: .twoPerWeek, expected: Ratio(whole: 30), finding: nil),
        TwoWeek(dose: "30", frequency: .everyFourWeeks, expected: Ratio(whole: 15), finding: nil),
        TwoWeek(dose: "29.9", frequency: .everyFourWeeks, expected: Ratio(299, 20), finding: .twoWeekDoseBelowRange),
        TwoWeek(dose: "120", frequency: .everyFourWeeks, expected: Ratio(whole: 60), finding: nil),
        TwoWeek(dose: "120.1", frequency: .everyFourWeeks, expected: Ratio(1201, 20), finding: .twoWeekDoseAboveRange),
        TwoWeek(dose: "40", frequency: .threePerWeek, expected: Ratio(whole: 240), finding: .twoWeekDoseAboveRange),
        TwoWeek(dose: "480", frequency: .everyFourWeeks, expected: Ratio(whole: 240), finding: .twoWeekDoseAboveRange),
    ])
    func twoWeekEquivalent(_ row: TwoWeek) throws {
        #expect(Rules.twoWeekEquivalent(unitsPerKg: t(row.dose).ratio, frequency: row.frequency) == row.expected)
        let plan = try validPlan(weight: "10", dose: .perKg(row.dose), frequency: row.frequency)
        #expect(plan.regimen.twoWeekEquivalent == row.expected)
        let regimenCodes = plan.codes.filter { [.twoWeekDoseBelowRange, .twoWeekDoseAboveRange].contains($0) }
        #expect(regimenCodes == (row.finding.map { [$0] } ?? []))
        #expect(plan.findings.filter { regimenCodes.contains($0.code) }.allSatisfy { $0.severity == .soft })
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        let dose: OrderedDose
        let frequency: Frequency
        let weight: String
        let field: InputField
        var testDescription: String { "\(dose) \(frequency.rawValue) at \(weight) kg" }
    }

    @Test("hard maximum: a two-week equivalent above 240 units/kg is refused", arguments: [
        Refused(dose: .perKg("40.1"), frequency: .threePerWeek, weight: "10", field: .dosePerKg),
        Refused(dose: .perKg("240.1"), frequency: .everyTwoWeeks, weight: "10", field: .dosePerKg),
        Refused(dose: .perKg("480.1"), frequency: .everyFourWeeks, weight: "10", field: .dosePerKg),
        Refused(dose: .perKg("60.1"), frequency: .twoPerWeek, weight: "10", field: .dosePerKg),
        Refused(dose: .perKg("120.1"), frequency: .weekly, weight: "10", field: .dosePerKg),
        Refused(dose: .perKg("1000"), frequency: .everyTwoWeeks, weight: "70", field: .dosePerKg),
        Refused(dose: .flat("2801"), frequency: .threePerWeek, weight: "70", field: .flatDose),   // 240.09 units/kg
        Refused(dose: .flat("16801"), frequency: .everyTwoWeeks, weight: "70", field: .flatDose), // 240.01 units/kg
    ])
    func hardMaximum(_ row: Refused) {
        let error = makePlan(weight: row.weight, dose: row.dose, frequency: row.frequency).failure
        #expect(error?.field == row.field)
        #expect(error?.message.contains("240 units/kg per 2 weeks") == true, "\(error?.message ?? "accepted")")
    }

    @Test("exactly 240 units/kg per 2 weeks is accepted", arguments: [
        Refused(dose: .perKg("40"), frequency: .threePerWeek, weight: "10", field: .dosePerKg),
        Refused(dose: .perKg("60"), frequency: .twoPerWeek, weight: "10", field: .dosePerKg),
        Refused(dose: .perKg("120"), frequency: .weekly, weight: "10", field: .dosePerKg),
        Refused(dose: .perKg("240"), frequency: .everyTwoWeeks, weight: "10", field: .dosePerKg),
        Refused(dose: .perKg("480"), frequency: .everyFourWeeks, weight: "10", field: .dosePerKg),
        Refused(dose: .flat("2800"), frequency: .threePerWeek, weight: "70", field: .flatDose),
    ])
    func hardMaximumAccepted(_ row: Refused) throws {
        let plan = try validPlan(weight: row.weight, dose: row.dose, frequency: row.frequency)
        #expect(plan.regimen.twoWeekEquivalent == Ratio(whole: 240))
    }

    @Test("a flat dose: units/kg is derived for the limit checks and the dose is used as it is")
    func flatDose() throws {
        let plan = try validPlan(weight: "70", dose: .flat("4200"))
        #expect(plan.regimen.unitsPerKg == Ratio(whole: 60))
        #expect(plan.regimen.twoWeekEquivalent == Ratio(whole: 60))
        #expect(plan.prescribedDose == 4200)
        #expect(plan.preparedDose == 4200)
        #expect(!plan.codes.contains(.twoWeekDoseAboveRange))

        let odd = try validPlan(weight: "70", dose: .flat("4201"))
        #expect(odd.regimen.unitsPerKg == Ratio(4201, 70))
        #expect(odd.prescribedDose == 4201, "a flat dose is not recomputed from the rounded units/kg")
        #expect(odd.codes.contains(.twoWeekDoseAboveRange), "60.01 units/kg per 2 weeks is above 60")

        let low = try validPlan(weight: "70", dose: .flat("1049"))
        #expect(low.codes.contains(.twoWeekDoseBelowRange), "14.99 units/kg per 2 weeks is below 15")
        let edge = try validPlan(weight: "70", dose: .flat("1050"))
        #expect(!edge.codes.contains(.twoWeekDoseBelowRange), "exactly 15 units/kg per 2 weeks")
        #expect(DoseOrder.flat(units: 4200).unitsPerKg(weight: t("70")) == Ratio(whole: 60))
    }

    struct FlatText: Sendable, CustomTestStringConvertible {
        let weight: String
        let units: String
        let frequency: Frequency
        let unitsPerKg: String
        let twoWeek: String
        let order: [String]
        var testDescription: String { "\(units) units at \(weight) kg \(frequency.phrase)" }
    }

    /// "Messages that compare with a limit": a value beyond a limit never reads as the limit,
    /// and a dose that is not 0 never reads as 0.
    @Test("a flat dose's units/kg and the two-week equivalent get the decimals that keep them apart from a limit and 0", arguments: [
        FlatText(weight: "70", units: "4201", frequency: .everyTwoWeeks, unitsPerKg: "60.01 units/kg", twoWeek: "60.01 units/kg",
                 order: ["Order       4,201 units every 2 weeks (60.01 units/kg): 4,201 units per infusion",
                         "            8,402 units per 4 weeks; 60.01 units/kg per 2 weeks (label 15 to 60)"]),
        FlatText(weight: "70", units: "1049", frequency: .everyTwoWeeks, unitsPerKg: "14.99 units/kg", twoWeek: "14.99 units/kg",
                 order: ["Order       1,049 units every 2 weeks (14.99 units/kg): 1,049 units per infusion",
                         "            2,098 units per 4 weeks; 14.99 units/kg per 2 weeks (label 15 to 60)"]),
        FlatText(weight: "300", units: "3", frequency: .everyTwoWeeks, unitsPerKg: "0.01 units/kg", twoWeek: "0.01 units/kg",
                 order: ["Order       3 units every 2 weeks (0.01 units/kg): 3 units per infusion",
                         "            6 units per 4 weeks; 0.01 units/kg per 2 weeks (label 15 to 60)"]),
        FlatText(weight: "70", units: "4200", frequency: .everyTwoWeeks, unitsPerKg: "60 units/kg", twoWeek: "60 units/kg",
                 order: ["Order       4,200 units every 2 weeks (60 units/kg): 4,200 units per infusion",
                         "            8,400 units per 4 weeks; 60 units/kg per 2 weeks (label 15 to 60)"]),
        FlatText(weight: "70", units: "2101", frequency: .weekly, unitsPerKg: "30.01 units/kg", twoWeek: "60.03 units/kg",
                 order: ["Order       2,101 units weekly (30.01 units/kg): 2,101 units per infusion",
                         "            8,404 units per 4 weeks; 60.03 units/kg per 2 weeks (label 15 to 60)"]),
    ])
    func flatDoseText(_ row: FlatText) throws {
        let plan = try validPlan(weight: row.weight, dose: .flat(row.units), frequency: row.frequency)
        #expect(plan.regimen.unitsPerKgText == row.unitsPerKg)
        #expect(plan.regimen.twoWeekText(policy: .standard) == row.twoWeek)
        let order = try #require(plan.lines.firstIndex { $0.hasPrefix("Order ") })
        #expect(Array(plan.lines[order..<min(order + 2, plan.lines.count)]) == row.order)
    }

    @Test("a dose in units/kg is shown as ordered")
    func perKgText() throws {
        let plan = try validPlan(weight: "69.8", dose: .perKg("60"))
        #expect(plan.regimen.unitsPerKgText == "60 units/kg")
        #expect(plan.regimen.twoWeekText(policy: .standard) == "60 units/kg")
        let low = try validPlan(weight: "20", dose: .perKg("2.5"), frequency: .threePerWeek)
        #expect(low.regimen.twoWeekText(policy: .standard) == "15 units/kg")
    }

    @Test("the dose must be above 0: a dose that rounds to 0 units is refused")
    func doseAboveZero() {
        #expect(makePlan(weight: "2", dose: .perKg("0.1"), frequency: .everyTwoWeeks).failure != nil)  // 0.2 units
        #expect(makePlan(weight: "2", dose: .perKg("0.2"), frequency: .everyTwoWeeks).failure != nil)  // 0.4 units
        let request = PlanRequest(weight: WeightEntry(kilograms: t("70")), dose: .perKg(.zero), frequency: .weekly)
        #expect(PreparationPlan.make(request).failure != nil)
        let flat = PlanRequest(weight: WeightEntry(kilograms: t("70")), dose: .flat(units: 0), frequency: .weekly)
        #expect(PreparationPlan.make(flat).failure != nil)
        let negative = PlanRequest(weight: WeightEntry(kilograms: t("70")), dose: .perKg(t("-60")), frequency: .weekly)
        #expect(PreparationPlan.make(negative).failure != nil)
    }
}

@Suite("R3 prescribed dose")
struct PrescribedDoseTests {
    struct Dose: Sendable, CustomTestStringConvertible {
        let weight: String
        let perKg: String
        let units: Int
        var testDescription: String { "\(weight) kg x \(perKg) units/kg = \(units) units" }
    }

    @Test("weight x units/kg, rounded half-up to a whole unit", arguments: [
        Dose(weight: "70", perKg: "60", units: 4200), Dose(weight: "69.8", perKg: "60", units: 4188),
        Dose(weight: "20", perKg: "2.5", units: 50), Dose(weight: "140", perKg: "60", units: 8400),
        Dose(weight: "2.2", perKg: "2.5", units: 6),      // 5.5 -> 6
        Dose(weight: "2.1", perKg: "2.5", units: 5),      // 5.25 -> 5
        Dose(weight: "20.2", perKg: "2.5", units: 51),    // 50.5 -> 51
        Dose(weight: "69.9", perKg: "2.5", units: 175),   // 174.75 -> 175
        Dose(weight: "70.1", perKg: "2.5", units: 175),   // 175.25 -> 175
        Dose(weight: "69.9", perKg: "60.5", units: 4229), // 4228.95 -> 4229
        Dose(weight: "2.3", perKg: "0.5", units: 1),      // 1.15 -> 1
        Dose(weight: "3", perKg: "0.5", units: 2),        // 1.5 -> 2
        Dose(weight: "300", perKg: "240", units: 72000),
    ])
    func prescribed(_ row: Dose) throws {
        #expect(Rules.prescribedDose(weight: t(row.weight), dose: .perKg(t(row.perKg))) == row.units)
        let plan = try validPlan(weight: row.weight, dose: .perKg(row.perKg))
        #expect(plan.prescribedDose == row.units)
        #expect(plan.preparedDose == row.units, "rounding policy none: prepared = prescribed")
    }

    @Test func flatDoseIsUsedAsItIs() {
        #expect(Rules.prescribedDose(weight: t("70"), dose: .flat(units: 4199)) == 4199)
    }
}
