import InfusionCalc
import TestSupport
import Testing

/// Rule book section 3: how numbers are written for people.
@Suite("Section 3: numbers for people")
struct FormattingTests {
    struct Shown: Sendable, CustomTestStringConvertible {
        let value: Int
        let expected: String
        init(_ value: Int, _ expected: String) { self.value = value; self.expected = expected }
        var testDescription: String { "\(value) -> \"\(expected)\"" }
    }

    @Test("units: \"unit\" for one, thousands separators from 1,000, a space before the unit",
          arguments: [
              Shown(0, "0 units"), Shown(1, "1 unit"), Shown(2, "2 units"), Shown(50, "50 units"),
              Shown(999, "999 units"), Shown(1000, "1,000 units"), Shown(4200, "4,200 units"),
              Shown(8400, "8,400 units"), Shown(16800, "16,800 units"), Shown(144_000, "144,000 units"),
              Shown(1_000_000, "1,000,000 units"),
          ])
    func units(_ row: Shown) {
        #expect(Display.units(row.value) == row.expected)
    }

    @Test("signed units", arguments: [
        Shown(-188, "-188 units"), Shown(200, "+200 units"), Shown(0, "0 units"), Shown(1, "+1 unit"), Shown(-1, "-1 unit"),
        Shown(-376, "-376 units"), Shown(-1200, "-1,200 units"), Shown(16800, "+16,800 units"),
    ])
    func signedUnits(_ row: Shown) {
        #expect(Display.signedUnits(row.value) == row.expected)
    }

    @Test("units/kg in tenths: \"1 unit/kg\", leading zero, no trailing zero", arguments: [
        Shown(10, "1 unit/kg"), Shown(5, "0.5 units/kg"), Shown(25, "2.5 units/kg"), Shown(600, "60 units/kg"),
        Shown(11, "1.1 units/kg"), Shown(150, "15 units/kg"), Shown(2400, "240 units/kg"),
        Shown(12_000, "1,200 units/kg"), Shown(0, "0 units/kg"),
    ])
    func unitsPerKg(_ row: Shown) {
        #expect(Display.unitsPerKg(Tenths(tenths: row.value)) == row.expected)
    }

    struct Rate: Sendable, CustomTestStringConvertible {
        let scaled: Int
        let decimals: Int
        let expected: String
        var testDescription: String { "\(scaled) at \(decimals) decimals -> \"\(expected)\"" }
    }

    @Test("units/kg/min: \"1 unit/kg/min\" for one at any scale, leading zero, no trailing zero", arguments: [
        Rate(scaled: 5, decimals: 1, expected: "0.5 units/kg/min"),
        Rate(scaled: 10, decimals: 1, expected: "1 unit/kg/min"),
        Rate(scaled: 100, decimals: 2, expected: "1 unit/kg/min"),
        Rate(scaled: 50, decimals: 2, expected: "0.5 units/kg/min"),
        Rate(scaled: 136, decimals: 2, expected: "1.36 units/kg/min"),
        Rate(scaled: 101, decimals: 2, expected: "1.01 units/kg/min"),
        Rate(scaled: 2, decimals: 2, expected: "0.02 units/kg/min"),
        Rate(scaled: 0, decimals: 2, expected: "0 units/kg/min"),
        Rate(scaled: 1, decimals: 0, expected: "1 unit/kg/min"),
        Rate(scaled: 200, decimals: 2, expected: "2 units/kg/min"),
    ])
    func unitsPerKgPerMinute(_ row: Rate) {
        #expect(Display.unitsPerKgPerMinute(scaled: row.scaled, decimals: row.decimals) == row.expected)
    }

    struct Distinguished: Sendable, CustomTestStringConvertible {
        let value: Ratio
        let limits: [Ratio]
        let expected: String
        init(_ value: Ratio, against limits: [Ratio], _ expected: String) {
            self.value = value; self.limits = limits; self.expected = expected
        }
        var testDescription: String { "\(value.numerator)/\(value.denominator) against \(limits.map { "\($0.numerator)/\($0.denominator)" }) -> \"\(expected)\"" }
    }

    /// Section "Messages that compare with a limit": 0.1 units/kg (0.01 for dose rates), more
    /// decimals (up to 4) when the usual rounding would show a limit, or 0, for a value that is not.
    @Test("units/kg: 0.1, more decimals next to a limit or 0", arguments: [
        Distinguished(Ratio(4201, 70), against: [Ratio(whole: 60)], "60.01 units/kg"),       // 60.014
        Distinguished(Ratio(1049, 70), against: [Ratio(whole: 15)], "14.99 units/kg"),       // 14.986
        Distinguished(Ratio(whole: 60), against: [Ratio(whole: 60)], "60 units/kg"),          // the limit itself
        Distinguished(Ratio(3, 300), against: [], "0.01 units/kg"),                           // not 0
        Distinguished(Ratio(1, 300), against: [], "0.003 units/kg"),                          // 0.0033: 3 decimals do
        Distinguished(Ratio(5721, 100), against: [Ratio(whole: 15), Ratio(whole: 60)], "57.2 units/kg"),
        Distinguished(Ratio(240_001, 1000), against: [Ratio(whole: 240)], "240.001 units/kg"),
    ])
    func unitsPerKgNextToALimit(_ row: Distinguished) {
        #expect(Display.unitsPerKg(row.value, against: row.limits) == row.expected)
    }

    @Test("units/kg/min: 0.01, more decimals next to the cap or 0", arguments: [
        Distinguished(Ratio(601, 1200), against: [Ratio(1, 2)], "0.501 units/kg/min"),      // 60.1 units/kg over 120 min
        Distinguished(Ratio(1, 2), against: [Ratio(1, 2)], "0.5 units/kg/min"),              // exactly the cap
        Distinguished(Ratio(1, 2), against: [Ratio(whole: 1)], "0.5 units/kg/min"),
        Distinguished(Ratio(6001, 12000), against: [Ratio(1, 2)], "0.5001 units/kg/min"),   // 60.01 over 120 min
        Distinguished(Ratio(1, 12000), against: [Ratio(whole: 1)], "0.0001 units/kg/min"),  // not 0
        Distinguished(Ratio(1, 48), against: [Ratio(whole: 1)], "0.02 units/kg/min"),
        Distinguished(Ratio(101, 100), against: [Ratio(whole: 1)], "1.01 units/kg/min"),
        Distinguished(Ratio(10001, 10000), against: [Ratio(whole: 1)], "1.0001 units/kg/min"),
    ])
    func unitsPerKgPerMinuteNextToALimit(_ row: Distinguished) {
        #expect(Display.unitsPerKgPerMinute(row.value, against: row.limits) == row.expected)
    }

    @Test("decimalsDistinguishing: from the minimum up to 6, against every limit and 0")
    func decimalsDistinguishing() {
        #expect(Display.decimalsDistinguishing(Ratio(4201, 70), from: [Ratio(whole: 60)], minimum: 1) == 2)
        #expect(Display.decimalsDistinguishing(Ratio(5721, 100), from: [Ratio(whole: 60)], minimum: 1) == 1)
        #expect(Display.decimalsDistinguishing(Ratio(3, 300), from: [], minimum: 1) == 2, "0.01 is not 0")
        #expect(Display.decimalsDistinguishing(Ratio(1, 1_000_000), from: [], minimum: 1) == 6, "0.000001 is not 0")
        #expect(Display.decimalsDistinguishing(Ratio(1, 100_000_000), from: [], minimum: 1) == 6, "never more than 6")
        #expect(Display.decimalsDistinguishing(Ratio(whole: 60), from: [Ratio(whole: 60)], minimum: 1) == 1)
        #expect(Display.decimalsDistinguishing(Ratio(149_999, 10_000), from: [Ratio(whole: 15), Ratio(whole: 60)], minimum: 1) == 4)
        // The one-limit form is the same as a list of one.
        #expect(Display.decimalsDistinguishing(Ratio(601, 1200), from: Ratio(1, 2), minimum: 2) == 3)
    }

    @Test("mL: \"10 mL\" not \"10.0 mL\", \"0.5 mL\" not \".5 mL\"", arguments: [
        Shown(100, "10 mL"), Shown(1050, "105 mL"), Shown(5, "0.5 mL"), Shown(987, "98.7 mL"),
        Shown(13, "1.3 mL"), Shown(0, "0 mL"), Shown(2100, "210 mL"), Shown(10_000, "1,000 mL"),
        Shown(102, "10.2 mL"), Shown(106, "10.6 mL"), Shown(451, "45.1 mL"),
    ])
    func millilitres(_ row: Shown) {
        #expect(Display.millilitres(Tenths(tenths: row.value)) == row.expected)
    }

    @Test("mL/h", arguments: [Shown(750, "75 mL/h"), Shown(525, "52.5 mL/h"), Shown(1000, "100 mL/h"),
                              Shown(3, "0.3 mL/h"), Shown(12_000, "1,200 mL/h")])
    func millilitresPerHour(_ row: Shown) {
        #expect(Display.millilitresPerHour(Tenths(tenths: row.value)) == row.expected)
    }

    @Test("kg, lb and minutes", arguments: [
        Shown(700, "70 kg"), Shown(699, "69.9 kg"), Shown(20, "2 kg"), Shown(3000, "300 kg"), Shown(5, "0.5 kg"),
    ])
    func kilograms(_ row: Shown) {
        #expect(Display.kilograms(Tenths(tenths: row.value)) == row.expected)
    }

    @Test func poundsMinutesAndStrength() {
        #expect(Display.pounds(Tenths(tenths: 1540)) == "154 lb")
        #expect(Display.pounds(Tenths(tenths: 6615)) == "661.5 lb")
        #expect(Display.minutes(120) == "120 min")
        #expect(Display.minutes(1440) == "1,440 min")
        #expect(Display.strength(400) == "400-unit")
        #expect(Display.strength(200) == "200-unit")
    }

    @Test("signed percent in tenths", arguments: [
        Shown(-45, "-4.5%"), Shown(20, "+2%"), Shown(0, "0%"), Shown(5, "+0.5%"), Shown(-5, "-0.5%"),
        Shown(-100, "-10%"), Shown(48, "+4.8%"), Shown(-48, "-4.8%"),
    ])
    func signedPercent(_ row: Shown) {
        #expect(Display.signedPercent(Tenths(tenths: row.value)) == row.expected)
    }

    struct Plain: Sendable, CustomTestStringConvertible {
        let scaled: Int
        let decimals: Int
        let grouping: Bool
        let expected: String
        init(_ scaled: Int, _ decimals: Int, _ expected: String, grouping: Bool = false) {
            self.scaled = scaled; self.decimals = decimals; self.expected = expected; self.grouping = grouping
        }
        var testDescription: String { "\(scaled) / 10^\(decimals)\(grouping ? " grouped" : "") -> \"\(expected)\"" }
    }

    @Test("DecimalText.plain: no trailing zeros, a leading zero, grouping only when asked", arguments: [
        Plain(1050, 2, "10.5"), Plain(5, 1, "0.5"), Plain(705, 1, "70.5"), Plain(700, 1, "70"),
        Plain(-45, 1, "-4.5"), Plain(0, 1, "0"), Plain(0, 0, "0"), Plain(-5, 2, "-0.05"), Plain(100, 0, "100"),
        Plain(1000, 0, "1000"), Plain(1000, 0, "1,000", grouping: true), Plain(16800, 0, "16,800", grouping: true),
        Plain(144_000, 0, "144,000", grouping: true), Plain(123_456_789, 2, "1,234,567.89", grouping: true),
        Plain(1001, 3, "1.001"), Plain(10, 3, "0.01"), Plain(-1_000_000, 1, "-100,000", grouping: true),
        Plain(999, 0, "999", grouping: true), Plain(100_000, 2, "1,000", grouping: true), Plain(9999, 1, "999.9", grouping: true),
        Plain(10_000, 1, "1,000", grouping: true), Plain(-10, 1, "-1"),
    ])
    func decimalText(_ row: Plain) {
        #expect(DecimalText.plain(scaled: row.scaled, decimals: row.decimals, grouping: row.grouping) == row.expected)
    }

    @Test("Display.number groups thousands (it is for people)")
    func displayNumber() {
        #expect(Display.number(1000) == "1,000")
        #expect(Display.number(999) == "999")
        #expect(Display.number(Tenths(tenths: 10_005)) == "1,000.5")
        #expect(Display.number(Tenths(tenths: -45)) == "-4.5")
        #expect(Display.number(scaled: 1_234_567, decimals: 0) == "1,234,567")
    }

    @Test("Tenths: exact one-decimal values and their plain text")
    func tenths() {
        #expect(Tenths(whole: 7) == Tenths(tenths: 70))
        #expect(Tenths(tenths: 705).description == "70.5")
        #expect(Tenths(tenths: 1050).description == "105")
        #expect(Tenths(tenths: -45).description == "-4.5")
        #expect(Tenths(tenths: 12_000).description == "1200", "plain text (JSON) has no grouping")
        #expect(Tenths(tenths: 15) + Tenths(tenths: 5) == Tenths(whole: 2))
        #expect(Tenths(whole: 150) - Tenths(tenths: 1050) == Tenths(whole: 45))
        #expect(Tenths(tenths: 19) < Tenths(whole: 2))
        #expect(!(Tenths(whole: 2) < Tenths(tenths: 20)))
        #expect(Tenths.zero == Tenths(tenths: 0))
        #expect(Tenths(tenths: 25).ratio == Ratio(5, 2))
    }

    struct Rounding: Sendable, CustomTestStringConvertible {
        let numerator: Int
        let denominator: Int
        let decimals: Int
        let expected: Int
        init(_ numerator: Int, _ denominator: Int, decimals: Int, _ expected: Int) {
            self.numerator = numerator; self.denominator = denominator; self.decimals = decimals; self.expected = expected
        }
        var testDescription: String { "\(numerator)/\(denominator) to \(decimals) decimals -> \(expected)" }
    }

    @Test("Ratio.roundedHalfUp: half-up for positive values, half away from zero for negative ones", arguments: [
        Rounding(5, 2, decimals: 0, 3), Rounding(-5, 2, decimals: 0, -3),
        Rounding(1, 2, decimals: 0, 1), Rounding(-1, 2, decimals: 0, -1),
        Rounding(9, 4, decimals: 1, 23), Rounding(-9, 4, decimals: 1, -23),
        Rounding(-4489, 1000, decimals: 1, -45), Rounding(4489, 1000, decimals: 1, 45),
        Rounding(4449, 1000, decimals: 1, 44), Rounding(-4449, 1000, decimals: 1, -44),
        Rounding(1, 3, decimals: 2, 33), Rounding(2, 3, decimals: 2, 67), Rounding(-2, 3, decimals: 2, -67),
        Rounding(105, 1, decimals: 0, 105), Rounding(7, 1, decimals: 2, 700),
        Rounding(1, 40, decimals: 1, 0), Rounding(1, 20, decimals: 1, 1), Rounding(0, 1, decimals: 2, 0),
        Rounding(-1, 20, decimals: 1, -1), Rounding(-1, 40, decimals: 1, 0),
        Rounding(50, 40, decimals: 1, 13), Rounding(4194, 40, decimals: 1, 1049), Rounding(4188, 40, decimals: 1, 1047),
        Rounding(-188 * 100, 4188, decimals: 1, -45), Rounding(17475, 100, decimals: 0, 175), Rounding(-17475, 100, decimals: 0, -175),
    ])
    func roundedHalfUp(_ row: Rounding) {
        #expect(Ratio(row.numerator, row.denominator).roundedHalfUp(decimals: row.decimals) == row.expected)
    }

    @Test("Ratio: normalised, rounded up, never traps on a zero denominator")
    func ratio() {
        #expect(Ratio(2, 4) == Ratio(1, 2))
        #expect(Ratio(1, -2).numerator == -1 && Ratio(1, -2).denominator == 2)
        #expect(Ratio(5, 0).denominator == 1)
        #expect(Ratio(3, 2).roundedUp == 2)
        #expect(Ratio(4, 2).roundedUp == 2)
        #expect(Ratio(-3, 2).roundedUp == -1)
        #expect(Ratio(0, 5).roundedUp == 0)
        #expect(Ratio(1600, 10).roundedUp == 160)
        #expect(Ratio(1601, 10).roundedUp == 161)
        #expect(Ratio(1, 3) < Ratio(1, 2))
        #expect(Ratio(1, 2) * Ratio(2, 3) == Ratio(1, 3))
        #expect(Ratio(1, 2) / Ratio(1, 4) == Ratio(whole: 2))
        #expect(Ratio(1, 2) - Ratio(3, 4) == Ratio(-1, 4))
        #expect(Ratio(98, 40).tenthsRoundedHalfUp == Tenths(tenths: 25))
    }

    @Test("the section 3 checker used by the property tests catches each kind of error", arguments: [
        "10.0 mL", "give .5 units/kg/min", "4200 units", "105mL", "5 U", "40 IU", "10 cc", "0.2 \u{00B5}m filter", "1.50 mL",
    ])
    func checkerCatches(_ line: String) {
        #expect(!section3Problems(line).isEmpty)
    }

    @Test("the section 3 checker passes well-written lines", arguments: [
        "4,200 units; waste 0 units", "0.5 units/kg/min", "105 mL (4,200 units at 40 units/mL)", "10.2 mL Sterile Water",
        "0.9% Sodium Chloride Injection", "1 lb = 0.45359237 kg", "400-unit vial", "16,800 units per 4 weeks",
    ])
    func checkerPasses(_ line: String) {
        #expect(section3Problems(line).isEmpty)
    }
}
