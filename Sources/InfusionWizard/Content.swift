import InfusionCalc

/// A run of text with one meaning.
public struct Segment: Equatable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .normal) { self.text = text; self.style = style }
}

/// How a control takes input.
public enum ControlKind: Equatable, Sendable {
    case field(TextField)
    /// One of `options`; `hotkeys` pick an option directly (y / n, or digits).
    case choice(options: [String], selected: Int?, vertical: Bool, hotkeys: [Character])
    case checkbox(checked: Bool)
    /// R13: a count done one at a time up to `target` (vials reconstituted, withdrawn).
    case counter(count: Int, target: Int)
    case acknowledgement(acknowledged: Bool)
    case button
}

/// One logical line of a step. A line may belong to a control; a vertical choice has one
/// line per option, all belonging to the same control.
public struct ContentLine: Equatable, Sendable {
    public var segments: [Segment]
    public var control: Control?
    /// For a vertical choice: which option this line shows.
    public var optionIndex: Int?
    /// Continuation rows of a wrapped line start this many columns in.
    public var hangingIndent: Int
    /// Column of the text cursor within the line, for fields.
    public var cursorColumn: Int?
    /// What the plain (line-by-line) front end prints instead of `text`, when the line
    /// speaks of full-screen keys ("Space to tick", "Up/Down", "F1"); "" leaves the line
    /// out of plain mode. Nil: the same text in both.
    public var plainText: String?
    /// Set on the line that shows why a field is refused ("! " and this message): front
    /// ends find it by this, not by its text.
    public var fieldError: String?

    public init(_ segments: [Segment], control: Control? = nil, optionIndex: Int? = nil,
                hangingIndent: Int = 2, cursorColumn: Int? = nil) {
        self.segments = segments
        self.control = control
        self.optionIndex = optionIndex
        self.hangingIndent = hangingIndent
        self.cursorColumn = cursorColumn
    }
    public init(_ text: String, _ style: Style = .normal, hangingIndent: Int = 2) {
        self.init([Segment(text, style)], hangingIndent: hangingIndent)
    }
    public static let blank = ContentLine("")

    /// The line under a field saying why it is refused: "! " and the message, in the error style.
    public static func refusal(_ message: String) -> ContentLine {
        var line = ContentLine([Segment("! " + message, .error)], hangingIndent: 2)
        line.fieldError = message
        return line
    }

    public var text: String { segments.map(\.text).joined() }

    /// The same line, worded `text` in plain mode ("" leaves it out there).
    public func plain(_ text: String) -> ContentLine {
        var line = self
        line.plainText = text
        return line
    }
}

/// A control with what a front end needs to ask for it.
public struct ControlInfo: Equatable, Sendable {
    public let control: Control
    public let kind: ControlKind
    /// The question, in words (the plain front end prints it as its prompt).
    public let prompt: String
    /// True when the step can go on as far as this control is concerned.
    public let isComplete: Bool
    /// What is still needed, when it is not complete.
    public let need: String
    /// For fields: what is accepted, in words and without keys ("2 to 300 (or with lb,
    /// for example 154 lb)"); the plain front end adds it to the prompt. Nil: a wording
    /// from the field's kind.
    public var accepts: String? = nil
    /// An optional field (section 6: the order reference; the MRN when a date of birth can
    /// be given instead): nothing typed is an answer, and Enter on the control before it
    /// stops here rather than skipping it.
    public var optional = false
}

/// A step's lines and its controls in focus order.
public struct StepContent: Equatable, Sendable {
    public var lines: [ContentLine] = []
    public var controls: [ControlInfo] = []

    mutating func add(_ line: ContentLine) { lines.append(line) }
    mutating func add(_ text: String, _ style: Style = .normal, hangingIndent: Int = 2) {
        lines.append(ContentLine(text, style, hangingIndent: hangingIndent))
    }
    mutating func blank() { lines.append(.blank) }
    mutating func register(_ info: ControlInfo) { controls.append(info) }
}

// MARK: - Building the content of each step

extension WizardState {
    /// The current step's content.
    public var content: StepContent { content(of: step, derived: Derived(self)) }

    public func content(of step: Step, derived: Derived) -> StepContent {
        var content = StepContent()
        if let training {
            if trainingContent(&content, step: step, derived: derived, training: training) { return content }
        }
        switch step {
        case .start: startContent(&content)
        case .patient: patientContent(&content, derived)
        case .regimen: regimenContent(&content, derived)
        case .vials: vialsContent(&content, derived)
        case .reconstitution: reconstitutionContent(&content, derived)
        case .dilution: dilutionContent(&content, derived)
        case .administration: administrationContent(&content, derived)
        case .summary: summaryContent(&content, derived)
        }
        if step != .summary { findingLines(&content, derived.findings(on: step)) }
        return content
    }

    // MARK: Controls

    /// A labelled field: "Weight       [70.5        ] kg".
    func addField(_ content: inout StepContent, _ control: Control, label: String, field: TextField,
                  after: String, prompt: String, valid: Bool, need: String, accepts: String? = nil, optional: Bool = false) {
        let labelText = Self.pad(label, 22)
        // A long field (a name, a scanned code) shows a window of it that follows the
        // cursor, so that the line fits 80 columns; nothing typed is cut.
        let width = min(field.maximumLength, Self.fieldWindow)
        let characters = Array(field.text)
        let offset = max(0, min(field.cursor - width + 1, characters.count - width + 1))
        let visible = String(characters.dropFirst(offset).prefix(width))
        let box = "[" + Self.pad(visible, width) + "]"
        content.add(ContentLine([Segment(labelText), Segment(box, .focus), Segment(" " + after)],
                                control: control, cursorColumn: labelText.count + 1 + field.cursor - offset))
        if let error = fieldErrors[control] ?? refusedInput[control] {
            content.add(.refusal(error))
        }
        // A refused key keeps the field not accepted until it is corrected.
        content.register(ControlInfo(control: control, kind: .field(field), prompt: prompt,
                                     isComplete: valid && refusedInput[control] == nil, need: need, accepts: accepts,
                                     optional: optional))
    }

    /// A yes / no question on one line.
    func addYesNo(_ content: inout StepContent, _ control: Control, question: String, answer: Bool?) {
        let selected = answer.map { $0 ? 0 : 1 }
        content.add(ContentLine([Segment(Self.pad(question, 50)),
                                 Segment(Self.mark(selected == 0) + " yes   " + Self.mark(selected == 1) + " no", .focus)],
                                control: control))
        content.register(ControlInfo(control: control,
                                     kind: .choice(options: ["yes", "no"], selected: selected, vertical: false, hotkeys: ["y", "n"]),
                                     prompt: question, isComplete: answer != nil, need: "Answer yes (Y) or no (N)."))
    }

    /// A choice laid out across one line.
    func addInlineChoice(_ content: inout StepContent, _ control: Control, label: String, options: [String],
                         selected: Int?, prompt: String, need: String) {
        var segments = [Segment(Self.pad(label, 22))]
        for (index, option) in options.enumerated() {
            segments.append(Segment(Self.mark(index == selected) + " " + option, .focus))
            segments.append(Segment("  "))
        }
        content.add(ContentLine(segments, control: control, hangingIndent: 22))
        content.register(ControlInfo(control: control,
                                     kind: .choice(options: options, selected: selected, vertical: false,
                                                   hotkeys: Self.digitHotkeys(options.count)),
                                     prompt: prompt, isComplete: selected != nil, need: need))
    }

    /// A choice with one line per option.
    func addListChoice(_ content: inout StepContent, _ control: Control, options: [String], selected: Int?,
                       prompt: String, need: String) {
        for (index, option) in options.enumerated() {
            content.add(ContentLine([Segment("  "), Segment(Self.mark(index == selected) + " \(index + 1)  " + option, .focus)],
                                    control: control, optionIndex: index, hangingIndent: 9))
        }
        content.register(ControlInfo(control: control,
                                     kind: .choice(options: options, selected: selected, vertical: true,
                                                   hotkeys: Self.digitHotkeys(options.count)),
                                     prompt: prompt, isComplete: selected != nil, need: need))
    }

    /// A tick box; `required` boxes must be ticked before the step can go on.
    func addCheckbox(_ content: inout StepContent, _ control: Control, text: String, checked: Bool,
                     required: Bool = true, need: String) {
        content.add(ContentLine([Segment("  "), Segment((checked ? "[x] " : "[ ] ") + text, .focus)],
                                control: control, hangingIndent: 6))
        content.register(ControlInfo(control: control, kind: .checkbox(checked: checked), prompt: text,
                                     isComplete: checked || !required, need: need))
    }

    /// An R13 confirmation as its own control: a tick box, a vial counter, or a field
    /// whose value is typed back and compared with the plan.
    func addConfirmation(_ content: inout StepContent, _ confirmation: Confirmation) {
        let control = Control.confirmation(confirmation.id)
        let done = isDone(confirmation)
        // Section 3: a time is never shown without its date.
        let when = confirmed[confirmation.id]?.last.map { "  (" + Display.time($0, zone: zone) + ")" } ?? ""
        switch confirmation.kind {
        case .tick:
            addCheckbox(&content, control, text: confirmation.text + (done ? when : ""), checked: done,
                        need: "Do it, then tick it: " + confirmation.text + ".")
        case .count(let target):
            let count = self.count(of: confirmation.id)
            let counter = "[\(count) of \(target)]"
            content.add(ContentLine([Segment("  "), Segment(counter, .focus), Segment(" " + confirmation.text + (done ? when : ""))],
                                    control: control, hangingIndent: 6))
            content.register(ControlInfo(control: control, kind: .counter(count: count, target: target),
                                         prompt: confirmation.text, isComplete: done,
                                         need: "Count each vial as it is done (Space or +): \(count) of \(target) so far."))
        case .typedVolume, .typedRate:
            let field = confirmationFields[confirmation.id] ?? TextField(kind: .decimal)
            let unit = if case .typedRate = confirmation.kind { "mL/h" } else { "mL" }
            let label = if case .typedRate = confirmation.kind { "Rate on the pump" } else { "Total drawn" }
            addField(&content, control, label: label, field: field, after: unit + (done ? "  matches the plan" + when : ""),
                     prompt: confirmation.text, valid: done,
                     need: "Type the value back: " + confirmation.text + ".",
                     accepts: "a number in \(unit) with at most one decimal; it must match the plan")
        }
    }

    /// A button; one that is not `complete` is what the step still needs (pressing it is
    /// the next thing to do: hand over to the checker, print the label).
    func addButton(_ content: inout StepContent, _ control: Control, text: String, complete: Bool = true, need: String = "") {
        content.add(ContentLine([Segment("[ " + text + " ]", .focus)], control: control))
        content.register(ControlInfo(control: control, kind: .button, prompt: text, isComplete: complete, need: need))
    }

    /// Findings of a step: hard stops, warnings to acknowledge, notes.
    func findingLines(_ content: inout StepContent, _ findings: [Finding]) {
        guard !findings.isEmpty else { return }
        content.blank()
        for finding in findings {
            switch finding.severity {
            case .hard:
                content.add(ContentLine([Segment("STOP: " + finding.message, .error)], hangingIndent: 6))
            case .soft:
                let done = acknowledged[finding.code] == finding.message
                let tail = done ? " [acknowledged]" : " [press A to acknowledge]"
                content.add(ContentLine([Segment("WARNING: " + finding.message + tail, .warning)],
                                        control: .acknowledge(finding.code), hangingIndent: 9))
                content.register(ControlInfo(control: .acknowledge(finding.code), kind: .acknowledgement(acknowledged: done),
                                             prompt: "WARNING: " + finding.message, isComplete: done,
                                             need: "Acknowledge the warning: move to it and press A."))
            case .info:
                content.add(ContentLine([Segment("NOTE: " + finding.message, .dim)], hangingIndent: 6))
            }
        }
    }

    /// The widest a field's box is drawn, in characters.
    static let fieldWindow = 30

    static func mark(_ on: Bool) -> String { on ? "(*)" : "( )" }
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
    static func digitHotkeys(_ count: Int) -> [Character] {
        (1...max(min(count, 9), 1)).compactMap { Character(String($0)) }.prefix(count).map { $0 }
    }
}
