import InfusionCalc

/// Everything the wizard shows that is computed, derived from a state in one place by the
/// calculation module. The wizard computes no number itself.
public struct Derived: Sendable {
    public let weight: Result<WeightEntry, InputError>?
    /// The weight to use: valid and, when entered in lb, with its conversion confirmed.
    public let confirmedWeight: WeightEntry?
    public let dose: Result<DoseOrder, InputError>?
    public let regimen: Result<RegimenSummary, InputError>?
    public let doseOptions: [DoseOption]
    /// Index in `doseOptions` of the dose that will be prepared.
    public let chosenOptionIndex: Int?
    public let plan: PreparationPlan?
    public let finalVolumeChoices: [Tenths]
    public let durationChoices: [Int]
    public let findings: [Finding]
    /// R9: the first reconstitution as typed, resolved to an instant (today or yesterday),
    /// or why it is refused; nil when nothing is typed.
    public let reconstitutedAt: Result<Instant, InputError>?
    /// R9: the dilution, resolved; refused when before the reconstitution.
    public let dilutedAt: Result<Instant, InputError>?
    /// R8: the duration typed in "other", parsed.
    public let otherDuration: Result<Int, InputError>?
    /// Section 6: the record's identifiers as read; nil when nothing is typed.
    public let preparer: Result<String, InputError>?
    public let patientName: Result<String, InputError>?
    public let recordNumber: Result<String, InputError>?
    public let dateOfBirth: Result<CalendarDate, InputError>?
    public let orderReference: Result<String?, InputError>
    /// The weight's date: today when measured today, typed when from the order.
    public let weightDate: Result<CalendarDate, InputError>?
    /// R12 and section 6: "at least 2 years old" answered from a valid date of birth, else
    /// as the nurse answered it.
    public let atLeastTwoYears: Bool?
    /// Whether the age question is answered from the date of birth.
    public let ageFromDateOfBirth: Int?
    /// Section 6: per vial strength of the plan, its lot and expiry as read (typed or
    /// scanned); a strength with nothing typed yet is absent.
    public let vialLots: [Int: Result<VialLotEntry, InputError>]

    public init(_ state: WizardState) {
        let policy = state.policy
        weight = state.weight.text.isEmpty ? nil : WeightEntry.parse(state.weight.text, policy: policy)
        // A weight still being typed counts once it is entered (its warnings with it).
        let entry = state.weightBeingTyped ? nil : try? weight?.get()
        confirmedWeight = entry.flatMap { $0.enteredPounds == nil || state.confirmedPoundsText == state.weight.text ? $0 : nil }
        if state.dose.text.isEmpty {
            dose = nil
        } else {
            dose = state.doseMode == .perKg ? DoseOrder.parsePerKg(state.dose.text) : DoseOrder.parseFlat(state.dose.text)
        }
        let today = state.today
        func read<T>(_ field: TextField, _ parse: (String) -> Result<T, InputError>) -> Result<T, InputError>? {
            field.text.isEmpty ? nil : parse(field.text)
        }
        preparer = read(state.preparer) { PersonName.parse($0, field: .preparer) }
        patientName = read(state.patientName, PatientIdentity.parseName)
        recordNumber = read(state.recordNumber, PatientIdentity.parseRecordNumber)
        dateOfBirth = read(state.dateOfBirth) { PatientIdentity.parseDateOfBirth($0, today: today) }
        orderReference = OrderReference.parse(state.orderReference.text)
        switch state.weightSource {
        case .measuredToday?: weightDate = .success(today)
        case .fromOrder?: weightDate = read(state.weightDate) { WeightSource.parseDate($0, today: today) }
        case nil: weightDate = nil
        }
        if case .success(let born)? = dateOfBirth {
            let age = PatientIdentity.age(born: born, on: today)
            ageFromDateOfBirth = age
            atLeastTwoYears = age >= RuleText.minimumAgeYears
        } else {
            ageFromDateOfBirth = nil
            atLeastTwoYears = state.atLeastTwoYears
        }
        let history = PatientHistory(atLeastTwoYearsOld: atLeastTwoYears,
                                     previousHypersensitivity: state.previousHypersensitivity,
                                     previousAlglucerase: state.previousAlglucerase)
        var regimenResult: Result<RegimenSummary, InputError>?
        if let confirmedWeight, let order = try? dose?.get(), let frequency = state.frequency {
            regimenResult = PreparationPlan.regimen(weight: confirmedWeight, dose: order, frequency: frequency, policy: policy)
        }
        regimen = regimenResult
        let summary = try? regimenResult?.get()

        var options: [DoseOption] = []
        var chosen: Int?
        if let summary, let frequency = state.frequency, !policy.vialsOnHand.isEmpty {
            options = PreparationPlan.doseOptions(prescribed: summary.prescribedDose, frequency: frequency,
                                                  policy: policy, product: state.product)
            if let choice = state.doseChoice, choice.prescribed == summary.prescribedDose {
                chosen = options.firstIndex { $0.preparedDose == choice.prepared }
            }
        }
        doseOptions = options
        chosenOptionIndex = chosen

        // R9: typed times are local times of today or yesterday, never in the future.
        func resolve(_ field: TextField) -> Result<Instant, InputError>? {
            guard !field.text.isEmpty else { return nil }
            return TimeEntry.parse(field.text).flatMap {
                Rules.resolve($0, now: state.now, zone: state.zone, day: .todayOrYesterday)
            }
        }
        let reconstituted = resolve(state.reconstitutionTime)
        var diluted = resolve(state.dilutionTime)
        if case .success(let dilution)? = diluted, case .success(let reconstitution)? = reconstituted, dilution < reconstitution {
            diluted = .failure(InputError(.time, "The dilution, \(Display.time(dilution, zone: state.zone)), cannot be before the first reconstitution, \(Display.time(reconstitution, zone: state.zone)). Check both times."))
        }
        reconstitutedAt = reconstituted
        dilutedAt = diluted
        otherDuration = state.otherDuration.text.isEmpty ? nil : parseDurationMinutes(state.otherDuration.text, policy: policy)

        // The plan as far as the entries go: defaults stand in for later steps' choices.
        var planned: PreparationPlan?
        if let confirmedWeight, let order = try? dose?.get(), let frequency = state.frequency, summary != nil {
            let decision: DoseDecision = chosen.map { .wholeVialDose(units: options[$0].preparedDose) } ?? .exactDose
            let reconstitutedInstant = try? reconstituted?.get()
            var request = PlanRequest(weight: confirmedWeight, dose: order, frequency: frequency,
                                      firstInfusion: state.firstInfusion ?? false, decision: decision,
                                      history: history, reconstitutedAt: reconstitutedInstant,
                                      dilutedAt: reconstitutedInstant == nil ? nil : try? diluted?.get(),
                                      startAt: reconstitutedInstant == nil ? nil : Derived.startAt(state), zone: state.zone)
            if let base = try? PreparationPlan.make(request, policy: policy, product: state.product).get() {
                let volumes = Rules.finalVolumeChoices(drugVolume: base.drugVolumeML, policy: policy)
                if let chosenVolume = state.chosenFinalVolume, volumes.contains(chosenVolume) {
                    request.finalVolumeML = chosenVolume
                }
                request.durationMinutes = state.chosenDuration
                planned = try? PreparationPlan.make(request, policy: policy, product: state.product).get()
            }
        }
        plan = planned
        let drugVolume = planned?.drugVolumeML
        finalVolumeChoices = drugVolume.map { Rules.finalVolumeChoices(drugVolume: $0, policy: policy) } ?? []

        // R8 v2: the policy's durations, the shortest the rate cap allows, and one typed.
        var durations = policy.durationChoicesMinutes
        if let shortest = planned?.shortestAllowedDurationMinutes {
            durations = durations.filter { $0 >= shortest }
            if shortest >= policy.durationHardMinimumMinutes && shortest <= policy.durationInputMaximumMinutes {
                durations.append(shortest)
            }
        }
        if let chosen = state.chosenDuration { durations.append(chosen) }
        durationChoices = Array(Set(durations)).sorted()

        var lots: [Int: Result<VialLotEntry, InputError>] = [:]
        for line in planned?.vials ?? [] {
            let strength = line.strength.units
            let lotText = state.vialLots[strength]?.text ?? ""
            guard !lotText.isEmpty else { continue }
            lots[strength] = VialLotEntry.read(strength: strength, lotText: lotText,
                                               expiryText: state.vialExpiries[strength]?.text ?? "", today: today)
        }
        vialLots = lots
        if let planned {
            let lotFindings = planned.vials.compactMap { try? lots[$0.strength.units]?.get() }
                .flatMap { Rules.vialLotFindings($0, today: today, policy: policy) }
            findings = (planned.findings + lotFindings).bySeverity
        } else {
            var early: [Finding] = []
            if let entry {
                early += PreparationPlan.patientFindings(weight: entry, history: history, policy: policy)
            }
            if let summary { early += summary.findings }
            findings = early.bySeverity
        }
    }

    /// Section 5: the start of the infusion is when the pump was programmed (its rate typed
    /// back); until then, now.
    static func startAt(_ state: WizardState) -> Instant {
        let programmed = state.confirmed.compactMap { key, instants -> Instant? in
            if case .pumpProgrammed = key { return instants.last }
            return nil
        }
        return programmed.max() ?? state.now
    }

    /// R4: the chosen whole-vial dose differs from the prescribed dose.
    public var isRounded: Bool {
        guard let plan else { return false }
        return plan.preparedDose != plan.prescribedDose
    }

    /// The findings shown on `step` (each finding belongs to the step that can change it).
    public func findings(on step: Step) -> [Finding] {
        findings.filter { Derived.step(for: $0.code) == step }
    }

    public static func step(for code: FindingCode) -> Step {
        switch code {
        case .weightConvertedFromPounds, .weightBelowSoftMinimum, .weightAboveSoftMaximum, .ageUnderTwoYears,
             .previousHypersensitivity, .previousAlglucerase:
            .patient
        case .twoWeekDoseBelowRange, .twoWeekDoseAboveRange:
            .regimen
        // A dose too large for any bag is stopped before any vial is reconstituted.
        case .doseRoundedToWholeVials, .roundingToleranceAboveAdvised, .noWholeVialDoseWithinTolerance, .roundingNotAllowedBySite, .discontinuedVialStrength, .drugVolumeAboveMaximum,
             .doseTooSmallToMeasure, .partialVialNotMeasurable, .vialExpired, .vialNotInSiteList:
            .vials
        case .finalVolumeBelowDrugVolume, .noSodiumChlorideToAdd, .noPrefilledBagLargeEnough, .dilutedAfterDiluteBy, .dilutedLaterThanSiteLimit:
            .dilution
        case .durationBelowMinimum, .durationAboveMaximum, .doseRateAboveCap:
            .administration
        // A start deadline already past is a stop from the reconstitution on: nothing
        // prepared after it may be given.
        case .startAfterStartBy:
            .reconstitution
        }
    }
}
