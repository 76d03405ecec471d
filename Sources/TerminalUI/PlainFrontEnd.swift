import InfusionCalc
import InfusionWizard

/// The wizard as line-by-line prompts on standard input and output, for screen readers,
/// dumb terminals and scripts. It drives the same state machine as the full screen.
///
/// The rules it keeps (issue 8, items 6 to 9 and 12):
/// - every prompt stands alone: the field or question, its unit, what is accepted (range
///   or choices) and the current value; no full-screen wording (keys such as Space,
///   Up/Down, F1);
/// - an answer is taken whole or refused whole, with a line that begins "Error:"; a refused
///   answer changes nothing that is recorded and never becomes the offered value;
/// - yes/no questions take y, yes, n, no (any case) and nothing else; a list takes only the
///   number of a listed option; a confirmation takes only what its prompt names;
/// - a question in a group (a checklist under a heading) names its group;
/// - lines are wrapped at spaces, never inside a word or between a number and its unit.
public struct PlainFrontEnd {
    /// Reads one line, or nil at the end of input.
    let readLine: () -> String?
    let write: (String) -> Void
    /// Lines longer than this are wrapped.
    public static let width = TerminalSize.minimum.width

    /// Sets the state's clock before each answer is applied (R13 stamps each
    /// confirmation with its instant); tests pass a fixed clock.
    let tick: (inout WizardState) -> Void
    /// Sees each new state (the record is written from it); a message it returns is said.
    let observe: (WizardState) -> String?
    /// Does what the wizard asks of the shell (printing the label).
    let perform: WizardRunner.Performer
    /// True once what is written can no longer be read by whoever reads it live (the
    /// reader of a pipe has gone): then no answer is taken, as at the end of input, since
    /// nobody saw the question. (The shell passes `StandardOutput.readerGone`; output to a
    /// full disk does not stop a scripted run, whose record is kept.)
    let outputGone: () -> Bool

    public init(readLine: @escaping () -> String?, write: @escaping (String) -> Void,
                tick: @escaping (inout WizardState) -> Void = { _ in },
                observe: @escaping (WizardState) -> String? = { _ in nil },
                perform: @escaping WizardRunner.Performer = WizardRunner.unperformed,
                outputGone: @escaping () -> Bool = { false }) {
        self.readLine = readLine
        self.write = write
        self.tick = tick
        self.observe = observe
        self.perform = perform
        self.outputGone = outputGone
    }

    /// The next answer, or nil at the end of input or once the output is gone (an answer
    /// to a question nobody could read is never taken: a step confirmed unseen).
    private func nextAnswer() -> String? {
        outputGone() ? nil : readLine()
    }

    /// How one answer was understood.
    enum Reading: Equatable {
        case back, quit, help
        /// Keep what is there (an empty answer where a value is already accepted).
        case keep
        /// Do these actions.
        case actions([Action])
        /// Refused: nothing changes; the reason is printed after "Error: ".
        case refused(String)
    }

    /// Runs the wizard from `initial` until it finishes, the user quits or input ends;
    /// returns the final state (its `outcome` says which). Every control of a step is asked
    /// in turn (an empty answer keeps what is shown), then the step goes on.
    public func run(_ initial: WizardState) -> WizardState {
        var state = initial
        // The plain front end has no screen size; make the layout large enough to work.
        state.size = TerminalSize(width: max(state.size.width, TerminalSize.minimum.width),
                                  height: max(state.size.height, TerminalSize.minimum.height))
        // A training transcript can never pass for a real one: every line says so.
        let isTraining = state.training != nil
        let write = self.write
        let say: (String) -> Void = { text in
            let prefix = isTraining && !text.hasPrefix("TRAINING | ") ? "TRAINING | " : ""
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
                Self.wrap(String($0), width: Self.width - prefix.count)
            }
            write(lines.map { prefix + $0 }.joined(separator: "\n"))
        }
        say("InfusionPrep: \(state.product.genericName) (\(state.product.brandName)) preparation, plain mode.")
        say(Self.commandsLine)
        var shownStep: Step?
        var printed: Set<String> = []
        var asked: Set<Control> = []
        /// The step's lines not printed yet, up to the line of `control` (all of them
        /// without one), so a heading comes just before its questions.
        func printNewLines(_ content: StepContent, upTo control: Control? = nil) {
            // Validation messages ("! ...") are printed once, after the answer, below.
            for line in content.lines {
                if let control, line.control == control { break }
                guard line.control == nil else { continue }
                let text = line.plainText ?? line.text
                guard !text.isEmpty, line.fieldError == nil, !printed.contains(text) else { continue }
                printed.insert(text)
                say(text)
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
            // In order, the first control not yet asked on this visit or still incomplete
            // (one cleared or refused is asked again before anything after it); when every
            // control is asked and complete, go on.
            let next = content.controls.first { !asked.contains($0.control) || !$0.isComplete }
            printNewLines(content, upTo: next?.control)
            guard let info = next else {
                guard let last = content.controls.last else {
                    say("Error: nothing to answer on this step.")
                    state.outcome = .quit
                    return state
                }
                let before = state.step
                update(&state, .focus(last.control))
                tick(&state)
                update(&state, .key(.enter))
                WizardRunner.settle(&state, perform: perform)
                if let problem = observe(state) { say("Error: " + problem) }
                if state.step == before, state.outcome == .running {
                    // The same questions again: something blocks going on (an error). Other
                    // questions: the step moved on within itself (the double check compared).
                    let changed = state.content.controls.map(\.control) != content.controls.map(\.control)
                    if let message = state.message, !Self.isNeed(message, in: state.content) { say(changed ? message : "Error: " + message) }
                    if !changed { asked = [] }
                }
                continue
            }
            update(&state, .focus(info.control))
            let buttons = content.controls.filter(\.kind.isButton)
            say(buttons.count > 1 && info.kind.isButton ? Self.buttonsPrompt(buttons) : prompt(for: info, in: content))
            guard let answer = nextAnswer() else {
                say("Input ended before the preparation was finished.")
                state.outcome = .quit
                return state
            }
            tick(&state)
            defer { if let problem = observe(state) { say("Error: " + problem) } }
            let understood = buttons.count > 1 && info.kind.isButton ? Self.readingButtons(answer, buttons) : reading(of: answer, info: info, state: state)
            switch understood {
            case .back:
                update(&state, .key(.escape))
                if state.confirmingQuit { confirmQuit(&state, say: say) }
            case .quit:
                update(&state, .requestQuit)
                confirmQuit(&state, say: say)
            case .help:
                for line in state.help {
                    // The help's key list is the full screen's; plain mode has its own.
                    say(line.kind == .keys ? Self.commandsLine : Self.plainWording(line.text))
                }
            case .refused(let reason):
                say("Error: " + reason)
            case .keep:
                asked.insert(info.control)
            case .actions(let actions):
                let saved = state
                let stepBefore = state.step
                let controlsBefore = content.controls.map(\.control)
                for action in actions { update(&state, action) }
                WizardRunner.settle(&state, perform: perform)
                if let error = state.fieldErrors[info.control] {
                    // Refused whole: nothing recorded changes, and the refused text is
                    // never offered back as the current value.
                    state = saved
                    state.message = nil
                    say("Error: " + error)
                    continue
                }
                if info.kind.isField, let updated = state.content.controls.first(where: { $0.control == info.control }),
                   !updated.isComplete {
                    // Read, but not acceptable with the other entries (a dose the regimen
                    // refuses): the reason is the step's own refusal line.
                    let reason = state.content.lines.lazy.compactMap(\.fieldError).first
                    state = saved
                    state.message = nil
                    say("Error: " + (reason ?? updated.need))
                    continue
                }
                if let message = state.message, !Self.isNeed(message, in: state.content) {
                    // A button that left everything as it was did not go on: its message says why.
                    let blocked = state.step == stepBefore && state.outcome == .running && info.kind.isButton
                        && state.content.controls.map(\.control) == controlsBefore
                    say(blocked ? "Error: " + message : message)
                }
                if state.step == stepBefore { asked.insert(info.control) }
            }
        }
        if state.outcome == .finished {
            say("")
            for line in state.summaryLines() {
                // A training line keeps its mark on every row it wraps to.
                let mark = line.hasPrefix("TRAINING | ") ? "TRAINING | " : ""
                let text = String(line.dropFirst(mark.count))
                write(Self.wrap(text, width: Self.width - mark.count, indent: Self.summaryIndent(text))
                    .map { mark + $0 }.joined(separator: "\n"))
            }
        } else {
            say(isTraining ? "Quit: training, nothing was recorded." : "Quit before the preparation was finished.")
        }
        return state
    }

    /// Full-screen key names in a help line, in plain mode's words.
    static func plainWording(_ line: String) -> String {
        [("Esc goes back", "b goes back"), ("press A", "type a"), ("F1 or ?", "?"), ("press Enter", "answer with nothing typed")]
            .reduce(line) { $0.replacing($1.0, with: $1.1) }
    }

    static let commandsLine = "At any question: b = back, q = quit, ? = help. An empty answer keeps the current value."

    /// Asks "quit?" until the answer is yes or no; end of input quits.
    private func confirmQuit(_ state: inout WizardState, say: (String) -> Void) {
        while state.confirmingQuit && state.outcome == .running {
            let recorded = state.training == nil && state.step > .start ? "It is recorded as abandoned." : "Nothing is recorded."
            say("Quit without finishing? \(recorded) Answer y or n: ")
            guard let answer = nextAnswer() else {
                update(&state, .key(.character("y")))
                return
            }
            switch Self.yesNo(answer) {
            case true?: update(&state, .key(.character("y")))
            case false?: update(&state, .key(.character("n")))
            case nil: say("Error: answer y (quit) or n (stay); \(Self.quoted(answer)) is neither.")
            }
        }
    }

    /// True when `message` only repeats what an unanswered question needs (it is asked again).
    static func isNeed(_ message: String, in content: StepContent) -> Bool {
        content.controls.contains { !$0.need.isEmpty && $0.need == message }
    }

    // MARK: - Prompts

    /// The question for a control, standing alone: the question, what is accepted, the
    /// current value. `content` gives the group heading of a checklist item.
    func prompt(for info: ControlInfo, in content: StepContent? = nil) -> String {
        switch info.kind {
        case .field(let field):
            let accepts = info.accepts ?? Self.accepts(field.kind)
            let current = field.text.isEmpty ? "" : "; now \(field.text)"
            return "\(info.prompt), \(accepts)\(current): "
        case .choice(let options, let selected, _, let hotkeys) where hotkeys == ["y", "n"]:
            let current = selected.map { "; now \(options[$0])" } ?? ""
            return "\(info.prompt) Answer y or n\(current): "
        case .choice(let options, let selected, _, _):
            let list = options.enumerated().map { "  \($0.offset + 1)) \($0.element)" }.joined(separator: "\n")
            let current = selected.map { "; now \($0 + 1) (\(options[$0].trimmingCharacters()))" } ?? ""
            return "\(info.prompt), one of:\n\(list)\n\(info.prompt): answer a number from 1 to \(options.count)\(current): "
        case .checkbox(let checked):
            let group = content.flatMap { Self.group(of: info.control, in: $0) }
            let question = group.map { $0 + ": " + info.prompt } ?? info.prompt
            return "\(question)? Answer y or n; now \(checked ? "yes" : "no"): "
        case .counter(let count, let target):
            let group = content.flatMap { Self.group(of: info.control, in: $0) }
            let question = group.map { $0 + ": " + info.prompt } ?? info.prompt
            if target == 1 { return "\(question). Is it done? Answer 1 when it is done, 0 if not; now \(count): " }
            return "\(question). How many of the \(target) are done? Answer a number from 0 to \(target); now \(count): "
        case .acknowledgement(let done):
            return "\(info.prompt)\nType a to acknowledge this warning\(done ? "; now acknowledged" : ""): "
        case .button:
            return "\(info.prompt): press Enter with nothing typed to go on, or type b to go back: "
        }
    }

    /// What a field of this kind takes, when its step gives no wording of its own.
    static func accepts(_ kind: TextField.Kind) -> String {
        switch kind {
        case .decimal: "a number, for example 60"
        case .weight: "a weight, for example 70 or 154 lb"
        case .time: "for example 14:05"
        case .name: "a name or initials, letters only"
        case .fullName: "a full name, letters only"
        case .identifier: "letters and digits"
        case .date: "a date, YYYY-MM-DD"
        case .reference: "letters, digits and \"-\", \"/\""
        case .lot: "a lot number, or the vial's barcode scanned"
        }
    }

    /// The heading a control sits under: the heading line right above it and the other
    /// questions of its group. Any other line in between (a figure such as the dose rate)
    /// ends the search: a heading further up is not this control's group.
    static func group(of control: Control, in content: StepContent) -> String? {
        guard let index = content.lines.firstIndex(where: { $0.control == control }) else { return nil }
        for line in content.lines[..<index].reversed() where line.control == nil {
            let text = line.plainText ?? line.text
            if text.isEmpty { continue }
            return line.segments.first?.style == .heading ? text : nil
        }
        return nil
    }

    // MARK: - Answers

    /// What an answer means for this control. Whole answers only: nothing is cut or
    /// partly read.
    func reading(of rawAnswer: String, info: ControlInfo, state: WizardState) -> Reading {
        let answer = rawAnswer.trimmingCharacters()
        if let command = Self.command(answer) { return command }
        // A scanner sends the GS1 group separator between a vial code's fields.
        let scanning = if case .field(let field) = info.kind, field.kind == .lot { true } else { false }
        if let bad = answer.first(where: { !$0.isPrintableAnswerText && !(scanning && $0 == GS1VialCode.groupSeparator) }) {
            _ = bad
            return .refused("the answer holds a control character; type the answer again.")
        }
        switch info.kind {
        case .field(let field):
            if answer.isEmpty {
                // An optional field (another duration) may stay empty.
                if field.text.isEmpty { return info.isComplete || info.optional ? .keep : .refused("an answer is needed: \(info.prompt), \(info.accepts ?? Self.accepts(field.kind)).") }
                // Down validates the field (its message appears next to it) without going on.
                return .actions([.key(.down)])
            }
            if answer.count > field.maximumLength {
                return .refused("\(Self.quoted(answer)) is longer than \(field.maximumLength) characters; nothing was taken. \(info.prompt), \(info.accepts ?? Self.accepts(field.kind)).")
            }
            var trial = TextField(kind: field.kind)
            for character in answer {
                if let reason = trial.insert(character) {
                    return .refused("\(Self.quoted(answer)) cannot be taken: \(reason)")
                }
            }
            return .actions([.replaceText(answer), .key(.down)])
        case .choice(let options, let selected, _, let hotkeys) where hotkeys == ["y", "n"]:
            if answer.isEmpty {
                return selected == nil ? .refused("an answer is needed: y or n.") : .keep
            }
            guard let yes = Self.yesNo(answer) else {
                return .refused("\(Self.quoted(answer)) is not an answer here: answer y (yes) or n (no).")
            }
            _ = options
            return .actions([.choose(yes ? 0 : 1)])
        case .choice(let options, let selected, _, _):
            let accepted = "answer the number of an option, 1 to \(options.count)."
            if answer.isEmpty {
                return selected == nil ? .refused("an answer is needed: " + accepted) : .keep
            }
            guard answer.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(answer),
                  String(number) == answer, (1...options.count).contains(number) else {
                return .refused("\(Self.quoted(answer)) is not one of the options: " + accepted)
            }
            return .actions([.choose(number - 1)])
        case .checkbox(let checked):
            if answer.isEmpty { return info.isComplete ? .keep : .refused("an answer is needed: y or n.") }
            guard let wanted = Self.yesNo(answer) else {
                return .refused("\(Self.quoted(answer)) is not an answer here: answer y (yes) or n (no).")
            }
            return wanted == checked ? .keep : .actions([.key(.character(" "))])
        case .counter(let count, let target):
            // How many are done: a whole number from 0 to the target, written plainly.
            let accepted = "answer how many are done, a number from 0 to \(target)."
            if answer.isEmpty { return count >= target ? .keep : .refused("an answer is needed: " + accepted) }
            guard answer.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(answer), String(number) == answer,
                  (0...target).contains(number) else {
                return .refused("\(Self.quoted(answer)) is not a count here: " + accepted)
            }
            return number == count ? .keep : .actions([.setCount(number)])
        case .acknowledgement(let done):
            if answer.lowercased() == "a" { return .actions([.key(.character("a"))]) }
            if answer.isEmpty && done { return .keep }
            return .refused(answer.isEmpty ? "the warning must be acknowledged: type a." : "\(Self.quoted(answer)) is not an answer here: type a to acknowledge the warning.")
        case .button:
            if answer.isEmpty { return .actions([.key(.enter)]) }
            return .refused("\(Self.quoted(answer)) is not an answer here: press Enter with nothing typed to go on, or type b to go back.")
        }
    }

    /// The answers that work at any question: b (back), q (quit), ? (help), any case.
    static func command(_ answer: String) -> Reading? {
        switch answer.lowercased() {
        case "b", "back": .back
        case "q", "quit": .quit
        case "?", "help": .help
        default: nil
        }
    }

    /// Several buttons on a step (after a double check that did not pass: check again, or
    /// go back to a step): one numbered question.
    static func buttonsPrompt(_ buttons: [ControlInfo]) -> String {
        let list = buttons.enumerated().map { "  \($0.offset + 1)) \($0.element.prompt)" }.joined(separator: "\n")
        return "What next? one of:\n\(list)\nWhat next: answer a number from 1 to \(buttons.count): "
    }

    /// The answer to `buttonsPrompt`: the number of a button, which is then pressed.
    static func readingButtons(_ rawAnswer: String, _ buttons: [ControlInfo]) -> Reading {
        let answer = rawAnswer.trimmingCharacters()
        if let command = command(answer) { return command }
        guard answer.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(answer), String(number) == answer,
              (1...buttons.count).contains(number) else {
            return .refused("\(quoted(answer)) is not one of the options: answer the number of an option, 1 to \(buttons.count).")
        }
        return .actions([.focus(buttons[number - 1].control), .key(.enter)])
    }

    /// y, yes: true; n, no: false (any case); anything else nil.
    static func yesNo(_ answer: String) -> Bool? {
        switch answer.trimmingCharacters().lowercased() {
        case "y", "yes": true
        case "n", "no": false
        default: nil
        }
    }

    /// An answer quoted for an error line: control characters shown, long ones cut.
    static func quoted(_ answer: String) -> String {
        let shown = answer.count > 24 ? String(answer.prefix(24)) + "..." : answer
        return "\"" + shown + "\""
    }

    // MARK: - Wrapping

    /// `line` in rows of at most `width` characters, broken at spaces only, and never
    /// between a number and the word after it ("10.2 mL"). A single word longer than the
    /// width stays whole. Continuation rows start with `indent` spaces.
    public static func wrap(_ line: String, width: Int, indent: Int = 0) -> [String] {
        guard line.count > width, width > indent + 10 else { return [line] }
        var rows: [String] = []
        var current = ""
        let leading = String(line.prefix { $0 == " " })
        var pieces: [String] = []
        // Words; a word ending in a digit keeps the next word with it.
        var words = line.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        while !words.isEmpty {
            var piece = words.removeFirst()
            while let last = piece.last, last.isNumber, let following = words.first, !following.isEmpty {
                piece += " " + words.removeFirst()
            }
            pieces.append(piece)
        }
        current = leading
        var rowHasWord = false
        for piece in pieces {
            let candidate = rowHasWord ? current + " " + piece : current + piece
            if candidate.count <= width || !rowHasWord {
                current = candidate
                rowHasWord = true
            } else {
                rows.append(current)
                current = String(repeating: " ", count: indent) + piece
            }
        }
        rows.append(current)
        return rows
    }

    /// Summary lines are "Label       text": continuation rows line up under the text.
    static func summaryIndent(_ line: String) -> Int {
        let label = line.prefix { $0 != " " }.count
        let spaces = line.dropFirst(label).prefix { $0 == " " }.count
        return label + spaces <= 20 ? label + spaces : 2
    }
}

extension ControlKind {
    var isButton: Bool { if case .button = self { true } else { false } }
    var isField: Bool { if case .field = self { true } else { false } }
}

extension Character {
    /// Text that may be part of an answer: no control characters (ESC, NUL, tab...).
    var isPrintableAnswerText: Bool {
        !unicodeScalars.contains { $0.properties.generalCategory == .control || $0.value == 0x7F }
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
