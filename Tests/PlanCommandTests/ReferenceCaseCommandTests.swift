import Foundation
import TestSupport
import Testing

/// Rule book section 4: the reference cases through the real `infusion-prep plan`.
@Suite("Section 4 reference cases (binary)")
struct ReferenceCaseCommandTests {
    struct Vial: Sendable, Equatable, CustomStringConvertible {
        let strength: Double, count: Double, water: Double, volume: Double
        init(_ strength: Double, _ count: Double, water: Double, volume: Double) {
            self.strength = strength; self.count = count; self.water = water; self.volume = volume
        }
        var description: String { "\(count) x \(strength) (\(water) mL water, \(volume) mL in the vial)" }
    }
    struct Draw: Sendable, Equatable, CustomStringConvertible {
        let strength: Double, millilitres: Double
        init(_ strength: Double, _ millilitres: Double) { self.strength = strength; self.millilitres = millilitres }
        var description: String { "\(millilitres) mL from \(strength)" }
    }

    struct Reference: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        let status: Int32
        /// Figures that must appear in the text, formatted by section 3.
        let figures: [String]
        /// Scalar JSON values; nil is JSON null.
        let values: [String: Double?]
        let frequency: String
        let perFourWeeks: (prescribed: Double, prepared: Double)
        let vials: [Vial]
        let withdrawals: [Draw]
        let hard: [String]
        let soft: [String]
        /// Runs of lines that must appear in the text exactly, one after the other.
        var rows: [[String]] = []
        var testDescription: String { name }
    }

    static let v400 = (water: 10.2, volume: 10.6)
    static let v200 = (water: 5.1, volume: 5.3)

    static let cases: [Reference] = [
        Reference(
            name: "adult standard: 70 kg, 60 units/kg, every 2 weeks, vials 400+200, no rounding",
            arguments: planArguments(weight: "70", dose: "60", frequency: "every-2-weeks", ["--vials", "400,200"]),
            status: 0,
            figures: ["4,200 units", "10 x 400-unit", "1 x 200-unit", "waste 0 units", "105 mL", "150 mL", "45 mL",
                      "120 min", "75 mL/h", "8,400 units per 4 weeks", "70 kg"],
            values: ["weight_kg": 70, "dose_units_per_kg": 60, "two_week_units_per_kg": 60, "prescribed_dose_units": 4200,
                     "prepared_dose_units": 4200, "dose_change_percent": 0, "total_vials": 11, "waste_units": 0,
                     "drug_volume_ml": 105, "final_volume_ml": 150, "sodium_chloride_ml": 45, "duration_min": 120,
                     "rate_ml_per_h": 75, "dose_rate_units_per_kg_per_min": 0.5],
            frequency: "every-2-weeks", perFourWeeks: (8400, 8400),
            vials: [Vial(400, 10, water: v400.water, volume: v400.volume), Vial(200, 1, water: v200.water, volume: v200.volume)],
            withdrawals: Array(repeating: Draw(400, 10), count: 10) + [Draw(200, 5)],
            hard: [], soft: [],
            rows: [["Prepared    4,200 units: the prescribed dose, not rounded",
                    "Vials       10 x 400-unit + 1 x 200-unit = 4,200 units; waste 0 units",
                    "Water       10.2 mL Sterile Water for Injection per 400-unit vial",
                    "            5.1 mL Sterile Water for Injection per 200-unit vial",
                    "            then 10.6 mL in each 400-unit vial, 5.3 mL in each 200-unit vial",
                    "Withdraw    10 mL from each of 10 x 400-unit vials (whole)",
                    "            5 mL from 1 x 200-unit vial (whole)"],
                   ["Dose rate   0.5 units/kg/min (cap 1 unit/kg/min)"],
                   ["Findings    NOTE: 200-unit vials are discontinued (US, EU): check expiry."]]),
        Reference(
            name: "400 only: 11 x 400, waste 200 units, the last vial gives 5 mL",
            arguments: planArguments(weight: "70", dose: "60", frequency: "every-2-weeks", ["--vials", "400"]),
            status: 0,
            figures: ["4,200 units", "11 x 400-unit", "waste 200 units", "5 mL", "105 mL", "150 mL", "45 mL", "75 mL/h"],
            values: ["prescribed_dose_units": 4200, "prepared_dose_units": 4200, "total_vials": 11, "waste_units": 200,
                     "drug_volume_ml": 105, "final_volume_ml": 150, "sodium_chloride_ml": 45, "rate_ml_per_h": 75],
            frequency: "every-2-weeks", perFourWeeks: (8400, 8400),
            vials: [Vial(400, 11, water: v400.water, volume: v400.volume)],
            withdrawals: Array(repeating: Draw(400, 10), count: 10) + [Draw(400, 5)],
            hard: [], soft: [],
            rows: [["Water       10.2 mL Sterile Water for Injection per 400-unit vial",
                    "            then 10.6 mL in each 400-unit vial",
                    "Withdraw    10 mL from each of 10 x 400-unit vials (whole)",
                    "            5 mL (200 units) from 1 x 400-unit vial (partial: discard the rest)"],
                   ["Findings    none"]]),
        Reference(
            name: "low dose: 20 kg, 2.5 units/kg, 3 times a week, vials 400+200",
            arguments: planArguments(weight: "20", dose: "2.5", frequency: "3-per-week", ["--vials", "400,200"]),
            status: 0,
            figures: ["50 units", "1 x 200-unit", "waste 150 units", "1.3 mL", "100 mL", "98.7 mL", "600 units per 4 weeks",
                      "15 units/kg", "2.5 units/kg", "50 mL/h"],
            values: ["weight_kg": 20, "dose_units_per_kg": 2.5, "two_week_units_per_kg": 15, "prescribed_dose_units": 50,
                     "prepared_dose_units": 50, "dose_change_percent": 0, "total_vials": 1, "waste_units": 150,
                     "drug_volume_ml": 1.3, "final_volume_ml": 100, "sodium_chloride_ml": 98.7, "duration_min": 120,
                     "rate_ml_per_h": 50, "dose_rate_units_per_kg_per_min": 0.0208],
            frequency: "3-per-week", perFourWeeks: (600, 600),
            vials: [Vial(200, 1, water: v200.water, volume: v200.volume)],
            withdrawals: [Draw(200, 1.3)],
            hard: [], soft: [],
            rows: [["Water       5.1 mL Sterile Water for Injection per 200-unit vial",
                    "            then 5.3 mL in each 200-unit vial",
                    "Withdraw    1.3 mL (52 units) from 1 x 200-unit vial (partial: discard the rest)"],
                   ["Dose rate   0.02 units/kg/min (cap 1 unit/kg/min)"]]),
        Reference(
            name: "too much volume: 140 kg, 60 units/kg, every 2 weeks: hard stop",
            arguments: planArguments(weight: "140", dose: "60", frequency: "every-2-weeks"),
            status: 3,
            figures: ["8,400 units", "210 mL", "16,800 units per 4 weeks", "140 kg"],
            values: ["weight_kg": 140, "prescribed_dose_units": 8400, "prepared_dose_units": 8400, "total_vials": 21,
                     "waste_units": 0, "drug_volume_ml": 210, "final_volume_ml": nil, "sodium_chloride_ml": nil,
                     "rate_ml_per_h": nil, "duration_min": 120],
            frequency: "every-2-weeks", perFourWeeks: (16800, 16800),
            vials: [Vial(400, 21, water: v400.water, volume: v400.volume)],
            withdrawals: Array(repeating: Draw(400, 10), count: 21),
            hard: ["drug-volume-above-200-ml"], soft: []),
        Reference(
            name: "rounding: 69.8 kg, 60 units/kg, vials 400 only, nearest within 10%",
            arguments: planArguments(weight: "69.8", dose: "60", frequency: "every-2-weeks",
                                     ["--vials", "400", "--rounding", "nearest", "--tolerance", "10"]),
            status: 0,
            figures: ["4,188 units", "4,000 units", "10 x 400-unit", "100 mL", "150 mL", "50 mL", "69.8 kg", "8,000 units"],
            values: ["weight_kg": 69.8, "dose_units_per_kg": 60, "prescribed_dose_units": 4188, "prepared_dose_units": 4000,
                     "dose_change_percent": -4.5, "total_vials": 10, "waste_units": 0, "drug_volume_ml": 100,
                     "final_volume_ml": 150, "sodium_chloride_ml": 50, "rate_ml_per_h": 75],
            frequency: "every-2-weeks", perFourWeeks: (8376, 8000),
            vials: [Vial(400, 10, water: v400.water, volume: v400.volume)],
            withdrawals: Array(repeating: Draw(400, 10), count: 10),
            hard: [], soft: [],
            rows: [["Prepared    4,000 units, rounded to whole vials from 4,188 units",
                    "            -188 units (-4.5%) per infusion",
                    "            8,000 units per 4 weeks (-376 units)",
                    "Vials       10 x 400-unit = 4,000 units; waste 0 units"]]),
        Reference(
            name: "flat dose, partial draw: 20 kg, 50 units flat, weekly, vials 400+200: 1.3 mL = 52 units",
            arguments: planArguments(weight: "20", dose: nil, totalDose: "50", frequency: "weekly", ["--vials", "400,200"]),
            status: 0,
            figures: ["50 units", "1 x 200-unit", "waste 150 units", "1.3 mL", "52 units", "100 mL", "98.7 mL", "50 mL/h"],
            values: ["weight_kg": 20, "dose_units_per_kg": 2.5, "two_week_units_per_kg": 5, "prescribed_dose_units": 50,
                     "prepared_dose_units": 50, "total_vials": 1, "waste_units": 150, "drug_volume_ml": 1.3, "units_drawn": 52,
                     "final_volume_ml": 100, "sodium_chloride_ml": 98.7, "rate_ml_per_h": 50, "schema_version": 4],
            frequency: "weekly", perFourWeeks: (200, 200),
            vials: [Vial(200, 1, water: v200.water, volume: v200.volume)],
            withdrawals: [Draw(200, 1.3)],
            hard: [], soft: ["two-week-dose-below-label-range"],
            rows: [["Withdraw    1.3 mL (52 units) from 1 x 200-unit vial (partial: discard the rest)"]]),
        Reference(
            name: "no rounding at zero waste: 70 kg, 60 units/kg, every 2 weeks, --rounding nearest: 4,200 units, nothing rounded",
            arguments: planArguments(weight: "70", dose: "60", frequency: "every-2-weeks", ["--vials", "400,200", "--rounding", "nearest"]),
            status: 0,
            figures: ["4,200 units", "10 x 400-unit", "1 x 200-unit", "waste 0 units", "105 mL"],
            values: ["prescribed_dose_units": 4200, "prepared_dose_units": 4200, "dose_change_percent": 0, "total_vials": 11,
                     "waste_units": 0, "units_drawn": 4200],
            frequency: "every-2-weeks", perFourWeeks: (8400, 8400),
            vials: [Vial(400, 10, water: v400.water, volume: v400.volume), Vial(200, 1, water: v200.water, volume: v200.volume)],
            withdrawals: Array(repeating: Draw(400, 10), count: 10) + [Draw(200, 5)],
            hard: [], soft: [],
            rows: [["Prepared    4,200 units: the prescribed dose, not rounded"],
                   ["Findings    NOTE: 200-unit vials are discontinued (US, EU): check expiry."]]),
        Reference(
            name: "the 200 mL stop stands whatever the rounding: 140 kg, 60 units/kg, every 2 weeks, --rounding nearest: exit 3",
            arguments: planArguments(weight: "140", dose: "60", frequency: "every-2-weeks", ["--rounding", "nearest"]),
            status: 3,
            figures: ["8,400 units", "210 mL", "21 x 400-unit"],
            values: ["prescribed_dose_units": 8400, "prepared_dose_units": 8400, "dose_change_percent": 0, "total_vials": 21,
                     "waste_units": 0, "drug_volume_ml": 210, "final_volume_ml": nil, "rate_ml_per_h": nil],
            frequency: "every-2-weeks", perFourWeeks: (16800, 16800),
            vials: [Vial(400, 21, water: v400.water, volume: v400.volume)],
            withdrawals: Array(repeating: Draw(400, 10), count: 21),
            hard: ["drug-volume-above-200-ml"], soft: [],
            rows: [["Prepared    8,400 units: the prescribed dose, not rounded"]]),
    ]

    @Test("text output: the key figures, formatted by section 3, and the exit status", arguments: cases)
    func text(_ reference: Reference) throws {
        let result = try infusionPrep(reference.arguments)
        #expect(result.status == reference.status)
        #expect(result.standardError.isEmpty)
        let text = result.standardOutput
        for figure in reference.figures {
            #expect(mentions(text, figure), "\"\(figure)\" in:\n\(text)")
        }
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("STOP") } == (reference.status == 3))
        #expect(lines.contains { $0.contains("WARNING") } == !reference.soft.isEmpty, "a warning only where the case has one")
        if reference.name.hasPrefix("rounding") {
            #expect(text.contains("-4.5%"))
        }
        for run in reference.rows {
            let start = lines.firstIndex(of: run[0])
            #expect(start != nil, "\"\(run[0])\" in:\n\(text)")
            if let start {
                #expect(Array(lines[start..<min(start + run.count, lines.count)]) == run)
            }
        }
        // Section 3 on the whole text.
        #expect(!text.contains(#/\.\d*0(?!\d)/#), "no trailing zero")
        #expect(!text.contains(#/(^|[^0-9])\.[0-9]/#), "a leading zero")
        #expect(!text.contains(#/\b(U|IU|cc)\b/#))
        #expect(!text.contains("\u{00B5}"))
    }

    @Test("--json: exactly the interface's keys, and the rule book's values", arguments: cases)
    func json(_ reference: Reference) throws {
        let result = try infusionPrep(reference.arguments + ["--json"])
        #expect(result.status == reference.status)
        #expect(result.standardError.isEmpty)
        let json = try parseJSONObject(result.standardOutput)
        expectPlanShape(json)
        for (key, expected) in reference.values.sorted(by: { $0.key < $1.key }) {
            if let expected {
                #expect(number(json[key]) == expected, "\(key)")
            } else {
                #expect(isNull(json[key]), "\(key) is null")
            }
        }
        #expect(json["frequency"] as? String == reference.frequency)
        let perFourWeeks = json["units_per_4_weeks"] as? [String: Any]
        #expect(number(perFourWeeks?["prescribed"]) == reference.perFourWeeks.prescribed)
        #expect(number(perFourWeeks?["prepared"]) == reference.perFourWeeks.prepared)
        let vials = (json["vials"] as? [[String: Any]] ?? []).map {
            Vial(number($0["strength_units"]) ?? -1, number($0["count"]) ?? -1,
                 water: number($0["water_ml"]) ?? -1, volume: number($0["vial_volume_ml"]) ?? -1)
        }
        #expect(vials == reference.vials)
        let withdrawals = (json["withdrawals"] as? [[String: Any]] ?? []).map {
            Draw(number($0["strength_units"]) ?? -1, number($0["withdraw_ml"]) ?? -1)
        }
        #expect(withdrawals == reference.withdrawals)
        #expect(findingCodes(json, "hard") == reference.hard)
        #expect(findingCodes(json, "soft") == reference.soft)
        #expect(number(json["schema_version"]) == 4)
        // R6 v2: each withdrawal holds mL x 40 units, and units_drawn is their sum.
        let drawn = (json["withdrawals"] as? [[String: Any]] ?? []).map { (number($0["withdraw_ml"]) ?? -1, number($0["units_drawn"]) ?? -1) }
        #expect(drawn.allSatisfy { abs($0.0 * 40 - $0.1) < 1e-9 }, "\(drawn)")
        #expect(number(json["units_drawn"]) == drawn.reduce(0) { $0 + $1.1 })
        // JSON uses plain numbers: no grouping, no unit.
        #expect(!result.standardOutput.contains("4,200"))
        #expect(!result.standardOutput.contains(" mL\","))
    }
}
