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
    public let diluteBy: DiluteBy?
    public let infuseBy: Deadline?

    public init(_ state: WizardState) {
        let policy = state.policy
        weight = state.weight.text.isEmpty ? nil : WeightEntry.parse(state.weight.text, policy: policy)
        let entry = try? weight?.get()
        confirmedWeight = entry.flatMap { $0.enteredPounds == nil || state.confirmedPoundsText == state.weight.text ? $0 : nil }
        if state.dose.text.isEmpty {
            dose = nil
        } else {
            dose = state.doseMode == .perKg ? DoseOrder.parsePerKg(state.dose.text) : DoseOrder.parseFlat(state.dose.text)
        }
        let history = PatientHistory(atLeastTwoYearsOld: state.atLeastTwoYears,
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

        // The plan as far as the entries go: defaults stand in for later steps' choices.
        var planned: PreparationPlan?
        if let confirmedWeight, let order = try? dose?.get(), let frequency = state.frequency, summary != nil {
            let decision: DoseDecision = chosen.map { .wholeVialDose(units: options[$0].preparedDose) } ?? .exactDose
            var request = PlanRequest(weight: confirmedWeight, dose: order, frequency: frequency,
                                      firstInfusion: state.firstInfusion ?? false, decision: decision,
                                      history: history)
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

        var durations = policy.durationChoicesMinutes
        if let shortest = planned?.shortestAllowedDurationMinutes {
            durations = durations.filter { $0 >= shortest }
            if shortest >= policy.durationHardMinimumMinutes && shortest <= policy.durationInputMaximumMinutes {
                durations.append(shortest)
            }
        }
        if let chosen = state.chosenDuration { durations.append(chosen) }
        durationChoices = Array(Set(durations)).sorted()

        var timeFindings: [Finding] = []
        if case .success(let reconstituted) = ClockTime.parse(state.reconstitutionTime.text),
           case .success(let diluted) = ClockTime.parse(state.dilutionTime.text) {
            timeFindings = Rules.timeFindings(reconstitutedAt: reconstituted, dilutedAt: diluted, policy: policy)
        }
        if let planned {
            findings = (planned.findings + timeFindings).bySeverity
        } else {
            var early: [Finding] = []
            if let entry {
                early += PreparationPlan.patientFindings(weight: entry, history: history, policy: policy)
            }
            if let summary { early += summary.findings }
            findings = early.bySeverity
        }

        if case .success(let time) = ClockTime.parse(state.reconstitutionTime.text) {
            diluteBy = Rules.diluteBy(reconstitutedAt: time, policy: policy)
        } else {
            diluteBy = nil
        }
        if case .success(let time) = ClockTime.parse(state.dilutionTime.text) {
            infuseBy = Rules.infuseBy(dilutedAt: time, policy: policy)
        } else {
            infuseBy = nil
        }
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
        case .doseRoundedToWholeVials, .roundingToleranceAboveAdvised, .noWholeVialDoseWithinTolerance, .discontinuedVialStrength, .drugVolumeAboveMaximum,
             .roundedToFitMaximumVolume, .doseTooSmallToMeasure, .partialVialNotMeasurable:
            .vials
        case .finalVolumeBelowDrugVolume, .noSodiumChlorideToAdd, .dilutedAfterDiluteBy:
            .dilution
        case .durationBelowMinimum, .durationAboveMaximum, .doseRateAboveCap:
            .administration
        }
    }
}
