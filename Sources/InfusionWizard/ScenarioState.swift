import InfusionCalc
import InfusionTraining

extension Scenario {
    /// The wizard, filled in with the scenario's order. The trainee still confirms a
    /// weight in lb, picks the dose to prepare and does every step.
    public func wizardState(mode: TrainingMode, size: TerminalSize = .minimum, now: Instant, zone: TimeZoneRule = .utc) -> WizardState {
        var state = WizardState(policy: policy, size: size, now: now, zone: zone)
        state.weight = TextField(kind: .weight, text: weightText)
        state.atLeastTwoYears = atLeastTwoYears
        state.firstInfusion = firstInfusion
        state.previousHypersensitivity = previousHypersensitivity
        state.previousAlglucerase = previousAlglucerase
        state.frequency = frequency
        state.doseMode = doseMode
        state.dose = TextField(kind: .decimal, text: doseText)
        state.training = TrainingSession(mode: mode, scenarioName: name, scenarioTitle: title, learningPoints: learningPoints)
        return state
    }
}

extension TrainingResult {
    /// The result of a finished training run of the wizard: its session, plan and summary.
    public init(date: InfusionTraining.LocalDateTime, state: WizardState) {
        self.init(date: date, session: state.training, plan: Derived(state).plan, summaryLines: state.summaryLines())
    }
}
