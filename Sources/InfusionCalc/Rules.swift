/// The calculation rules R2 to R8 as small total functions. `PreparationPlan.make`
/// composes them; the wizard calls the same functions for its side-by-side choices.

public enum Rules {
    // MARK: R2

    /// Two-week equivalent in units/kg = units/kg per infusion x infusions per 4 weeks / 2.
    public static func twoWeekEquivalent(unitsPerKg: Ratio, frequency: Frequency) -> Ratio {
        unitsPerKg * Ratio(frequency.infusionsPerFourWeeks, 2)
    }

    // MARK: R3

    /// Prescribed dose in units = kg x units/kg, rounded half-up to a whole unit.
    public static func prescribedDose(weight: Tenths, dose: DoseOrder) -> Int {
        switch dose {
        case .perKg(let perKg): Ratio(weight.count * perKg.count, 100).roundedHalfUp(decimals: 0)
        case .flat(let units): units
        }
    }

    // MARK: R4

    /// Every whole-vial dose (sums of whole vials of `strengths`, at least one vial)
    /// from `low` to `high` inclusive, ascending.
    public static func achievableDoses(strengths: [Int], from low: Int, through high: Int) -> [Int] {
        let usable = strengths.filter { $0 > 0 }
        guard let smallest = usable.min(), high >= smallest else { return [] }
        let step = usable.reduce(0) { Ratio.gcd($0, $1) }
        let slots = high / step
        var reachable = [Bool](repeating: false, count: slots + 1)
        reachable[0] = true
        for slot in 1...max(slots, 1) where slot <= slots {
            reachable[slot] = usable.contains { strength in
                let back = slot - strength / step
                return back >= 0 && reachable[back]
            }
        }
        return (1...max(slots, 1)).compactMap { slot in
            slot <= slots && reachable[slot] && slot * step >= low ? slot * step : nil
        }
    }

    /// True when |candidate - prescribed| <= tolerance% x prescribed (bounds inclusive).
    public static func isWithinTolerance(_ candidate: Int, prescribed: Int, tolerancePercent: Tenths) -> Bool {
        abs(candidate - prescribed) * 1000 <= tolerancePercent.count * prescribed
    }

    /// R4 (version 2): the whole-vial doses that may be offered instead of `prescribed`,
    /// ascending: at most the largest achievable dose below it and the smallest above it,
    /// each only within the tolerance, and only when the exact dose leaves a partial vial
    /// (waste above 0). A dose that needs more vials than the exact dose is never offered.
    /// Whether the site allows rounding at all is the caller's (`PreparationPlan.roundingOffer`).
    public static func wholeVialNeighbours(prescribed: Int, strengths: [VialStrength], tolerancePercent: Tenths) -> [Int] {
        guard prescribed > 0, let exact = selectVials(dose: prescribed, strengths: strengths),
              exact.reduce(0, { $0 + $1.totalUnits }) > prescribed else { return [] }
        let exactCount = exact.reduce(0) { $0 + $1.count }
        let reach = Ratio(prescribed * max(tolerancePercent.count, 0), 1000)
        let reachUnits = reach.numerator / reach.denominator
        let units = strengths.map(\.units)
        let below = achievableDoses(strengths: units, from: max(prescribed - reachUnits, 1), through: prescribed - 1).last
        let above = achievableDoses(strengths: units, from: prescribed + 1, through: prescribed + reachUnits).first
        return [below, above].compactMap { $0 }.filter { dose in
            guard isWithinTolerance(dose, prescribed: prescribed, tolerancePercent: tolerancePercent),
                  let vials = selectVials(dose: dose, strengths: strengths) else { return false }
            return vials.reduce(0) { $0 + $1.count } <= exactCount
        }
    }

    /// Percentage change from prescribed to prepared, to 0.1 (half away from zero).
    public static func changePercent(prescribed: Int, prepared: Int) -> Tenths {
        Tenths(tenths: Ratio((prepared - prescribed) * 100, max(prescribed, 1)).roundedHalfUp(decimals: 1))
    }

    // MARK: R5

    /// Whole vials whose total is at least `dose`, with the least waste, then the fewest
    /// vials. Counts are listed largest strength first; strengths not used are left out.
    /// Nil only when no strength is given.
    public static func selectVials(dose: Int, strengths: [VialStrength]) -> [VialCount]? {
        let ordered = strengths.sorted(by: >)
        guard !ordered.isEmpty, dose > 0 else { return nil }
        let units = ordered.map(\.units)
        var counts = [Int](repeating: 0, count: units.count)
        var best: (waste: Int, vials: Int, counts: [Int])?
        // Exhaustive over the counts of every strength but the smallest, most first (so the
        // first of equal candidates has the most large vials); the smallest fills the rest.
        func search(_ index: Int, remaining: Int, total: Int, vials: Int) {
            let strength = units[index]
            let most = (remaining + strength - 1) / strength
            if index == units.count - 1 {
                let waste = total + most * strength - dose
                if let current = best, (current.waste, current.vials) <= (waste, vials + most) { return }
                counts[index] = most
                best = (waste, vials + most, counts)
                return
            }
            for count in stride(from: most, through: 0, by: -1) {
                counts[index] = count
                search(index + 1, remaining: max(remaining - count * strength, 0),
                       total: total + count * strength, vials: vials + count)
            }
            counts[index] = 0
        }
        search(0, remaining: dose, total: 0, vials: 0)
        guard let chosen = best else { return nil }
        return zip(ordered, chosen.counts).compactMap { strength, count in
            count > 0 ? VialCount(strength: strength, count: count) : nil
        }
    }

    /// Volume to withdraw from each vial, in order (largest strength first): every vial
    /// whole, except one vial of the smallest strength used, which gives the remainder.
    public static func withdrawals(dose: Int, vials: [VialCount], unitsPerML: Int) -> [Withdrawal] {
        guard let smallest = vials.last else { return [] }
        let total = vials.reduce(0) { $0 + $1.totalUnits }
        let remainderUnits = dose - (total - smallest.strength.units)
        var result: [Withdrawal] = []
        for line in vials {
            let wholeCount = line.strength == smallest.strength ? line.count - 1 : line.count
            for _ in 0..<max(wholeCount, 0) {
                result.append(Withdrawal(strength: line.strength, units: line.strength.units,
                                         volumeML: line.strength.withdrawableML, unitsDrawn: line.strength.units))
            }
        }
        let lastVolume = drugVolume(units: remainderUnits, unitsPerML: unitsPerML)
        result.append(Withdrawal(strength: smallest.strength, units: remainderUnits, volumeML: lastVolume,
                                 unitsDrawn: unitsHeld(in: lastVolume, unitsPerML: unitsPerML)))
        return result
    }

    // MARK: R6

    /// R6 (version 2): the units a measured volume really holds, mL x 40 (1.3 mL = 52
    /// units). Exact for 40 units/mL; otherwise rounded half-up to a whole unit.
    public static func unitsHeld(in volume: Tenths, unitsPerML: Int) -> Int {
        Ratio(volume.count * unitsPerML, 10).roundedHalfUp(decimals: 0)
    }

    /// mL = units / concentration, rounded half-up to 0.1 mL. Never from the water or vial volume.
    public static func drugVolume(units: Int, unitsPerML: Int) -> Tenths {
        Ratio(units, max(unitsPerML, 1)).tenthsRoundedHalfUp
    }

    // MARK: R7

    /// The smallest standard bag greater than the drug volume (200 mL when the drug volume
    /// is exactly 200 mL); nil when the drug volume is above the maximum.
    public static func defaultFinalVolume(drugVolume: Tenths, policy: SitePolicy) -> Tenths? {
        if let bag = policy.finalVolumeChoicesML.sorted().first(where: { $0 > drugVolume }) { return bag }
        return drugVolume == policy.finalVolumeMaximumML ? policy.finalVolumeMaximumML : nil
    }

    /// The standard bags a person may choose: at least the drug volume (R7).
    public static func finalVolumeChoices(drugVolume: Tenths, policy: SitePolicy) -> [Tenths] {
        policy.finalVolumeChoicesML.sorted().filter { $0 >= drugVolume }
    }

    // MARK: R8

    /// mL/h = final volume x 60 / minutes, rounded half-up to 0.1 mL/h.
    public static func pumpRate(finalVolume: Tenths, minutes: Int) -> Tenths {
        Ratio(finalVolume.count * 60, max(minutes, 1) * 10).tenthsRoundedHalfUp
    }

    /// Units/kg/min = units/kg / minutes, exact.
    public static func doseRate(unitsPerKg: Ratio, minutes: Int) -> Ratio {
        unitsPerKg / Ratio(whole: max(minutes, 1))
    }

    /// The cap that applies, or nil when the rate-cap policy is off.
    public static func rateCap(firstInfusion: Bool, policy: SitePolicy) -> Tenths? {
        guard policy.rateCapEnabled else { return nil }
        return firstInfusion ? policy.firstInfusionRateCap : policy.laterInfusionRateCap
    }

    /// Shortest duration that keeps the dose rate at or under the cap, in whole minutes (rounded up).
    public static func shortestDuration(unitsPerKg: Ratio, cap: Tenths) -> Int {
        (unitsPerKg / cap.ratio).roundedUp
    }
}

public struct VialCount: Equatable, Sendable {
    public let strength: VialStrength
    public let count: Int
    public var totalUnits: Int { strength.units * count }
}

public struct Withdrawal: Equatable, Sendable {
    public let strength: VialStrength
    /// Units of the prepared dose this draw is for.
    public let units: Int
    /// The volume to draw, to 0.1 mL (R6).
    public let volumeML: Tenths
    /// The units that volume really holds (R6 v2): 1.3 mL holds 52 units, not 50.
    public let unitsDrawn: Int
    public var isWholeVial: Bool { units == strength.units }
}
