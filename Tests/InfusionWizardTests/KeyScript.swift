import InfusionCalc
import InfusionTraining
@testable import InfusionWizard
import TerminalUI

/// A key script, like Textual's pilot or teatest: text is typed, names are keys.
enum Stroke: Sendable {
    /// Each character as a key press.
    case type(String)
    case key(Key)
    case keys([Key])
    /// Replace the focused field's text (the plain front end's way of answering).
    case text(String)
    /// Pick option `index` (from 0) of the focused choice.
    case choose(Int)
}

/// A fixed clock for deterministic tests (R9): instants from local wall-clock times.
enum Clock {
    /// The instant whose wall-clock time in a zone `offsetHours` from UTC is the one given.
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, offsetHours: Int = 0) -> Instant {
        let local = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)!
        return Instant(secondsSinceEpoch: Instant.seconds(asIfUTC: local) - offsetHours * 3600)
    }
    /// 2026-11-29 14:05 UTC: the tests' "now".
    static let now = at(2026, 11, 29, 14, 5)
    /// The same day at another time of day (UTC).
    static func today(_ hour: Int, _ minute: Int) -> Instant { at(2026, 11, 29, hour, minute) }
}

extension WizardState {
    /// A fresh wizard at 80 x 24, 2026-11-29 14:05 UTC on the clock.
    static func fresh(size: TerminalSize = .minimum, now: Instant = Clock.now, zone: TimeZoneRule = .utc) -> WizardState {
        var state = WizardState(size: size, now: now, zone: zone)
        state.preparationID = TestPrinter.preparationID
        return state
    }

    /// A fresh training run at 80 x 24, 14:05 on the clock.
    static func training(_ mode: TrainingMode, size: TerminalSize = .minimum) -> WizardState {
        var state = fresh(size: size)
        state.training = TrainingSession(mode: mode, scenarioName: "standard-adult",
                                         scenarioTitle: "Standard adult dose",
                                         learningPoints: ["Volumes come from 40 units/mL, never from 10.2 mL."])
        return state
    }

    func after(_ strokes: [Stroke]) -> WizardState {
        var state = self
        for stroke in strokes {
            switch stroke {
            case .type(let text): for character in text { update(&state, .key(.character(character))) }
            case .key(let key): update(&state, .key(key))
            case .keys(let keys): for key in keys { update(&state, .key(key)) }
            case .text(let text): update(&state, .replaceText(text))
            case .choose(let index): update(&state, .choose(index))
            }
            // The label the wizard asks for, "printed" by the test shell.
            WizardRunner.settle(&state, perform: TestPrinter.perform)
        }
        return state
    }

    func after(_ strokes: Stroke...) -> WizardState { after(strokes) }

    /// The current step done by keys, as a nurse does it: on the control the wizard puts
    /// the focus on, a counter is counted up with Space, a tick ticked, a value typed back
    /// is typed as the plan has it, a warning acknowledged with A, then Enter. Stops when
    /// the step changes or a key changes nothing (a STOP, a choice nobody made).
    /// The focused control done by keys (one pass of `completingStep`).
    func completingControl() -> WizardState {
        var state = self
        guard let info = state.info(state.focus) else { return state }
        switch info.kind {
        case .counter(let count, let target):
            state = state.after(Array(repeating: Stroke.type(" "), count: max(target - count, 0)))
        case .checkbox(let checked):
            if !checked { state = state.after(.type(" ")) }
        case .field:
            if case .confirmation(let id) = state.focus, let confirmation = state.derived.plan?.confirmations.first(where: { $0.id == id }) {
                switch confirmation.kind {
                case .typedVolume(let value), .typedRate(let value): state = state.after(.text(Display.number(value)), .key(.down))
                default: break
                }
            }
        default: break
        }
        return state
    }

    func completingStep() -> WizardState {
        var state = self
        let step = state.step
        for _ in 0..<100 {
            guard state.step == step, state.outcome == .running, let info = state.info(state.focus) else { break }
            let before = state
            switch info.kind {
            case .counter(let count, let target):
                state = state.after(Array(repeating: Stroke.type(" "), count: max(target - count, 0)) + [.key(.enter)])
            case .checkbox(let checked):
                state = state.after((checked ? [] : [Stroke.type(" ")]) + [.key(.enter)])
            case .field(let field):
                // Section 6: the record's fields get the reference patient's values.
                if field.text.isEmpty, let text = Self.recordFieldText[state.focus] ?? {
                    switch state.focus {
                    case .vialLot: "A1234"
                    case .vialExpiry: "2027-03"
                    // Section 7: the checker finds the plan's values.
                    case .checkValue(let checked): state.derived.plan.flatMap { DoubleCheck.expected(checked, plan: $0) }.map(TestPrinter.typed)
                    default: nil
                    }
                }() {
                    state = state.after(.type(text))
                }
                if case .confirmation(let id) = state.focus, !info.isComplete,
                   let confirmation = state.derived.plan?.confirmations.first(where: { $0.id == id }) {
                    switch confirmation.kind {
                    case .typedVolume(let value), .typedRate(let value): state = state.after(.text(Display.number(value)))
                    default: break
                    }
                }
                state = state.after(.key(.enter))
            case .acknowledgement(let done):
                state = state.after((done ? [] : [Stroke.type("a")]) + [.key(.enter)])
            case .choice, .button:
                state = state.after(.key(.enter))
            }
            if state == before { break }
        }
        return state
    }

    /// Steps done by `completingStep` until `step` is reached (or a step cannot be done:
    /// a STOP, a choice nobody made).
    func completing(until step: Step) -> WizardState {
        var state = self
        for _ in 0..<Step.allCases.count where state.step < step {
            let before = state
            state = state.completingStep()
            if state == before { break }
        }
        return state
    }

    /// The focus moved (Tab) off a text field that takes letters, where q and ? are typed.
    func offLetterField() -> WizardState {
        var state = self
        for _ in 0..<content.controls.count {
            guard case .field(let field)? = state.info(state.focus)?.kind, field.refusal(of: "q") == nil else { break }
            state = state.after(.key(.tab))
        }
        return state
    }

    /// What `completingStep` types in an empty record field (and the checker's name).
    static let recordFieldText: [Control: String] = [.preparer: "JS", .patientName: "Jane Doe", .recordNumber: "123456",
                                                      .checker: "B. Okafor"]

    var screen: Screen { view(self) }
    var screenLines: [String] { view(self).grid.lines }
    var screenText: String { screenLines.joined(separator: "\n") }
    var derived: Derived { Derived(self) }
    /// The text of every content line of the current step (before wrapping).
    var contentTexts: [String] { content.lines.map(\.text) }
    /// The controls of the current step in focus order.
    var controls: [Control] { content.controls.map(\.control) }
    func info(_ control: Control) -> ControlInfo? { content.controls.first { $0.control == control } }
    /// Soft findings not yet acknowledged with their current message.
    var unacknowledged: [FindingCode] {
        derived.findings.filter { $0.severity == .soft && acknowledged[$0.code] != $0.message }.map(\.code)
    }
}

/// Strokes that walk a preparation step by step. Each `...Done` script starts where the
/// previous one ends and leaves the wizard on the first control of the next step.
enum Walk {
    static let enter = Stroke.key(.enter)
    /// "a" then Enter on each of `count` warnings, in the order the wizard offers them.
    static func acknowledge(_ count: Int) -> [Stroke] {
        Array(repeating: [Stroke.type("a"), enter], count: count).flatMap { $0 }
    }

    /// Start -> Patient: the preparer's initials, then Enter (Begin).
    static let toPatient: [Stroke] = [.type("JS"), enter]

    /// The reference patient's identifiers (section 6): full name, MRN, no date of birth,
    /// no order reference.
    static let identity: [Stroke] = [.type("Jane Doe"), enter, .type("123456"), enter, enter, enter]
    /// Start -> the Patient step's weight field (the identifiers typed).
    static let toWeight: [Stroke] = toPatient + identity
    /// On the Patient step, from its first control (going back lands there): Tab to the
    /// weight field, past the name, MRN, date of birth and order reference.
    static let toWeightField: [Stroke] = Array(repeating: .key(.tab), count: 4)
    /// Start -> Patient in training, which asks for no preparer.
    static let beginTraining: [Stroke] = [enter]

    /// Patient step from the weight field: the weight, optional lb confirmation, where the
    /// weight comes from (1 = measured today), the four yes/no answers, acknowledgements.
    static func patient(weight: String = "70", confirmPounds: Bool = false, atLeastTwoYears: Character = "y",
                        firstInfusion: Character = "n", hypersensitivity: Character = "n",
                        alglucerase: Character = "n", acknowledge count: Int = 0, weightSource: Bool = true) -> [Stroke] {
        [.type(weight), enter] + (confirmPounds ? [.type("y"), enter] : [])
            + (weightSource ? [.type("1"), enter] : [])
            + [.type(String(atLeastTwoYears)), enter, .type(String(firstInfusion)), enter,
               .type(String(hypersensitivity)), enter, .type(String(alglucerase)), enter]
            + acknowledge(count)
    }

    /// Vials step (section 6): a lot and an expiry typed for each of `strengths` strengths
    /// used, in the plan's order.
    static func lots(_ strengths: Int = 2) -> [Stroke] {
        zip(["A1234", "B5678"], ["2027-03", "2027-05"]).prefix(strengths).flatMap { lot, expiry -> [Stroke] in
            [.type(lot), enter, .type(expiry), enter]
        }
    }

    /// Regimen step: frequency by its digit (1 = 3 times a week ... 5 = every 4 weeks), dose.
    static func regimen(frequency: Character = "4", dose: String = "60", flat: Bool = false,
                        acknowledge count: Int = 0) -> [Stroke] {
        // The digit chooses (and puts the list's cursor on it); Enter keeps that choice and
        // goes straight to the dose field (the mode has a default).
        [.type(String(frequency)), enter]
            + (flat ? [.key(.backTab), .type("2"), enter] : [])
            + [.type(dose), enter] + acknowledge(count)
    }

    /// Vials step: option `number` of the dose list (1 = the exact dose), by its digit.
    static func vials(option: Int = 1, lots strengths: Int = 2) -> [Stroke] { [.type(String(option)), enter] + lots(strengths) }

    /// A vertical list (frequency, dose to prepare) by the cursor: Down `moves` times from
    /// where the cursor starts (the chosen option, else the first), then Enter. Arrows
    /// never choose; Enter chooses the option under the cursor and goes on.
    static func listByCursor(down moves: Int) -> [Stroke] {
        Array(repeating: Stroke.key(.down), count: moves) + [enter]
    }

    /// Reconstitution (R13): per strength, in the plan's order, count each vial with Space
    /// (Enter goes on), then tick swirled and inspected (Space, Enter). The time field is
    /// first and prefilled with the clock.
    static func reconstitution(vials: [Int] = [10, 1]) -> [Stroke] {
        vials.flatMap { count -> [Stroke] in
            Array(repeating: Stroke.type(" "), count: count) + [enter, .type(" "), enter, .type(" "), enter]
        }
    }

    /// Dilution (R13): count each whole-vial withdrawal per strength, tick the partial draw
    /// when there is one, type the total drawn back, then tick the sodium chloride and the
    /// mixed bag. The final volume is preselected and the time prefilled.
    static func dilution(whole: [Int] = [10, 1], partial: Bool = false, total: String = "105") -> [Stroke] {
        whole.flatMap { count -> [Stroke] in Array(repeating: Stroke.type(" "), count: count) + [enter] }
            + (partial ? [.type(" "), enter] : [])
            + [.type(total), enter, .type(" "), enter, .type(" "), enter]
    }

    /// Administration (R13): the duration is preselected; tick the primed set and filter,
    /// type the pump rate back.
    static func administration(rate: String = "75") -> [Stroke] {
        [.type(" "), enter, .type(rate), enter]
    }

    /// The reference adult: 70 kg, 60 units/kg every 2 weeks, vials 400 + 200, exact dose.
    static let patientDone: [Stroke] = toWeight + patient()
    static let regimenDone: [Stroke] = patientDone + regimen()
    static let vialsDone: [Stroke] = regimenDone + lots()
    static let reconstitutionDone: [Stroke] = vialsDone + reconstitution()
    static let dilutionDone: [Stroke] = reconstitutionDone + dilution()
    static let administrationDone: [Stroke] = dilutionDone + administration()

    /// Summary (sections 7 and 8): hand over, the checker's name and the values they find
    /// (the reference adult's by default), compared; the label printed; attached (R13).
    /// Leaves the focus on "Confirm and finish".
    static func checkAndLabel(checker: String = "B. Okafor",
                              values: [String] = ["70", "4200", "10", "1", "105", "150", "75"]) -> [Stroke] {
        check(checker: checker, values: values) + [enter, .type(" "), enter]
    }

    /// Summary: hand over, the checker's name, each value then Enter (the last compares).
    static func check(checker: String = "B. Okafor", values: [String] = ["70", "4200", "10", "1", "105", "150", "75"]) -> [Stroke] {
        [enter, .type(checker), enter] + values.flatMap { [Stroke.type($0), enter] }
    }

    /// The reference adult from the start to finished.
    static let finished: [Stroke] = administrationDone + checkAndLabel() + [enter]

    /// The same walk in training, which asks for no preparer, no identifiers and no lots
    /// (training records nothing).
    enum Training {
        static let patientDone: [Stroke] = beginTraining + patient(weightSource: false)
        static let regimenDone: [Stroke] = patientDone + regimen()
        static let vialsDone: [Stroke] = regimenDone + [enter]
        static let reconstitutionDone: [Stroke] = vialsDone + reconstitution()
        static let dilutionDone: [Stroke] = reconstitutionDone + dilution()
        static let administrationDone: [Stroke] = dilutionDone + administration()
    }

    /// Scripts that leave the reference adult on each step, in step order.
    static let onEachStep: [(Step, [Stroke])] = [
        (.start, []), (.patient, toPatient), (.regimen, patientDone), (.vials, regimenDone),
        (.reconstitution, vialsDone), (.dilution, reconstitutionDone),
        (.administration, dilutionDone), (.summary, administrationDone),
    ]
}

extension ConfirmationID {
    /// The wizard step a confirmation belongs to, from the plan.
    func stage(in state: WizardState) -> Step? {
        switch state.derived.plan?.confirmations.first(where: { $0.id == self })?.stage {
        case .reconstitution: .reconstitution
        case .dilution: .dilution
        case .administration: .administration
        case .label: .summary
        case nil: nil
        }
    }
}

/// The test shell's printer: every label reaches it (the real delivery to files, standard
/// output and lp is tested in LabelOutputTests and end to end).
enum TestPrinter {
    static let preparationID = "3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f"

    static func perform(_ effect: Effect, _ state: WizardState) -> Action {
        switch effect {
        case .deliverLabel(let content, _):
            .labelDelivered(LabelDelivery(content: content, preparedAt: state.now, printed: true,
                                          report: "Label written to /labels/\(content.preparationID).txt."))
        }
    }

    /// A value as a checker types it: "70", "4200", "52.5".
    static func typed(_ value: DoubleCheckValue) -> String {
        switch value.field {
        case .dosePerInfusion, .vialCount: String(value.scaled)
        default: Display.number(Tenths(tenths: value.scaled))
        }
    }
}
