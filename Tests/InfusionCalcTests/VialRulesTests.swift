import InfusionCalc
import TestSupport
import Testing

/// R4 whole-vial rounding, R5 vials and withdrawals, R6 drug volume.
@Suite("R4 whole-vial rounding")
struct WholeVialRoundingTests {
    struct Nearest: Sendable, CustomTestStringConvertible {
        let name: String
        let weight: String
        let perKg: String
        let vials: Set<Int>
        let tolerance: String
        let prescribed: Int
        let prepared: Int
        let changePercent: String
        let noneWithinTolerance: Bool
        var testDescription: String { name }
    }

    @Test("policy nearest: the achievable dose nearest the prescribed one, within the tolerance (bounds inclusive), lower on a tie",
          arguments: [
              Nearest(name: "reference case: 4,188 to 4,000 (-4.5%)", weight: "69.8", perKg: "60", vials: [400], tolerance: "10",
                      prescribed: 4188, prepared: 4000, changePercent: "-4.5", noneWithinTolerance: false),
              Nearest(name: "tie 4,000 / 4,400 around 4,200: the lower", weight: "70", perKg: "60", vials: [400], tolerance: "10",
                      prescribed: 4200, prepared: 4000, changePercent: "-4.8", noneWithinTolerance: false),
              Nearest(name: "tie 2,400 / 2,600 exactly at 4%: inclusive, the lower", weight: "50", perKg: "50", vials: [400, 200], tolerance: "4",
                      prescribed: 2500, prepared: 2400, changePercent: "-4", noneWithinTolerance: false),
              Nearest(name: "2,500 at 3.9%: nothing within tolerance", weight: "50", perKg: "50", vials: [400, 200], tolerance: "3.9",
                      prescribed: 2500, prepared: 2500, changePercent: "0", noneWithinTolerance: true),
              Nearest(name: "12,500 at 0.8%: 12,400 exactly at the bound", weight: "250", perKg: "50", vials: [400], tolerance: "0.8",
                      prescribed: 12500, prepared: 12400, changePercent: "-0.8", noneWithinTolerance: false),
              Nearest(name: "12,500 at 0.7%: nothing within tolerance", weight: "250", perKg: "50", vials: [400], tolerance: "0.7",
                      prescribed: 12500, prepared: 12500, changePercent: "0", noneWithinTolerance: true),
              Nearest(name: "rounded up: 4,350 to 4,400", weight: "72.5", perKg: "60", vials: [400], tolerance: "10",
                      prescribed: 4350, prepared: 4400, changePercent: "1.1", noneWithinTolerance: false),
              Nearest(name: "already whole vials: unchanged", weight: "70", perKg: "60", vials: [400, 200], tolerance: "10",
                      prescribed: 4200, prepared: 4200, changePercent: "0", noneWithinTolerance: false),
              Nearest(name: "tolerance 0, whole vials: unchanged", weight: "70", perKg: "60", vials: [400, 200], tolerance: "0",
                      prescribed: 4200, prepared: 4200, changePercent: "0", noneWithinTolerance: false),
              Nearest(name: "tolerance 0, not whole vials: the prescribed dose and a note", weight: "69.8", perKg: "60", vials: [400], tolerance: "0",
                      prescribed: 4188, prepared: 4188, changePercent: "0", noneWithinTolerance: true),
              Nearest(name: "50 units, 400-unit vials only: nothing within 10%", weight: "20", perKg: "2.5", vials: [400], tolerance: "10",
                      prescribed: 50, prepared: 50, changePercent: "0", noneWithinTolerance: true),
              Nearest(name: "200-unit vials only: 1,050 to 1,000", weight: "70", perKg: "15", vials: [200], tolerance: "5",
                      prescribed: 1050, prepared: 1000, changePercent: "-4.8", noneWithinTolerance: false),
          ])
    func nearest(_ row: Nearest) throws {
        let plan = try validPlan(weight: row.weight, dose: .perKg(row.perKg),
                                 policy: policy(vials: row.vials, rounding: .nearest, tolerance: row.tolerance))
        #expect(plan.prescribedDose == row.prescribed)
        #expect(plan.preparedDose == row.prepared)
        #expect(plan.doseChangePercent == t(row.changePercent))
        let note = plan.findings.first { $0.code == .noWholeVialDoseWithinTolerance }
        #expect((note != nil) == row.noneWithinTolerance)
        if let note { #expect(note.severity == .info) }
        let rounded = plan.findings.first { $0.code == .doseRoundedToWholeVials }
        #expect((rounded != nil) == (row.prepared != row.prescribed), "a change is never silent")
        if let rounded {
            #expect(rounded.severity == .info)
            // The change per infusion (%) and per 4 weeks (every 2 weeks: 2 infusions).
            #expect(rounded.message.contains(Display.signedPercent(t(row.changePercent))))
            #expect(rounded.message.contains(Display.signedUnits((row.prepared - row.prescribed) * 2)))
            #expect(plan.preparedPerFourWeeks == row.prepared * 2)
            #expect(plan.regimen.prescribedPerFourWeeks == row.prescribed * 2)
        }
    }

    @Test("policy none: prepared = prescribed, no rounding finding")
    func none() throws {
        let plan = try validPlan(weight: "69.8", dose: .perKg("60"), policy: policy(vials: [400], rounding: .none))
        #expect(plan.preparedDose == 4188)
        #expect(plan.doseChangePercent == .zero)
        #expect(!plan.codes.contains(.doseRoundedToWholeVials))
        #expect(!plan.codes.contains(.noWholeVialDoseWithinTolerance))
    }

    struct Tolerance: Sendable, CustomTestStringConvertible {
        let candidate: Int
        let prescribed: Int
        let percent: String
        let within: Bool
        var testDescription: String { "\(candidate) vs \(prescribed) at \(percent)%: \(within)" }
    }

    @Test("|prepared - prescribed| <= tolerance x prescribed, bounds inclusive", arguments: [
        Tolerance(candidate: 1100, prescribed: 1000, percent: "10", within: true),
        Tolerance(candidate: 1101, prescribed: 1000, percent: "10", within: false),
        Tolerance(candidate: 900, prescribed: 1000, percent: "10", within: true),
        Tolerance(candidate: 899, prescribed: 1000, percent: "10", within: false),
        Tolerance(candidate: 1000, prescribed: 1000, percent: "0", within: true),
        Tolerance(candidate: 1001, prescribed: 1000, percent: "0", within: false),
        Tolerance(candidate: 1075, prescribed: 1000, percent: "7.5", within: true),
        Tolerance(candidate: 1076, prescribed: 1000, percent: "7.5", within: false),
        Tolerance(candidate: 2400, prescribed: 2500, percent: "4", within: true),
        Tolerance(candidate: 2600, prescribed: 2500, percent: "3.9", within: false),
    ])
    func withinTolerance(_ row: Tolerance) {
        #expect(Rules.isWithinTolerance(row.candidate, prescribed: row.prescribed, tolerancePercent: t(row.percent)) == row.within)
    }

    @Test("achievable doses: sums of whole vials of the strengths on hand")
    func achievable() {
        #expect(Rules.achievableDoses(strengths: [400, 200], from: 1, through: 1000) == [200, 400, 600, 800, 1000])
        #expect(Rules.achievableDoses(strengths: [400], from: 500, through: 1600) == [800, 1200, 1600])
    }

    @Test("the side-by-side options: the exact dose first, then whole-vial doses nearest first")
    func doseOptions() {
        let options = PreparationPlan.doseOptions(prescribed: 4188, frequency: .everyTwoWeeks, policy: policy(vials: [400]))
        #expect(options.map(\.preparedDose) == [4188, 4000, 4400])
        #expect(options.map(\.isExactDose) == [true, false, false])
        #expect(options.map(\.changeUnits) == [0, -188, 212])
        #expect(options.map(\.changePercent) == [t("0"), t("-4.5"), t("5.1")])
        #expect(options.map(\.changePerFourWeeks) == [0, -376, 424])
        #expect(options.map(\.wasteUnits) == [212, 0, 0])
    }

    @Test("a chosen whole-vial dose must be within tolerance; the exact dose is always allowed")
    func chosenDose() throws {
        let chosen = try validPlan(weight: "69.8", dose: .perKg("60"), decision: .wholeVialDose(units: 4400), policy: policy(vials: [400]))
        #expect(chosen.preparedDose == 4400)
        #expect(chosen.codes.contains(.doseRoundedToWholeVials))
        let exact = try validPlan(weight: "69.8", dose: .perKg("60"), decision: .exactDose, policy: policy(vials: [400], rounding: .nearest))
        #expect(exact.preparedDose == 4188)
        let outside = makePlan(weight: "69.8", dose: .perKg("60"), frequency: .everyTwoWeeks,
                               decision: .wholeVialDose(units: 4800), policy: policy(vials: [400]))
        #expect(outside.failure?.field == .rounding)
    }

    @Test("change percent: to 0.1, half away from zero")
    func changePercent() {
        #expect(Rules.changePercent(prescribed: 4188, prepared: 4000) == t("-4.5"))
        #expect(Rules.changePercent(prescribed: 4188, prepared: 4400) == t("5.1"))
        #expect(Rules.changePercent(prescribed: 4200, prepared: 4000) == t("-4.8"))
        #expect(Rules.changePercent(prescribed: 2000, prepared: 2001) == t("0.1"))   // 0.05 -> 0.1
        #expect(Rules.changePercent(prescribed: 2000, prepared: 1999) == t("-0.1"))  // -0.05 -> -0.1
        #expect(Rules.changePercent(prescribed: 4000, prepared: 4001) == t("0"))     // 0.025 -> 0
        #expect(Rules.changePercent(prescribed: 50, prepared: 50) == t("0"))
    }

    /// R4: "The change is shown per infusion (units and %) and per 4 weeks."
    @Test("the plan text shows the change per infusion in units and %, and per 4 weeks")
    func changeShownInText() throws {
        let plan = try validPlan(weight: "69.8", dose: .perKg("60"), policy: policy(vials: [400], rounding: .nearest))
        let text = plan.text
        #expect(text.contains("-4.5%"))
        #expect(mentions(text, "-376 units"), "per 4 weeks")
        #expect(mentions(text, "4,188 units") && mentions(text, "4,000 units"), "both doses are kept")
        #expect(mentions(text, "-188 units"))
    }
}

@Suite("R5 vials and R6 drug volume")
struct VialAndVolumeTests {
    struct Selection: Sendable, CustomTestStringConvertible {
        let dose: Int
        let strengths: [Int]
        let expected: [VialTally]
        var testDescription: String { "\(dose) units from \(strengths) -> \(expected)" }
    }

    @Test("least waste, then fewest vials", arguments: [
        Selection(dose: 4200, strengths: [400, 200], expected: [VialTally(400, 10), VialTally(200, 1)]),
        Selection(dose: 4200, strengths: [400], expected: [VialTally(400, 11)]),
        Selection(dose: 4200, strengths: [200], expected: [VialTally(200, 21)]),
        Selection(dose: 50, strengths: [400, 200], expected: [VialTally(200, 1)]),
        Selection(dose: 50, strengths: [400], expected: [VialTally(400, 1)]),
        Selection(dose: 8400, strengths: [400, 200], expected: [VialTally(400, 21)]),
        Selection(dose: 4188, strengths: [400, 200], expected: [VialTally(400, 10), VialTally(200, 1)]),
        Selection(dose: 4000, strengths: [400, 200], expected: [VialTally(400, 10)]),
        Selection(dose: 400, strengths: [400, 200], expected: [VialTally(400, 1)]),
        Selection(dose: 401, strengths: [400, 200], expected: [VialTally(400, 1), VialTally(200, 1)]),
        Selection(dose: 600, strengths: [400, 200], expected: [VialTally(400, 1), VialTally(200, 1)]),
        Selection(dose: 601, strengths: [400, 200], expected: [VialTally(400, 2)]),
        Selection(dose: 1, strengths: [400, 200], expected: [VialTally(200, 1)]),
        Selection(dose: 199, strengths: [200, 400], expected: [VialTally(200, 1)]),
    ])
    func selection(_ row: Selection) {
        let strengths = ProductProfile.imiglucerase.strengths.filter { row.strengths.contains($0.units) }
        let vials = Rules.selectVials(dose: row.dose, strengths: strengths)
        #expect(vials?.map { VialTally($0.strength.units, $0.count) } == row.expected)
    }

    @Test("no strength on hand: no vials; the plan refuses it as an input error")
    func noStrength() {
        #expect(Rules.selectVials(dose: 4200, strengths: []) == nil)
        #expect(makePlan(weight: "70", dose: .perKg("60"), frequency: .everyTwoWeeks, policy: policy(vials: [])).failure?.field == .vials)
    }

    struct Draw: Sendable, CustomTestStringConvertible {
        let name: String
        let weight: String
        let perKg: String
        let vials: Set<Int>
        /// (strength, mL) per vial, in order.
        let withdrawals: [VialTally]
        let lastUnits: Int
        let waste: Int
        let drugVolume: String
        var testDescription: String { name }
    }

    /// Withdrawals are written as VialTally(strength, mL in tenths).
    @Test("every vial withdrawn whole except one of the smallest strength used, which gives the remainder", arguments: [
        Draw(name: "4,200 from 10 x 400 + 1 x 200", weight: "70", perKg: "60", vials: [400, 200],
             withdrawals: Array(repeating: VialTally(400, 100), count: 10) + [VialTally(200, 50)], lastUnits: 200, waste: 0, drugVolume: "105"),
        Draw(name: "4,200 from 11 x 400: the last vial gives 5 mL", weight: "70", perKg: "60", vials: [400],
             withdrawals: Array(repeating: VialTally(400, 100), count: 10) + [VialTally(400, 50)], lastUnits: 200, waste: 200, drugVolume: "105"),
        Draw(name: "50 from 1 x 200: 1.3 mL", weight: "20", perKg: "2.5", vials: [400, 200],
             withdrawals: [VialTally(200, 13)], lastUnits: 50, waste: 150, drugVolume: "1.3"),
        Draw(name: "4,194 from 10 x 400 + 1 x 200: 4.9 mL from the 200", weight: "69.9", perKg: "60", vials: [400, 200],
             withdrawals: Array(repeating: VialTally(400, 100), count: 10) + [VialTally(200, 49)], lastUnits: 194, waste: 6, drugVolume: "104.9"),
        Draw(name: "4,188 from 11 x 400: 4.7 mL from the last", weight: "69.8", perKg: "60", vials: [400],
             withdrawals: Array(repeating: VialTally(400, 100), count: 10) + [VialTally(400, 47)], lastUnits: 188, waste: 212, drugVolume: "104.7"),
        Draw(name: "1,050 from 5 x 200 + 1 x 200 (200 only)", weight: "70", perKg: "15", vials: [200],
             withdrawals: Array(repeating: VialTally(200, 50), count: 5) + [VialTally(200, 13)], lastUnits: 50, waste: 150, drugVolume: "26.3"),
    ])
    func withdrawals(_ row: Draw) throws {
        let plan = try validPlan(weight: row.weight, dose: .perKg(row.perKg), policy: policy(vials: row.vials))
        #expect(plan.withdrawals.map { VialTally($0.strength.units, $0.volumeML.count) } == row.withdrawals)
        #expect(plan.withdrawals.last?.units == row.lastUnits)
        #expect(plan.withdrawals.dropLast().allSatisfy { $0.isWholeVial && $0.units == $0.strength.units })
        #expect(plan.wasteUnits == row.waste)
        #expect(plan.wasteUnits == plan.totalVialUnits - plan.preparedDose)
        #expect(plan.drugVolumeML == t(row.drugVolume))
        #expect(plan.withdrawals.reduce(Tenths.zero) { $0 + $1.volumeML } == plan.drugVolumeML)
        #expect(plan.withdrawals.count == plan.totalVials)
    }

    @Test("water per vial and volume in the vial (section 1)")
    func productFacts() {
        let strengths = ProductProfile.imiglucerase.strengths
        let v400 = strengths.first { $0.units == 400 }
        let v200 = strengths.first { $0.units == 200 }
        #expect(v400?.waterML == t("10.2") && v400?.vialVolumeML == t("10.6") && v400?.withdrawableML == t("10"))
        #expect(v200?.waterML == t("5.1") && v200?.vialVolumeML == t("5.3") && v200?.withdrawableML == t("5"))
        #expect(ProductProfile.imiglucerase.unitsPerML == 40)
        #expect(strengths.map(\.units).sorted() == [200, 400])
    }

    /// R5: "Per vial: water to add (section 1), volume in the vial, and the volume to withdraw."
    @Test("the plan text gives, per vial, the water to add, the volume in the vial and the volume to withdraw")
    func perVialFactsInText() throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"))
        let text = plan.text
        #expect(mentions(text, "10.2 mL") && mentions(text, "5.1 mL"), "water to add")
        #expect(mentions(text, "10 mL") && mentions(text, "5 mL"), "volume to withdraw")
        #expect(mentions(text, "10.6 mL") && mentions(text, "5.3 mL"))
    }

    struct Volume: Sendable, CustomTestStringConvertible {
        let units: Int
        let millilitres: String
        var testDescription: String { "\(units) units -> \(millilitres) mL" }
    }

    @Test("drug volume = prepared dose / 40, rounded half-up to 0.1 mL", arguments: [
        Volume(units: 4200, millilitres: "105"), Volume(units: 50, millilitres: "1.3"), Volume(units: 8400, millilitres: "210"),
        Volume(units: 4000, millilitres: "100"), Volume(units: 4188, millilitres: "104.7"), Volume(units: 4194, millilitres: "104.9"),
        Volume(units: 2, millilitres: "0.1"), Volume(units: 1, millilitres: "0"), Volume(units: 3, millilitres: "0.1"),
        Volume(units: 6, millilitres: "0.2"), Volume(units: 8001, millilitres: "200"), Volume(units: 8002, millilitres: "200.1"),
        Volume(units: 7998, millilitres: "200"), Volume(units: 7997, millilitres: "199.9"), Volume(units: 400, millilitres: "10"),
        Volume(units: 200, millilitres: "5"),
    ])
    func drugVolume(_ row: Volume) {
        #expect(Rules.drugVolume(units: row.units, unitsPerML: 40) == t(row.millilitres))
    }
}

/// R4 above the advised tolerance, R6 draws too small to measure, R7 rounding down to fit.
@Suite("Doses at the edges of what can be measured or advised")
struct EdgeDoseTests {
    @Test("R6: a dose under 0.05 mL is a STOP (dose-too-small-to-measure)", arguments: [
        ("70", OrderedDose.flat("1")),      // 1 unit = 0.025 mL
        ("2.3", OrderedDose.perKg("0.5")),  // 1.15 -> 1 unit
        ("300", OrderedDose.flat("1")),
    ])
    func doseTooSmallToMeasure(_ weight: String, _ dose: OrderedDose) throws {
        let plan = try validPlan(weight: weight, dose: dose)
        #expect(plan.preparedDose == 1)
        #expect(plan.drugVolumeML == .zero)
        #expect(plan.hasHardStop)
        #expect(plan.findings(.hard) == [.doseTooSmallToMeasure])
        #expect(!plan.codes.contains(.partialVialNotMeasurable), "the stop says it; no second finding")
        let message = try #require(plan.findings.first { $0.code == .doseTooSmallToMeasure }?.message)
        #expect(message == "1 unit is less than 0.05 mL at 40 units/mL: it cannot be measured. Check the order with the prescriber.")
        #expect(section3Problems(message).isEmpty)
    }

    @Test("R6: 2 units (0.05 mL, rounded half-up to 0.1 mL) can be measured: no stop")
    func twoUnitsMeasurable() throws {
        let plan = try validPlan(weight: "70", dose: .flat("2"))
        #expect(plan.drugVolumeML == t("0.1"))
        #expect(!plan.codes.contains(.doseTooSmallToMeasure))
        #expect(!plan.codes.contains(.partialVialNotMeasurable))
    }

    struct Partial: Sendable, CustomTestStringConvertible {
        let name: String
        let weight: String
        let dose: OrderedDose
        let vials: Set<Int>
        let prepared: Int
        /// The last vial's strength, and whether its draw rounds to 0 mL.
        let lastStrength: Int
        let warns: Bool
        var testDescription: String { name }
    }

    @Test("R6: a last, partial vial whose draw rounds to 0 mL is a WARNING (partial-vial-not-measurable)", arguments: [
        Partial(name: "26.7 kg x 15 units/kg = 401 units: 400 + 1 unit from a 200-unit vial", weight: "26.7", dose: .perKg("15"),
                vials: [400, 200], prepared: 401, lastStrength: 200, warns: true),
        Partial(name: "401 units from 400-unit vials only: 1 unit from the second", weight: "70", dose: .flat("401"),
                vials: [400], prepared: 401, lastStrength: 400, warns: true),
        Partial(name: "402 units: the last vial gives 0.1 mL", weight: "70", dose: .flat("402"),
                vials: [400, 200], prepared: 402, lastStrength: 200, warns: false),
        Partial(name: "400 units: one whole vial", weight: "70", dose: .flat("400"),
                vials: [400, 200], prepared: 400, lastStrength: 400, warns: false),
        Partial(name: "4,201 units: the last vial gives 5 mL", weight: "70", dose: .flat("4201"),
                vials: [400], prepared: 4201, lastStrength: 400, warns: false),
    ])
    func partialVialNotMeasurable(_ row: Partial) throws {
        let plan = try validPlan(weight: row.weight, dose: row.dose, policy: policy(vials: row.vials))
        #expect(plan.preparedDose == row.prepared)
        #expect(plan.withdrawals.last?.strength.units == row.lastStrength)
        #expect((plan.withdrawals.last?.volumeML == .zero) == row.warns)
        #expect(plan.codes.contains(.partialVialNotMeasurable) == row.warns)
        #expect(!plan.hasHardStop, "a warning, not a stop")
        if row.warns {
            let finding = try #require(plan.findings.first { $0.code == .partialVialNotMeasurable })
            #expect(finding.severity == .soft)
            #expect(finding.message == "The last \(row.lastStrength)-unit vial would give only 1 unit, less than 0.05 mL: it cannot be measured, and the vial is opened for nothing. Check with the pharmacist; a whole-vial dose may fit.")
            #expect(plan.lines.contains { $0.contains("WARNING: The last \(row.lastStrength)-unit vial would give only 1 unit") })
        }
    }

    struct Advised: Sendable, CustomTestStringConvertible {
        let tolerance: String
        let vials: Set<Int>
        let rounding: RoundingPolicy
        let prepared: Int
        let warns: Bool
        var testDescription: String { "\(rounding.rawValue) \(tolerance)% vials \(vials.sorted()) -> \(prepared)\(warns ? ", warns" : "")" }
    }

    /// 70 kg x 60 units/kg = 4,200 units.
    @Test("R4: a tolerance above 10% is accepted; a plan it rounds is a WARNING (rounding-tolerance-above-10-percent)", arguments: [
        Advised(tolerance: "10", vials: [400], rounding: .nearest, prepared: 4000, warns: false),
        Advised(tolerance: "10.1", vials: [400], rounding: .nearest, prepared: 4000, warns: true),
        Advised(tolerance: "11", vials: [400], rounding: .nearest, prepared: 4000, warns: true),
        Advised(tolerance: "100", vials: [400], rounding: .nearest, prepared: 4000, warns: true),
        Advised(tolerance: "11", vials: [400, 200], rounding: .nearest, prepared: 4200, warns: false),  // whole vials already
        Advised(tolerance: "50", vials: [400], rounding: .none, prepared: 4200, warns: false),          // nothing rounded
    ])
    func toleranceAboveAdvised(_ row: Advised) throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"),
                                 policy: policy(vials: row.vials, rounding: row.rounding, tolerance: row.tolerance))
        #expect(plan.preparedDose == row.prepared)
        #expect(plan.codes.contains(.roundingToleranceAboveAdvised) == row.warns)
        if row.warns {
            let finding = try #require(plan.findings.first { $0.code == .roundingToleranceAboveAdvised })
            #expect(finding.severity == .soft)
            #expect(finding.message == "The rounding tolerance, \(row.tolerance)%, is above the 10% usually accepted: confirm the whole-vial dose with the pharmacist.")
            #expect(plan.codes.contains(.doseRoundedToWholeVials), "the rounding itself is still a note")
        }
    }

    @Test("R4: a whole-vial dose chosen under a tolerance above 10% also warns; only the two neighbours may be chosen")
    func chosenUnderWideTolerance() throws {
        let plan = try validPlan(weight: "69.8", dose: .perKg("60"), decision: .wholeVialDose(units: 4400),
                                 policy: policy(vials: [400], tolerance: "20"))
        #expect(plan.preparedDose == 4400)
        #expect(plan.findings(.soft) == [.roundingToleranceAboveAdvised])
        // 4,800 units is within 20% of 4,188 but is not a neighbour (and needs a 12th vial).
        let notNeighbour = makePlan(weight: "69.8", dose: .perKg("60"), frequency: .everyTwoWeeks,
                                    decision: .wholeVialDose(units: 4800), policy: policy(vials: [400], tolerance: "20"))
        #expect(notNeighbour.failure?.field == .rounding)
    }

    /// R7 v2 / R4 v2: the 200 mL stop is on the PRESCRIBED dose's volume; no rounding lifts it.
    @Test("R7: 8,010 units prescribed (200.3 mL) stops even when 8,000 units (200 mL) is prepared")
    func roundingCannotLiftTheVolumeStop() throws {
        let rounded = try validPlan(weight: "140", dose: .flat("8010"), policy: policy(rounding: .nearest))
        #expect(rounded.prescribedDose == 8010)
        #expect(rounded.preparedDose == 8000, "nearest: 8,000 (10 away) before 8,200 (190 away)")
        #expect(rounded.drugVolumeML == t("200"))
        #expect(rounded.hasHardStop)
        #expect(rounded.findings(.hard) == [.drugVolumeAboveMaximum])
        #expect(rounded.pumpRateMLPerHour == nil, "no pump rate for a stopped plan")
        let chosen = try validPlan(weight: "140", dose: .flat("8010"), decision: .wholeVialDose(units: 8000))
        #expect(chosen.preparedDose == 8000)
        #expect(chosen.findings(.hard) == [.drugVolumeAboveMaximum])
        let exact = try validPlan(weight: "140", dose: .flat("8010"), decision: .exactDose, policy: policy(rounding: .nearest))
        #expect(exact.findings(.hard) == [.drugVolumeAboveMaximum])
        #expect(!FindingCode.allCases.map(\.rawValue).contains("rounded-to-fit-200-ml"), "the v1 finding is gone")
    }
}
