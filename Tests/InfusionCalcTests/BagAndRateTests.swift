import InfusionCalc
import TestSupport
import Testing

/// R7 final volume and sodium chloride, R8 duration, pump rate and rate caps.
@Suite("R7 final volume")
struct FinalVolumeTests {
    struct Default: Sendable, CustomTestStringConvertible {
        let drugVolume: String
        let finalVolume: String?
        var testDescription: String { "drug \(drugVolume) mL -> \(finalVolume.map { "\($0) mL" } ?? "none") " }
    }

    @Test("default: the smallest of 100, 150, 200 mL greater than the drug volume; 200 when it is exactly 200", arguments: [
        Default(drugVolume: "0", finalVolume: "100"), Default(drugVolume: "1.3", finalVolume: "100"),
        Default(drugVolume: "99.9", finalVolume: "100"), Default(drugVolume: "100", finalVolume: "150"),
        Default(drugVolume: "105", finalVolume: "150"), Default(drugVolume: "149.9", finalVolume: "150"),
        Default(drugVolume: "150", finalVolume: "200"), Default(drugVolume: "199.9", finalVolume: "200"),
        Default(drugVolume: "200", finalVolume: "200"), Default(drugVolume: "200.1", finalVolume: nil),
        Default(drugVolume: "210", finalVolume: nil),
    ])
    func defaultFinalVolume(_ row: Default) {
        #expect(Rules.defaultFinalVolume(drugVolume: t(row.drugVolume), policy: .standard) == row.finalVolume.map(t))
    }

    struct Bag: Sendable, CustomTestStringConvertible {
        let name: String
        let weight: String
        let dose: OrderedDose
        let chosenFinalVolume: String?
        let drugVolume: String
        let finalVolume: String?
        let sodiumChloride: String?
        let rate: String?
        let hardStop: FindingCode?
        let noSodiumChlorideWarning: Bool
        var testDescription: String { name }
    }

    @Test("sodium chloride = final volume - drug volume; 0 mL warns; above 200 mL or below the drug volume stops", arguments: [
        Bag(name: "low dose: 1.3 mL in 100 mL", weight: "20", dose: .perKg("2.5"), chosenFinalVolume: nil,
            drugVolume: "1.3", finalVolume: "100", sodiumChloride: "98.7", rate: "50", hardStop: nil, noSodiumChlorideWarning: false),
        Bag(name: "99.9 mL in 100 mL", weight: "70", dose: .flat("3996"), chosenFinalVolume: nil,
            drugVolume: "99.9", finalVolume: "100", sodiumChloride: "0.1", rate: "50", hardStop: nil, noSodiumChlorideWarning: false),
        Bag(name: "exactly 100 mL goes in 150 mL", weight: "100", dose: .perKg("40"), chosenFinalVolume: nil,
            drugVolume: "100", finalVolume: "150", sodiumChloride: "50", rate: "75", hardStop: nil, noSodiumChlorideWarning: false),
        Bag(name: "105 mL in 150 mL", weight: "70", dose: .perKg("60"), chosenFinalVolume: nil,
            drugVolume: "105", finalVolume: "150", sodiumChloride: "45", rate: "75", hardStop: nil, noSodiumChlorideWarning: false),
        Bag(name: "exactly 150 mL goes in 200 mL", weight: "100", dose: .perKg("60"), chosenFinalVolume: nil,
            drugVolume: "150", finalVolume: "200", sodiumChloride: "50", rate: "100", hardStop: nil, noSodiumChlorideWarning: false),
        Bag(name: "199.9 mL in 200 mL", weight: "140", dose: .flat("7996"), chosenFinalVolume: nil,
            drugVolume: "199.9", finalVolume: "200", sodiumChloride: "0.1", rate: "100", hardStop: nil, noSodiumChlorideWarning: false),
        Bag(name: "exactly 200 mL: 200 mL and no sodium chloride (warning)", weight: "140", dose: .flat("8000"), chosenFinalVolume: nil,
            drugVolume: "200", finalVolume: "200", sodiumChloride: "0", rate: "100", hardStop: nil, noSodiumChlorideWarning: true),
        Bag(name: "8,001 units round to 200 mL (warning)", weight: "140", dose: .flat("8001"), chosenFinalVolume: nil,
            drugVolume: "200", finalVolume: "200", sodiumChloride: "0", rate: "100", hardStop: nil, noSodiumChlorideWarning: true),
        Bag(name: "200.1 mL: stop", weight: "140", dose: .flat("8002"), chosenFinalVolume: nil,
            drugVolume: "200.1", finalVolume: nil, sodiumChloride: nil, rate: nil, hardStop: .drugVolumeAboveMaximum, noSodiumChlorideWarning: false),
        Bag(name: "210 mL: stop", weight: "140", dose: .perKg("60"), chosenFinalVolume: nil,
            drugVolume: "210", finalVolume: nil, sodiumChloride: nil, rate: nil, hardStop: .drugVolumeAboveMaximum, noSodiumChlorideWarning: false),
        Bag(name: "chosen 100 mL below 105 mL: stop", weight: "70", dose: .perKg("60"), chosenFinalVolume: "100",
            drugVolume: "105", finalVolume: "100", sodiumChloride: nil, rate: nil, hardStop: .finalVolumeBelowDrugVolume, noSodiumChlorideWarning: false),
        Bag(name: "chosen 104.9 mL below 105 mL: stop", weight: "70", dose: .perKg("60"), chosenFinalVolume: "104.9",
            drugVolume: "105", finalVolume: "104.9", sodiumChloride: nil, rate: nil, hardStop: .finalVolumeBelowDrugVolume, noSodiumChlorideWarning: false),
        Bag(name: "chosen 105 mL = drug volume: no sodium chloride (warning)", weight: "70", dose: .perKg("60"), chosenFinalVolume: "105",
            drugVolume: "105", finalVolume: "105", sodiumChloride: "0", rate: "52.5", hardStop: nil, noSodiumChlorideWarning: true),
        Bag(name: "chosen 200 mL for 1.3 mL", weight: "20", dose: .perKg("2.5"), chosenFinalVolume: "200",
            drugVolume: "1.3", finalVolume: "200", sodiumChloride: "198.7", rate: "100", hardStop: nil, noSodiumChlorideWarning: false),
        Bag(name: "chosen 120.5 mL for 105 mL", weight: "70", dose: .perKg("60"), chosenFinalVolume: "120.5",
            drugVolume: "105", finalVolume: "120.5", sodiumChloride: "15.5", rate: "60.3", hardStop: nil, noSodiumChlorideWarning: false),
    ])
    func bag(_ row: Bag) throws {
        let plan = try validPlan(weight: row.weight, dose: row.dose, finalVolume: row.chosenFinalVolume.map(t))
        #expect(plan.drugVolumeML == t(row.drugVolume))
        #expect(plan.finalVolumeML == row.finalVolume.map(t))
        #expect(plan.sodiumChlorideML == row.sodiumChloride.map(t))
        #expect(plan.pumpRateMLPerHour == row.rate.map(t))
        #expect(plan.findings(.hard) == (row.hardStop.map { [$0] } ?? []))
        #expect(plan.hasHardStop == (row.hardStop != nil))
        let warning = plan.findings.first { $0.code == .noSodiumChlorideToAdd }
        #expect((warning != nil) == row.noSodiumChlorideWarning)
        if let warning { #expect(warning.severity == .soft) }
        if row.hardStop == .drugVolumeAboveMaximum {
            let message = plan.findings.first { $0.code == .drugVolumeAboveMaximum }?.message ?? ""
            #expect(message.contains("200 mL maximum") && message.lowercased().contains("ask the pharmacist"))
            #expect(mentions(message, Display.millilitres(t(row.drugVolume))))
        }
    }

    /// R7: "Final volume. Must be within 100 to 200 mL and at least the drug volume."
    @Test("a final volume outside 100 to 200 mL given to the plan directly is refused or stops the plan",
          arguments: ["250", "200.1", "99.9", "50"])
    func chosenFinalVolumeOutsideLimits(_ volume: String) {
        let result = makePlan(weight: "20", dose: .perKg("2.5"), frequency: .threePerWeek, finalVolume: t(volume))
        #expect(result.failure?.field == .finalVolume || result.success?.hasHardStop == true)
    }

    @Test("the final-volume parser accepts exactly 100 and 200 mL")
    func parserBounds() throws {
        #expect(try parseFinalVolume("100").get() == t("100"))
        #expect(try parseFinalVolume("200").get() == t("200"))
        #expect(try parseFinalVolume("150 mL").get() == t("150"))
        #expect(try parseFinalVolume("120.5").get() == t("120.5"))
    }
}

@Suite("R8 duration and rate")
struct DurationAndRateTests {
    struct Duration: Sendable, CustomTestStringConvertible {
        let minutes: Int?
        let finding: FindingCode?
        let severity: Severity?
        var testDescription: String { "\(minutes.map { "\($0) min" } ?? "default") -> \(finding?.rawValue ?? "no duration finding")" }
    }

    @Test("default 120 min; under 60 stops, over 120 warns; 60 and 120 exactly are fine", arguments: [
        Duration(minutes: nil, finding: nil, severity: nil), Duration(minutes: 120, finding: nil, severity: nil),
        Duration(minutes: 60, finding: nil, severity: nil), Duration(minutes: 90, finding: nil, severity: nil),
        Duration(minutes: 59, finding: .durationBelowMinimum, severity: .hard),
        Duration(minutes: 10, finding: .durationBelowMinimum, severity: .hard),
        Duration(minutes: 121, finding: .durationAboveMaximum, severity: .soft),
        Duration(minutes: 1440, finding: .durationAboveMaximum, severity: .soft),
    ])
    func duration(_ row: Duration) throws {
        // 2.5 units/kg keeps the dose rate far below both caps at any of these durations.
        let plan = try validPlan(weight: "20", dose: .perKg("2.5"), frequency: .threePerWeek, duration: row.minutes)
        #expect(plan.durationMinutes == (row.minutes ?? 120))
        let codes = plan.codes.filter { [.durationBelowMinimum, .durationAboveMaximum].contains($0) }
        #expect(codes == (row.finding.map { [$0] } ?? []))
        #expect(plan.findings.first { codes.contains($0.code) }?.severity == row.severity)
        #expect(!plan.codes.contains(.doseRateAboveCap))
    }

    struct Pump: Sendable, CustomTestStringConvertible {
        let finalVolume: String
        let minutes: Int
        let rate: String
        var testDescription: String { "\(finalVolume) mL over \(minutes) min -> \(rate) mL/h" }
    }

    @Test("rate = final volume x 60 / duration, rounded half-up to 0.1 mL/h", arguments: [
        Pump(finalVolume: "150", minutes: 120, rate: "75"), Pump(finalVolume: "100", minutes: 120, rate: "50"),
        Pump(finalVolume: "200", minutes: 60, rate: "200"), Pump(finalVolume: "150", minutes: 90, rate: "100"),
        Pump(finalVolume: "105", minutes: 80, rate: "78.8"),    // 78.75
        Pump(finalVolume: "105", minutes: 112, rate: "56.3"),   // 56.25
        Pump(finalVolume: "100", minutes: 70, rate: "85.7"),    // 85.714...
        Pump(finalVolume: "150", minutes: 110, rate: "81.8"),   // 81.818...
        Pump(finalVolume: "120.5", minutes: 120, rate: "60.3"), // 60.25
        Pump(finalVolume: "100", minutes: 7, rate: "857.1"),
        Pump(finalVolume: "200", minutes: 1440, rate: "8.3"),   // 8.333...
        Pump(finalVolume: "100", minutes: 960, rate: "6.3"),    // 6.25
    ])
    func pumpRate(_ row: Pump) {
        #expect(Rules.pumpRate(finalVolume: t(row.finalVolume), minutes: row.minutes) == t(row.rate))
    }

    struct Cap: Sendable, CustomTestStringConvertible {
        let name: String
        let perKg: String
        let firstInfusion: Bool
        let minutes: Int?
        let shortest: Int?
        var testDescription: String { name }
    }

    @Test("rate caps: first infusion 0.5, later 1 unit/kg/min; above stops and names the shortest duration, rounded up",
          arguments: [
              Cap(name: "first, 60 units/kg over 120 min: exactly 0.5, no stop", perKg: "60", firstInfusion: true, minutes: nil, shortest: nil),
              Cap(name: "first, 60.1 units/kg over 120 min: at least 121 min", perKg: "60.1", firstInfusion: true, minutes: nil, shortest: 121),
              Cap(name: "first, 80 units/kg over 120 min: at least 160 min", perKg: "80", firstInfusion: true, minutes: nil, shortest: 160),
              Cap(name: "first, 80 units/kg over 160 min: exactly 0.5, no stop", perKg: "80", firstInfusion: true, minutes: 160, shortest: nil),
              Cap(name: "first, 80 units/kg over 159 min: at least 160 min", perKg: "80", firstInfusion: true, minutes: 159, shortest: 160),
              Cap(name: "first, 30 units/kg over 60 min: exactly 0.5, no stop", perKg: "30", firstInfusion: true, minutes: 60, shortest: nil),
              Cap(name: "first, 80.1 units/kg over 120 min: at least 161 min", perKg: "80.1", firstInfusion: true, minutes: nil, shortest: 161),
              Cap(name: "later, 80 units/kg over 120 min: below 1, no stop", perKg: "80", firstInfusion: false, minutes: nil, shortest: nil),
              Cap(name: "later, 120 units/kg over 120 min: exactly 1, no stop", perKg: "120", firstInfusion: false, minutes: nil, shortest: nil),
              Cap(name: "later, 120.1 units/kg over 120 min: at least 121 min", perKg: "120.1", firstInfusion: false, minutes: nil, shortest: 121),
              Cap(name: "later, 130 units/kg over 120 min: at least 130 min", perKg: "130", firstInfusion: false, minutes: nil, shortest: 130),
              Cap(name: "later, 60 units/kg over 60 min: exactly 1, no stop", perKg: "60", firstInfusion: false, minutes: 60, shortest: nil),
              Cap(name: "later, 90 units/kg over 60 min: at least 90 min", perKg: "90", firstInfusion: false, minutes: 60, shortest: 90),
          ])
    func rateCap(_ row: Cap) throws {
        let plan = try validPlan(weight: "10", dose: .perKg(row.perKg), firstInfusion: row.firstInfusion, duration: row.minutes)
        let minutes = row.minutes ?? 120
        #expect(plan.doseRate == t(row.perKg).ratio / Ratio(whole: minutes))
        #expect(plan.rateCap == (row.firstInfusion ? t("0.5") : t("1")))
        let stop = plan.findings.first { $0.code == .doseRateAboveCap }
        #expect((stop != nil) == (row.shortest != nil))
        if let stop, let shortest = row.shortest {
            #expect(stop.severity == .hard)
            #expect(mentions(stop.message, "\(shortest) min"), "names the shortest allowed duration: \(stop.message)")
            #expect(Rules.shortestDuration(unitsPerKg: t(row.perKg).ratio, cap: plan.rateCap!) == shortest)
        }
    }

    @Test("rate-cap policy off: no cap, no stop")
    func capOff() throws {
        let off = policy { $0.rateCapEnabled = false }
        let plan = try validPlan(weight: "10", dose: .perKg("130"), firstInfusion: true, duration: 60, policy: off)
        #expect(plan.rateCap == nil)
        #expect(!plan.codes.contains(.doseRateAboveCap))
        #expect(!plan.hasHardStop)
        #expect(Rules.rateCap(firstInfusion: true, policy: off) == nil)
        #expect(Rules.rateCap(firstInfusion: false, policy: off) == nil)
        #expect(Rules.rateCap(firstInfusion: true, policy: .standard) == t("0.5"))
        #expect(Rules.rateCap(firstInfusion: false, policy: .standard) == t("1"))
        #expect(SitePolicy.standard.rateCapEnabled, "the rate-cap policy is on by default")
    }

    @Test("dose rate = units/kg / duration; shortest duration = units/kg / cap, rounded up")
    func doseRateAndShortest() {
        #expect(Rules.doseRate(unitsPerKg: Ratio(whole: 60), minutes: 120) == Ratio(1, 2))
        #expect(Rules.doseRate(unitsPerKg: Ratio(5, 2), minutes: 120) == Ratio(1, 48))
        #expect(Rules.shortestDuration(unitsPerKg: Ratio(whole: 80), cap: t("0.5")) == 160)
        #expect(Rules.shortestDuration(unitsPerKg: Ratio(601, 10), cap: t("0.5")) == 121)
        #expect(Rules.shortestDuration(unitsPerKg: Ratio(whole: 130), cap: t("1")) == 130)
        #expect(Rules.shortestDuration(unitsPerKg: Ratio(1201, 10), cap: t("1")) == 121)
        #expect(Rules.shortestDuration(unitsPerKg: Ratio(5, 2), cap: t("0.5")) == 5)
    }

    @Test("the plan text shows the duration, the pump rate, the dose rate and the cap")
    func rateInText() throws {
        let first = try validPlan(weight: "70", dose: .perKg("60"), firstInfusion: true)
        #expect(first.lines.contains { mentions($0, "120 min") && mentions($0, "75 mL/h") })
        #expect(first.lines.contains { mentions($0, "0.5 units/kg/min") })
        let later = try validPlan(weight: "70", dose: .perKg("60"))
        #expect(later.lines.contains { mentions($0, "1 unit/kg/min") })
        let off = try validPlan(weight: "70", dose: .perKg("60"), policy: policy { $0.rateCapEnabled = false })
        #expect(!off.text.contains("cap 1 unit/kg/min"))
    }

    @Test("the dose rate gets the decimals that keep it apart from the cap and from 0")
    func doseRateDecimals() throws {
        // 60.1 units/kg over 120 min = 0.50083: "0.5" would read as the cap it is above.
        let above = try validPlan(weight: "10", dose: .perKg("60.1"), firstInfusion: true)
        #expect(above.doseRateText == "0.501 units/kg/min")
        #expect(above.lines.contains("Dose rate   0.501 units/kg/min (cap 0.5 units/kg/min)"))
        #expect(above.findings.first { $0.code == .doseRateAboveCap }?.message
                == "The dose rate, 0.501 units/kg/min, is above the cap of 0.5 units/kg/min for a first infusion. Infuse over at least 121 min.")
        // Exactly the cap: 0.5.
        let atCap = try validPlan(weight: "70", dose: .perKg("60"), firstInfusion: true)
        #expect(atCap.lines.contains("Dose rate   0.5 units/kg/min (cap 0.5 units/kg/min)"))
        // Far from the cap: 0.01.
        let low = try validPlan(weight: "20", dose: .perKg("2.5"), frequency: .threePerWeek)
        #expect(low.lines.contains("Dose rate   0.02 units/kg/min (cap 1 unit/kg/min)"))
        // 3 units at 300 kg over 120 min: not 0.
        let tiny = try validPlan(weight: "300", dose: .flat("3"))
        #expect(tiny.doseRateText == "0.0001 units/kg/min")
        #expect(tiny.lines.contains("Dose rate   0.0001 units/kg/min (cap 1 unit/kg/min)"))
        // Rounded up to whole vials: the prepared dose's rate, next to the cap, on its own row.
        let rounded = try validPlan(weight: "72.5", dose: .perKg("60"), firstInfusion: true,
                                    policy: policy(vials: [400], rounding: .nearest))
        #expect(rounded.preparedDose == 4400)
        #expect(rounded.doseRateText == "0.5 units/kg/min")
        #expect(rounded.preparedDoseRateText == "0.51 units/kg/min")
        let row = try #require(rounded.lines.firstIndex { $0.hasPrefix("Dose rate ") })
        #expect(Array(rounded.lines[row..<min(row + 2, rounded.lines.count)]) == [
            "Dose rate   0.5 units/kg/min (cap 0.5 units/kg/min)",
            "            0.51 units/kg/min for the 4,400 units prepared",
        ])
    }
}

@Suite("R7 final volume choices and R6 volumes never withdrawn")
struct VolumeListTests {
    @Test("the bags offered are the standard ones at least as large as the drug volume",
          arguments: [(Tenths(tenths: 13), [100, 150, 200]), (Tenths(whole: 100), [100, 150, 200]),
                      (Tenths(tenths: 1001), [150, 200]), (Tenths(whole: 200), [200]), (Tenths(tenths: 2001), [])])
    func finalVolumeChoices(drugVolume: Tenths, expected: [Int]) {
        #expect(Rules.finalVolumeChoices(drugVolume: drugVolume, policy: .standard) == expected.map { Tenths(whole: $0) })
    }

    @Test("water and vial volumes, per vial, per strength and in total, for 10 x 400 + 1 x 200")
    func volumesNotToWithdraw() throws {
        let plan = try makePlan(weight: "70", dose: .perKg("60"), frequency: .everyTwoWeeks).get()
        let expected = Set([102, 106, 1020, 1060, 51, 53, 1071, 1113].map { Tenths(tenths: $0) })
        #expect(plan.volumesNotToWithdraw == expected)
        #expect(!plan.volumesNotToWithdraw.contains(plan.drugVolumeML))
    }

    /// Found by the property test (seed AMqKsWkYCfctQSYniw5ddEQYmqn8zlL239oxAlN+ZTw=): 54.4 kg
    /// x 88.3 units/kg = 4,804 units (120.1 mL), rounded by the site to 4,800 (120 mL), in a
    /// 120 mL bag. The prescribed dose does not fit that bag: a stop that rounding never lifts
    /// (R4: every hard stop the prescribed dose raises stands whatever dose is prepared).
    @Test("a bag too small for the prescribed dose stays a stop when the dose is rounded to fit it (R4, R7)")
    func roundedDoseKeepsTheBagStop() throws {
        let plan = try makePlan(weight: "54.4", dose: .perKg("88.3"), frequency: .everyTwoWeeks,
                                finalVolume: t("120"), policy: policy(rounding: .nearest, tolerance: "0.1")).get()
        #expect(plan.preparedDose == 4800)
        #expect(plan.drugVolumeML == t("120"))
        #expect(plan.codes.contains(.finalVolumeBelowDrugVolume), "\(plan.findings.map(\.message))")
        #expect(plan.hasHardStop)
    }
}
