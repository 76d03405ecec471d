import InfusionCalc
import InfusionWizard

/// The wizard as line-by-line prompts on standard input and output, for screen readers,
/// dumb terminals and scripts. It drives the same state machine as the full screen: each
/// answer becomes the same actions a key press would.
public struct PlainFrontEnd {
    /// Reads one line, or nil at the end of input.
    let readLine: () -> String?
    let write: (String) -> Void
    /// Sets the state's clock before each answer is applied (R13 stamps each
    /// confirmation with its instant); tests pass a fixed clock.
    let tick: (inout WizardState) -> Void
    /// Sees each new state (the record is written from it); a message it returns is said.
    let observe: (WizardState) -> String?

    public init(readLine: @escaping () -> String?, write: @escaping (String) -> Void,
                tick: @escaping (inout WizardState) -> Void = { _ in },
                observe: @escaping (WizardState) -> String? = { _ in nil }) {
        self.readLine = readLine
        self.write = write
        self.tick = tick
        self.observe = observe
    }

    /// Runs the wizard from `initial` until it finishes, the user quits or input ends;
    /// returns the final state (its `outcome` says which). Every control of a step is asked
    /// in turn (an empty answer keeps what is shown), then the step goes on.
    public func run(_ initial: WizardState) -> WizardState {
        var state = initial
        // The plain front end has no screen size; make the layout large enough to work.
        state.size = TerminalSize(width: max(state.size.width, 80), height: max(state.size.height, 24))
        // A training transcript can never pass for a real one: every line says so.
        let isTraining = state.training != nil
        let write = self.write
        let say: (String) -> Void = { line in
            if !isTraining || line.hasPrefix("TRAINING | ") {
                write(line)
            } else {
                write(line.split(separator: "\n", omittingEmptySubsequences: false).map { "TRAINING | " + $0 }.joined(separator: "\n"))
            }
        }
        say("InfusionPrep: \(state.product.genericName) (\(state.product.brandName)) preparation, plain mode.")
        say("At any question: b = back, q = quit, ? = help. Empty answers keep what is shown.")
        var shownStep: Step?
        var printed: Set<String> = []
        var asked: Set<Control> = []
        func printNewLines(_ content: StepContent) {
            // Validation messages ("! ...") are printed once, after the answer, below.
            for line in content.lines where line.control == nil && !line.text.isEmpty && !line.text.hasPrefix("! ")
                && !printed.contains(line.text) {
                printed.insert(line.text)
                say(line.text)
            }
        }
        while state.outcome == .running {
            // What the step left shows after its last answer (the numbers it reveals).
            if let shown = shownStep, shown != state.step {
                printNewLines(state.content(of: shown, derived: Derived(state)))
            }
            let content = state.content
            if shownStep != state.step {
                shownStep = state.step
                printed = []
                asked = []
                say("")
                say("== Step \(state.step.number) of \(Step.allCases.count): \(state.step.title) ==")
            }
            printNewLines(content)
            // In order, the first control not yet asked on this visit or still incomplete
            // (one cleared or refused is asked again before anything after it); when every
            // control is asked and complete, go on.
            let next = content.controls.first { !asked.contains($0.control) || !$0.isComplete }
            guard let info = next else {
                guard let last = content.controls.last else {
                    say("Nothing to answer on this step.")
                    state.outcome = .quit
                    return state
                }
                let before = state.step
                update(&state, .focus(last.control))
                update(&state, .key(.enter))
                if state.step == before, state.outcome == .running {
                    if let message = state.message { say("! " + message) }
                    asked = []
                }
                continue
            }
            update(&state, .focus(info.control))
            say(prompt(for: info))
            guard let answer = readLine() else {
                say("Input ended before the preparation was finished: nothing was recorded.")
                state.outcome = .quit
                return state
            }
            tick(&state)
            let stepBefore = state.step
            let isCommand = ["b", "back", "q", "quit", "?", "help"].contains(answer.trimmingCharacters().lowercased())
            for action in actions(for: answer.trimmingCharacters(), info: info, state: state) {
                if case .key(.help) = action {
                    helpLines(for: state.step).forEach(say)
                    continue
                }
                update(&state, action)
            }
            if state.confirmingQuit {
                say("Quit without finishing? Nothing is recorded. (y/n)")
                let confirm = readLine()?.trimmingCharacters().lowercased() ?? "y"
                update(&state, .key(.character(confirm.hasPrefix("y") ? "y" : "n")))
            }
            if let problem = observe(state) { say("! " + problem) }
            let error = state.fieldErrors[info.control]
            if let message = state.message { say("! " + message) }
            if let error, error != state.message { say("! " + error) }
            // Asked once answered acceptably: a command (b, q, ?), a refused or a missing
            // answer leaves it to be asked again.
            if state.step == stepBefore && !isCommand && error == nil && state.message == nil { asked.insert(info.control) }
        }
        if state.outcome == .finished {
            say("")
            state.summaryLines().forEach(write)
        } else {
            say("Quit: nothing was recorded.")
        }
        return state
    }

    /// The question for a control, with what can be answered.
    func prompt(for info: ControlInfo) -> String {
        switch info.kind {
        case .field(let field):
            return "\(info.prompt)" + (field.text.isEmpty ? "" : " [\(field.text)]") + ": "
        case .choice(let options, let selected, _, let hotkeys) where hotkeys == ["y", "n"]:
            let current = selected.map { " [\(options[$0])]" } ?? ""
            return "\(info.prompt) (y/n)\(current): "
        case .choice(let options, let selected, _, _):
            let list = options.enumerated().map { "  \($0.offset + 1)) \($0.element)" }.joined(separator: "\n")
            let current = selected.map { " [\($0 + 1)]" } ?? ""
            return "\(info.prompt):\n\(list)\nChoose 1 to \(options.count)\(current): "
        case .checkbox(let checked):
            return "\(info.prompt)? (y/n) [\(checked ? "y" : "n")]: "
        case .counter(let count, let target):
            return "\(info.prompt). How many of the \(target) are done? (0 to \(target)) [\(count)]: "
        case .acknowledgement:
            return "\(info.prompt)\nType a to acknowledge: "
        case .button:
            return "\(info.prompt): press Enter (or type b to go back): "
        }
    }

    /// The actions an answer stands for. They set the value only; the run loop moves on.
    func actions(for answer: String, info: ControlInfo, state: WizardState) -> [Action] {
        switch answer.lowercased() {
        case "b", "back": return [.key(.escape)]
        case "q", "quit": return [.key(.character("q"))]
        case "?", "help": return [.key(.help)]
        default: break
        }
        switch info.kind {
        case .field(let field):
            // Down validates the field (its message appears next to it) without going on.
            if answer.isEmpty { return [.key(.down)] }
            return [.replaceText(answer), .key(.down)]
        case .choice(_, let selected, _, let hotkeys) where hotkeys == ["y", "n"]:
            if answer.isEmpty { return selected == nil ? [.key(.enter)] : [] }
            guard let first = answer.lowercased().first, first == "y" || first == "n" else { return [.key(.character(answer.first ?? "?"))] }
            return [.key(.character(first))]
        case .choice(_, let selected, _, _):
            if answer.isEmpty { return selected == nil ? [.choose(-1)] : [] }
            guard let number = Int(answer) else { return [.choose(-1)] }
            return [.choose(number - 1)]
        case .checkbox(let checked):
            if answer.isEmpty { return info.isComplete ? [] : [.key(.enter)] }
            let lowered = answer.lowercased()
            guard ["y", "yes", "x", "n", "no"].contains(lowered) else {
                // Anything else is refused (the reducer says so), not read as "no".
                return [.key(.character(answer.first ?? "?"))]
            }
            let wanted = lowered.hasPrefix("y") || lowered == "x"
            return wanted != checked ? [.key(.character(" "))] : []
        case .counter(_, let target):
            // How many are done: a whole number from 0 to the target, nothing else.
            if answer.isEmpty { return info.isComplete ? [] : [.key(.enter)] }
            guard answer.allSatisfy({ $0.isASCII && $0.isNumber }), answer.count <= 3, let count = Int(answer) else {
                return [.setCount(-1)]
            }
            return count <= target ? [.setCount(count)] : [.setCount(-1)]
        case .acknowledgement(let done):
            if answer.lowercased() == "a" { return [.key(.character("a"))] }
            return done ? [] : [.key(.enter)]
        case .button:
            // Anything typed here is refused, not taken as Enter.
            return answer.isEmpty ? [.key(.enter)] : [.key(.character(answer.first ?? " "))]
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
