import InfusionCalc
import InfusionWizard

/// The wizard as line-by-line prompts on standard input and output, for screen readers,
/// dumb terminals and scripts. It drives the same state machine as the full screen: each
/// answer becomes the same actions a key press would.
public struct PlainFrontEnd {
    /// Reads one line, or nil at the end of input.
    let readLine: () -> String?
    let write: (String) -> Void

    public init(readLine: @escaping () -> String?, write: @escaping (String) -> Void) {
        self.readLine = readLine
        self.write = write
    }

    /// Runs the wizard from `initial` until it finishes, the user quits or input ends;
    /// returns the final state (its `outcome` says which).
    public func run(_ initial: WizardState) -> WizardState {
        var state = initial
        // The plain front end has no screen size; make the layout large enough to work.
        state.size = TerminalSize(width: max(state.size.width, 80), height: max(state.size.height, 24))
        let banner = state.training == nil ? "" : "TRAINING | "
        write(banner + "InfusionPrep: \(state.product.genericName) (\(state.product.brandName)) preparation, plain mode.")
        write("At any question: b = back, q = quit, ? = help. Empty answers keep what is shown.")
        var shownStep: Step?
        var printed: Set<String> = []
        func printNewLines(_ content: StepContent) {
            // Validation messages ("! ...") are printed once, after the answer, below.
            for line in content.lines where line.control == nil && !line.text.isEmpty && !line.text.hasPrefix("! ")
                && !printed.contains(line.text) {
                printed.insert(line.text)
                write(line.text)
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
                write("")
                write(banner + "== Step \(state.step.number) of \(Step.allCases.count): \(state.step.title) ==")
            }
            printNewLines(content)
            guard let info = content.controls.first(where: { $0.control == state.focus }) ?? content.controls.first else {
                write("Nothing to answer on this step.")
                state.outcome = .quit
                return state
            }
            write(prompt(for: info))
            guard let answer = readLine() else {
                write("Input ended before the preparation was finished: nothing was recorded.")
                state.outcome = .quit
                return state
            }
            for action in actions(for: answer.trimmingCharacters(), info: info, state: state) {
                if case .key(.help) = action {
                    helpLines(for: state.step).forEach(write)
                    continue
                }
                update(&state, action)
            }
            if state.confirmingQuit {
                write("Quit without finishing? Nothing is recorded. (y/n)")
                let confirm = readLine()?.trimmingCharacters().lowercased() ?? "y"
                update(&state, .key(.character(confirm.hasPrefix("y") ? "y" : "n")))
            }
            if let message = state.message { write("! " + message) }
            if let error = state.fieldErrors[info.control], error != state.message { write("! " + error) }
        }
        if state.outcome == .finished {
            write("")
            state.summaryLines().forEach(write)
        } else {
            write("Quit: nothing was recorded.")
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
        case .acknowledgement:
            return "\(info.prompt)\nType a to acknowledge: "
        case .button:
            return "\(info.prompt): press Enter (or type b to go back): "
        }
    }

    /// The actions an answer stands for.
    func actions(for answer: String, info: ControlInfo, state: WizardState) -> [Action] {
        switch answer.lowercased() {
        case "b", "back": return [.key(.escape)]
        case "q", "quit": return [.key(.character("q"))]
        case "?", "help": return [.key(.help)]
        default: break
        }
        switch info.kind {
        case .field(let field):
            if answer.isEmpty && !field.text.isEmpty { return [.key(.enter)] }
            return [.replaceText(answer), .key(.enter)]
        case .choice(_, let selected, _, let hotkeys) where hotkeys == ["y", "n"]:
            if answer.isEmpty && selected != nil { return [.key(.enter)] }
            guard let first = answer.lowercased().first, first == "y" || first == "n" else { return [.key(.character(answer.first ?? "?"))] }
            return [.key(.character(first)), .key(.enter)]
        case .choice(_, let selected, _, _):
            if answer.isEmpty && selected != nil { return [.key(.enter)] }
            guard let number = Int(answer) else { return [.choose(-1)] }
            return [.choose(number - 1), .key(.enter)]
        case .checkbox(let checked):
            let wanted = answer.isEmpty ? checked : answer.lowercased().hasPrefix("y") || answer.lowercased() == "x"
            return (wanted != checked ? [.key(.character(" "))] : []) + [.key(.enter)]
        case .acknowledgement:
            return answer.lowercased() == "a" ? [.key(.character("a")), .key(.enter)] : [.key(.enter)]
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
