import InfusionCalc
import Testing

/// Bad inputs through every parser: each is refused with a message that names the field,
/// says what is wrong and says what is accepted. Times are in TimesTests.
@Suite("Bad inputs through the parsers")
struct BadInputTests {
    enum Parser: String, Sendable {
        case weight, dosePerKg, flatDose, frequency, vials, rounding, tolerance, finalVolume, duration

        func parse(_ text: String) -> InputError? {
            switch self {
            case .weight: WeightEntry.parse(text).failure
            case .dosePerKg: DoseOrder.parsePerKg(text).failure
            case .flatDose: DoseOrder.parseFlat(text).failure
            case .frequency: Frequency.parse(text).failure
            case .vials: parseVialsOnHand(text).failure
            case .rounding: parseRoundingPolicy(text).failure
            case .tolerance: parseTolerancePercent(text).failure
            case .finalVolume: parseFinalVolume(text).failure
            case .duration: parseDurationMinutes(text).failure
            }
        }

        var field: InputField {
            switch self {
            case .weight: .weight
            case .dosePerKg: .dosePerKg
            case .flatDose: .flatDose
            case .frequency: .frequency
            case .vials: .vials
            case .rounding: .rounding
            case .tolerance: .tolerance
            case .finalVolume: .finalVolume
            case .duration: .duration
            }
        }

        /// How the message starts: the field's name.
        var name: String {
            switch self {
            case .weight: "Weight"
            case .dosePerKg: "Dose"
            case .flatDose: "Total dose"
            case .frequency: "Frequency"
            case .vials: "Vials"
            case .rounding: "Rounding"
            case .tolerance: "Tolerance"
            case .finalVolume: "Final volume"
            case .duration: "Duration"
            }
        }

        /// What the message must offer instead (any one of these).
        var accepted: [String] {
            switch self {
            case .weight: ["for example 70", "2 kg to 300 kg"]
            case .dosePerKg: ["for example 60"]
            case .flatDose: ["for example 4200"]
            case .frequency: ["Use one of: 3-per-week, 2-per-week, weekly, every-2-weeks, every-4-weeks"]
            case .vials: ["List the vial strengths on hand"]
            case .rounding: ["Use none"]
            case .tolerance: ["from 0 to 100 percent"]
            case .finalVolume: ["from 100 to 200 mL"]
            case .duration: ["for example 120"]
            }
        }
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let parser: Parser
        let text: String
        let says: String
        init(_ parser: Parser, _ text: String, says: String) { self.parser = parser; self.text = text; self.says = says }
        var testDescription: String { "\(parser.rawValue) \"\(text)\"" }
    }

    static let cases: [Bad] = [
        // R1 weight
        Bad(.weight, "", says: "nothing was entered"),
        Bad(.weight, "   ", says: "nothing was entered"),
        Bad(.weight, "seventy", says: "is not a number"),
        Bad(.weight, "-70", says: "negative"),
        Bad(.weight, "\u{2212}70", says: "negative"),
        Bad(.weight, "0", says: "more than 0"),
        Bad(.weight, "0.0", says: "more than 0"),
        Bad(.weight, "1.9", says: "outside"),
        Bad(.weight, "300.1", says: "outside"),
        Bad(.weight, "70.55", says: "more than one decimal (no thousands separators)"),
        Bad(.weight, "\u{0667}\u{0660}", says: "not a digit 0 to 9"),
        Bad(.weight, "\u{FF17}\u{FF10}", says: "not a digit 0 to 9"),
        Bad(.weight, "70 stone", says: "\"stone\" after the number is not understood"),
        Bad(.weight, ".5", says: "write 0.5, not .5"),
        Bad(.weight, "70.", says: "digit after the decimal point"),
        Bad(.weight, "70,5,1", says: "more than one \".\" or \",\""),
        Bad(.weight, "70.0.0", says: "more than one \".\" or \",\""),
        Bad(.weight, "1,000", says: "\"1,000\" has more than one decimal (no thousands separators)."),
        Bad(.weight, "lb", says: "unit but no number"),
        Bad(.weight, "4.2 lb", says: "outside"),
        Bad(.weight, "661.5 lb", says: "outside"),
        Bad(.weight, "1e2", says: "not understood"),
        Bad(.weight, "+70", says: "is not a number"),
        Bad(.weight, "NaN", says: "is not a number"),
        Bad(.weight, "7 0", says: "not understood"),
        Bad(.weight, "99999", says: "far too large"),
        Bad(.weight, "70 kg kg", says: "not understood"),
        Bad(.weight, "154 pounds", says: "not understood"),
        // R2 dose in units/kg
        Bad(.dosePerKg, "", says: "nothing was entered"),
        Bad(.dosePerKg, "abc", says: "is not a number"),
        Bad(.dosePerKg, "0", says: "more than 0 units/kg"),
        Bad(.dosePerKg, "0.0", says: "more than 0 units/kg"),
        Bad(.dosePerKg, "-60", says: "negative"),
        Bad(.dosePerKg, "60.25", says: "more than one decimal (no thousands separators)"),
        Bad(.dosePerKg, "1,000", says: "more than one decimal (no thousands separators)"),
        Bad(.dosePerKg, ".5", says: "write 0.5, not .5"),
        Bad(.dosePerKg, "60 U/kg", says: "not understood"),
        Bad(.dosePerKg, "\u{0666}\u{0660}", says: "not a digit 0 to 9"),
        Bad(.dosePerKg, "60 units", says: "not understood"),
        Bad(.dosePerKg, "999999", says: "far too large"),
        Bad(.dosePerKg, "1,000.5", says: "more than one \".\" or \",\""),
        // R2 flat dose in whole units
        // A separator in a whole number is a thousands separator, and says so.
        Bad(.flatDose, "1,000", says: "\"1,000\" has a separator; type whole units with no thousands separator."),
        Bad(.flatDose, "4,200", says: "\"4,200\" has a separator; type whole units with no thousands separator."),
        Bad(.flatDose, "4.200", says: "\"4.200\" has a separator; type whole units with no thousands separator."),
        Bad(.flatDose, "4200.5", says: "whole units only"),
        Bad(.flatDose, "0", says: "more than 0 units"),
        Bad(.flatDose, "-4200", says: "negative"),
        Bad(.flatDose, "4200 IU", says: "not understood"),
        Bad(.flatDose, "", says: "nothing was entered"),
        Bad(.flatDose, "\u{FF14}\u{FF12}\u{FF10}\u{FF10}", says: "not a digit 0 to 9"),
        Bad(.flatDose, "4.2e3", says: "not understood"),
        // R2 frequency
        Bad(.frequency, "", says: "is not known"),
        Bad(.frequency, "biweekly", says: "is not known"),
        Bad(.frequency, "every 2 weeks", says: "is not known"),
        Bad(.frequency, "daily", says: "is not known"),
        Bad(.frequency, "fortnightly", says: "is not known"),
        Bad(.frequency, "3x/week", says: "is not known"),
        Bad(.frequency, "weekly!", says: "is not known"),
        // R5 vials on hand
        Bad(.vials, "300", says: "\"300\" is not a vial strength"),
        Bad(.vials, "400,400", says: "listed twice"),
        Bad(.vials, "", says: "is not a vial strength"),
        Bad(.vials, "400;200", says: "is not a vial strength"),
        Bad(.vials, "100", says: "is not a vial strength"),
        Bad(.vials, "400,", says: "is not a vial strength"),
        Bad(.vials, ",400", says: "is not a vial strength"),
        Bad(.vials, "400.0", says: "is not a vial strength"),
        Bad(.vials, "400 200", says: "is not a vial strength"),
        Bad(.vials, "0", says: "is not a vial strength"),
        Bad(.vials, "-400", says: "is not a vial strength"),
        Bad(.vials, "800", says: "is not a vial strength"),
        // R4 rounding policy and tolerance
        Bad(.rounding, "up", says: "is not known"),
        Bad(.rounding, "", says: "is not known"),
        Bad(.rounding, "round", says: "is not known"),
        Bad(.rounding, "nearest-up", says: "is not known"),
        // 0 to 100% is accepted (above 10% a rounded plan warns: VialRulesTests).
        Bad(.tolerance, "101", says: "Tolerance 101% is above 100%."),
        Bad(.tolerance, "100.1", says: "Tolerance 100.1% is above 100%."),
        Bad(.tolerance, "250", says: "Tolerance 250% is above 100%."),
        Bad(.tolerance, "-1", says: "negative"),
        Bad(.tolerance, "5.55", says: "more than one decimal (no thousands separators)"),
        Bad(.tolerance, "ten", says: "is not a number"),
        Bad(.tolerance, "abc", says: "is not a number"),
        Bad(.tolerance, "", says: "nothing was entered"),
        Bad(.tolerance, ".5", says: "write 0.5, not .5"),
        Bad(.tolerance, "10 percent", says: "not understood"),
        // R7 final volume
        Bad(.finalVolume, "250", says: "outside"),
        Bad(.finalVolume, "99.9", says: "outside"),
        Bad(.finalVolume, "200.1", says: "outside"),
        Bad(.finalVolume, "0", says: "outside"),
        Bad(.finalVolume, "150.05", says: "more than one decimal (no thousands separators)"),
        Bad(.finalVolume, "", says: "nothing was entered"),
        Bad(.finalVolume, "1,50", says: "more than one decimal (no thousands separators)"),
        Bad(.finalVolume, "150 cc", says: "not understood"),
        // R8 duration
        Bad(.duration, "0", says: "more than 0 minutes"),
        Bad(.duration, "2000", says: "24 hours"),
        Bad(.duration, "1441", says: "24 hours"),
        Bad(.duration, "90.5", says: "whole minutes only"),
        Bad(.duration, "1,440", says: "\"1,440\" has a separator; type whole minutes with no thousands separator."),
        Bad(.duration, "", says: "nothing was entered"),
        Bad(.duration, "-60", says: "negative"),
        Bad(.duration, "2 h", says: "not understood"),
        Bad(.duration, "sixty", says: "is not a number"),
    ]

    @Test("refused, with the field, the reason and what is accepted", arguments: cases)
    func refused(_ bad: Bad) {
        guard let error = bad.parser.parse(bad.text) else {
            Issue.record("\(bad.parser.rawValue) accepted \"\(bad.text)\"")
            return
        }
        #expect(error.field == bad.parser.field)
        #expect(error.message.hasPrefix(bad.parser.name), "names the field: \(error.message)")
        #expect(error.message.contains(bad.says), "says why: \(error.message)")
        #expect(bad.parser.accepted.contains { error.message.contains($0) }, "says what is accepted: \(error.message)")
        #expect(error.description == error.message)
    }

    @Test("more than fifty bad inputs are covered") func count() {
        #expect(Self.cases.count >= 50)
    }

    struct Good: Sendable, CustomTestStringConvertible {
        let parser: Parser
        let text: String
        init(_ parser: Parser, _ text: String) { self.parser = parser; self.text = text }
        var testDescription: String { "\(parser.rawValue) \"\(text)\"" }
    }

    @Test("the accepted forms next to the refused ones", arguments: [
        Good(.dosePerKg, "60"), Good(.dosePerKg, "2.5"), Good(.dosePerKg, "60 units/kg"), Good(.dosePerKg, "0.1"),
        Good(.flatDose, "4200"), Good(.flatDose, "4200 units"), Good(.flatDose, "1"),
        Good(.vials, "400,200"), Good(.vials, "400"), Good(.vials, "200"), Good(.vials, "200, 400"),
        Good(.rounding, "none"), Good(.rounding, "nearest"), Good(.rounding, "NEAREST"),
        Good(.tolerance, "0"), Good(.tolerance, "10"), Good(.tolerance, "7.5"), Good(.tolerance, "10%"),
        Good(.tolerance, "10.1"), Good(.tolerance, "11"), Good(.tolerance, "50"), Good(.tolerance, "100"),
        Good(.finalVolume, "100"), Good(.finalVolume, "200"), Good(.finalVolume, "150 mL"),
        Good(.duration, "60"), Good(.duration, "59"), Good(.duration, "120"), Good(.duration, "1440"), Good(.duration, "90 min"),
    ])
    func accepted(_ good: Good) {
        #expect(good.parser.parse(good.text) == nil)
    }

    @Test("parsed values")
    func parsedValues() throws {
        #expect(try DoseOrder.parsePerKg("2.5").get() == .perKg(t("2.5")))
        #expect(try DoseOrder.parseFlat("4200").get() == .flat(units: 4200))
        #expect(try parseVialsOnHand("400,200").get() == [400, 200])
        #expect(try parseVialsOnHand("400").get() == [400])
        #expect(try parseTolerancePercent("7.5").get() == t("7.5"))
        #expect(try parseTolerancePercent("11").get() == t("11"))
        #expect(try parseTolerancePercent("100").get() == t("100"))
        #expect(try parseDurationMinutes("90").get() == 90)
        #expect(try parseRoundingPolicy("nearest").get() == .nearest)
    }
}
