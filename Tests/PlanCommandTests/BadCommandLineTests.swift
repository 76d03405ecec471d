import Foundation
import TestSupport
import Testing

/// Bad command lines through the real binary: exit 2, exactly one "error: " line on
/// stderr that names the field and says what is accepted, nothing on stdout, no crash.
@Suite("Bad command lines (binary)")
struct BadCommandLineTests {
    struct BadLine: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        /// Every one of these must be in the error line.
        let says: [String]
        /// None of these may be in it.
        let neverSays: [String]
        init(_ name: String, _ arguments: [String], says: [String], neverSays: [String] = []) {
            self.name = name; self.arguments = arguments; self.says = says; self.neverSays = neverSays
        }
        var testDescription: String { name }
    }

    static let weightHint = "for example 70"
    static let doseHint = "for example 60"
    static let flatHint = "for example 4200"
    /// swift-argument-parser lists an enum option's values (ExpressibleByArgument).
    static let frequencyHint = "'3-per-week', '2-per-week', 'weekly', 'every-2-weeks' or 'every-4-weeks'"
    static let vialsHint = "List the vial strengths on hand"
    static let toleranceHint = "from 0 to 100 percent"
    static let finalVolumeHint = "from 100 to 200 mL"
    static let durationHint = "for example 120"
    static let help = "(see infusion-prep --help)"
    static let over240 = "240 units/kg per 2 weeks"
    static let twoDecimals = "has more than one decimal (no thousands separators)."
    static let negative = "is negative; it cannot be."
    /// Never the parser's complaint about a missing value: a negative number is the value.
    static let missingValue = "Missing value"

    static let cases: [BadLine] = [
        // R1 weight
        BadLine("weight: not a number", planArguments(weight: "seventy"), says: ["Weight", "not a number", weightHint]),
        BadLine("weight: negative", planArguments(weight: "-70"), says: ["Weight", "negative", weightHint]),
        BadLine("weight: negative, as the next argument", ["plan", "--weight", "-70", "--dose", "60", "--frequency", "every-2-weeks"],
                says: ["Weight: \"-70\" " + negative, weightHint], neverSays: [missingValue]),
        BadLine("weight: zero", planArguments(weight: "0"), says: ["Weight", "more than 0", weightHint]),
        BadLine("weight: 1.9 kg under the hard limit", planArguments(weight: "1.9"), says: ["Weight", "1.9 kg", "2 kg to 300 kg"]),
        BadLine("weight: 300.1 kg over the hard limit", planArguments(weight: "300.1"), says: ["Weight", "300.1 kg", "2 kg to 300 kg"]),
        BadLine("weight: two decimals", planArguments(weight: "70.55"), says: ["Weight", "\"70.55\" " + twoDecimals, weightHint]),
        BadLine("weight: Arabic-Indic digits", planArguments(weight: "\u{0667}\u{0660}"), says: ["Weight", "not a digit 0 to 9", weightHint]),
        BadLine("weight: full-width digits", planArguments(weight: "\u{FF17}\u{FF10}"), says: ["Weight", "not a digit 0 to 9", weightHint]),
        BadLine("weight: 70 stone", planArguments(weight: "70 stone"), says: ["Weight", "stone", "not understood", weightHint]),
        BadLine("weight: empty", planArguments(weight: ""), says: ["--weight"]),
        BadLine("weight: .5", planArguments(weight: ".5"), says: ["Weight", "write 0.5", weightHint]),
        BadLine("weight: 70.", planArguments(weight: "70."), says: ["Weight", "digit after the decimal point", weightHint]),
        BadLine("weight: 1,000", planArguments(weight: "1,000"), says: ["Weight", "\"1,000\" " + twoDecimals, weightHint]),
        BadLine("weight: 70,5,1", planArguments(weight: "70,5,1"), says: ["Weight", "more than one", weightHint]),
        BadLine("weight: 4.2 lb is 1.9 kg", planArguments(weight: "4.2 lb"), says: ["Weight", "4.2 lb", "1.9 kg", "2 kg to 300 kg"]),
        BadLine("weight: 661.5 lb is 300.1 kg", planArguments(weight: "661.5 lb"), says: ["Weight", "661.5 lb", "300.1 kg", "2 kg to 300 kg"]),
        BadLine("weight: a unit without a number", planArguments(weight: "lb"), says: ["Weight", "no number", weightHint]),
        BadLine("weight: 1e2", planArguments(weight: "1e2"), says: ["Weight", "not understood", weightHint]),
        BadLine("weight: NaN", planArguments(weight: "NaN"), says: ["Weight", "not a number", weightHint]),
        BadLine("weight: +70", planArguments(weight: "+70"), says: ["Weight", "not a number", weightHint]),
        BadLine("weight: 154 pounds", planArguments(weight: "154 pounds"), says: ["Weight", "not understood", weightHint]),
        BadLine("weight: missing", planArguments(weight: nil), says: ["Missing --weight", "kg", "lb"]),
        BadLine("weight: no value", ["plan", "--dose", "60", "--frequency", "weekly", "--weight"], says: ["--weight", help]),
        // R2 dose
        BadLine("dose: not a number", planArguments(dose: "abc"), says: ["Dose", "not a number", doseHint]),
        BadLine("dose: zero", planArguments(dose: "0"), says: ["Dose", "more than 0", doseHint]),
        BadLine("dose: negative", planArguments(dose: "-60"), says: ["Dose", "negative", doseHint]),
        BadLine("dose: negative, as the next argument", ["plan", "--weight", "70", "--dose", "-60", "--frequency", "every-2-weeks"],
                says: ["Dose: \"-60\" " + negative, doseHint], neverSays: [missingValue]),
        BadLine("dose: two decimals", planArguments(dose: "60.25"), says: ["Dose", "\"60.25\" " + twoDecimals, doseHint]),
        BadLine("dose: .5", planArguments(dose: ".5"), says: ["Dose", "write 0.5", doseHint]),
        BadLine("dose: Arabic-Indic digits", planArguments(dose: "\u{0666}\u{0660}"), says: ["Dose", "not a digit 0 to 9", doseHint]),
        BadLine("dose: U/kg", planArguments(dose: "60 U/kg"), says: ["Dose", "not understood", doseHint]),
        BadLine("dose: far too large", planArguments(dose: "999999"), says: ["Dose", "too large", doseHint]),
        BadLine("total dose: 1,000 with a separator", planArguments(dose: nil, totalDose: "1,000"),
                says: ["Total dose: \"1,000\" has a separator; type whole units with no thousands separator.", flatHint]),
        BadLine("total dose: 4,200 with a separator", planArguments(dose: nil, totalDose: "4,200"),
                says: ["Total dose: \"4,200\" has a separator; type whole units with no thousands separator.", flatHint]),
        BadLine("total dose: negative, as the next argument", ["plan", "--weight", "70", "--total-dose", "-4200", "--frequency", "weekly"],
                says: ["Total dose: \"-4200\" " + negative, flatHint], neverSays: [missingValue]),
        BadLine("total dose: decimals", planArguments(dose: nil, totalDose: "4200.5"), says: ["Total dose", "whole units", flatHint]),
        BadLine("total dose: zero", planArguments(dose: nil, totalDose: "0"), says: ["Total dose", "more than 0", flatHint]),
        BadLine("total dose: IU", planArguments(dose: nil, totalDose: "4200 IU"), says: ["Total dose", "not understood", flatHint]),
        BadLine("dose and total dose", planArguments(dose: "60", totalDose: "4200"), says: ["--dose", "--total-dose", "not both"]),
        BadLine("neither dose nor total dose", planArguments(dose: nil), says: ["--dose", "--total-dose"]),
        BadLine("two-week equivalent 250 units/kg", planArguments(dose: "250"), says: ["250 units/kg", over240, "dose"]),
        BadLine("two-week equivalent 240.6 units/kg (3 a week)", planArguments(dose: "40.1", frequency: "3-per-week"), says: ["240.6 units/kg", over240]),
        BadLine("two-week equivalent 240.4 units/kg (2 a week)", planArguments(dose: "60.1", frequency: "2-per-week"), says: ["240.4 units/kg", over240]),
        BadLine("two-week equivalent above 240 from a total dose", planArguments(dose: nil, totalDose: "16801"), says: [over240, "dose"]),
        BadLine("dose that rounds to 0 units", planArguments(weight: "2", dose: "0.1"), says: ["0 units", "dose"]),
        // R2 frequency
        BadLine("frequency: biweekly", planArguments(frequency: "biweekly"), says: ["--frequency", "'biweekly'", frequencyHint]),
        BadLine("frequency: every 2 weeks with spaces", planArguments(frequency: "every 2 weeks"), says: ["--frequency", "'every 2 weeks'", frequencyHint]),
        BadLine("frequency: daily", planArguments(frequency: "daily"), says: ["--frequency", "'daily'", frequencyHint]),
        BadLine("frequency: missing", planArguments(frequency: nil), says: ["Missing --frequency", "every-2-weeks"]),
        // R5 vials
        BadLine("vials: 300", planArguments(["--vials", "300"]), says: ["Vials", "300", vialsHint]),
        BadLine("vials: 400 twice", planArguments(["--vials", "400,400"]), says: ["Vials", "twice", vialsHint]),
        BadLine("vials: empty", planArguments(["--vials", ""]), says: ["Vials", vialsHint]),
        BadLine("vials: semicolon", planArguments(["--vials", "400;200"]), says: ["Vials", vialsHint]),
        BadLine("vials: 100", planArguments(["--vials", "100"]), says: ["Vials", vialsHint]),
        // R4 rounding and tolerance
        BadLine("rounding: up", planArguments(["--rounding", "up"]), says: ["--rounding", "'up'", "'none'", "'nearest'"]),
        BadLine("rounding: empty", planArguments(["--rounding", ""]), says: ["--rounding", "'none'", "'nearest'"]),
        // 0 to 100 is accepted (PlanOptionCommandTests); above 100 is refused.
        BadLine("tolerance: 101", planArguments(["--tolerance", "101"]), says: ["Tolerance 101% is above 100%.", toleranceHint]),
        BadLine("tolerance: 100.1", planArguments(["--tolerance", "100.1"]), says: ["Tolerance 100.1% is above 100%.", toleranceHint]),
        BadLine("tolerance: ten", planArguments(["--tolerance", "ten"]), says: ["Tolerance", "not a number", toleranceHint]),
        BadLine("tolerance: negative", planArguments(option("tolerance", "-1")), says: ["Tolerance", "negative", toleranceHint]),
        BadLine("tolerance: negative, as the next argument", planArguments(["--tolerance", "-1"]),
                says: ["Tolerance: \"-1\" " + negative, toleranceHint], neverSays: [missingValue]),
        BadLine("tolerance: two decimals", planArguments(["--tolerance", "5.55"]), says: ["Tolerance", "\"5.55\" " + twoDecimals, toleranceHint]),
        // R7 final volume
        BadLine("final volume: 250", planArguments(["--final-volume", "250"]), says: ["Final volume", "250 mL", finalVolumeHint]),
        BadLine("final volume: 99.9", planArguments(["--final-volume", "99.9"]), says: ["Final volume", "99.9 mL", finalVolumeHint]),
        BadLine("final volume: 0", planArguments(["--final-volume", "0"]), says: ["Final volume", finalVolumeHint]),
        BadLine("final volume: two decimals", planArguments(["--final-volume", "150.05"]), says: ["Final volume", "\"150.05\" " + twoDecimals, finalVolumeHint]),
        BadLine("final volume: negative, as the next argument", planArguments(["--final-volume", "-150"]),
                says: ["Final volume: \"-150\" " + negative, finalVolumeHint], neverSays: [missingValue]),
        // R8 duration
        BadLine("duration: 0", planArguments(["--duration", "0"]), says: ["Duration", "more than 0", durationHint]),
        BadLine("duration: 2000", planArguments(["--duration", "2000"]), says: ["Duration", "2,000 min", "24 hours", durationHint]),
        BadLine("duration: 1441", planArguments(["--duration", "1441"]), says: ["Duration", "24 hours", durationHint]),
        BadLine("duration: decimals", planArguments(["--duration", "90.5"]), says: ["Duration", "whole minutes", durationHint]),
        BadLine("duration: negative", planArguments(option("duration", "-60")), says: ["Duration", "negative", durationHint]),
        BadLine("duration: negative, as the next argument", planArguments(["--duration", "-60"]),
                says: ["Duration: \"-60\" " + negative, durationHint], neverSays: [missingValue]),
        BadLine("duration: 1,440 with a separator", planArguments(["--duration", "1,440"]),
                says: ["Duration: \"1,440\" has a separator; type whole minutes with no thousands separator.", durationHint]),
        BadLine("duration: 2 h", planArguments(["--duration", "2 h"]), says: ["Duration", "not understood", durationHint]),
        // The command line itself
        BadLine("unknown option", planArguments(["--foo"]), says: ["unknown option --foo", "--weight", help]),
        BadLine("unexpected argument", planArguments(["extra"]), says: ["extra", help]),
        BadLine("a flag with a value", planArguments(["--json=yes"]), says: ["--json", help]),
        BadLine("unknown subcommand", ["plna", "--weight", "70"], says: [help]),
        BadLine("--vials without a value", planArguments(["--vials"]), says: ["--vials", help]),
    ]

    @Test("refused: exit 2, one error line naming the field and what is accepted, nothing on stdout", arguments: cases)
    func refused(_ bad: BadLine) throws {
        let result = try infusionPrep(bad.arguments)
        let line = expectBadInput(result)
        for phrase in bad.says {
            #expect(line.contains(phrase), "\"\(phrase)\" in: \(line)")
        }
        for phrase in bad.neverSays {
            #expect(!line.contains(phrase), "\"\(phrase)\" not in: \(line)")
        }
    }

    @Test("more than fifty bad command lines are covered") func count() {
        #expect(Self.cases.count >= 50)
    }

    @Test("bad input never crashes, whatever bytes are in the weight", arguments: [
        "\u{0}", "\u{7F}", String(repeating: "9", count: 5000), "70\u{200B}", "\u{1F600}", "70\n", "\t", "--", "%s%n",
        "\u{FEFF}70", "7\u{0301}0",
    ])
    func oddBytes(_ weight: String) throws {
        let result = try infusionPrep(["plan", "--weight=\(weight)", "--dose", "60", "--frequency", "every-2-weeks"])
        #expect(result.status < 128, "crashed")
        // Either refused by the contract, or (for a weight that trims to 70) a plan.
        if result.status != 0 {
            _ = expectBadInput(result)
        } else {
            #expect(result.standardError.isEmpty)
        }
    }

    /// The interface (plan --help): "2 bad input or usage (one line on standard error, nothing
    /// on standard output)". A value with a line break in it is echoed into the message.
    @Test("a line break inside a bad value still gives exactly one error line", arguments: [
        BadLine("weight with a line break", planArguments(weight: "abc\ndef"), says: ["Weight"]),
        BadLine("weight with a trailing line break and two decimals", planArguments(weight: "7.55\n"), says: ["Weight"]),
        BadLine("negative weight with a line break", planArguments(weight: "-7\n0"), says: ["Weight"]),
        BadLine("frequency with a line break", planArguments(frequency: "every\n2"), says: ["--frequency", "every\\n2"]),
        BadLine("rounding with a line break", planArguments(["--rounding", "a\nb"]), says: ["--rounding", "a\\nb"]),
    ])
    func lineBreakInValue(_ bad: BadLine) throws {
        let result = try infusionPrep(bad.arguments)
        let line = expectBadInput(result)
        for phrase in bad.says {
            #expect(line.contains(phrase))
        }
    }
}
