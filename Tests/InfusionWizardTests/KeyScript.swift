import InfusionCalc
@testable import InfusionWizard

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

extension WizardState {
    /// A fresh wizard at 80 x 24, 14:05 on the clock.
    static func fresh(size: TerminalSize = .minimum) -> WizardState {
        WizardState(size: size, now: ClockTime(hour: 14, minute: 5)!)
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
        }
        return state
    }

    func after(_ strokes: Stroke...) -> WizardState { after(strokes) }

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

    /// Start -> Patient.
    static let toPatient: [Stroke] = [enter]

    /// Patient step: weight, optional lb confirmation, the four yes/no answers, acknowledgements.
    static func patient(weight: String = "70", confirmPounds: Bool = false, atLeastTwoYears: Character = "y",
                        firstInfusion: Character = "n", hypersensitivity: Character = "n",
                        alglucerase: Character = "n", acknowledge count: Int = 0) -> [Stroke] {
        [.type(weight), enter] + (confirmPounds ? [.type("y"), enter] : [])
            + [.type(String(atLeastTwoYears)), enter, .type(String(firstInfusion)), enter,
               .type(String(hypersensitivity)), enter, .type(String(alglucerase)), enter]
            + acknowledge(count)
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
    static func vials(option: Int = 1) -> [Stroke] { [.type(String(option)), enter] }

    /// A vertical list (frequency, dose to prepare) by the cursor: Down `moves` times from
    /// where the cursor starts (the chosen option, else the first), then Enter. Arrows
    /// never choose; Enter chooses the option under the cursor and goes on.
    static func listByCursor(down moves: Int) -> [Stroke] {
        Array(repeating: Stroke.key(.down), count: moves) + [enter]
    }

    /// Reconstitution: tick `items` checklist items one by one (Space, Enter moves on).
    static func reconstitution(items: Int = 6) -> [Stroke] {
        Array(repeating: [Stroke.type(" "), enter], count: items).flatMap { $0 }
    }

    /// The reference adult: 70 kg, 60 units/kg every 2 weeks, vials 400 + 200, exact dose.
    static let patientDone: [Stroke] = toPatient + patient()
    static let regimenDone: [Stroke] = patientDone + regimen()
    static let vialsDone: [Stroke] = regimenDone + vials()
    static let reconstitutionDone: [Stroke] = vialsDone + reconstitution()
    static let dilutionDone: [Stroke] = reconstitutionDone + [enter]
    static let administrationDone: [Stroke] = dilutionDone + [enter]

    /// Scripts that leave the reference adult on each step, in step order.
    static let onEachStep: [(Step, [Stroke])] = [
        (.start, []), (.patient, toPatient), (.regimen, patientDone), (.vials, regimenDone),
        (.reconstitution, vialsDone), (.dilution, reconstitutionDone),
        (.administration, dilutionDone), (.summary, administrationDone),
    ]
}
