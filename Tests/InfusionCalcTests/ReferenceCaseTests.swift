import InfusionCalc
import TestSupport
import Testing

/// Rule book section 4: the reference cases, through the calculation module.
@Suite("Section 4 reference cases (library)")
struct ReferenceCaseTests {
    @Test("adult standard: 70 kg, 60 units/kg, every 2 weeks, vials 400+200, no rounding")
    func adultStandard() throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"), frequency: .everyTwoWeeks, policy: policy(vials: [400, 200]))
        #expect(plan.prescribedDose == 4200)
        #expect(plan.preparedDose == 4200)
        #expect(plan.vialCounts == [VialTally(400, 10), VialTally(200, 1)])
        #expect(plan.wasteUnits == 0)
        #expect(plan.drugVolumeML == t("105"))
        #expect(plan.finalVolumeML == t("150"))
        #expect(plan.sodiumChlorideML == t("45"))
        #expect(plan.durationMinutes == 120)
        #expect(plan.pumpRateMLPerHour == t("75"))
        #expect(plan.regimen.prescribedPerFourWeeks == 8400)
        #expect(plan.preparedPerFourWeeks == 8400)
        #expect(!plan.hasHardStop)
        #expect(plan.findings(.soft).isEmpty)
        let text = plan.text
        for figure in ["4,200 units", "105 mL", "150 mL", "45 mL", "75 mL/h", "8,400 units", "120 min", "70 kg"] {
            #expect(mentions(text, figure), "\(figure) in the plan text")
        }
        #expect(text.contains("8,400 units per 4 weeks"))
        // The rows as printed: the water per strength, then the volume in each vial.
        let lines = plan.lines
        #expect(lines.contains("Prepared    4,200 units: the prescribed dose, not rounded"))
        let water = try #require(lines.firstIndex { $0.hasPrefix("Water ") })
        #expect(Array(lines[water..<min(water + 3, lines.count)]) == [
            "Water       10.2 mL Sterile Water for Injection per 400-unit vial",
            "            5.1 mL Sterile Water for Injection per 200-unit vial",
            "            then 10.6 mL in each 400-unit vial, 5.3 mL in each 200-unit vial",
        ])
        #expect(lines.contains("Findings    NOTE: 200-unit vials are discontinued (US, EU): check expiry."))
        #expect(plan.findings.first { $0.code == .discontinuedVialStrength }?.message
                == "200-unit vials are discontinued (US, EU): check expiry.")
    }

    @Test("400 only: 11 x 400, waste 200 units, the last vial gives 5 mL")
    func fourHundredOnly() throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"), frequency: .everyTwoWeeks, policy: policy(vials: [400]))
        #expect(plan.preparedDose == 4200)
        #expect(plan.vialCounts == [VialTally(400, 11)])
        #expect(plan.wasteUnits == 200)
        #expect(plan.withdrawals.last?.volumeML == t("5"))
        #expect(plan.withdrawals.last?.units == 200)
        #expect(plan.withdrawals.dropLast().allSatisfy { $0.volumeML == t("10") })
        #expect(plan.drugVolumeML == t("105"))
        #expect(plan.finalVolumeML == t("150"))
        #expect(plan.sodiumChlorideML == t("45"))
        #expect(plan.pumpRateMLPerHour == t("75"))
        #expect(!plan.codes.contains(.discontinuedVialStrength))
        #expect(mentions(plan.text, "waste 200 units"))
        let lines = plan.lines
        let water = try #require(lines.firstIndex { $0.hasPrefix("Water ") })
        #expect(Array(lines[water..<min(water + 2, lines.count)]) == [
            "Water       10.2 mL Sterile Water for Injection per 400-unit vial",
            "            then 10.6 mL in each 400-unit vial",
        ])
        #expect(lines[min(water + 2, lines.count - 1)].hasPrefix("Withdraw "), "one strength: two water rows")
    }

    @Test("low dose: 20 kg, 2.5 units/kg, 3 times a week, vials 400+200")
    func lowDose() throws {
        let plan = try validPlan(weight: "20", dose: .perKg("2.5"), frequency: .threePerWeek, policy: policy(vials: [400, 200]))
        #expect(plan.prescribedDose == 50)
        #expect(plan.preparedDose == 50)
        #expect(plan.vialCounts == [VialTally(200, 1)])
        #expect(plan.wasteUnits == 150)
        #expect(plan.drugVolumeML == t("1.3"))
        #expect(plan.finalVolumeML == t("100"))
        #expect(plan.sodiumChlorideML == t("98.7"))
        #expect(plan.regimen.prescribedPerFourWeeks == 600)
        #expect(plan.regimen.twoWeekEquivalent == Ratio(whole: 15))
        #expect(!plan.codes.contains(.twoWeekDoseBelowRange), "two-week equivalent 15: no warning")
        #expect(plan.findings(.soft).isEmpty)
        #expect(!plan.hasHardStop)
        let text = plan.text
        for figure in ["50 units", "waste 150 units", "1.3 mL", "100 mL", "98.7 mL", "600 units", "15 units/kg"] {
            #expect(mentions(text, figure), "\(figure) in the plan text")
        }
    }

    @Test("too much volume: 140 kg, 60 units/kg, every 2 weeks: 8,400 units, 210 mL, hard stop")
    func tooMuchVolume() throws {
        let plan = try validPlan(weight: "140", dose: .perKg("60"), frequency: .everyTwoWeeks)
        #expect(plan.prescribedDose == 8400)
        #expect(plan.preparedDose == 8400)
        #expect(plan.drugVolumeML == t("210"))
        #expect(plan.hasHardStop)
        #expect(plan.findings(.hard) == [.drugVolumeAboveMaximum])
        #expect(plan.finalVolumeML == nil)
        #expect(plan.sodiumChlorideML == nil)
        #expect(plan.pumpRateMLPerHour == nil)
        #expect(plan.findings.first?.severity == .hard, "hard stops come first")
        #expect(mentions(plan.text, "8,400 units") && mentions(plan.text, "210 mL"))
    }

    @Test("rounding: 69.8 kg, 60 units/kg, vials 400 only, nearest within 10%")
    func rounding() throws {
        let plan = try validPlan(weight: "69.8", dose: .perKg("60"), frequency: .everyTwoWeeks,
                                 policy: policy(vials: [400], rounding: .nearest, tolerance: "10"))
        #expect(plan.prescribedDose == 4188)
        #expect(plan.preparedDose == 4000)
        #expect(plan.doseChangePercent == t("-4.5"))
        #expect(plan.vialCounts == [VialTally(400, 10)])
        #expect(plan.drugVolumeML == t("100"))
        #expect(plan.finalVolumeML == t("150"))
        #expect(plan.sodiumChlorideML == t("50"))
        #expect(plan.codes.contains(.doseRoundedToWholeVials))
        let text = plan.text
        for figure in ["4,188 units", "4,000 units", "100 mL", "150 mL"] {
            #expect(mentions(text, figure), "\(figure) in the plan text")
        }
        #expect(text.contains("-4.5%"))
        #expect(text.contains("10 x 400-unit"))
        // Prepared: three rows, the dose, the change per infusion, the change per 4 weeks.
        let lines = plan.lines
        let prepared = try #require(lines.firstIndex { $0.hasPrefix("Prepared ") })
        #expect(Array(lines[prepared..<min(prepared + 4, lines.count)]) == [
            "Prepared    4,000 units, rounded to whole vials from 4,188 units",
            "            -188 units (-4.5%) per infusion",
            "            8,000 units per 4 weeks (-376 units)",
            "Vials       10 x 400-unit = 4,000 units; waste 0 units",
        ])
    }

    @Test("flat dose, partial draw: 20 kg, 50 units flat, weekly, vials 400+200: 1 x 200; draw 1.3 mL = 52 units, shown with the draw")
    func flatDosePartialDraw() throws {
        let plan = try validPlan(weight: "20", dose: .flat("50"), frequency: .weekly, policy: policy(vials: [400, 200]))
        #expect(plan.prescribedDose == 50)
        #expect(plan.preparedDose == 50)
        #expect(plan.vialCounts == [VialTally(200, 1)])
        #expect(plan.withdrawals.map(\.volumeML) == [t("1.3")])
        #expect(plan.withdrawals.map(\.unitsDrawn) == [52])
        #expect(plan.unitsDrawn == 52)
        #expect(plan.drugVolumeML == t("1.3"))
        #expect(plan.finalVolumeML == t("100"))
        #expect(plan.sodiumChlorideML == t("98.7"))
        #expect(plan.withdrawalLines == ["1.3 mL (52 units) from 1 x 200-unit vial (partial: discard the rest)"])
        #expect(plan.lines.contains("Withdraw    1.3 mL (52 units) from 1 x 200-unit vial (partial: discard the rest)"))
        // 50 units weekly at 20 kg: 2.5 units/kg, two-week equivalent 5: below the label's range.
        #expect(plan.regimen.twoWeekEquivalent == Ratio(whole: 5))
        #expect(plan.codes.contains(.twoWeekDoseBelowRange))
        #expect(!plan.hasHardStop)
    }

    @Test("no rounding at zero waste: 70 kg, 60 units/kg, every 2 weeks: 4,200 units is whole vials, nothing offered")
    func noRoundingAtZeroWaste() throws {
        for rounding in RoundingPolicy.allCases {
            let plan = try validPlan(weight: "70", dose: .perKg("60"), policy: policy(vials: [400, 200], rounding: rounding))
            #expect(plan.preparedDose == 4200)
            #expect(plan.wasteUnits == 0)
            #expect(plan.rounding.reason == .exactDoseHasNoWaste)
            #expect(plan.rounding.doses.isEmpty)
            #expect(!plan.codes.contains(.doseRoundedToWholeVials))
            #expect(!plan.codes.contains(.noWholeVialDoseWithinTolerance))
        }
        let options = PreparationPlan.doseOptions(prescribed: 4200, frequency: .everyTwoWeeks, policy: policy(vials: [400, 200]))
        #expect(options.map(\.preparedDose) == [4200], "the wizard's Vials step shows the exact dose only")
    }

    @Test("rounding cannot lift the 200 mL stop: 140 kg, 60 units/kg, every 2 weeks, nearest: 8,400 units = 21 whole vials, no rounding, STOP")
    func roundingCannotLiftTheStop() throws {
        let plan = try validPlan(weight: "140", dose: .perKg("60"), policy: policy(rounding: .nearest))
        #expect(plan.prescribedDose == 8400)
        #expect(plan.preparedDose == 8400)
        #expect(plan.vialCounts == [VialTally(400, 21)])
        #expect(plan.wasteUnits == 0)
        #expect(plan.rounding.doses.isEmpty)
        #expect(plan.drugVolumeML == t("210"))
        #expect(plan.findings(.hard) == [.drugVolumeAboveMaximum])
        #expect(plan.hasHardStop)
    }

    @Test("every reference plan's text follows section 3")
    func referenceTextsFollowSection3() throws {
        let plans = [
            try validPlan(weight: "70", dose: .perKg("60")),
            try validPlan(weight: "70", dose: .perKg("60"), policy: policy(vials: [400])),
            try validPlan(weight: "20", dose: .perKg("2.5"), frequency: .threePerWeek),
            try validPlan(weight: "140", dose: .perKg("60")),
            try validPlan(weight: "69.8", dose: .perKg("60"), policy: policy(vials: [400], rounding: .nearest)),
            try validPlan(weight: "20", dose: .flat("50"), frequency: .weekly),
            try validPlan(weight: "140", dose: .perKg("60"), policy: policy(rounding: .nearest)),
        ]
        for plan in plans {
            for line in plan.lines + plan.findings.map(\.message) {
                #expect(section3Problems(line).isEmpty, "\(line)")
            }
        }
    }
}
