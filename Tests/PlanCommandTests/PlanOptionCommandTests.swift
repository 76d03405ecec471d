import Foundation
import TestSupport
import Testing

/// The `plan` options through the real binary, with expected values from the rule book.
@Suite("plan options (binary)")
struct PlanOptionCommandTests {
    /// Runs `plan ... --json` and returns the exit status and the object.
    func planJSON(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> (Int32, [String: Any]) {
        let result = try infusionPrep(arguments + ["--json"])
        #expect(result.standardError.isEmpty, "\(result.standardError)", sourceLocation: sourceLocation)
        let json = try parseJSONObject(result.standardOutput, sourceLocation: sourceLocation)
        expectPlanShape(json, sourceLocation: sourceLocation)
        return (result.status, json)
    }

    @Test("R1: --weight \"154 lb\" is 69.9 kg, and both values are shown")
    func pounds() throws {
        let (status, json) = try planJSON(planArguments(weight: "154 lb"))
        #expect(status == 0)
        #expect(number(json["weight_kg"]) == 69.9)
        #expect(number(json["prescribed_dose_units"]) == 4194)
        #expect(findingCodes(json, "info").contains("weight-converted-from-lb"))
        let text = try infusionPrep(planArguments(weight: "154 lb"))
        #expect(text.status == 0)
        #expect(text.standardOutput.split(separator: "\n").contains { mentions(String($0), "69.9 kg") && mentions(String($0), "154 lb") })
        #expect(mentions(text.standardOutput, "4,194 units"))
    }

    @Test("R1: the exact hard limits 2 kg and 300 kg are accepted; soft limits warn but do not stop")
    func weightLimits() throws {
        let (light, lightJSON) = try planJSON(planArguments(weight: "2", dose: "30"))
        #expect(light == 0)
        #expect(findingCodes(lightJSON, "soft") == ["weight-below-10-kg"])
        let (heavy, heavyJSON) = try planJSON(planArguments(weight: "300", dose: "15"))
        #expect(heavy == 0, "300 kg x 15 units/kg = 4,500 units, 112.5 mL")
        #expect(findingCodes(heavyJSON, "soft") == ["weight-above-200-kg"])
        #expect(number(heavyJSON["drug_volume_ml"]) == 112.5)
        let (_, ten) = try planJSON(planArguments(weight: "10", dose: "30"))
        #expect(findingCodes(ten, "soft").isEmpty)
        let (_, twoHundred) = try planJSON(planArguments(weight: "200", dose: "15"))
        #expect(findingCodes(twoHundred, "soft").isEmpty)
    }

    @Test("R2: --total-dose 4200 at 70 kg is 60 units/kg")
    func totalDose() throws {
        let (status, json) = try planJSON(planArguments(weight: "70", dose: nil, totalDose: "4200"))
        #expect(status == 0)
        #expect(number(json["dose_units_per_kg"]) == 60)
        #expect(number(json["two_week_units_per_kg"]) == 60)
        #expect(number(json["prescribed_dose_units"]) == 4200)
        #expect(number(json["drug_volume_ml"]) == 105)
        let text = try infusionPrep(planArguments(weight: "70", dose: nil, totalDose: "4200"))
        #expect(mentions(text.standardOutput, "4,200 units"))
    }

    struct Regimen: Sendable, CustomTestStringConvertible {
        let frequency: String
        let dose: String
        let twoWeek: Double
        let perFourWeeks: Double
        let soft: [String]
        var testDescription: String { "\(dose) units/kg \(frequency)" }
    }

    @Test("R2: every frequency, infusions per 4 weeks and the two-week equivalent (20 kg)", arguments: [
        Regimen(frequency: "3-per-week", dose: "2.5", twoWeek: 15, perFourWeeks: 600, soft: []),
        Regimen(frequency: "2-per-week", dose: "15", twoWeek: 60, perFourWeeks: 2400, soft: []),
        Regimen(frequency: "weekly", dose: "30", twoWeek: 60, perFourWeeks: 2400, soft: []),
        Regimen(frequency: "every-2-weeks", dose: "60", twoWeek: 60, perFourWeeks: 2400, soft: []),
        Regimen(frequency: "every-4-weeks", dose: "30", twoWeek: 15, perFourWeeks: 600, soft: []),
        Regimen(frequency: "every-4-weeks", dose: "29.9", twoWeek: 14.95, perFourWeeks: 598, soft: ["two-week-dose-below-label-range"]),
        Regimen(frequency: "weekly", dose: "30.1", twoWeek: 60.2, perFourWeeks: 2408, soft: ["two-week-dose-above-label-range"]),
        Regimen(frequency: "3-per-week", dose: "40", twoWeek: 240, perFourWeeks: 9600, soft: ["two-week-dose-above-label-range"]),
    ])
    func regimen(_ row: Regimen) throws {
        let (status, json) = try planJSON(planArguments(weight: "20", dose: row.dose, frequency: row.frequency))
        #expect(status == 0)
        #expect(json["frequency"] as? String == row.frequency)
        #expect(number(json["two_week_units_per_kg"]) == row.twoWeek)
        #expect(number((json["units_per_4_weeks"] as? [String: Any])?["prescribed"]) == row.perFourWeeks)
        #expect(findingCodes(json, "soft") == row.soft)
    }

    @Test("R8: --first-infusion: exactly 0.5 units/kg/min is allowed; 80 units/kg over 120 min stops and names 160 min")
    func firstInfusion() throws {
        let (atCap, atCapJSON) = try planJSON(planArguments(weight: "70", dose: "60", ["--first-infusion"]))
        #expect(atCap == 0)
        #expect(number(atCapJSON["dose_rate_units_per_kg_per_min"]) == 0.5)
        #expect(findingCodes(atCapJSON, "hard").isEmpty)

        let (above, aboveJSON) = try planJSON(planArguments(weight: "20", dose: "80", ["--first-infusion"]))
        #expect(above == 3)
        #expect(findingCodes(aboveJSON, "hard") == ["dose-rate-above-cap"])
        let message = (aboveJSON["findings"] as? [[String: Any]])?.first { $0["code"] as? String == "dose-rate-above-cap" }?["message"] as? String ?? ""
        #expect(mentions(message, "160 min"), "\(message)")
        #expect(mentions(message, "0.5 units/kg/min"), "\(message)")

        let text = try infusionPrep(planArguments(weight: "20", dose: "80", ["--first-infusion"]))
        #expect(text.status == 3)
        #expect(text.standardOutput.contains("STOP"))
        #expect(mentions(text.standardOutput, "160 min"))

        let (later, laterJSON) = try planJSON(planArguments(weight: "20", dose: "80"))
        #expect(later == 0, "a later infusion's cap is 1 unit/kg/min")
        #expect(findingCodes(laterJSON, "hard").isEmpty)
        let (slow, _) = try planJSON(planArguments(weight: "20", dose: "80", ["--first-infusion", "--duration", "160"]))
        #expect(slow == 0, "80 units/kg over 160 min is exactly 0.5 units/kg/min")
    }

    @Test("R7: --final-volume")
    func finalVolume() throws {
        let (status, json) = try planJSON(planArguments(weight: "70", dose: "60", ["--final-volume", "200"]))
        #expect(status == 0)
        #expect(number(json["final_volume_ml"]) == 200)
        #expect(number(json["sodium_chloride_ml"]) == 95)
        #expect(number(json["rate_ml_per_h"]) == 100)

        let (equal, equalJSON) = try planJSON(planArguments(weight: "70", dose: "60", ["--final-volume", "105"]))
        #expect(equal == 0, "0 mL sodium chloride is a warning, not a stop")
        #expect(number(equalJSON["sodium_chloride_ml"]) == 0)
        #expect(findingCodes(equalJSON, "soft") == ["no-sodium-chloride-to-add"])
        #expect(number(equalJSON["rate_ml_per_h"]) == 52.5)

        let (below, belowJSON) = try planJSON(planArguments(weight: "70", dose: "60", ["--final-volume", "100"]))
        #expect(below == 3)
        #expect(findingCodes(belowJSON, "hard") == ["final-volume-below-drug-volume"])
        #expect(isNull(belowJSON["sodium_chloride_ml"]))
        #expect(isNull(belowJSON["rate_ml_per_h"]))

        let (exact, exactJSON) = try planJSON(planArguments(weight: "140", dose: nil, totalDose: "8000"))
        #expect(exact == 0)
        #expect(number(exactJSON["drug_volume_ml"]) == 200)
        #expect(number(exactJSON["final_volume_ml"]) == 200)
        #expect(findingCodes(exactJSON, "soft") == ["no-sodium-chloride-to-add"])
    }

    struct Duration: Sendable, CustomTestStringConvertible {
        let minutes: String
        let status: Int32
        let rate: Double?
        let hard: [String]
        let soft: [String]
        var testDescription: String { "--duration \(minutes)" }
    }

    @Test("R8: --duration (70 kg, 60 units/kg, 150 mL)", arguments: [
        Duration(minutes: "120", status: 0, rate: 75, hard: [], soft: []),
        Duration(minutes: "90", status: 0, rate: 100, hard: [], soft: []),
        Duration(minutes: "60", status: 0, rate: 150, hard: [], soft: []),
        Duration(minutes: "80", status: 0, rate: 112.5, hard: [], soft: []),
        Duration(minutes: "121", status: 0, rate: 74.4, hard: [], soft: ["duration-above-120-min"]),
        Duration(minutes: "1440", status: 0, rate: 6.3, hard: [], soft: ["duration-above-120-min"]),
        Duration(minutes: "59", status: 3, rate: 152.5, hard: ["duration-below-60-min", "dose-rate-above-cap"], soft: []),
        Duration(minutes: "30", status: 3, rate: 300, hard: ["duration-below-60-min", "dose-rate-above-cap"], soft: []),
    ])
    func duration(_ row: Duration) throws {
        let (status, json) = try planJSON(planArguments(weight: "70", dose: "60", ["--duration", row.minutes]))
        #expect(status == row.status)
        #expect(number(json["duration_min"]) == Double(row.minutes))
        #expect(number(json["rate_ml_per_h"]) == row.rate)
        #expect(Set(findingCodes(json, "hard")) == Set(row.hard))
        #expect(findingCodes(json, "soft") == row.soft)
    }

    struct Rounding: Sendable, CustomTestStringConvertible {
        let extra: [String]
        let prepared: Double
        let change: Double
        let info: String?
        var testDescription: String { extra.joined(separator: " ") }
    }

    @Test("R4: --rounding nearest --tolerance (70 kg, 60 units/kg = 4,200 units)", arguments: [
        Rounding(extra: ["--rounding", "nearest", "--tolerance", "5"], prepared: 4200, change: 0, info: nil),
        Rounding(extra: ["--rounding", "nearest", "--tolerance", "5", "--vials", "400"], prepared: 4000, change: -4.8,
                 info: "dose-rounded-to-whole-vials"),
        Rounding(extra: ["--rounding", "nearest", "--tolerance", "4", "--vials", "400"], prepared: 4200, change: 0,
                 info: "no-whole-vial-dose-within-tolerance"),
        Rounding(extra: ["--rounding", "nearest", "--vials", "400"], prepared: 4000, change: -4.8, info: "dose-rounded-to-whole-vials"),
        Rounding(extra: ["--rounding", "none", "--vials", "400"], prepared: 4200, change: 0, info: nil),
        Rounding(extra: ["--rounding", "nearest", "--tolerance", "0", "--vials", "400"], prepared: 4200, change: 0,
                 info: "no-whole-vial-dose-within-tolerance"),
    ])
    func rounding(_ row: Rounding) throws {
        let (status, json) = try planJSON(planArguments(weight: "70", dose: "60", row.extra))
        #expect(status == 0)
        #expect(number(json["prescribed_dose_units"]) == 4200)
        #expect(number(json["prepared_dose_units"]) == row.prepared)
        #expect(number(json["dose_change_percent"]) == row.change)
        #expect(number((json["units_per_4_weeks"] as? [String: Any])?["prepared"]) == row.prepared * 2)
        let info = findingCodes(json, "info").filter { ["dose-rounded-to-whole-vials", "no-whole-vial-dose-within-tolerance"].contains($0) }
        #expect(info == (row.info.map { [$0] } ?? []))
    }

    struct Tolerance: Sendable, CustomTestStringConvertible {
        let extra: [String]
        let prepared: Double
        let soft: [String]
        var testDescription: String { extra.joined(separator: " ") }
    }

    /// R4: the rule book's 10% is the usual tolerance, not a limit: 0 to 100 is accepted, and a
    /// plan rounded under a tolerance above 10% carries a warning.
    @Test("R4: --tolerance above 10 is accepted; a rounded plan then warns (70 kg, 60 units/kg)", arguments: [
        Tolerance(extra: ["--rounding", "nearest", "--tolerance", "10", "--vials", "400"], prepared: 4000, soft: []),
        Tolerance(extra: ["--rounding", "nearest", "--tolerance", "10.1", "--vials", "400"], prepared: 4000,
                  soft: ["rounding-tolerance-above-10-percent"]),
        Tolerance(extra: ["--rounding", "nearest", "--tolerance", "11", "--vials", "400"], prepared: 4000,
                  soft: ["rounding-tolerance-above-10-percent"]),
        Tolerance(extra: ["--rounding", "nearest", "--tolerance", "100", "--vials", "400"], prepared: 4000,
                  soft: ["rounding-tolerance-above-10-percent"]),
        Tolerance(extra: ["--rounding", "nearest", "--tolerance", "11"], prepared: 4200, soft: []),   // whole vials already
        Tolerance(extra: ["--rounding", "none", "--tolerance", "50", "--vials", "400"], prepared: 4200, soft: []),
    ])
    func toleranceAboveTen(_ row: Tolerance) throws {
        let (status, json) = try planJSON(planArguments(weight: "70", dose: "60", row.extra))
        #expect(status == 0, "a warning, not a stop")
        #expect(number(json["prepared_dose_units"]) == row.prepared)
        #expect(findingCodes(json, "soft") == row.soft)
        let text = try infusionPrep(planArguments(weight: "70", dose: "60", row.extra))
        #expect(text.status == 0)
        let tolerance = row.extra[row.extra.firstIndex(of: "--tolerance")! + 1]
        #expect(text.standardOutput.contains("WARNING: The rounding tolerance, \(tolerance)%, is above the 10% usually accepted: confirm the whole-vial dose with the pharmacist.")
                == !row.soft.isEmpty, "\(text.standardOutput)")
    }

    @Test("R6: a dose under 0.05 mL stops (dose-too-small-to-measure): 1 unit at 70 kg exits 3")
    func doseTooSmallToMeasure() throws {
        let arguments = planArguments(weight: "70", dose: nil, totalDose: "1")
        let (status, json) = try planJSON(arguments)
        #expect(status == 3)
        #expect(number(json["prepared_dose_units"]) == 1)
        #expect(number(json["drug_volume_ml"]) == 0)
        #expect(findingCodes(json, "hard") == ["dose-too-small-to-measure"])
        let text = try infusionPrep(arguments)
        #expect(text.status == 3)
        #expect(text.standardError.isEmpty)
        #expect(text.standardOutput.split(separator: "\n").contains(
            "Findings    STOP: 1 unit is less than 0.05 mL at 40 units/mL: it cannot be measured. Check the order with the prescriber."),
            "\(text.standardOutput)")
        // 2 units is 0.05 mL, which rounds to 0.1 mL: measurable.
        let (two, twoJSON) = try planJSON(planArguments(weight: "70", dose: nil, totalDose: "2"))
        #expect(two == 0)
        #expect(number(twoJSON["drug_volume_ml"]) == 0.1)
        #expect(!findingCodes(twoJSON, "hard").contains("dose-too-small-to-measure"))
    }

    @Test("R6: a last vial whose draw rounds to 0 mL warns (partial-vial-not-measurable): 26.7 kg x 15 units/kg = 401 units")
    func partialVialNotMeasurable() throws {
        let arguments = planArguments(weight: "26.7", dose: "15", frequency: "every-2-weeks")
        let (status, json) = try planJSON(arguments)
        #expect(status == 0, "a warning, not a stop")
        #expect(number(json["prescribed_dose_units"]) == 401)
        #expect(number(json["prepared_dose_units"]) == 401)
        #expect(findingCodes(json, "hard").isEmpty)
        #expect(findingCodes(json, "soft") == ["partial-vial-not-measurable"])
        let withdrawals = (json["withdrawals"] as? [[String: Any]] ?? []).map { [number($0["strength_units"]), number($0["withdraw_ml"])] }
        #expect(withdrawals == [[400, 10], [200, 0]])
        let text = try infusionPrep(arguments)
        #expect(text.status == 0)
        let lines = text.standardOutput.split(separator: "\n").map(String.init)
        // R6 v2: the draw shows the units it really holds: 0 mL holds 0 units.
        #expect(lines.contains("            0 mL (0 units) from 1 x 200-unit vial (partial: discard the rest)"), "\(text.standardOutput)")
        #expect(number(json["units_drawn"]) == 400)
        #expect(lines.contains { $0.hasPrefix("Units drawn ") && $0.contains("400 units in 10 mL") && $0.contains("401 units") && $0.contains("-1 unit ") },
                "\(text.standardOutput)")
        #expect(lines.contains("Findings    WARNING: The last 200-unit vial would give only 1 unit, less than 0.05 mL: it cannot be measured, and the vial is opened for nothing. Check with the pharmacist; a whole-vial dose may fit."),
                "\(text.standardOutput)")
        // With 400-unit vials only, the second 400-unit vial is the one opened for 1 unit.
        let (only400, only400JSON) = try planJSON(arguments + ["--vials", "400"])
        #expect(only400 == 0)
        #expect(findingCodes(only400JSON, "soft") == ["partial-vial-not-measurable"])
        #expect(number(only400JSON["total_vials"]) == 2)
    }

    /// R7 v2: the 200 mL stop is on the prescribed dose's volume, whatever --rounding prepares.
    @Test("R7: 8,010 units prescribed (200.3 mL) stops (exit 3) even when --rounding nearest prepares 8,000 units (200 mL)")
    func roundingCannotLiftTheVolumeStop() throws {
        let (status, json) = try planJSON(planArguments(weight: "140", dose: nil, totalDose: "8010", ["--rounding", "nearest"]))
        #expect(status == 3)
        #expect(number(json["prescribed_dose_units"]) == 8010)
        #expect(number(json["prepared_dose_units"]) == 8000)
        #expect(number(json["drug_volume_ml"]) == 200)
        #expect(findingCodes(json, "hard") == ["drug-volume-above-200-ml"])
        #expect(!findingCodes(json, "soft").contains("rounded-to-fit-200-ml"), "the v1 warning is gone")
        let (exact, exactJSON) = try planJSON(planArguments(weight: "140", dose: nil, totalDose: "8010"))
        #expect(exact == 3)
        #expect(findingCodes(exactJSON, "hard") == ["drug-volume-above-200-ml"])
        let text = try infusionPrep(planArguments(weight: "140", dose: nil, totalDose: "8010", ["--rounding", "nearest"]))
        #expect(text.status == 3)
        #expect(text.standardOutput.contains("STOP: The dose does not fit the label's 200 mL maximum"), "\(text.standardOutput)")
    }

    struct Decimals: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        let status: Int32
        let lines: [String]
        var testDescription: String { name }
    }

    /// "Messages that compare with a limit": never a value beyond a limit shown as the limit,
    /// never a dose that is not 0 shown as 0.
    @Test("numbers next to a limit or 0 get up to 4 decimals", arguments: [
        Decimals(name: "4,201 units at 70 kg: 60.01 units/kg, not 60",
                 arguments: planArguments(weight: "70", dose: nil, totalDose: "4201"), status: 0,
                 lines: ["Order       4,201 units every 2 weeks (60.01 units/kg): 4,201 units per infusion",
                         "            8,402 units per 4 weeks; 60.01 units/kg per 2 weeks (label 15 to 60)",
                         "Findings    WARNING: The two-week equivalent, 60.01 units/kg, is above the label's initial range of 15 to 60 units/kg per 2 weeks. Check the order with the prescriber."]),
        Decimals(name: "3 units at 300 kg: 0.01 units/kg, not 0",
                 arguments: planArguments(weight: "300", dose: nil, totalDose: "3"), status: 0,
                 lines: ["Order       3 units every 2 weeks (0.01 units/kg): 3 units per infusion",
                         "            6 units per 4 weeks; 0.01 units/kg per 2 weeks (label 15 to 60)",
                         "Dose rate   0.0001 units/kg/min (cap 1 unit/kg/min)"]),
        Decimals(name: "first infusion, 60.1 units/kg over 120 min: 0.501 units/kg/min, not 0.5",
                 arguments: planArguments(weight: "10", dose: "60.1", ["--first-infusion"]), status: 3,
                 lines: ["Dose rate   0.501 units/kg/min (cap 0.5 units/kg/min)",
                         "Findings    STOP: The dose rate, 0.501 units/kg/min, is above the cap of 0.5 units/kg/min for a first infusion. Infuse over at least 121 min."]),
    ])
    func decimalsNextToALimit(_ row: Decimals) throws {
        let result = try infusionPrep(row.arguments)
        #expect(result.status == row.status)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        for line in row.lines {
            #expect(lines.contains(line), "\"\(line)\" in:\n\(result.standardOutput)")
        }
    }

    @Test("R5: --vials 400 and --vials 200")
    func vials() throws {
        let (_, four) = try planJSON(planArguments(["--vials", "400"]))
        #expect((four["vials"] as? [[String: Any]])?.map { number($0["strength_units"]) } == [400])
        #expect(number(four["total_vials"]) == 11)
        #expect(number(four["waste_units"]) == 200)
        let (_, two) = try planJSON(planArguments(["--vials", "200"]))
        #expect((two["vials"] as? [[String: Any]])?.map { number($0["strength_units"]) } == [200])
        #expect(number(two["total_vials"]) == 21)
        #expect(number(two["waste_units"]) == 0)
        let (_, both) = try planJSON(planArguments(["--vials", "200,400"]))
        #expect(number(both["total_vials"]) == 11)
    }

    @Test("a warning without a stop exits 0; the text says WARNING")
    func warningExitsZero() throws {
        let result = try infusionPrep(planArguments(weight: "250", dose: "15"))
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("WARNING"))
        #expect(!result.standardOutput.contains("STOP"))
    }

    @Test("--help exits 0 and prints the usage on stdout", arguments: [["--help"], ["plan", "--help"], ["help", "plan"], ["-h"]])
    func help(_ arguments: [String]) throws {
        let result = try infusionPrep(arguments)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE"))
        #expect(result.standardError.isEmpty)
        if arguments.contains("plan") {
            for flag in ["--weight", "--dose", "--total-dose", "--frequency", "--vials", "--rounding", "--tolerance",
                         "--final-volume", "--duration", "--first-infusion", "--json",
                         "--reconstituted-at", "--diluted-at", "--setting", "--stability"] {
                #expect(result.standardOutput.contains(flag), "\(flag)")
            }
        }
    }
}
