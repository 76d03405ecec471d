/// One patient's whole preparation, from the rules R1 to R8, with its findings.

/// Answers from the patient step that carry cautions (rule book section 1). Nil = not asked.
public struct PatientHistory: Equatable, Sendable {
    public var atLeastTwoYearsOld: Bool?
    public var previousHypersensitivity: Bool?
    public var previousAlglucerase: Bool?
    public init(atLeastTwoYearsOld: Bool? = nil, previousHypersensitivity: Bool? = nil, previousAlglucerase: Bool? = nil) {
        self.atLeastTwoYearsOld = atLeastTwoYearsOld
        self.previousHypersensitivity = previousHypersensitivity
        self.previousAlglucerase = previousAlglucerase
    }
}

/// How the prepared dose is decided (R4: never silently).
public enum DoseDecision: Equatable, Sendable {
    /// Apply the site policy's rounding setting (the `plan` command).
    case byPolicy
    /// Prepare the prescribed dose.
    case exactDose
    /// Prepare this whole-vial dose, which must be within the tolerance.
    case wholeVialDose(units: Int)
}

public struct PlanRequest: Equatable, Sendable {
    public var weight: WeightEntry
    public var dose: DoseOrder
    public var frequency: Frequency
    public var firstInfusion: Bool
    public var decision: DoseDecision
    /// Nil: the R7 default.
    public var finalVolumeML: Tenths?
    /// Nil: the R8 default.
    public var durationMinutes: Int?
    public var history: PatientHistory
    /// R9: the first reconstitution, when it has happened (or is given to `plan`).
    public var reconstitutedAt: Instant?
    /// R9: the dilution, when it has happened.
    public var dilutedAt: Instant?
    /// Section 5: the start of the infusion, checked against the start-by deadline.
    public var startAt: Instant?
    /// The zone the times are shown in.
    public var zone: TimeZoneRule

    public init(weight: WeightEntry, dose: DoseOrder, frequency: Frequency, firstInfusion: Bool = false,
                decision: DoseDecision = .byPolicy, finalVolumeML: Tenths? = nil, durationMinutes: Int? = nil,
                history: PatientHistory = PatientHistory(), reconstitutedAt: Instant? = nil, dilutedAt: Instant? = nil,
                startAt: Instant? = nil, zone: TimeZoneRule = .utc) {
        self.reconstitutedAt = reconstitutedAt
        self.dilutedAt = dilutedAt
        self.startAt = startAt
        self.zone = zone
        self.weight = weight
        self.dose = dose
        self.frequency = frequency
        self.firstInfusion = firstInfusion
        self.decision = decision
        self.finalVolumeML = finalVolumeML
        self.durationMinutes = durationMinutes
        self.history = history
    }
}

/// The regimen part of a plan (R2, R3): what the wizard shows before vials are chosen.
public struct RegimenSummary: Equatable, Sendable {
    public let unitsPerKg: Ratio
    public let twoWeekEquivalent: Ratio
    public let prescribedDose: Int
    public let prescribedPerFourWeeks: Int
    public let findings: [Finding]
}

extension RegimenSummary {
    /// Units/kg for people: as ordered, or for a flat dose the exact quotient with enough
    /// decimals (up to 6) to show it is not a round figure.
    public var unitsPerKgText: String {
        Display.unitsPerKg(unitsPerKg, against: [unitsPerKg.tenthsRoundedHalfUp.ratio])
    }
    /// The two-week equivalent for people, never shown equal to a limit it is not.
    public func twoWeekText(policy: SitePolicy) -> String {
        Display.unitsPerKg(twoWeekEquivalent, against: [policy.twoWeekSoftMinimum, policy.twoWeekSoftMaximum,
                                                          policy.twoWeekHardMaximum].map { Ratio(whole: $0) })
    }
}

/// One choice for the prepared dose, shown side by side (R4).
public struct DoseOption: Equatable, Sendable {
    public let preparedDose: Int
    public let isExactDose: Bool
    public let vials: [VialCount]
    public let wasteUnits: Int
    public let changeUnits: Int
    public let changePercent: Tenths
    public let changePerFourWeeks: Int
}

public struct PreparationPlan: Equatable, Sendable {
    public let product: ProductProfile
    public let policy: SitePolicy
    public let request: PlanRequest
    public let regimen: RegimenSummary
    public let preparedDose: Int
    public let doseChangePercent: Tenths
    public let vials: [VialCount]
    public let withdrawals: [Withdrawal]
    public let wasteUnits: Int
    public let drugVolumeML: Tenths
    /// Nil when no bag within the limits holds the drug volume.
    public let finalVolumeML: Tenths?
    /// Nil when the final volume is missing or smaller than the drug volume.
    public let sodiumChlorideML: Tenths?
    public let durationMinutes: Int
    public let pumpRateMLPerHour: Tenths?
    /// R8: the order's units/kg per minute.
    public let doseRate: Ratio
    /// The prepared dose's units/kg per minute; above `doseRate` when rounding raised the dose.
    public let preparedDoseRate: Ratio
    public let rateCap: Tenths?
    /// The shortest duration that keeps the dose rate within the cap; nil without a cap.
    public let shortestAllowedDurationMinutes: Int?
    /// R6 v2: the units the drawn volumes really hold (52 for a 1.3 mL draw of 50 units).
    public let unitsDrawn: Int
    /// R4: why rounding was or was not offered, and the whole-vial doses offered.
    public let rounding: RoundingOffer
    /// R10: how the bag is made; nil when there is no valid bag (R7 stop) or no listed
    /// prefilled bag is large enough (a hard stop).
    public let bag: BagPreparation?
    /// R11: the pump plan (bag, flush, total); nil without a pump rate.
    public let pump: PumpPlan?
    /// Section 5: every deadline from the times in the request, earliest first.
    public let deadlines: [PreparationDeadline]
    /// R12.
    public let cautions: [Caution]
    public let findings: [Finding]

    public var weightKg: Tenths { request.weight.kilograms }
    public var prescribedDose: Int { regimen.prescribedDose }
    public var totalVials: Int { vials.reduce(0) { $0 + $1.count } }
    public var totalVialUnits: Int { vials.reduce(0) { $0 + $1.totalUnits } }
    public var preparedPerFourWeeks: Int { preparedDose * request.frequency.infusionsPerFourWeeks }
    public var hasHardStop: Bool { findings.hasHardStop }
    /// Section 5: the earliest limit on the dilution and on the start.
    public var diluteBy: PreparationDeadline? { Rules.diluteBy(deadlines) }
    public var startBy: PreparationDeadline? { Rules.startBy(deadlines) }
    /// EU label: the interval from reconstitution to dilution, recorded (section 5).
    public var dilutionIntervalMinutes: Int? {
        guard let from = request.reconstitutedAt, let to = request.dilutedAt else { return nil }
        return to.minutes(since: from)
    }
}

/// R4: what whole-vial rounding may offer for a prescribed dose, and why.
public struct RoundingOffer: Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// Whole-vial doses within the tolerance are offered.
        case offered
        /// The prescribed dose uses whole vials: nothing to avoid wasting.
        case exactDoseHasNoWaste
        /// The site policy does not allow rounding.
        case notAllowedBySite
        /// No neighbouring whole-vial dose is within the tolerance (or needs no more vials).
        case noneWithinTolerance
    }
    public let reason: Reason
    /// The whole-vial doses offered besides the prescribed dose, ascending (at most two).
    public let doses: [Int]

    /// Why nothing is offered, for people; nil when doses are offered.
    public func sentence(policy: SitePolicy) -> String? {
        switch reason {
        case .offered: nil
        case .exactDoseHasNoWaste: "The prescribed dose uses whole vials with no waste: no rounding is offered (R4)."
        case .notAllowedBySite: "This site's policy does not allow whole-vial rounding: the prescribed dose is prepared."
        case .noneWithinTolerance: "No neighbouring whole-vial dose is within \(Display.number(policy.roundingTolerancePercent))% of the prescribed dose without more vials: the prescribed dose is prepared."
        }
    }
}

extension PreparationPlan {
    /// R2 and R3 for a weight and an order, with the regimen findings. Fails when the
    /// two-week equivalent is above the hard maximum (240 units/kg).
    public static func regimen(weight: WeightEntry, dose: DoseOrder, frequency: Frequency,
                               policy: SitePolicy = .standard) -> Result<RegimenSummary, InputError> {
        let perKg = dose.unitsPerKg(weight: weight.kilograms)
        let twoWeek = Rules.twoWeekEquivalent(unitsPerKg: perKg, frequency: frequency)
        // To 0.1, or finer where 0.1 would make a value beyond a limit read as the limit.
        func twoWeekText(against limit: Int) -> String {
            Display.unitsPerKg(twoWeek, decimals: Display.decimalsDistinguishing(twoWeek, from: Ratio(whole: limit), minimum: 1))
        }
        let field: InputField = if case .flat = dose { .flatDose } else { .dosePerKg }
        if Ratio(whole: policy.twoWeekHardMaximum) < twoWeek {
            let twoWeekText = twoWeekText(against: policy.twoWeekHardMaximum)
            return .failure(InputError(field,
                "This order is \(twoWeekText) per 2 weeks, above the largest dose reported (\(policy.twoWeekHardMaximum) units/kg per 2 weeks). Check the dose, the unit (units/kg or units) and the frequency."))
        }
        let range = "the label's initial range of \(policy.twoWeekSoftMinimum) to \(policy.twoWeekSoftMaximum) units/kg per 2 weeks"
        var findings: [Finding] = []
        if twoWeek < Ratio(whole: policy.twoWeekSoftMinimum) {
            findings.append(Finding(.soft, .twoWeekDoseBelowRange, "The two-week equivalent, \(twoWeekText(against: policy.twoWeekSoftMinimum)), is below \(range). Check the order with the prescriber."))
        } else if Ratio(whole: policy.twoWeekSoftMaximum) < twoWeek {
            findings.append(Finding(.soft, .twoWeekDoseAboveRange, "The two-week equivalent, \(twoWeekText(against: policy.twoWeekSoftMaximum)), is above \(range). Check the order with the prescriber."))
        }
        let prescribed = Rules.prescribedDose(weight: weight.kilograms, dose: dose)
        if prescribed <= 0 {
            return .failure(InputError(field, "The prescribed dose rounds to 0 units. Check the dose and the weight."))
        }
        return .success(RegimenSummary(unitsPerKg: perKg, twoWeekEquivalent: twoWeek, prescribedDose: prescribed,
                                       prescribedPerFourWeeks: prescribed * frequency.infusionsPerFourWeeks,
                                       findings: findings))
    }

    /// R4 v2: the whole-vial doses that may be offered for `prescribed` under `policy`.
    public static func roundingOffer(prescribed: Int, policy: SitePolicy, product: ProductProfile = .imiglucerase) -> RoundingOffer {
        let onHand = product.strengths.filter { policy.vialsOnHand.contains($0.units) }
        guard let exact = Rules.selectVials(dose: prescribed, strengths: onHand),
              exact.reduce(0, { $0 + $1.totalUnits }) > prescribed else {
            return RoundingOffer(reason: .exactDoseHasNoWaste, doses: [])
        }
        guard policy.roundingAllowed else { return RoundingOffer(reason: .notAllowedBySite, doses: []) }
        let doses = Rules.wholeVialNeighbours(prescribed: prescribed, strengths: onHand, tolerancePercent: policy.roundingTolerancePercent)
        return RoundingOffer(reason: doses.isEmpty ? .noneWithinTolerance : .offered, doses: doses)
    }

    /// The exact dose and the whole-vial doses R4 offers, for a side-by-side choice. The
    /// exact dose comes first, then the offered doses, lower first.
    public static func doseOptions(prescribed: Int, frequency: Frequency, policy: SitePolicy,
                                   product: ProductProfile = .imiglucerase) -> [DoseOption] {
        let onHand = product.strengths.filter { policy.vialsOnHand.contains($0.units) }
        let offer = roundingOffer(prescribed: prescribed, policy: policy, product: product)
        return ([prescribed] + offer.doses).compactMap { dose in
            guard let vials = Rules.selectVials(dose: dose, strengths: onHand) else { return nil }
            let change = dose - prescribed
            return DoseOption(preparedDose: dose, isExactDose: dose == prescribed, vials: vials,
                              wasteUnits: vials.reduce(0) { $0 + $1.totalUnits } - dose, changeUnits: change,
                              changePercent: Rules.changePercent(prescribed: prescribed, prepared: dose),
                              changePerFourWeeks: change * frequency.infusionsPerFourWeeks)
        }
    }

    /// The whole plan. Fails only on input errors (R1/R2 hard limits, no vials on hand, a
    /// whole-vial dose outside the tolerance); every other limit is a finding.
    public static func make(_ request: PlanRequest, policy: SitePolicy = .standard,
                            product: ProductProfile = .imiglucerase) -> Result<PreparationPlan, InputError> {
        let weight = request.weight.kilograms
        if weight < policy.weightHardMinimumKg || weight > policy.weightHardMaximumKg {
            return .failure(InputError(.weight, "Weight \(Display.kilograms(weight)) is outside \(Display.kilograms(policy.weightHardMinimumKg)) to \(Display.kilograms(policy.weightHardMaximumKg))."))
        }
        if let chosen = request.finalVolumeML, chosen < policy.finalVolumeMinimumML || chosen > policy.finalVolumeMaximumML {
            return .failure(InputError(.finalVolume, "Final volume \(Display.millilitres(chosen)) is outside the label's \(Display.number(policy.finalVolumeMinimumML)) to \(Display.millilitres(policy.finalVolumeMaximumML))."))
        }
        if let minutes = request.durationMinutes, minutes <= 0 || minutes > policy.durationInputMaximumMinutes {
            return .failure(InputError(.duration, "Duration \(Display.minutes(minutes)) is outside 1 to \(Display.minutes(policy.durationInputMaximumMinutes))."))
        }
        let onHand = product.strengths.filter { policy.vialsOnHand.contains($0.units) }
        if onHand.isEmpty {
            return .failure(InputError(.vials, "No vial strength is on hand. Choose at least one of \(product.strengths.map { Display.strength($0.units) }.joined(separator: " or ")) vials."))
        }
        let regimen: RegimenSummary
        switch Self.regimen(weight: request.weight, dose: request.dose, frequency: request.frequency, policy: policy) {
        case .failure(let error): return .failure(error)
        case .success(let summary): regimen = summary
        }
        var findings = patientFindings(weight: request.weight, history: request.history, policy: policy) + regimen.findings

        // R4: decide the prepared dose, never silently.
        let prescribed = regimen.prescribedDose
        let prepared: Int
        let offer = roundingOffer(prescribed: prescribed, policy: policy, product: product)
        switch request.decision {
        case .exactDose:
            prepared = prescribed
        case .wholeVialDose(let units):
            guard units == prescribed || offer.doses.contains(units) else {
                let offered = offer.doses.isEmpty ? (offer.sentence(policy: policy) ?? "")
                    : "R4 offers only \(offer.doses.map(Display.units).joined(separator: " or "))."
                return .failure(InputError(.rounding, "\(Display.units(units)) cannot be prepared for \(Display.units(prescribed)) prescribed. " + offered))
            }
            prepared = units
        case .byPolicy:
            switch policy.rounding {
            case .none: prepared = prescribed
            case .nearest:
                // The nearer neighbour; on a tie the lower dose (R4).
                if let nearest = offer.doses.min(by: { (abs($0 - prescribed), $0) < (abs($1 - prescribed), $1) }) {
                    prepared = nearest
                } else {
                    prepared = prescribed
                    // Why nothing was rounded, under its own code (nothing to say at zero waste).
                    if offer.reason != .exactDoseHasNoWaste, let sentence = offer.sentence(policy: policy) {
                        let code: FindingCode = offer.reason == .notAllowedBySite ? .roundingNotAllowedBySite : .noWholeVialDoseWithinTolerance
                        findings.append(Finding(.info, code, sentence))
                    }
                }
            }
        }
        let change = Rules.changePercent(prescribed: prescribed, prepared: prepared)
        if prepared != prescribed, policy.roundingTolerancePercent > policy.roundingToleranceAdvisedMaximumPercent {
            findings.append(Finding(.soft, .roundingToleranceAboveAdvised,
                "The rounding tolerance, \(Display.number(policy.roundingTolerancePercent))%, is above the \(Display.number(policy.roundingToleranceAdvisedMaximumPercent))% usually accepted: confirm the whole-vial dose with the pharmacist."))
        }
        if prepared != prescribed {
            let perFourWeeks = (prepared - prescribed) * request.frequency.infusionsPerFourWeeks
            findings.append(Finding(.info, .doseRoundedToWholeVials,
                "Prepared dose rounded to whole vials: \(Display.units(prepared)) instead of the prescribed \(Display.units(prescribed)) (\(Display.signedPercent(change)) per infusion; \(Display.signedUnits(perFourWeeks)) per 4 weeks)."))
        }

        // R5, R6.
        guard let vials = Rules.selectVials(dose: prepared, strengths: onHand) else {
            return .failure(InputError(.vials, "No vials can make \(Display.units(prepared))."))
        }
        let total = vials.reduce(0) { $0 + $1.totalUnits }
        let withdrawals = Rules.withdrawals(dose: prepared, vials: vials, unitsPerML: product.unitsPerML)
        let drugVolume = Rules.drugVolume(units: prepared, unitsPerML: product.unitsPerML)
        // R6 measures in 0.1 mL steps: a draw under 0.05 mL rounds to nothing.
        if drugVolume == .zero {
            findings.append(Finding(.hard, .doseTooSmallToMeasure,
                "\(Display.units(prepared)) is less than 0.05 mL at \(product.unitsPerML) units/mL: it cannot be measured. Check the order with the prescriber."))
        } else if let last = withdrawals.last, last.volumeML == .zero, last.units > 0 {
            findings.append(Finding(.soft, .partialVialNotMeasurable,
                "The last \(Display.strength(last.strength.units)) vial would give only \(Display.units(last.units)), less than 0.05 mL: it cannot be measured, and the vial is opened for nothing. Check with the pharmacist; a whole-vial dose may fit."))
        }
        if let discontinued = vials.first(where: { !$0.strength.marketed }) {
            findings.append(Finding(.info, .discontinuedVialStrength,
                "\(Display.strength(discontinued.strength.units)) vials are discontinued (US, EU): check expiry."))
        }

        // R7.
        let maximum = policy.finalVolumeMaximumML
        let finalVolume = request.finalVolumeML ?? Rules.defaultFinalVolume(drugVolume: drugVolume, policy: policy)
        var sodiumChloride: Tenths?
        // R7 v2: the PRESCRIBED dose's volume decides the stop, whatever dose is prepared.
        let prescribedVolume = Rules.drugVolume(units: prescribed, unitsPerML: product.unitsPerML)
        if max(drugVolume, prescribedVolume) > maximum {
            let whose = drugVolume > maximum || prepared == prescribed ? "the drug volume alone is \(Display.millilitres(drugVolume))"
                : "the prescribed \(Display.units(prescribed)) is \(Display.millilitres(prescribedVolume)); rounding does not lift this stop"
            findings.append(Finding(.hard, .drugVolumeAboveMaximum,
                "The dose does not fit the label's \(Display.millilitres(maximum)) maximum: \(whose). Ask the pharmacist."))
        } else if let finalVolume, finalVolume < drugVolume {
            findings.append(Finding(.hard, .finalVolumeBelowDrugVolume,
                "The final volume, \(Display.millilitres(finalVolume)), is less than the drug volume, \(Display.millilitres(drugVolume)). Choose a larger final volume."))
        } else if let finalVolume {
            sodiumChloride = finalVolume - drugVolume
            if sodiumChloride == .zero {
                findings.append(Finding(.soft, .noSodiumChlorideToAdd,
                    "The drug volume fills the \(Display.millilitres(finalVolume)) final volume: there is no sodium chloride to dilute with. Check with the pharmacist."))
            }
        }

        // R8.
        let minutes = request.durationMinutes ?? policy.durationDefaultMinutes
        if minutes < policy.durationHardMinimumMinutes {
            findings.append(Finding(.hard, .durationBelowMinimum,
                "A duration of \(Display.minutes(minutes)) is shorter than the label's \(Display.minutes(policy.durationHardMinimumMinutes)) minimum (infuse over 1 to 2 hours)."))
        } else if minutes > policy.durationSoftMaximumMinutes {
            findings.append(Finding(.soft, .durationAboveMaximum,
                "A duration of \(Display.minutes(minutes)) is longer than the label's 1 to 2 hours. Check that the order asks for it."))
        }
        // R8's dose rate is the order's units/kg over the duration. When whole-vial rounding
        // raises the dose, the bag runs faster than that: the cap is checked against the
        // faster of the two, so rounding can never hide a rate above the cap.
        let doseRate = Rules.doseRate(unitsPerKg: regimen.unitsPerKg, minutes: minutes)
        let preparedPerKg = regimen.unitsPerKg * Ratio(prepared, prescribed)
        let preparedDoseRate = Rules.doseRate(unitsPerKg: preparedPerKg, minutes: minutes)
        let checkedPerKg = max(regimen.unitsPerKg, preparedPerKg)
        let cap = Rules.rateCap(firstInfusion: request.firstInfusion, policy: policy)
        let shortest = cap.map { Rules.shortestDuration(unitsPerKg: checkedPerKg, cap: $0) }
        if let cap, let shortest, cap.ratio < max(doseRate, preparedDoseRate) {
            let which = request.firstInfusion ? "a first infusion" : "a later infusion"
            let fastest = max(doseRate, preparedDoseRate)
            let decimals = Display.decimalsDistinguishing(fastest, from: cap.ratio, minimum: 2)
            let rateText = Display.unitsPerKgPerMinute(scaled: fastest.roundedHalfUp(decimals: decimals), decimals: decimals)
            let whose = preparedDoseRate > doseRate ? "for the \(Display.units(prepared)) prepared, " : ""
            findings.append(Finding(.hard, .doseRateAboveCap,
                "The dose rate, \(whose)\(rateText), is above the cap of \(Display.unitsPerKgPerMinute(scaled: cap.count, decimals: 1)) for \(which). Infuse over at least \(Display.minutes(shortest))."))
        }
        let rate = sodiumChloride == nil ? nil : finalVolume.map { Rules.pumpRate(finalVolume: $0, minutes: minutes) }

        // R10 and R11: how the bag is made; the pump plan with the flush.
        var bag: BagPreparation?
        if let finalVolume, sodiumChloride != nil {
            switch Rules.bag(finalVolume: finalVolume, drugVolume: drugVolume, policy: policy) {
            case .success(let made): bag = made
            case .failure(let problem): findings.append(Finding(.hard, .noPrefilledBagLargeEnough, problem.sentence(product: product)))
            }
        }
        let pump = rate.flatMap { rate in finalVolume.map { Rules.pumpPlan(finalVolume: $0, minutes: minutes, rate: rate, policy: policy) } }

        // R9 and section 5: the deadlines from the times given, and the times checked.
        if let reconstituted = request.reconstitutedAt, let diluted = request.dilutedAt, diluted < reconstituted {
            return .failure(InputError(.time, "The dilution, \(Display.time(diluted, zone: request.zone)), is before the reconstitution, \(Display.time(reconstituted, zone: request.zone)). Check both times."))
        }
        if request.dilutedAt != nil && request.reconstitutedAt == nil {
            return .failure(InputError(.time, "A dilution time needs the reconstitution time too."))
        }
        let deadlines = Rules.deadlines(reconstitutedAt: request.reconstitutedAt, dilutedAt: request.dilutedAt, policy: policy)
        findings += Rules.deadlineFindings(reconstitutedAt: request.reconstitutedAt, dilutedAt: request.dilutedAt,
                                           startAt: request.startAt, policy: policy, zone: request.zone)

        // R4 v2: rounding never lifts a hard stop; every stop the prescribed dose raises stands.
        if prepared != prescribed {
            var exactRequest = request
            exactRequest.decision = .exactDose
            if case .success(let exactPlan) = make(exactRequest, policy: policy, product: product) {
                let present = Set(findings.map(\.code))
                findings += exactPlan.findings.filter { $0.severity == .hard && !present.contains($0.code) }
            }
        }
        let unitsDrawn = withdrawals.reduce(0) { $0 + $1.unitsDrawn }

        return .success(PreparationPlan(
            product: product, policy: policy, request: request, regimen: regimen,
            preparedDose: prepared, doseChangePercent: change, vials: vials, withdrawals: withdrawals,
            wasteUnits: total - prepared, drugVolumeML: drugVolume, finalVolumeML: finalVolume,
            sodiumChlorideML: sodiumChloride, durationMinutes: minutes, pumpRateMLPerHour: rate,
            doseRate: doseRate, preparedDoseRate: preparedDoseRate, rateCap: cap, shortestAllowedDurationMinutes: shortest,
            unitsDrawn: unitsDrawn, rounding: offer, bag: bag, pump: pump, deadlines: deadlines,
            cautions: Caution.cautions(history: request.history, firstInfusion: request.firstInfusion),
            findings: findings.bySeverity))
    }

    /// Findings from the weight and the patient's history (R1 soft limits, section 1 cautions).
    public static func patientFindings(weight entry: WeightEntry, history: PatientHistory, policy: SitePolicy) -> [Finding] {
        var findings: [Finding] = []
        let weight = entry.kilograms
        if let pounds = entry.enteredPounds {
            findings.append(Finding(.info, .weightConvertedFromPounds,
                "Weight entered as \(Display.pounds(pounds)) and converted to \(Display.kilograms(weight)) (\(RuleText.poundConversion))."))
        }
        if weight < policy.weightSoftMinimumKg {
            findings.append(Finding(.soft, .weightBelowSoftMinimum,
                "Weight \(Display.kilograms(weight)) is under \(Display.kilograms(policy.weightSoftMinimumKg)): check the weight and that the patient is at least \(RuleText.minimumAgeText) old (safety and efficacy are not established under \(RuleText.minimumAgeText))."))
        } else if weight > policy.weightSoftMaximumKg {
            findings.append(Finding(.soft, .weightAboveSoftMaximum,
                "Weight \(Display.kilograms(weight)) is over \(Display.kilograms(policy.weightSoftMaximumKg)): check the weight and its unit."))
        }
        if history.atLeastTwoYearsOld == false {
            findings.append(Finding(.soft, .ageUnderTwoYears,
                "Safety and efficacy are not established under \(RuleText.minimumAgeText) of age. Confirm the order with the prescriber."))
        }
        if history.previousHypersensitivity == true {
            findings.append(Finding(.soft, .previousHypersensitivity,
                "Previous hypersensitivity reaction: premedicate with antihistamines and/or corticosteroids as prescribed, and infuse at a decreased rate (label): choose the duration on the Administer step."))
        }
        if history.previousAlglucerase == true {
            findings.append(Finding(.soft, .previousAlglucerase,
                "Previous antibodies or reactions to alglucerase: use with caution and watch closely for hypersensitivity."))
        }
        return findings
    }
}
