import InfusionCalc
import PropertyBased
import TestSupport
import Testing

/// Invariants over random valid inputs. Each invariant restates a rule of the rule book
/// with its own arithmetic, so that a plan that breaks a rule is caught whatever its inputs.
@Suite("Properties over random plans")
struct PlanPropertyTests {
    struct Inputs: Sendable, CustomStringConvertible {
        let weightTenths: Int
        /// Units/kg in tenths, or nil for a flat dose.
        let perKgTenths: Int?
        let flatUnits: Int
        let frequency: Frequency
        let vials: [Int]
        let rounding: RoundingPolicy
        let toleranceTenths: Int
        let firstInfusion: Bool
        let finalVolumeTenths: Int?
        let duration: Int?

        var description: String {
            "weight \(weightTenths)/10 kg, " + (perKgTenths.map { "\($0)/10 units/kg" } ?? "\(flatUnits) units")
                + " \(frequency.rawValue), vials \(vials), \(rounding.rawValue) \(toleranceTenths)/10%, first \(firstInfusion), "
                + "final \(finalVolumeTenths.map(String.init) ?? "default"), duration \(duration.map(String.init) ?? "default")"
        }

        var weightText: String { DecimalText.plain(scaled: weightTenths, decimals: 1) }
        var dose: OrderedDose {
            perKgTenths.map { .perKg(DecimalText.plain(scaled: $0, decimals: 1)) } ?? .flat(String(flatUnits))
        }
        var sitePolicy: SitePolicy {
            policy(vials: Set(vials), rounding: rounding, tolerance: DecimalText.plain(scaled: toleranceTenths, decimals: 1))
        }
    }

    static let inputs = zip(
        zip(Gen.int(in: 20...3000),
            Gen.int(in: 0...9),
            Gen.int(in: 1...1200),
            Gen.int(in: 1...20000)),
        zip(Gen<Frequency>.case,
            Gen.element(of: [[400, 200], [400], [200]]),
            Gen<RoundingPolicy>.case,
            // 0 to 100%: above 10% is accepted, with a warning when it rounds (R4).
            Gen.int(in: 0...1000),
            Gen.bool),
        zip(Gen.int(in: 0...2000),
            Gen.int(in: 0...300))
    ).map { numbers, choices, bag in
        Inputs(weightTenths: numbers.0,
               perKgTenths: numbers.1 < 8 ? numbers.2 : nil,  // 80% units/kg, 20% flat doses
               flatUnits: numbers.3,
               frequency: choices.0,
               vials: choices.1 ?? [400, 200],
               rounding: choices.2,
               toleranceTenths: choices.3,
               firstInfusion: choices.4,
               finalVolumeTenths: bag.0 < 1000 ? nil : bag.0,   // 100 to 200 mL, or the default
               duration: bag.1 < 100 ? nil : bag.1 - 99)        // 1 to 201 min, or the default
    }

    /// Exact two-week equivalent as a fraction numerator / denominator.
    static func twoWeek(_ input: Inputs) -> (Int, Int) {
        let n = input.frequency.infusionsPerFourWeeks
        if let perKg = input.perKgTenths { return (perKg * n, 20) }
        return (input.flatUnits * 10 * n, input.weightTenths * 2)
    }

    static func prescribed(_ input: Inputs) -> Int {
        if let perKg = input.perKgTenths { return (input.weightTenths * perKg + 50) / 100 }
        return input.flatUnits
    }

    @Test("every rule holds on random valid inputs")
    func planInvariants() async {
        var plans = 0
        await propertyCheck(count: 600, input: Self.inputs) { input in
            let result = makePlan(weight: input.weightText, dose: input.dose, frequency: input.frequency,
                                  firstInfusion: input.firstInfusion,
                                  finalVolume: input.finalVolumeTenths.map { Tenths(tenths: $0) },
                                  duration: input.duration,
                                  policy: input.sitePolicy)
            let (numerator, denominator) = Self.twoWeek(input)
            let prescribed = Self.prescribed(input)
            switch result {
            case .failure(let error):
                // The only refusals of well-formed input: R2's 240 units/kg hard maximum, or a dose of 0 units.
                let above240 = numerator > 240 * denominator
                #expect(above240 || prescribed == 0, "unexpected refusal: \(error.message)")
                if above240 { #expect(error.message.contains("240 units/kg per 2 weeks")) }
                #expect(numerator <= 240 * denominator ? true : [.dosePerKg, .flatDose].contains(error.field))
            case .success(let plan):
                #expect(numerator <= 240 * denominator, "a two-week equivalent above 240 units/kg was accepted")
                Self.check(plan, input: input, prescribed: prescribed)
                plans += 1
            }
        }
        #expect(plans >= 200, "most generated inputs make a plan (\(plans) of 600)")
    }

    static func check(_ plan: PreparationPlan, input: Inputs, prescribed: Int) {
        // R3
        #expect(plan.prescribedDose == prescribed)

        // R4 v2: only when the exact dose wastes part of a vial; only the two neighbours,
        // each within the tolerance and needing no more vials than the exact dose.
        let strengths = Set(input.vials)
        let step = strengths.contains(200) ? 200 : 400
        let tolerance = input.toleranceTenths
        let within: (Int) -> Bool = { abs($0 - prescribed) * 1000 <= tolerance * prescribed }
        let exactTally = Self.fewestVials(prescribed, strengths: strengths)
        var offered: [Int] = []
        if exactTally.waste > 0 {
            let below = (prescribed - 1) / step * step
            let above = (prescribed / step + 1) * step
            offered = [below, above].filter {
                $0 >= step && within($0) && Self.fewestVials($0, strengths: strengths).count <= exactTally.count
            }
        }
        #expect(plan.rounding.doses == offered)
        switch input.rounding {
        case .none:
            #expect(plan.preparedDose == prescribed)
        case .nearest:
            if let best = offered.min(by: { (abs($0 - prescribed), $0) < (abs($1 - prescribed), $1) }) {
                #expect(plan.preparedDose == best)
                #expect(!plan.codes.contains(.noWholeVialDoseWithinTolerance))
            } else {
                #expect(plan.preparedDose == prescribed)
                #expect(plan.codes.contains(.noWholeVialDoseWithinTolerance) || plan.codes.contains(.roundingNotAllowedBySite)
                        == (exactTally.waste > 0))
            }
        }
        #expect(plan.codes.contains(.doseRoundedToWholeVials) == (plan.preparedDose != prescribed))
        #expect(plan.codes.contains(.roundingToleranceAboveAdvised) == (plan.preparedDose != prescribed && tolerance > 100))
        #expect(plan.preparedPerFourWeeks == plan.preparedDose * input.frequency.infusionsPerFourWeeks)

        // R5: enough, least waste, then fewest vials; only strengths on hand.
        let prepared = plan.preparedDose
        #expect(plan.totalVialUnits >= prepared)
        #expect(plan.vials.allSatisfy { strengths.contains($0.strength.units) && $0.count > 0 })
        var best: (waste: Int, count: Int)?
        let most400 = strengths.contains(400) ? (prepared + 399) / 400 : 0
        for fours in 0...most400 {
            let rest = max(prepared - fours * 400, 0)
            let twos = strengths.contains(200) ? (rest + 199) / 200 : 0
            guard fours * 400 + twos * 200 >= prepared else { continue }
            let option = (waste: fours * 400 + twos * 200 - prepared, count: fours + twos)
            if best == nil || (option.waste, option.count) < (best!.waste, best!.count) { best = option }
        }
        #expect(plan.wasteUnits == best?.waste)
        #expect(plan.totalVials == best?.count)
        #expect(plan.wasteUnits == plan.totalVialUnits - prepared)
        let smallestUsed = plan.vials.map(\.strength.units).min() ?? 0
        #expect(plan.wasteUnits < smallestUsed)

        // R5 withdrawals, R6 drug volume.
        #expect(plan.withdrawals.count == plan.totalVials)
        #expect(plan.withdrawals.dropLast().allSatisfy { $0.isWholeVial })
        #expect(plan.withdrawals.last?.strength.units == smallestUsed)
        #expect(plan.withdrawals.reduce(0) { $0 + $1.units } == prepared)
        #expect(plan.withdrawals.reduce(Tenths.zero) { $0 + $1.volumeML } == plan.drugVolumeML)
        #expect(plan.drugVolumeML.count == (prepared + 2) / 4)
        #expect(abs(plan.drugVolumeML.count * 4 - prepared) <= 2)
        // R6 in 0.1 mL steps: a dose under 0.05 mL stops; a last vial giving 1 unit (0 mL) warns.
        let drugVolumeIsZero = (prepared + 2) / 4 == 0
        let lastVialUnits = smallestUsed - (best?.waste ?? 0)
        #expect(plan.codes.contains(.doseTooSmallToMeasure) == drugVolumeIsZero)
        #expect(plan.codes.contains(.partialVialNotMeasurable) == (!drugVolumeIsZero && lastVialUnits == 1))
        #expect(plan.withdrawals.last?.units == lastVialUnits)

        // R7
        let drug = plan.drugVolumeML.count
        // R7 v2: the stop is on the prescribed dose's volume (and on the prepared one's).
        let volumeStop = drug > 2000 || (prescribed + 2) / 4 > 2000
        #expect(plan.codes.contains(.drugVolumeAboveMaximum) == volumeStop)
        if let chosen = input.finalVolumeTenths {
            #expect(plan.finalVolumeML?.count == chosen)
            // R4 v2: the prescribed dose's stop stands when a rounded dose would fit the bag.
            let prescribedDrug = (prescribed + 2) / 4
            #expect(plan.codes.contains(.finalVolumeBelowDrugVolume) == (!volumeStop && (chosen < drug || chosen < prescribedDrug)))
        } else if drug <= 2000 {
            let expected = [1000, 1500, 2000].first { $0 > drug } ?? 2000
            #expect(plan.finalVolumeML?.count == expected)
        }
        if let sodiumChloride = plan.sodiumChlorideML {
            #expect(sodiumChloride.count >= 0)
            #expect(plan.finalVolumeML.map { $0 - plan.drugVolumeML } == sodiumChloride)
            #expect(plan.codes.contains(.noSodiumChlorideToAdd) == (sodiumChloride.count == 0))
        }
        if !plan.hasHardStop {
            let final = plan.finalVolumeML?.count ?? -1
            #expect((1000...2000).contains(final))
            #expect(final >= drug)
            #expect(plan.sodiumChlorideML != nil)
            // R8: rate = final x 60 / duration, half-up to 0.1 mL/h (in tenths: final x 60 / minutes).
            let minutes = plan.durationMinutes
            #expect(plan.pumpRateMLPerHour?.count == (final * 60 * 2 + minutes) / (2 * minutes))
            #expect(minutes >= 60)
        }

        // R8 duration and cap
        #expect(plan.codes.contains(.durationBelowMinimum) == (plan.durationMinutes < 60))
        #expect(plan.codes.contains(.durationAboveMaximum) == (plan.durationMinutes > 120))
        let cap = input.firstInfusion ? Ratio(1, 2) : Ratio(whole: 1)
        // The cap is checked against the faster of the order's rate (R8) and, after rounding
        // up to whole vials, the prepared dose's rate.
        let preparedRate = plan.regimen.unitsPerKg * Ratio(prepared, prescribed) / Ratio(whole: plan.durationMinutes)
        #expect(plan.preparedDoseRate == preparedRate)
        #expect(plan.codes.contains(.doseRateAboveCap) == (cap < max(plan.doseRate, preparedRate)))
        #expect(plan.doseRate == plan.regimen.unitsPerKg / Ratio(whole: plan.durationMinutes))

        // Severities of the findings these invariants name.
        let severities: [FindingCode: Severity] = [.doseTooSmallToMeasure: .hard, .partialVialNotMeasurable: .soft,
                                                   .roundingToleranceAboveAdvised: .soft, .drugVolumeAboveMaximum: .hard]
        for finding in plan.findings { if let severity = severities[finding.code] { #expect(finding.severity == severity) } }

        // Findings: hard first, then soft, then info.
        let ranks = plan.findings.map { [Severity.hard: 0, .soft: 1, .info: 2][$0.severity]! }
        #expect(ranks == ranks.sorted())

        // Section 3 on every line for people and every finding message.
        for line in plan.lines + plan.findings.map(\.message) {
            let problems = section3Problems(line)
            #expect(problems.isEmpty, "\(problems) in: \(line)")
        }
    }

    /// Least waste, then fewest vials, of 400- and 200-unit vials for `dose`, by brute force.
    static func fewestVials(_ dose: Int, strengths: Set<Int>) -> (waste: Int, count: Int) {
        var best: (waste: Int, count: Int)?
        let most400 = strengths.contains(400) ? (dose + 399) / 400 : 0
        for fours in 0...most400 {
            let rest = max(dose - fours * 400, 0)
            let twos = strengths.contains(200) ? (rest + 199) / 200 : 0
            guard fours * 400 + twos * 200 >= dose else { continue }
            let option = (waste: fours * 400 + twos * 200 - dose, count: fours + twos)
            if best == nil || (option.waste, option.count) < (best!.waste, best!.count) { best = option }
        }
        return best ?? (0, 0)
    }

    @Test("R3 half-up and R6 half-up against independent integer arithmetic")
    func roundingArithmetic() async {
        await propertyCheck(count: 500, input: Gen.int(in: 20...3000), Gen.int(in: 1...4800)) { weight, perKg in
            let units = Rules.prescribedDose(weight: Tenths(tenths: weight), dose: .perKg(Tenths(tenths: perKg)))
            // 100 x units is within half a unit (50) of weight x perKg, and a tie goes up.
            let difference = units * 100 - weight * perKg
            #expect(difference > -50 && difference <= 50)
            let volume = Rules.drugVolume(units: units, unitsPerML: 40).count
            let volumeDifference = volume * 4 - units
            #expect(volumeDifference > -2 && volumeDifference <= 2)
        }
    }
}

@Suite("Properties of the number writers")
struct NumberPropertyTests {
    /// The value a plain decimal text stands for, scaled by 10^decimals; nil if not well formed.
    static func value(of text: String, decimals: Int) -> Int? {
        var digits = text.replacingAll(",", with: "")
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= decimals else { return nil }
        fraction += String(repeating: "0", count: decimals - fraction.count)
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let magnitude = whole * scale + (fraction.isEmpty ? 0 : Int(fraction)!)
        return negative ? -magnitude : magnitude
    }

    @Test("DecimalText and Display.number: exact, no trailing zero, a leading zero, thousands separators")
    func decimalText() async {
        await propertyCheck(count: 1000, input: Gen.int(in: -1_000_000_000_000...1_000_000_000_000), Gen.int(in: 0...4)) { scaled, decimals in
            let plain = DecimalText.plain(scaled: scaled, decimals: decimals)
            let grouped = Display.number(scaled: scaled, decimals: decimals)
            #expect(Self.value(of: plain, decimals: decimals) == scaled, "\(plain)")
            #expect(Self.value(of: grouped, decimals: decimals) == scaled, "\(grouped)")
            #expect(plain.wholeMatch(of: #/-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?/#) != nil, "\(plain)")
            #expect(grouped.wholeMatch(of: #/-?(0|[1-9][0-9]{0,2}(,[0-9]{3})*)(\.[0-9]*[1-9])?/#) != nil, "\(grouped)")
            #expect(!plain.contains(","))
            #expect(section3Problems(grouped + " mL").isEmpty, "\(grouped)")
            #expect(scaled != 0 || plain == "0")
        }
    }

    @Test("Display.units: \"unit\" only for exactly one")
    func unitWord() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...10_000_000)) { units in
            let text = Display.units(units)
            #expect(text.hasSuffix(units == 1 ? " unit" : " units"))
            #expect(section3Problems(text).isEmpty, "\(text)")
        }
    }

    @Test("Ratio.roundedHalfUp: nearest, ties away from zero")
    func roundedHalfUp() async {
        await propertyCheck(count: 1000, input: Gen.int(in: -1_000_000...1_000_000), Gen.int(in: 1...100_000), Gen.int(in: 0...3)) { numerator, denominator, decimals in
            var scale = 1
            for _ in 0..<decimals { scale *= 10 }
            let rounded = Ratio(numerator, denominator).roundedHalfUp(decimals: decimals)
            // |numerator x scale / denominator - rounded| <= 1/2, i.e. |2 (numerator x scale - rounded x denominator)| <= denominator.
            let gap = 2 * (numerator * scale - rounded * denominator)
            #expect(abs(gap) <= denominator)
            if abs(gap) == denominator {
                #expect(abs(rounded * denominator) > abs(numerator * scale), "a tie goes away from zero")
            }
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
