import InfusionCalc
import TestSupport
import Testing

/// Rule book version 2, rule by rule: R4 neighbours, R6 units drawn, R7's stop on the
/// prescribed dose, R8 durations, R12 cautions, R13 confirmations. Expected values come
/// from the rule book's wording and arithmetic, never from the code's output.
@Suite("R4 v2: only the two neighbouring whole-vial doses")
struct NeighbourTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let prescribed: Int
        let strengths: [Int]
        let tolerance: String
        let expected: [Int]
        let why: String
        var testDescription: String { "\(prescribed) from \(strengths) at \(tolerance)%: \(expected) (\(why))" }
    }

    static func onHand(_ units: [Int]) -> [VialStrength] {
        ProductProfile.imiglucerase.strengths.filter { units.contains($0.units) }
    }

    @Test("the largest achievable dose below and the smallest above, each within the tolerance (inclusive)", arguments: [
        Row(prescribed: 4200, strengths: [400, 200], tolerance: "10", expected: [], why: "exact dose uses whole vials (70 kg x 60)"),
        Row(prescribed: 4200, strengths: [400, 200], tolerance: "100", expected: [], why: "no waste, whatever the tolerance"),
        Row(prescribed: 8400, strengths: [400, 200], tolerance: "10", expected: [], why: "140 kg x 60: 21 whole vials"),
        Row(prescribed: 4000, strengths: [400], tolerance: "10", expected: [], why: "10 whole 400-unit vials"),
        Row(prescribed: 4200, strengths: [400], tolerance: "10", expected: [4000, 4400], why: "400 only: 11 vials, waste 200"),
        Row(prescribed: 4188, strengths: [400], tolerance: "10", expected: [4000, 4400], why: "the reference rounding case"),
        Row(prescribed: 4188, strengths: [400], tolerance: "100", expected: [4000, 4400], why: "only the two neighbours, never 3,600 or 4,800"),
        Row(prescribed: 4188, strengths: [400, 200], tolerance: "10", expected: [4000, 4200], why: "neighbours in 200-unit steps"),
        Row(prescribed: 4188, strengths: [400, 200], tolerance: "0.3", expected: [4200], why: "12 = 0.29% within, 188 not"),
        Row(prescribed: 2500, strengths: [400, 200], tolerance: "4", expected: [2400, 2600], why: "both exactly at 4%: inclusive"),
        Row(prescribed: 2500, strengths: [400, 200], tolerance: "3.9", expected: [], why: "both 4%: outside 3.9%"),
        Row(prescribed: 12500, strengths: [400], tolerance: "0.8", expected: [12400], why: "100 = 0.8% exactly; 12,800 is 2.4% away"),
        Row(prescribed: 12500, strengths: [400], tolerance: "0.7", expected: [], why: "100 is 0.8%"),
        Row(prescribed: 4350, strengths: [400], tolerance: "10", expected: [4000, 4400], why: "350 and 50 away"),
        Row(prescribed: 1050, strengths: [200], tolerance: "5", expected: [1000], why: "50 within 52.5; 1,200 is 150 away"),
        Row(prescribed: 50, strengths: [400, 200], tolerance: "10", expected: [], why: "nothing achievable below; 200 is 300% away"),
        Row(prescribed: 50, strengths: [400], tolerance: "10", expected: [], why: "400-unit vials only: 400 is 700% away"),
        Row(prescribed: 150, strengths: [400, 200], tolerance: "33.4", expected: [200], why: "50 = 33.3% within 33.4%"),
        Row(prescribed: 150, strengths: [400, 200], tolerance: "33.3", expected: [], why: "50 is 33.33...% > 33.3%"),
        Row(prescribed: 8010, strengths: [400, 200], tolerance: "10", expected: [8000, 8200], why: "the 200.3 mL dose"),
    ])
    func neighbours(_ row: Row) {
        #expect(Rules.wholeVialNeighbours(prescribed: row.prescribed, strengths: Self.onHand(row.strengths),
                                          tolerancePercent: t(row.tolerance)) == row.expected)
        let offer = PreparationPlan.roundingOffer(prescribed: row.prescribed,
                                                  policy: policy(vials: Set(row.strengths), tolerance: row.tolerance))
        #expect(offer.doses == row.expected)
        let options = PreparationPlan.doseOptions(prescribed: row.prescribed, frequency: .everyTwoWeeks,
                                                  policy: policy(vials: Set(row.strengths), tolerance: row.tolerance))
        #expect(options.map(\.preparedDose) == [row.prescribed] + row.expected)
        #expect(options.first?.isExactDose == true)
        let exactVials = options.first.map { $0.vials.reduce(0) { $0 + $1.count } } ?? 0
        for option in options.dropFirst() {
            #expect(option.vials.reduce(0) { $0 + $1.count } <= exactVials, "never more vials than the exact dose")
            #expect(option.wasteUnits == 0, "a whole-vial dose wastes nothing")
            #expect(option.changeUnits == option.preparedDose - row.prescribed)
            #expect(option.changePerFourWeeks == option.changeUnits * 2)
        }
    }

    @Test("why nothing is offered: no waste, not allowed by the site, or none within the tolerance")
    func reasons() {
        #expect(PreparationPlan.roundingOffer(prescribed: 4200, policy: policy()).reason == .exactDoseHasNoWaste)
        #expect(PreparationPlan.roundingOffer(prescribed: 4188, policy: policy(vials: [400])).reason == .offered)
        #expect(PreparationPlan.roundingOffer(prescribed: 2500, policy: policy(tolerance: "3.9")).reason == .noneWithinTolerance)
        let notAllowed = PreparationPlan.roundingOffer(prescribed: 4188, policy: policy(vials: [400]) { $0.roundingAllowed = false })
        #expect(notAllowed.reason == .notAllowedBySite)
        #expect(notAllowed.doses.isEmpty)
        #expect(PreparationPlan.roundingOffer(prescribed: 4200, policy: policy()).sentence(policy: .standard)?.contains("no rounding") == true)
    }

    @Test("roundingAllowed false: nearest prepares the prescribed dose, and no whole-vial dose may be chosen")
    func roundingNotAllowed() throws {
        let site = policy(vials: [400], rounding: .nearest) { $0.roundingAllowed = false }
        let plan = try validPlan(weight: "69.8", dose: .perKg("60"), policy: site)
        #expect(plan.prescribedDose == 4188)
        #expect(plan.preparedDose == 4188)
        #expect(plan.rounding.doses.isEmpty)
        #expect(!plan.codes.contains(.doseRoundedToWholeVials))
        // The note names the real reason, under its own code.
        #expect(plan.codes.contains(.roundingNotAllowedBySite))
        #expect(!plan.codes.contains(.noWholeVialDoseWithinTolerance))
        #expect(PreparationPlan.doseOptions(prescribed: 4188, frequency: .everyTwoWeeks, policy: site).map(\.preparedDose) == [4188])
        let chosen = makePlan(weight: "69.8", dose: .perKg("60"), frequency: .everyTwoWeeks,
                              decision: .wholeVialDose(units: 4000), policy: site)
        #expect(chosen.failure?.field == .rounding)
        #expect(SitePolicy.standard.roundingAllowed, "allowed by default")
    }

    struct Choice: Sendable, CustomTestStringConvertible {
        let weight: String
        let perKg: String
        let vials: Set<Int>
        let units: Int
        let accepted: Bool
        var testDescription: String { "\(weight) kg x \(perKg), vials \(vials.sorted()): choose \(units) -> \(accepted ? "accepted" : "refused")" }
    }

    /// The issue's finding 2: 70 kg x 60 = 4,200 units of whole vials; 3,800 to 4,600 were offered.
    @Test("only the exact dose or an offered neighbour can be chosen", arguments: [
        Choice(weight: "70", perKg: "60", vials: [400, 200], units: 4200, accepted: true),
        Choice(weight: "70", perKg: "60", vials: [400, 200], units: 4600, accepted: false),
        Choice(weight: "70", perKg: "60", vials: [400, 200], units: 4400, accepted: false),
        Choice(weight: "70", perKg: "60", vials: [400, 200], units: 4000, accepted: false),
        Choice(weight: "70", perKg: "60", vials: [400, 200], units: 3800, accepted: false),
        Choice(weight: "140", perKg: "60", vials: [400, 200], units: 7800, accepted: false),
        Choice(weight: "140", perKg: "60", vials: [400, 200], units: 8000, accepted: false),
        Choice(weight: "69.8", perKg: "60", vials: [400], units: 4000, accepted: true),
        Choice(weight: "69.8", perKg: "60", vials: [400], units: 4400, accepted: true),
        Choice(weight: "69.8", perKg: "60", vials: [400], units: 3600, accepted: false),
        Choice(weight: "69.8", perKg: "60", vials: [400], units: 4188, accepted: true),
        Choice(weight: "69.8", perKg: "60", vials: [400], units: 4190, accepted: false),
    ])
    func choice(_ row: Choice) {
        let result = makePlan(weight: row.weight, dose: .perKg(row.perKg), frequency: .everyTwoWeeks,
                              decision: .wholeVialDose(units: row.units), policy: policy(vials: row.vials))
        if row.accepted {
            #expect(result.success?.preparedDose == row.units)
        } else {
            #expect(result.failure?.field == .rounding)
        }
    }

    @Test("policy nearest: the nearer neighbour; on a tie the lower", arguments: [
        (4200, [400], "10", 4000),      // 200 / 200: tie, the lower
        (2500, [400, 200], "4", 2400),  // 100 / 100: tie, the lower
        (4188, [400], "10", 4000),      // 188 / 212
        (4350, [400], "10", 4400),      // 350 / 50
        (4188, [400, 200], "10", 4200), // 188 / 12
        (4188, [400, 200], "0.3", 4200),
        (8010, [400, 200], "10", 8000), // 10 / 190
    ])
    func nearest(_ prescribed: Int, _ strengths: [Int], _ tolerance: String, _ expected: Int) throws {
        let plan = try validPlan(weight: "100", dose: .flat(String(prescribed)),
                                 policy: policy(vials: Set(strengths), rounding: .nearest, tolerance: tolerance))
        #expect(plan.preparedDose == expected)
    }
}

@Suite("R6 v2: units drawn")
struct UnitsDrawnTests {
    @Test("units drawn = mL drawn x 40", arguments: [
        ("1.3", 52), ("0.1", 4), ("0", 0), ("4.7", 188), ("4.9", 196), ("5", 200), ("10", 400), ("2.5", 100),
    ])
    func unitsHeld(_ millilitres: String, _ units: Int) {
        #expect(Rules.unitsHeld(in: t(millilitres), unitsPerML: 40) == units)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let weight: String
        let dose: OrderedDose
        let frequency: Frequency
        let vials: Set<Int>
        let prepared: Int
        /// The partial draw: mL and the units it holds; nil when every vial is whole.
        let partial: (String, Int)?
        let unitsDrawn: Int
        var testDescription: String { name }
    }

    @Test("a partial draw shows the units it really holds; the plan keeps the prepared dose and the units drawn", arguments: [
        Row(name: "flat 50 units at 20 kg weekly: 1.3 mL = 52 units", weight: "20", dose: .flat("50"), frequency: .weekly,
            vials: [400, 200], prepared: 50, partial: ("1.3", 52), unitsDrawn: 52),
        Row(name: "low dose 20 kg x 2.5: 1.3 mL = 52 units", weight: "20", dose: .perKg("2.5"), frequency: .threePerWeek,
            vials: [400, 200], prepared: 50, partial: ("1.3", 52), unitsDrawn: 52),
        Row(name: "adult standard: all whole, 4,200 drawn", weight: "70", dose: .perKg("60"), frequency: .everyTwoWeeks,
            vials: [400, 200], prepared: 4200, partial: nil, unitsDrawn: 4200),
        Row(name: "400 only: the last vial gives 5 mL = 200 units", weight: "70", dose: .perKg("60"), frequency: .everyTwoWeeks,
            vials: [400], prepared: 4200, partial: ("5", 200), unitsDrawn: 4200),
        Row(name: "4,194 units: 4.9 mL = 196 units, 4,196 drawn", weight: "69.9", dose: .perKg("60"), frequency: .everyTwoWeeks,
            vials: [400, 200], prepared: 4194, partial: ("4.9", 196), unitsDrawn: 4196),
        Row(name: "4,188 units: 4.7 mL = 188 units", weight: "69.8", dose: .perKg("60"), frequency: .everyTwoWeeks,
            vials: [400], prepared: 4188, partial: ("4.7", 188), unitsDrawn: 4188),
        Row(name: "401 units: 0 mL from the last vial, 400 drawn", weight: "26.7", dose: .perKg("15"), frequency: .everyTwoWeeks,
            vials: [400, 200], prepared: 401, partial: ("0", 0), unitsDrawn: 400),
    ])
    func drawn(_ row: Row) throws {
        let plan = try validPlan(weight: row.weight, dose: row.dose, frequency: row.frequency, policy: policy(vials: row.vials))
        #expect(plan.preparedDose == row.prepared)
        #expect(plan.unitsDrawn == row.unitsDrawn)
        #expect(plan.withdrawals.reduce(0) { $0 + $1.unitsDrawn } == row.unitsDrawn)
        #expect(plan.withdrawals.allSatisfy { $0.unitsDrawn == $0.volumeML.count * 4 }, "mL x 40")
        let text = plan.text
        if case let (millilitres, units)? = row.partial {
            #expect(plan.withdrawals.last?.unitsDrawn == units)
            let shown = "\(Display.millilitres(t(millilitres))) (\(Display.units(units))) from 1 x"
            #expect(plan.withdrawalLines.last?.hasPrefix(shown) == true, "\(plan.withdrawalLines)")
            #expect(plan.confirmations.contains { $0.text.contains("\(Display.millilitres(t(millilitres))) (\(Display.units(units)))") })
        } else {
            #expect(plan.withdrawalLines.allSatisfy { $0.hasSuffix("(whole)") })
        }
        let difference = row.unitsDrawn - row.prepared
        if difference == 0 {
            #expect(plan.unitsDrawnText == nil)
            #expect(!plan.lines.contains { $0.hasPrefix("Units drawn") })
        } else {
            let drawnText = try #require(plan.unitsDrawnText)
            #expect(mentions(drawnText, Display.units(row.unitsDrawn)))
            #expect(mentions(drawnText, Display.units(row.prepared)))
            #expect(drawnText.contains(Display.signedUnits(difference)))
            #expect(unwrapped(plan.lines).contains("Units drawn " + drawnText))
        }
        for line in plan.lines { #expect(section3Problems(line).isEmpty, "\(line)") }
    }

    @Test("the issue's finding 7: \"1.3 mL (50 units)\" is never shown")
    func neverOrderedUnitsBesideTheDraw() throws {
        let plan = try validPlan(weight: "20", dose: .flat("50"), frequency: .weekly)
        #expect(!plan.text.contains("1.3 mL (50 units)"))
        #expect(plan.text.contains("1.3 mL (52 units)"))
        #expect(plan.text.contains("+2 units"))
    }
}

@Suite("R7 v2 and R4: every hard stop of the prescribed dose stands whatever dose is prepared")
struct PrescribedStopTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let weight: String
        let dose: OrderedDose
        let vials: Set<Int>
        var firstInfusion = false
        var duration: Int? = nil
        /// The stop the prescribed dose raises.
        let stop: FindingCode
        var testDescription: String { name }
    }

    static let rows = [
        Row(name: "140 kg x 60 = 8,400 units = 210 mL (21 whole vials)", weight: "140", dose: .perKg("60"), vials: [400, 200],
            stop: .drugVolumeAboveMaximum),
        Row(name: "8,010 units = 200.3 mL; 8,000 (200 mL) is a neighbour", weight: "140", dose: .flat("8010"), vials: [400, 200],
            stop: .drugVolumeAboveMaximum),
        Row(name: "8,010 units, 400 only; 8,000 is a neighbour", weight: "140", dose: .flat("8010"), vials: [400],
            stop: .drugVolumeAboveMaximum),
        Row(name: "first infusion 69.8 kg x 60 over 119 min: 0.504 units/kg/min > 0.5, even for 4,000 units",
            weight: "69.8", dose: .perKg("60"), vials: [400], firstInfusion: true, duration: 119, stop: .doseRateAboveCap),
        Row(name: "a duration under 60 min", weight: "69.8", dose: .perKg("60"), vials: [400], duration: 59,
            stop: .durationBelowMinimum),
    ]

    @Test("exact, nearest, and each offered whole-vial dose all keep the stop", arguments: rows)
    func stopStands(_ row: Row) throws {
        func plan(_ decision: DoseDecision, _ rounding: RoundingPolicy) throws -> PreparationPlan {
            try validPlan(weight: row.weight, dose: row.dose, firstInfusion: row.firstInfusion, duration: row.duration,
                          decision: decision, policy: policy(vials: row.vials, rounding: rounding))
        }
        let exact = try plan(.exactDose, .none)
        #expect(exact.findings(.hard).contains(row.stop))
        var variants = [try plan(.byPolicy, .none), try plan(.byPolicy, .nearest)]
        for units in exact.rounding.doses { variants.append(try plan(.wholeVialDose(units: units), .none)) }
        for variant in variants {
            #expect(variant.findings(.hard).contains(row.stop), "prepared \(variant.preparedDose)")
            #expect(variant.hasHardStop)
        }
    }

    @Test("the issue's finding 1: 140 kg x 60 every 2 weeks, nearest: no rounding is offered and the STOP stands")
    func issueFindingOne() throws {
        let plan = try validPlan(weight: "140", dose: .perKg("60"), policy: policy(rounding: .nearest))
        #expect(plan.prescribedDose == 8400)
        #expect(plan.preparedDose == 8400)
        #expect(plan.rounding.doses.isEmpty)
        #expect(plan.rounding.reason == .exactDoseHasNoWaste)
        #expect(plan.findings(.hard) == [.drugVolumeAboveMaximum])
        #expect(!plan.codes.contains(.doseRoundedToWholeVials))
        #expect(!plan.codes.contains(.noWholeVialDoseWithinTolerance), "nothing to say: no waste")
        let message = try #require(plan.findings.first { $0.code == .drugVolumeAboveMaximum }?.message)
        #expect(message.contains("200 mL maximum") && message.contains("pharmacist"), "\(message)")
    }

    @Test("a prepared dose above 200 mL does not fit either: 8,001 units (200 mL) fits, 8,200 (205 mL) does not")
    func preparedAbove200() throws {
        let exact = try validPlan(weight: "140", dose: .flat("8001"))
        #expect(exact.drugVolumeML == t("200"))
        #expect(!exact.hasHardStop, "200 mL is within the label's maximum")
        #expect(exact.findings(.soft).contains(.noSodiumChlorideToAdd))
        let up = try validPlan(weight: "140", dose: .flat("8001"), decision: .wholeVialDose(units: 8200))
        #expect(up.drugVolumeML == t("205"))
        #expect(up.findings(.hard).contains(.drugVolumeAboveMaximum))
        let down = try validPlan(weight: "140", dose: .flat("8001"), policy: policy(rounding: .nearest))
        #expect(down.preparedDose == 8000)
        #expect(!down.hasHardStop)
    }
}

@Suite("R8 v2: durations offered")
struct DurationChoiceTests {
    @Test("the wizard offers 60, 90, 120, 150, 180 and 240 min")
    func choices() {
        #expect(SitePolicy.standard.durationChoicesMinutes == [60, 90, 120, 150, 180, 240])
    }

    @Test("each offered duration is accepted; over 120 warns, never stops", arguments: [60, 90, 120, 150, 180, 240])
    func offered(_ minutes: Int) throws {
        #expect(parseDurationMinutes(String(minutes)).success == minutes)
        let plan = try validPlan(weight: "70", dose: .perKg("60"), duration: minutes)
        #expect(!plan.hasHardStop)
        #expect(plan.codes.contains(.durationAboveMaximum) == (minutes > 120))
        // 150 mL x 60 / minutes, half-up to 0.1 mL/h.
        let expected = ["60": "150", "90": "100", "120": "75", "150": "60", "180": "50", "240": "37.5"][String(minutes)]!
        #expect(plan.pumpRateMLPerHour == t(expected))
    }

    @Test("1,440 min is accepted; 1,441 refused (the bag keeps 24 hours)")
    func longest() {
        #expect(parseDurationMinutes("1440").success == 1440)
        #expect(parseDurationMinutes("1441").failure?.field == .duration)
    }
}

@Suite("R12 cautions")
struct CautionTests {
    @Test("each caution from its answer, in a fixed order", arguments: [
        (PatientHistory(), false, [Caution]()),
        (PatientHistory(atLeastTwoYearsOld: true, previousHypersensitivity: false, previousAlglucerase: false), false, []),
        (PatientHistory(previousHypersensitivity: true), false, [.previousHypersensitivity]),
        (PatientHistory(previousAlglucerase: true), false, [.previousAlglucerase]),
        (PatientHistory(atLeastTwoYearsOld: false), false, [.underTwoYears]),
        (PatientHistory(), true, [.firstInfusion]),
        (PatientHistory(atLeastTwoYearsOld: false, previousHypersensitivity: true, previousAlglucerase: true), true,
         [.previousHypersensitivity, .previousAlglucerase, .underTwoYears, .firstInfusion]),
    ])
    func cautions(_ history: PatientHistory, _ first: Bool, _ expected: [Caution]) throws {
        #expect(Caution.cautions(history: history, firstInfusion: first) == expected)
        let plan = try validPlan(weight: "70", dose: .perKg("60"), firstInfusion: first, history: history)
        #expect(plan.cautions == expected)
        // Carried to the summary (the plan text) and the record (JSON).
        let rows = unwrapped(plan.lines).drop { !$0.hasPrefix("Cautions") }.prefix(expected.count)
        #expect(rows.count == expected.count)
        for (row, caution) in zip(rows, expected) {
            #expect(row.hasSuffix(caution.sentence(policy: .standard)))
        }
        #expect(plan.lines.contains { $0.hasPrefix("Cautions") } == !expected.isEmpty)
        for caution in expected { #expect(try plan.json.contains("\"code\": \"\(caution.rawValue)\"")) }
    }

    @Test("what each caution says, with the label's words")
    func sentences() {
        let hyper = Caution.previousHypersensitivity.sentence(policy: .standard)
        #expect(hyper.contains("antihistamines") && hyper.contains("corticosteroids") && hyper.contains("decreased rate"))
        #expect(Caution.underTwoYears.sentence(policy: .standard).contains("not established"))
        #expect(Caution.previousAlglucerase.sentence(policy: .standard).contains("alglucerase"))
        #expect(Caution.firstInfusion.sentence(policy: .standard).contains("0.5 units/kg/min"))
        var off = SitePolicy.standard
        off.rateCapEnabled = false
        #expect(!Caution.firstInfusion.sentence(policy: off).contains("units/kg/min"))
        for caution in Caution.allCases { #expect(section3Problems(caution.sentence(policy: .standard)).isEmpty) }
    }
}

@Suite("R13 confirmations")
struct ConfirmationTests {
    struct Expected: Equatable, CustomStringConvertible {
        let id: ConfirmationID
        let stage: PreparationStage
        let kind: ConfirmationKind
        var description: String { "\(id) \(stage) \(kind)" }
    }

    @Test("adult standard (10 x 400 + 1 x 200, all whole): per strength reconstituted, swirled, inspected; each withdrawal; total typed; sodium chloride; bag; set primed; pump rate typed")
    func adultStandard() throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"))
        let seen = plan.confirmations.map { Expected(id: $0.id, stage: $0.stage, kind: $0.kind) }
        #expect(seen == [
            Expected(id: .reconstituted(strength: 400, vials: 10), stage: .reconstitution, kind: .count(10)),
            Expected(id: .swirled(strength: 400, vials: 10), stage: .reconstitution, kind: .tick),
            Expected(id: .inspected(strength: 400, vials: 10), stage: .reconstitution, kind: .tick),
            Expected(id: .reconstituted(strength: 200, vials: 1), stage: .reconstitution, kind: .count(1)),
            Expected(id: .swirled(strength: 200, vials: 1), stage: .reconstitution, kind: .tick),
            Expected(id: .inspected(strength: 200, vials: 1), stage: .reconstitution, kind: .tick),
            Expected(id: .withdrawnWhole(strength: 400, vials: 10, millilitres: t("10")), stage: .dilution, kind: .count(10)),
            Expected(id: .withdrawnWhole(strength: 200, vials: 1, millilitres: t("5")), stage: .dilution, kind: .count(1)),
            Expected(id: .totalDrawn(millilitres: t("105")), stage: .dilution, kind: .typedVolume(t("105"))),
            Expected(id: .sodiumChlorideAdded(millilitres: t("45")), stage: .dilution, kind: .tick),
            Expected(id: .bagMixedAndInspected(finalVolume: t("150"), drugVolume: t("105")), stage: .dilution, kind: .tick),
            Expected(id: .setAndFilterPrimed, stage: .administration, kind: .tick),
            Expected(id: .pumpProgrammed(rate: t("75")), stage: .administration, kind: .typedRate(t("75"))),
            Expected(id: .labelAttached, stage: .label, kind: .tick),
        ])
        let texts = plan.confirmations.map(\.text)
        #expect(texts[0].contains("10.2 mL") && texts[0].contains("Sterile Water for Injection") && texts[0].contains("never sodium chloride"))
        #expect(texts[3].contains("5.1 mL"))
        #expect(texts[2].contains("clear") && texts[2].contains("colourless"))
        #expect(texts[1].contains("not shaken"))
        #expect(texts[9].contains("45 mL"))
        #expect(texts[11].contains("0.2 micron"))
        #expect(plan.confirmations(for: .reconstitution).count == 6)
        #expect(plan.confirmations(for: .dilution).count == 5)
        #expect(plan.confirmations(for: .administration).count == 2)
        #expect(plan.confirmations(for: .label).count == 1)
        for confirmation in plan.confirmations {
            #expect(section3Problems(confirmation.text).isEmpty, "\(confirmation.text)")
            #expect(section3Problems(confirmation.summary).isEmpty, "\(confirmation.summary)")
        }
        #expect(Set(plan.confirmations.map(\.id.code)).count == plan.confirmations.count, "each has its own record code")
    }

    @Test("partial draw (20 kg, 50 units flat, weekly): one vial, the partial draw with its 52 units, total 1.3 mL, 98.7 mL sodium chloride, 50 mL/h")
    func partialDraw() throws {
        let plan = try validPlan(weight: "20", dose: .flat("50"), frequency: .weekly)
        let seen = plan.confirmations.map { Expected(id: $0.id, stage: $0.stage, kind: $0.kind) }
        #expect(seen == [
            Expected(id: .reconstituted(strength: 200, vials: 1), stage: .reconstitution, kind: .count(1)),
            Expected(id: .swirled(strength: 200, vials: 1), stage: .reconstitution, kind: .tick),
            Expected(id: .inspected(strength: 200, vials: 1), stage: .reconstitution, kind: .tick),
            Expected(id: .withdrawnPartial(strength: 200, millilitres: t("1.3")), stage: .dilution, kind: .tick),
            Expected(id: .totalDrawn(millilitres: t("1.3")), stage: .dilution, kind: .typedVolume(t("1.3"))),
            Expected(id: .sodiumChlorideAdded(millilitres: t("98.7")), stage: .dilution, kind: .tick),
            Expected(id: .bagMixedAndInspected(finalVolume: t("100"), drugVolume: t("1.3")), stage: .dilution, kind: .tick),
            Expected(id: .setAndFilterPrimed, stage: .administration, kind: .tick),
            Expected(id: .pumpProgrammed(rate: t("50")), stage: .administration, kind: .typedRate(t("50"))),
            Expected(id: .labelAttached, stage: .label, kind: .tick),
        ])
        let partial = try #require(plan.confirmations.first { if case .withdrawnPartial = $0.id { true } else { false } })
        #expect(partial.text.contains("1.3 mL (52 units)"), "\(partial.text)")
        #expect(partial.text.contains("discard the rest"))
    }

    @Test("400 only: 10 whole vials counted, then the 5 mL partial draw from the eleventh")
    func fourHundredOnly() throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"), policy: policy(vials: [400]))
        let ids = plan.confirmations(for: .dilution).map(\.id)
        #expect(ids == [.withdrawnWhole(strength: 400, vials: 10, millilitres: t("10")),
                        .withdrawnPartial(strength: 400, millilitres: t("5")),
                        .totalDrawn(millilitres: t("105")),
                        .sodiumChlorideAdded(millilitres: t("45")),
                        .bagMixedAndInspected(finalVolume: t("150"), drugVolume: t("105"))])
        #expect(plan.confirmations.first?.kind == .count(11))
    }

    @Test("each confirmation carries the figures it confirms: a changed entry gives other confirmations")
    func figuresInTheIdentity() throws {
        let before = try validPlan(weight: "70", dose: .perKg("60"))
        let after = try validPlan(weight: "69.9", dose: .perKg("60"))
        // 4,200 units (105 mL) against 4,194 units (104.9 mL): the same vials, other volumes.
        #expect(before.confirmations(for: .reconstitution).map(\.id) == after.confirmations(for: .reconstitution).map(\.id))
        #expect(before.confirmations(for: .dilution).map(\.id) != after.confirmations(for: .dilution).map(\.id))
        #expect(after.confirmations.contains { $0.id == .totalDrawn(millilitres: t("104.9")) })
        #expect(after.confirmations.contains { $0.id == .withdrawnPartial(strength: 200, millilitres: t("4.9")) })
        #expect(!after.confirmations.contains { $0.id == .totalDrawn(millilitres: t("105")) })
    }

    @Test("a stopped plan with no valid bag has no pump rate to confirm")
    func stopped() throws {
        let plan = try validPlan(weight: "140", dose: .perKg("60"))
        #expect(!plan.confirmations.contains { if case .pumpProgrammed = $0.id { true } else { false } })
        #expect(!plan.confirmations.contains { if case .sodiumChlorideAdded = $0.id { true } else { false } })
    }

    struct Check: Sendable, CustomTestStringConvertible {
        let typed: String
        let accepted: String?
        let says: [String]
        var testDescription: String { "\"\(typed)\" -> \(accepted ?? "refused")" }
    }

    @Test("the total drawn typed back must equal the plan's 105 mL", arguments: [
        Check(typed: "105", accepted: "105", says: []),
        Check(typed: "105 mL", accepted: "105", says: []),
        Check(typed: " 105.0 ", accepted: "105", says: []),
        Check(typed: "104.9", accepted: nil, says: ["104.9 mL", "does not match", "105 mL"]),
        Check(typed: "10.5", accepted: nil, says: ["does not match"]),
        Check(typed: "1050", accepted: nil, says: ["does not match"]),
        Check(typed: "", accepted: nil, says: ["in mL", "for example 105"]),
        Check(typed: "abc", accepted: nil, says: ["in mL", "for example 105"]),
        Check(typed: "-105", accepted: nil, says: ["in mL"]),
        Check(typed: "105.05", accepted: nil, says: ["in mL"]),
        Check(typed: "1,05", accepted: nil, says: []),
        Check(typed: "105 mL/h", accepted: nil, says: []),
    ])
    func totalDrawn(_ row: Check) throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"))
        let confirmation = try #require(plan.confirmations.first { $0.id == .totalDrawn(millilitres: t("105")) })
        let result = confirmation.check(row.typed)
        if let accepted = row.accepted {
            #expect(result.success == t(accepted))
        } else {
            let error = try #require(result.failure)
            for words in row.says { #expect(error.message.contains(words), "\"\(words)\" in \(error.message)") }
        }
    }

    @Test("the pump rate typed back must equal the plan's 75 mL/h", arguments: [
        Check(typed: "75", accepted: "75", says: []),
        Check(typed: "75 mL/h", accepted: "75", says: []),
        Check(typed: "75.1", accepted: nil, says: ["75.1 mL/h", "does not match", "75 mL/h"]),
        Check(typed: "7.5", accepted: nil, says: ["does not match"]),
        Check(typed: "150", accepted: nil, says: ["does not match"]),
        Check(typed: "fast", accepted: nil, says: ["mL/h"]),
        Check(typed: "", accepted: nil, says: ["mL/h"]),
    ])
    func pumpRate(_ row: Check) throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"))
        let confirmation = try #require(plan.confirmations.first { $0.id == .pumpProgrammed(rate: t("75")) })
        let result = confirmation.check(row.typed)
        if let accepted = row.accepted {
            #expect(result.success == t(accepted))
        } else {
            let error = try #require(result.failure)
            for words in row.says { #expect(error.message.contains(words), "\"\(words)\" in \(error.message)") }
        }
    }

    @Test("a tick or a count takes nothing typed")
    func tickTakesNothing() throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"))
        for confirmation in plan.confirmations where confirmation.kind == .tick || confirmation.kind == .count(10) {
            #expect(confirmation.check("105").failure != nil)
        }
    }
}
