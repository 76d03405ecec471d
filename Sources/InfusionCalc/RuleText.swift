/// One source for every sentence that states a rule or a clinical figure (issue 9): the
/// wizard's help, the training guide's "what to do" and "why" lines, the quiz's questions
/// and worked answers. Every figure comes from the product profile (rule book section 1),
/// the site policy (section 9) or the plan, so that a site with a 5% tolerance is told 5%,
/// a site that stocks only 400-unit vials never hears of the 200-unit vial, and a site
/// without rate caps is not told of one. The wizard and training lay these sentences out;
/// their own sources hold no clinical number (a test enforces it).
///
/// Sources, as in docs/clinical-rules.md: seed 000 and [S1] to [S12] of
/// shared/spec/clinical-facts.md; R1 to R13 of shared/spec/imiglucerase-rules.md.
public struct RuleText: Sendable, Equatable {
    public let policy: SitePolicy
    public let product: ProductProfile

    public init(policy: SitePolicy = .standard, product: ProductProfile = .imiglucerase) {
        self.policy = policy
        self.product = product
    }

    /// The wording for a plan: its own policy (the strengths on hand) and product.
    public init(plan: PreparationPlan) {
        self.init(policy: plan.policy, product: plan.product)
    }

    // MARK: Figures, as people read them

    /// The product's strengths the policy stocks, in the product's order; all of them when
    /// the policy names none (nothing can be prepared then, but the facts still hold).
    public var stockedStrengths: [VialStrength] {
        let stocked = product.strengths.filter { policy.vialsOnHand.contains($0.units) }
        return stocked.isEmpty ? product.strengths : stocked
    }

    /// R1: the exact pound conversion, "1 lb = 0.45359237 kg", written from the factor the
    /// conversion uses (`WeightEntry.kilogramsPerPound`, exact in 8 decimals).
    public static let poundConversion: String = {
        let factor = WeightEntry.kilogramsPerPound, decimals = 8
        let scaled = factor.numerator * DecimalText.powerOfTen(decimals) / max(factor.denominator, 1)
        return "1 lb = " + DecimalText.plain(scaled: scaled, decimals: decimals) + " kg"
    }()
    /// Section 3: the precision of a volume ("to 0.1 mL") and of a pump rate ("to 0.1 mL/h").
    public static let volumePrecision = "0.1 mL"
    public static let ratePrecision = "0.1 mL/h"
    /// Seed 000, [S2]: the age in years under which safety and efficacy are not established.
    public static let minimumAgeYears = 2
    public static let minimumAgeText = "\(minimumAgeYears) years"
    /// The Patient step's question (section 6: answered from a date of birth when there is one).
    public static let minimumAgeQuestion = "Is the patient at least \(minimumAgeText) old?"

    /// "10%" (tenths, no trailing zero).
    static func percent(_ value: Tenths) -> String { Display.number(value) + "%" }

    /// A list of volumes with the unit once: "10.2 or 5.1 mL", "100, 150, 200 mL".
    static func millilitresList(_ values: [Tenths], joiner: String) -> String {
        values.map(Display.number).joined(separator: joiner) + " mL"
    }

    /// The tolerance with its source: "10%, HOPA" for the rule book's default (the 10%
    /// HOPA accepts, clinical-facts 3a), "5%, this site's policy" otherwise.
    public var toleranceText: String {
        let tolerance = policy.roundingTolerancePercent
        return RuleText.percent(tolerance) + (tolerance == SitePolicy.standard.roundingTolerancePercent ? ", HOPA" : ", this site's policy")
    }

    /// The short name of the filter: "0.2 micron filter" from "in-line, low protein-binding, 0.2 micron filter".
    public var filterShortName: String {
        let last = product.filter.split(separator: ",").last.map(String.init) ?? product.filter
        return last.trimmingWhitespace
    }

    /// R8: the rate caps as numbers: "0.5", "1".
    var firstCapText: String { Display.number(policy.firstInfusionRateCap) }
    var laterCapText: String { Display.number(policy.laterInfusionRateCap) }

    /// Whether the policy keeps the label's initial range of R2 (15 to 60 units/kg per 2 weeks).
    var twoWeekRangeIsLabel: Bool {
        policy.twoWeekSoftMinimum == SitePolicy.standard.twoWeekSoftMinimum && policy.twoWeekSoftMaximum == SitePolicy.standard.twoWeekSoftMaximum
    }

    /// R2: the policy's two-week range, with the label's per-infusion form when it is exact
    /// in tenths ("2.5 units/kg 3 times a week to 60 units/kg every 2 weeks, that is ").
    var twoWeekRangeSentence: String {
        let low = policy.twoWeekSoftMinimum, high = policy.twoWeekSoftMaximum
        let isLabel = twoWeekRangeIsLabel
        // Per infusion = per 2 weeks x 2 / infusions per 4 weeks, in tenths.
        func perInfusion(_ twoWeek: Int, _ frequency: Frequency) -> String? {
            let tenths = twoWeek * 20
            guard tenths % frequency.infusionsPerFourWeeks == 0 else { return nil }
            return Display.unitsPerKg(Tenths(tenths: tenths / frequency.infusionsPerFourWeeks)) + " " + frequency.phrase
        }
        let perInfusionText = perInfusion(low, .threePerWeek).flatMap { lowText in
            perInfusion(high, .everyTwoWeeks).map { "\(lowText) to \($0), that is " }
        } ?? ""
        let whose = isLabel ? "The label's initial range" : "This site's range (the label's initial range, narrowed by its policy)"
        return "\(whose) is \(perInfusionText)\(low) to \(high) units/kg per 2 weeks (seed 000): outside it is a warning."
    }

    // MARK: The start screen

    /// "400 units; 200 units (listed as discontinued in the US and EU)": the strengths the site stocks.
    public var stockedVialsText: String {
        stockedStrengths.map { Display.units($0.units) + ($0.marketed ? "" : " (listed as discontinued in the US and EU)") }
            .joined(separator: "; ")
    }

    /// Section 1: "Reconstitute with Sterile Water for Injection only, never sodium chloride:
    /// 10.2 mL per 400-unit vial, 5.1 mL per 200-unit vial; 40 units/mL." Without the
    /// volumes when they must not be given away (a quiz asks for them).
    public func reconstituteSentence(withVolumes: Bool) -> String {
        guard withVolumes else { return "Reconstitute with \(product.diluent) only, never sodium chloride." }
        return "Reconstitute with \(product.diluent) only, never sodium chloride: "
            + stockedStrengths.map { "\(Display.millilitres($0.waterML)) per \(Display.strength($0.units)) vial" }.joined(separator: ", ")
            + "; \(product.unitsPerML) units/mL."
    }

    // MARK: Help, step by step (after the wizard's own title and key lines)

    /// Start: where the product facts come from.
    public var startHelp: [String] {
        ["Product facts (vial strengths, Sterile Water volumes, \(product.unitsPerML) units/mL) are in rule book section 1 (seed 000, [S3], [S4], [S5], [S8]).",
         "The boxed warning (hypersensitivity including anaphylaxis) is from the US label [S1], [S2]."]
    }

    /// Patient: R1's weight, the questions and their sources.
    public var patientHelp: [String] {
        ["Weight in kg with one decimal at most. A weight in pounds needs the unit (\"154 lb\"): it is converted at \(RuleText.poundConversion), rounded to \(Display.kilograms(Tenths(tenths: 1))), and you confirm it (rule R1).",
         "Accepted: \(Display.number(policy.weightHardMinimumKg)) to \(Display.kilograms(policy.weightHardMaximumKg)). Under \(Display.kilograms(policy.weightSoftMinimumKg)) or over \(Display.kilograms(policy.weightSoftMaximumKg)) gives a warning to acknowledge (R1).",
         "Under \(RuleText.minimumAgeText) of age safety and efficacy are not established (seed 000, [S2]).",
         "After a previous hypersensitivity reaction: premedication with antihistamines and/or corticosteroids, slower rate ([S2]).",
         "After antibodies or reactions to alglucerase: use with caution (seed 000).",
         policy.rateCapEnabled ? "A first infusion has a lower rate cap (R8)."
             : "A first infusion is watched closely; this site's policy sets no rate cap (R8)."]
    }

    /// Regimen: R2 and R3.
    public var regimenHelp: [String] {
        ["Frequency and dose as ordered: units/kg per infusion (one decimal) or a flat dose in whole units (rule R2).",
         "Prescribed dose = weight x units/kg, rounded to a whole unit (R3).",
         "Two-week equivalent = units/kg x infusions per 4 weeks / 2. " + twoWeekRangeSentence
             + " Above \(policy.twoWeekHardMaximum) units/kg per 2 weeks (largest dose reported) is refused."]
    }

    /// Vials: R4 (rounding with the policy's tolerance), R5, R6, R7.
    public var vialsHelp: [String] {
        let discontinued = stockedStrengths.filter { !$0.marketed }
            .map { " The \(Display.strength($0.units)) vial is listed as discontinued in the US and EU ([S4], [S9])." }.joined()
        let rounding = policy.roundingAllowed
            ? "Whole-vial rounding is never silent (rule R4). It exists only to avoid wasting a partial vial (seed 000): it is offered only when the exact dose leaves one, and only the nearest whole-vial dose below and above, each within the site's tolerance (\(toleranceText)) and with no more vials than the exact dose, shown with the change per infusion and per 4 weeks; you pick one. A rounded dose names who authorised it: the site protocol, or the pharmacist you type."
            : "Whole-vial rounding is not allowed by this site's policy (rule R4): the exact dose is prepared."
        return ["Tick the strengths on hand." + discontinued,
                rounding,
                "Vials are chosen for the least waste, then the fewest vials (R5). A partial draw shows the units it really holds: mL x \(product.unitsPerML) (R6).",
                "A prescribed dose whose volume is above \(Display.millilitres(policy.finalVolumeMaximumML)) cannot be prepared (R7), whatever dose is chosen: rounding never lifts a hard stop. Ask the pharmacist."]
    }

    /// Reconstitution: section 1's water volumes, the handling, section 5's deadlines.
    public var reconstitutionHelp: [String] {
        let strengths = stockedStrengths
        let water = strengths.map { "\(Display.millilitres($0.waterML)) per \(Display.strength($0.units)) vial" }.joined(separator: ", ")
        let holds = strengths.map { Display.millilitres($0.vialVolumeML) }.joined(separator: " or ")
        let whole = strengths.map { Display.millilitres($0.withdrawableML) }.joined(separator: " or ")
        let never = strengths.max().map { " Never use \(Display.millilitres($0.waterML)) or \(Display.millilitres($0.vialVolumeML)) as the volume to withdraw (R6)." } ?? ""
        return ["\(product.diluent) only, never sodium chloride: \(water) (seed 000, [S5]).",
                "Swirl gently, do not shake; the solution must be clear and colourless; do not use a vial with opaque particles or discoloration ([S7], [S10]).",
                "The vial then holds \(holds) (overfill, [S6]), but the dose is drawn at \(product.unitsPerML) units/mL: \(whole) from a whole vial ([S8])." + never,
                "Count each vial as you reconstitute it, then tick swirled and inspected: each confirmation is recorded with its time (R13).",
                "Deadlines (rule book section 5): " + deadlineClauses.joined(separator: "; ")
                    + ". The earliest is shown with its date. Times are today or yesterday, never in the future (R9)."]
    }

    /// Section 5's limits before dilution, with their sources, for the policy in force.
    var deadlineClauses: [String] {
        var clauses: [String] = []
        switch policy.setting {
        case .immediateUse:
            clauses.append("at an infusion-room bench (immediate use) the infusion must start within \(policy.immediateUseHours) hours of the first reconstitution (USP <797>, secondary source)")
        case .pharmacy:
            clauses.append(policy.budHours.map { "in the pharmacy (this site's setting) the infusion must start within \($0) hours of the first reconstitution (site beyond-use limit)" }
                           ?? "in the pharmacy (this site's setting) the label's stability applies, with no site beyond-use limit")
        }
        switch policy.stability {
        case .usLabel:
            clauses.append("US label: dilute within \(policy.reconstitutedHoldHours) hours of reconstitution (seed 000)")
            clauses.append("EU label: dilute at once ([S10])")
        case .euLabel:
            clauses.append("EU label (this site's policy): dilute at once ([S10])")
        }
        return clauses
    }

    /// Dilution: R5, R6, R7 (or R10 with prefilled bags), the diluted bag's storage.
    public var dilutionHelp: [String] {
        let choices = RuleText.millilitresList(policy.finalVolumeChoicesML, joiner: ", ")
        let bag: String
        switch policy.bagMethod {
        case .empty:
            bag = "sodium chloride to add = final volume - drug volume (R7; seed 000, [S5])."
        case .prefilled:
            let bags = policy.prefilledBags.sorted().map { bag in
                Display.millilitres(bag.nominalML) + (bag.overfillML == .zero ? "" : " (\(Display.millilitres(bag.holdsML)) with its overfill)")
            }
            let list = bags.count > 1 ? bags.dropLast().joined(separator: ", ") + " and " + (bags.last ?? "") : bags.joined()
            bag = "this site uses prefilled bags of \(list): the smallest that holds the final volume; sodium chloride to remove = what the bag holds + drug volume - final volume (R7, R10; seed 000, [S5])."
        }
        let storage: String
        switch policy.setting {
        case .immediateUse:
            storage = "; at a bench (immediate use) start within \(policy.immediateUseHours) hours of the first reconstitution and do not store the bag (section 5)."
        case .pharmacy:
            storage = policy.budHours.map { "; in the pharmacy start within \($0) hours of the first reconstitution (site beyond-use limit, section 5)." } ?? " (section 5)."
        }
        return ["Withdraw every vial whole except one of the smallest strength, which gives the remainder (R5). Drug volume = dose / \(product.unitsPerML) units/mL, to \(RuleText.volumePrecision) (R6).",
                "Final volume \(Display.number(policy.finalVolumeMinimumML)) to \(Display.millilitres(policy.finalVolumeMaximumML)) of \(product.infusionFluid); the default is the smallest of \(choices) above the drug volume; " + bag,
                "Slight flocculation (thin translucent fibres) may occur after dilution (seed 000). Do not infuse with other medicines in the same line ([S10]).",
                "Count each withdrawal, type the total drawn back (it must match the drug volume), then tick the sodium chloride" + (policy.bagMethod == .prefilled ? " removed" : "") + " and the mixing (R13).",
                "Infuse within \(policy.dilutedHoldHours) hours of dilution, kept at \(RuleText.bagStorage) (seed 000, [S10])" + storage]
    }

    /// Seed 000, [S10]: the diluted bag's temperature, and how it is kept.
    public static let bagTemperature = "2 to 8 degrees C"
    public static let bagStorage = bagTemperature + " and protected from light"

    /// Administration: the filter, R8's durations and caps, R11's priming and flush, R12.
    /// Rule book sections 7 and 8 and R13, as the Summary step's help says them under this
    /// policy (`double_check`, `label.printer`).
    public var checkAndLabelHelp: [String] {
        let check = policy.doubleCheck == .always
            ? "Double check (section 7; this site requires it): hand over to the checker; the screen clears of every value and the checker types, blind, their name (not the preparer's), the weight in kg from the source, the dose per infusion, the vial count of each strength, the drug volume, the final volume and the pump rate. After the last value both sets are compared; any difference blocks: check again, or go back to the step that holds the value (the check then starts again)."
            : "Double check (section 7): this site's policy does not require it; the record and the label say \"not double checked\"."
        let printer = policy.printerName.map { "sent to the printer \($0)" } ?? "written to a file in the labels folder and shown here"
        return [check,
                "The bag label (section 8) is printed only after a passed check where one is required: \(printer), then checked against the bag and attached; tick it (R13), then Confirm and finish. A label that cannot be printed says why; the preparation stays recorded."]
    }

    public var administrationHelp: [String] {
        let low = policy.durationHardMinimumMinutes, high = policy.durationSoftMaximumMinutes
        let range = low % 60 == 0 && high % 60 == 0 ? "\(low / 60) to \(high / 60) hours" : "\(low) to \(high) minutes"
        let choices = policy.durationChoicesMinutes.map(Display.number).joined(separator: ", ")
        let caps = policy.rateCapEnabled
            ? "caps: first infusions \(firstCapText), later \(Display.unitsPerKgPerMinute(scaled: policy.laterInfusionRateCap.count, decimals: 1)) (EU/UK label, [S11], [S12], [S7])."
            : "this site's policy sets no rate cap (R8)."
        let flush = policy.flushML > .zero
            ? " After the bag, flush the line with \(Display.millilitres(policy.flushML)) \(product.infusionFluid) at the same rate: the pump plan shows the total time (R11)."
            : ""
        return ["Use an \(product.filter) (seed 000, [S5]).",
                "Infuse over \(range) (seed 000): under \(low) minutes is a STOP, over \(high) minutes a warning (R8). Offered: \(choices) min, or type another whole number up to \(Display.number(policy.durationInputMaximumMinutes)) (the bag keeps \(policy.dilutedHoldHours) hours). After a previous hypersensitivity reaction nothing is preselected: the label advises a decreased rate ([S2]).",
                "Prime the set and filter with sodium chloride before the drug; program the pump and type its rate back: it must match (R11, R13)." + flush + " The cautions (R12) are shown here and on the summary and record.",
                "Pump rate = final volume x 60 / minutes, to \(RuleText.ratePrecision). Dose rate = units/kg / minutes; " + caps,
                "Hypersensitivity including anaphylaxis can occur during and after the infusion: have resuscitation equipment at hand, stop and treat (epinephrine) on a severe reaction ([S1], [S2])."]
    }

    // MARK: The training guide's "what to do" and "why" lines

    public var patientGuide: [String] {
        ["What to do: enter the weight as ordered, check its unit, answer each question.",
         "Why: every dose is per kg; a weight in lb read as kg is 2.2 times too much (R1: \(RuleText.poundConversion))."]
    }

    public var regimenGuide: [String] {
        ["What to do: choose the frequency and enter the dose as ordered.",
         "Why: the two-week equivalent (units/kg x infusions per 4 weeks / 2) is checked against \(twoWeekRangeIsLabel ? "the label's" : "this site's") \(policy.twoWeekSoftMinimum) to \(policy.twoWeekSoftMaximum) units/kg (R2, seed 000)."]
    }

    public var vialsGuide: [String] {
        ["What to do: tick the strengths on hand, then pick the dose to prepare.",
         policy.roundingAllowed
            ? "Why: rounding exists only to avoid wasting a partial vial (seed 000): it is offered only when the exact dose leaves one, as the nearest whole-vial dose below and above within the tolerance; you choose, never silently, and no rounding lifts a hard stop (R4). Vials: least waste, then fewest (R5)."
            : "Why: this site's policy does not allow whole-vial rounding: the exact dose is prepared (R4). Vials: least waste, then fewest (R5)."]
    }

    public var reconstitutionGuide: [String] {
        let water = stockedStrengths.map { "\(Display.millilitres($0.waterML)) per \(Display.strength($0.units)) vial" }.joined(separator: " and ")
        return ["What to do: reconstitute each vial with \(product.diluent), count each vial as it is done, swirl, inspect.",
                "Why: \(water) give\(stockedStrengths.count == 1 ? "s" : "") \(product.unitsPerML) units/mL (section 1, seed 000, [S5])."]
    }

    public var dilutionGuide: [String] {
        let water = stockedStrengths.max().map { Display.millilitres($0.waterML) } ?? "-"
        let bag = policy.bagMethod == .prefilled
            ? "; a prefilled bag: remove what it holds + drug volume - final volume (R10)"
            : ""
        let bagStep = policy.bagMethod == .prefilled
            ? "remove the excess from the prefilled bag, add the drug"
            : "add the drug to the bag with the sodium chloride"
        return ["What to do: withdraw from each vial (count them), type the total drawn back, \(bagStep), mix gently.",
                "Why: volume = units / \(product.unitsPerML) units/mL (R6), never the \(water) of water; a partial draw holds mL x \(product.unitsPerML) units; bag \(Display.number(policy.finalVolumeMinimumML)) to \(Display.millilitres(policy.finalVolumeMaximumML)) (R7)\(bag)."]
    }

    public var administrationGuide: [String] {
        let cap = policy.rateCapEnabled
            ? "the dose rate must stay under the cap (\(Display.unitsPerKgPerMinute(scaled: policy.firstInfusionRateCap.count, decimals: 1)) first, \(laterCapText) later; [S11])"
            : "this site's policy sets no dose-rate cap"
        let flush = policy.flushML > .zero ? "; then the \(Display.millilitres(policy.flushML)) flush (R11)" : ""
        return ["What to do: prime the set and the \(filterShortName), choose the duration, program the pump and type its rate back, watch the patient.",
                "Why: rate = final volume x 60 / minutes (R8); \(cap)\(flush)."]
    }

    /// Regimen with the patient's figures (R3): "Here: 70 kg x 60 units/kg = 4,200 units per
    /// infusion (R3, rounded to a whole unit)." or, for a flat dose, its units/kg.
    public static func regimenHere(weight: Tenths, regimen: RegimenSummary, perKg: Bool) -> String {
        perKg
            ? "Here: \(Display.kilograms(weight)) x \(regimen.unitsPerKgText) = \(Display.units(regimen.prescribedDose)) per infusion (R3, rounded to a whole unit)."
            : "Here: a flat dose of \(Display.units(regimen.prescribedDose)) is \(regimen.unitsPerKgText) at \(Display.kilograms(weight))."
    }

    /// Reconstitution with the plan's vials: "Here: 10 x 400-unit, 10.2 mL each; 1 x 200-unit, 5.1 mL each."
    public static func reconstitutionHere(_ plan: PreparationPlan) -> String {
        "Here: " + plan.vials.map { "\($0.count) x \(Display.strength($0.strength.units)), \(Display.millilitres($0.strength.waterML)) each" }.joined(separator: "; ") + "."
    }

    /// Dilution with the plan's figures: "Here: 4,200 units / 40 = 105 mL; 150 mL - 105 mL = 45 mL sodium chloride."
    public static func dilutionHere(_ plan: PreparationPlan) -> String? {
        guard let finalVolume = plan.finalVolumeML else { return nil }
        let drug = "Here: \(Display.units(plan.preparedDose)) / \(plan.product.unitsPerML) = \(Display.millilitres(plan.drugVolumeML)); "
        if let bag = plan.bag, bag.method == .prefilled, let prefilled = bag.bag, let remove = bag.removeML {
            return drug + "\(Display.millilitres(prefilled.holdsML)) + \(Display.millilitres(plan.drugVolumeML)) - \(Display.millilitres(finalVolume)) = \(Display.millilitres(remove)) to remove from the \(Display.millilitres(prefilled.nominalML)) bag."
        }
        guard let sodiumChloride = plan.sodiumChlorideML else { return nil }
        return drug + "\(Display.millilitres(finalVolume)) - \(Display.millilitres(plan.drugVolumeML)) = \(Display.millilitres(sodiumChloride)) sodium chloride."
    }

    /// Administration with the plan's figures: "Here: 150 mL x 60 / 120 min = 75 mL/h."
    public static func administrationHere(_ plan: PreparationPlan) -> String? {
        guard let rate = plan.pumpRateMLPerHour, let finalVolume = plan.finalVolumeML else { return nil }
        return "Here: \(Display.millilitres(finalVolume)) x 60 / \(Display.minutes(plan.durationMinutes)) = \(Display.millilitresPerHour(rate))."
    }

    // MARK: Quiz questions and worked answers (every figure from the plan)

    /// R5: "How many 400-unit vials do you need for 4,200 units, with 400-unit and 200-unit vials on hand?"
    public static func vialCountQuestion(_ plan: PreparationPlan, strength: Int) -> String {
        let strengths = plan.policy.vialsOnHand.sorted(by: >).map(Display.strength).joined(separator: " and ")
        return "How many \(Display.strength(strength)) vials do you need for \(Display.units(plan.preparedDose)), with \(strengths) vials on hand?"
    }

    /// Section 1: the water for one vial, asked without giving it away.
    public static func waterPerVialQuestion(_ plan: PreparationPlan, strength: Int) -> String {
        "How much \(plan.product.diluent) goes into each \(Display.strength(strength)) vial (mL)?"
    }

    /// R6: the total volume to withdraw.
    public static func volumeToWithdrawQuestion(_ plan: PreparationPlan) -> String {
        "What volume do you withdraw in total from the reconstituted vials for \(Display.units(plan.preparedDose)) (mL)?"
    }

    /// R8: the pump rate.
    public static func pumpRateQuestion(_ plan: PreparationPlan) -> String {
        "What pump rate infuses \(plan.finalVolumeML.map(Display.millilitres) ?? "-") over \(Display.minutes(plan.durationMinutes)) (mL/h)?"
    }

    /// R5: the vials chosen, their units and the waste.
    public static func vialCountWorked(_ plan: PreparationPlan) -> String {
        let vials = plan.vials.map { "\($0.count) x \(Display.strength($0.strength.units))" }.joined(separator: " + ")
        return "R5: whole vials with the least waste, then the fewest vials: \(vials) = \(Display.units(plan.totalVialUnits)) for \(Display.units(plan.preparedDose)) (waste \(Display.units(plan.wasteUnits)))."
    }

    /// "How much 0.9% Sodium Chloride Injection do you add for a final volume of 150 mL (mL)?",
    /// or, with a prefilled bag, how much to remove from it.
    public static func sodiumChlorideQuestion(_ plan: PreparationPlan) -> String {
        let final = plan.finalVolumeML.map(Display.millilitres) ?? "-"
        if let bag = plan.bag, bag.method == .prefilled, let prefilled = bag.bag {
            return "How much \(plan.product.infusionFluid) do you remove from the \(Display.millilitres(prefilled.nominalML)) bag (it holds \(Display.millilitres(prefilled.holdsML))) for a final volume of \(final) (mL)?"
        }
        return "How much \(plan.product.infusionFluid) do you add for a final volume of \(final) (mL)?"
    }

    /// "You draw 1.3 mL from the partial 200-unit vial at 40 units/mL. How many units does the syringe hold?"
    public static func unitsDrawnQuestion(_ plan: PreparationPlan) -> String {
        let volume = plan.partialWithdrawal.map { Display.millilitres($0.volumeML) } ?? "-"
        let strength = plan.partialWithdrawal.map { Display.strength($0.strength.units) } ?? "-"
        return "You draw \(volume) from the partial \(strength) vial at \(plan.product.unitsPerML) units/mL. How many units does the syringe hold?"
    }

    /// Section 1: the water for one vial of `strength`, and what the vial then holds.
    public static func waterPerVialWorked(_ plan: PreparationPlan, strength: Int) -> String {
        let vial = plan.product.strength(units: strength)
        return "Section 1: \(vial.map { Display.millilitres($0.waterML) } ?? "-") per \(Display.strength(strength)) vial (label); the vial then holds \(vial.map { Display.millilitres($0.vialVolumeML) } ?? "-") at \(plan.product.unitsPerML) units/mL."
    }

    /// R6: the volume to withdraw, and the two volumes that are not it (of the strengths on hand).
    public static func volumeToWithdrawWorked(_ plan: PreparationPlan) -> String {
        let strengths = RuleText(plan: plan).stockedStrengths
        return "R6: \(Display.units(plan.preparedDose)) / \(plan.product.unitsPerML) units/mL = \(Display.millilitres(plan.drugVolumeML)) (to \(volumePrecision)). Never the water volume (\(millilitresList(strengths.map(\.waterML), joiner: " or "))) or the volume in the vial (\(millilitresList(strengths.map(\.vialVolumeML), joiner: " or ")))."
    }

    /// R6: the units the partial draw really holds.
    public static func unitsDrawnWorked(_ plan: PreparationPlan) -> String {
        guard let partial = plan.partialWithdrawal else { return "-" }
        return "R6: \(Display.millilitres(partial.volumeML)) x \(plan.product.unitsPerML) units/mL = \(Display.units(partial.unitsDrawn)); the order asked \(Display.units(partial.units)) from this vial, but a syringe measures in \(volumePrecision) steps."
    }

    /// R7 (empty bag) or R10 (prefilled bag): the sodium chloride added or removed.
    public static func sodiumChlorideWorked(_ plan: PreparationPlan) -> String {
        let final = plan.finalVolumeML.map(Display.millilitres) ?? "-"
        if let bag = plan.bag, bag.method == .prefilled, let prefilled = bag.bag, let remove = bag.removeML {
            return "R10: the bag holds \(Display.millilitres(prefilled.holdsML)); \(Display.millilitres(prefilled.holdsML)) + drug volume \(Display.millilitres(plan.drugVolumeML)) - final volume \(final) = \(Display.millilitres(remove)) to remove."
        }
        return "R7: final volume \(final) - drug volume \(Display.millilitres(plan.drugVolumeML)) = \(plan.sodiumChlorideML.map(Display.millilitres) ?? "-")."
    }

    /// R8: the pump rate.
    public static func pumpRateWorked(_ plan: PreparationPlan) -> String {
        "R8: \(plan.finalVolumeML.map(Display.millilitres) ?? "-") x 60 / \(Display.minutes(plan.durationMinutes)) = \(plan.pumpRateMLPerHour.map(Display.millilitresPerHour) ?? "-") (to \(ratePrecision))."
    }

    /// The hint for the known trap of R6: the water or the vial's volume typed as the volume to withdraw.
    public static func volumeTrapNote(_ plan: PreparationPlan) -> String {
        "That is the water added or the volume in the vial, not the volume to withdraw: the dose is drawn at \(plan.product.unitsPerML) units/mL."
    }
}
