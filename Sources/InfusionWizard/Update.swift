import InfusionCalc
import InfusionTraining

/// What the reducer takes: a key, or (from the plain front end) a whole field's text.
public enum Action: Equatable, Sendable {
    case key(Key)
    /// Replace the focused field's text, as if typed.
    case replaceText(String)
    /// Pick option `index` (from 0) of the focused choice.
    case choose(Int)
    /// Put the focus on a control of the current step (the plain front end asks each in turn).
    case focus(Control)
    /// Set the focused counter to this count (the plain front end: "how many are done?").
    case setCount(Int)
    /// Text the terminal marked as pasted (bracketed paste). It only ever goes into the
    /// focused text field, whole or not at all: it never moves, chooses or ticks.
    case paste(String)
    /// Ask to quit, wherever the focus is (the plain front end's answer "q"; a q typed in a
    /// name is a letter).
    case requestQuit
    /// The shell's answer to `Effect.deliverLabel`: the label printed, or why not.
    case labelDelivered(LabelDelivery)
}

/// The reducer: (state, action) -> state. No I/O, no ncurses, total.
public func update(_ state: inout WizardState, _ action: Action) {
    if case .key(.resize(let width, let height)) = action {
        state.size = TerminalSize(width: max(width, 0), height: max(height, 0))
        state.keepFocusVisible()
        return
    }
    guard state.outcome == .running else { return }
    if state.confirmingQuit {
        switch action {
        case .key(.character("y")), .key(.character("Y")): state.outcome = .quit
        default: state.confirmingQuit = false
        }
        return
    }
    if state.showingHelp {
        state.showingHelp = false
        return
    }
    state.message = nil
    switch action {
    case .requestQuit:
        state.confirmingQuit = true
        return
    // In a field that takes the letter (a name, a lot) q and ? are typed, not commands.
    case .key(.character(let key)) where (key == "q" || key == "Q") && !state.focusedFieldTakes(key):
        state.confirmingQuit = true
        return
    // The help key always opens help; "?" does unless the focused field takes it.
    case .key(.help), .key(.character("?")):
        guard state.size.isLargeEnough else { return }
        if action == .key(.help) || !state.focusedFieldTakes("?") {
            state.showingHelp = true
            return
        }
    case .key, .paste:
        guard state.size.isLargeEnough else { return }
    case .replaceText, .choose, .setCount:
        break
    case .labelDelivered(let delivery):
        state.labelDelivered(delivery)
        state.keepFocusVisible()
        return
    case .focus(let control):
        if state.content.controls.contains(where: { $0.control == control }) { state.focus = control }
        state.keepFocusVisible()
        return
    }
    state.handle(action)
    // Paging moves the view on purpose; every other action brings the focus into view.
    if action != .key(.pageUp) && action != .key(.pageDown) { state.keepFocusVisible() }
}

extension WizardState {
    mutating func handle(_ action: Action) {
        switch action {
        case .key(.escape):
            if step == .summary && checkSession != nil { stopCheck() } else { goBack() }
            return
        case .key(.pageUp): scroll -= max(contentRows - 1, 1); clampScroll(); return
        case .key(.pageDown): scroll += max(contentRows - 1, 1); clampScroll(); return
        case .key(.tab): moveFocus(by: 1); return
        case .key(.backTab): moveFocus(by: -1); return
        default: break
        }
        let content = self.content
        guard let info = content.controls.first(where: { $0.control == focus }) ?? content.controls.first else {
            if case .key(.enter) = action { goNext() }
            return
        }
        focus = info.control
        if case .paste = action, !info.kind.isField {
            message = "A paste only goes into a text field: nothing was changed. Type the answer instead."
            return
        }
        switch info.kind {
        case .field: handleField(action)
        case .choice(let options, let selected, let vertical, let hotkeys):
            handleChoice(action, options: options, selected: selected, vertical: vertical, hotkeys: hotkeys)
        case .checkbox: handleCheckbox(action)
        case .counter(let count, let target): handleCounter(action, count: count, target: target)
        case .acknowledgement(let done): handleAcknowledgement(action, done: done)
        case .button: handleButton(action)
        }
    }

    // MARK: Fields

    mutating func handleField(_ action: Action) {
        switch action {
        case .replaceText(let text):
            // Whole or not at all: a text longer than the field is never cut. (The plain front
            // end checks each character against the field before it replaces the text.)
            guard let field = focusedField else { return }
            guard text.count <= field.maximumLength else {
                fieldErrors[focus] = "The entry is longer than \(field.maximumLength) characters: nothing was taken."
                return
            }
            editField { $0.replace(with: text) }
        case .paste(let pasted):
            pasteIntoField(pasted)
        case .key(.character(let character)):
            var refusal: String?
            editField { refusal = $0.insert(character) }
            if let refusal {
                // Shown next to the field, which stays not accepted until it is edited:
                // "15O" typed for 150 must never leave 15 accepted.
                let shown = character.isPrintableText ? "\"\(character)\"" : "That key"
                let text = "\(shown) was not taken: \(refusal) Correct the entry before going on."
                refusedInput[focus] = text
                fieldErrors[focus] = text
                message = refusal
            }
        // Backspace and Delete also end a refused key's hold on an empty field.
        case .key(.backspace): editField { $0.backspace() }; refusedInput[focus] = nil
        case .key(.delete): editField { $0.deleteForward() }; refusedInput[focus] = nil
        case .key(.left): editField { $0.moveLeft() }
        case .key(.right): editField { $0.moveRight() }
        case .key(.home): editField { $0.moveHome() }
        case .key(.end): editField { $0.moveEnd() }
        case .key(.enter):
            if case .quizAnswer = focus {
                // Stay on the step: the feedback and then the step's numbers must be seen.
                if commitField() {
                    let controls = content.controls
                    focus = (controls.first { !$0.isComplete } ?? controls.first)?.control ?? focus
                    message = "Read the feedback, then go on."
                }
            } else if commitField() {
                advance()
            }
        case .key(.down):
            _ = commitField()
            moveFocus(by: 1)
        case .key(.up):
            _ = commitField()
            moveFocus(by: -1)
        default: break
        }
    }

    /// Applies an edit to the focused field and forgets its old validation message; an
    /// edit that changes the text also ends a refused key's hold on the field.
    mutating func editField(_ edit: (inout TextField) -> Void) {
        guard var field = focusedField else { return }
        let before = field
        edit(&field)
        setFocusedField(field)
        // R13: a value typed back that changes after it matched must match again.
        if case .confirmation(let id) = focus, field != before { confirmed[id] = nil }
        if focus == .weight, field.text != before.text { weightBeingTyped = true }
        fieldErrors[focus] = nil
        if field.text != before.text { refusedInput[focus] = nil }
    }

    /// Whether the focused control is a text field that takes `character` where the cursor is.
    func focusedFieldTakes(_ character: Character) -> Bool {
        guard let field = focusedField, content.controls.contains(where: { $0.control == focus }) else { return false }
        return field.refusal(of: character) == nil
    }

    /// The focused text field, if the focus is on one.
    var focusedField: TextField? {
        switch focus {
        case .preparer: preparer
        case .patientName: patientName
        case .recordNumber: recordNumber
        case .dateOfBirth: dateOfBirth
        case .orderReference: orderReference
        case .weightDate: weightDate
        case .vialLot(let strength): vialLots[strength] ?? TextField(kind: .lot)
        case .vialExpiry(let strength): vialExpiries[strength] ?? TextField(kind: .date)
        case .weight: weight
        case .dose: dose
        case .reconstitutionTime: reconstitutionTime
        case .dilutionTime: dilutionTime
        case .roundingAuthorisedBy: roundingAuthorisedBy
        case .otherDuration: otherDuration
        case .confirmation(let id): confirmationFields[id] ?? TextField(kind: .decimal)
        case .quizAnswer: training == nil ? nil : quizAnswerField
        case .checker: checkSession?.checker
        case .checkValue(let field): checkSession.map { $0.typed[field] ?? TextField(kind: .decimal) }
        default: nil
        }
    }

    mutating func setFocusedField(_ field: TextField) {
        switch focus {
        case .preparer: preparer = field
        case .patientName: patientName = field
        case .recordNumber: recordNumber = field
        case .dateOfBirth: dateOfBirth = field
        case .orderReference: orderReference = field
        case .weightDate: weightDate = field
        case .vialLot(let strength): vialLots[strength] = field
        case .vialExpiry(let strength): vialExpiries[strength] = field
        case .weight: weight = field
        case .dose: dose = field
        case .reconstitutionTime: reconstitutionTime = field
        case .dilutionTime: dilutionTime = field
        case .roundingAuthorisedBy: roundingAuthorisedBy = field
        case .otherDuration: otherDuration = field
        case .confirmation(let id): confirmationFields[id] = field
        case .quizAnswer: if training != nil { quizAnswerField = field }
        case .checker: checkSession?.checker = field
        case .checkValue(let checked): checkSession?.typed[checked] = field
        default: break
        }
    }

    /// A paste goes in at the cursor whole, or not at all (with the reason next to the
    /// field). One line break at its end (copied with the line) is dropped.
    mutating func pasteIntoField(_ pasted: String) {
        var text = Substring(pasted)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text = text.dropLast() }
        guard let field = focusedField else { return }
        var trial = field
        var refusal: String?
        if text.isEmpty {
            refusal = "the paste is empty."
        } else if text.count > field.maximumLength - field.text.count {
            refusal = "it is longer than the field takes (\(field.maximumLength) characters)."
        } else {
            for character in text {
                if let reason = trial.insert(character) {
                    refusal = character.isPrintableText ? "\"\(character)\" cannot go here. " + reason : "it holds a line break or another control character."
                    break
                }
            }
        }
        if let refusal {
            let text = "The paste was not taken: " + refusal
            fieldErrors[focus] = text
            message = text
            return
        }
        editField { $0 = trial }
    }

    /// Validates the focused field; shows the message next to it. True when it is valid.
    mutating func commitField() -> Bool {
        if let refusal = refusedInput[focus] {
            fieldErrors[focus] = refusal
            return false
        }
        var error: InputError?
        if focus == .weight { weightBeingTyped = false }
        switch focus {
        case .weight:
            error = weight.text.isEmpty ? InputError(.weight, "Enter the weight in kg (or with the unit lb).") : WeightEntry.parse(weight.text, policy: policy).failure
            if error == nil, case .success(let entry) = WeightEntry.parse(weight.text, policy: policy),
               entry.enteredPounds != nil, confirmedPoundsText != weight.text {
                fieldErrors[.weight] = nil
                focus = .confirmPounds
                return false
            }
        case .dose:
            let parsed = dose.text.isEmpty ? .failure(InputError(.dosePerKg, "Enter the dose.")) :
                (doseMode == .perKg ? DoseOrder.parsePerKg(dose.text) : DoseOrder.parseFlat(dose.text))
            error = parsed.failure
        case .reconstitutionTime:
            error = reconstitutionTime.text.isEmpty ? InputError(.time, "Enter the time of the first reconstitution.") : Derived(self).reconstitutedAt?.failure
        case .dilutionTime:
            error = dilutionTime.text.isEmpty ? InputError(.time, "Enter the time of dilution.") : Derived(self).dilutedAt?.failure
        case .roundingAuthorisedBy:
            error = PersonName.parse(roundingAuthorisedBy.text, field: .answer).failure
        case .preparer:
            error = PersonName.parse(preparer.text, field: .preparer).failure
        case .patientName:
            error = PatientIdentity.parseName(patientName.text).failure
        case .recordNumber:
            error = recordNumber.text.isEmpty ? nil : PatientIdentity.parseRecordNumber(recordNumber.text).failure
        case .dateOfBirth:
            error = dateOfBirth.text.isEmpty ? nil : PatientIdentity.parseDateOfBirth(dateOfBirth.text, today: today).failure
        case .orderReference:
            error = OrderReference.parse(orderReference.text).failure
        case .weightDate:
            error = WeightSource.parseDate(weightDate.text, today: today).failure
        case .vialLot(let strength):
            // A scan gives the lot and the expiry at once; a typed lot waits for its expiry.
            let text = vialLots[strength]?.text ?? ""
            error = VialLotEntry.looksScanned(text) ? Derived(self).vialLots[strength]?.failure : VialLot.parse(text).failure
        case .vialExpiry(let strength):
            error = VialLotEntry.parseExpiry(vialExpiries[strength]?.text ?? "").failure
        case .otherDuration:
            if otherDuration.text.isEmpty {
                error = nil
            } else {
                switch parseDurationMinutes(otherDuration.text, policy: policy) {
                case .success(let minutes): chosenDuration = minutes; error = nil
                case .failure(let refusal): error = refusal
                }
            }
        case .confirmation(let id):
            guard let confirmation = Derived(self).plan?.confirmations.first(where: { $0.id == id }) else { error = nil; break }
            switch confirmation.check(confirmationFields[id]?.text ?? "") {
            case .success: confirmed[id] = [now]; error = nil
            case .failure(let refusal): confirmed[id] = nil; error = refusal
            }
        case .quizAnswer(let question):
            error = markQuizAnswer(question)
        case .checker:
            fieldErrors[focus] = checkerError(checkSession?.checker.text ?? "")
            return fieldErrors[focus] == nil
        case .checkValue(let field):
            let text = checkSession?.typed[field]?.text ?? ""
            fieldErrors[focus] = text.isEmpty ? "Type the value: \(field.prompt)." : DoubleCheck.read(field, text).failure?.message
            return fieldErrors[focus] == nil
        default:
            error = nil
        }
        fieldErrors[focus] = error?.message
        return error == nil
    }

    // MARK: Choices

    mutating func handleChoice(_ action: Action, options: [String], selected: Int?, vertical: Bool, hotkeys: [Character]) {
        switch action {
        case .choose(let index) where index >= 0 && index < options.count:
            choose(index)
            highlight = vertical ? index : nil
        case .choose:
            message = "Choose a number from 1 to \(options.count)."
        case .key(.character(let character)) where hotkeys.contains(Character(character.lowercased())):
            let index = hotkeys.firstIndex(of: Character(character.lowercased()))!
            choose(index)
            if vertical { highlight = index }
        case .key(.character(" ")) where !vertical && options.count == 2 && focus != .confirmPounds:
            choose(selected == 0 ? 1 : 0)
        case .key(.left) where focus == .confirmPounds, .key(.right) where focus == .confirmPounds:
            message = "Press Y if the conversion is right, N to enter the weight again."
        case .key(.left) where !vertical:
            choose(max((selected ?? 1) - 1, 0))
        case .key(.right) where !vertical:
            choose(selected.map { min($0 + 1, options.count - 1) } ?? options.count - 1)
        // In a list the arrows move the cursor, never the choice: passing over an option
        // must not pick it (R4: the user chooses).
        case .key(.up) where vertical:
            let at = highlight ?? selected ?? 0
            if at > 0 { highlight = at - 1 } else { moveFocus(by: -1) }
        case .key(.down) where vertical:
            let at = highlight ?? selected ?? 0
            if at < options.count - 1 { highlight = at + 1 } else { moveFocus(by: 1) }
        case .key(.character(" ")) where vertical:
            choose(highlight ?? selected ?? 0)
        case .key(.enter) where vertical:
            // Nothing chosen and the cursor never moved: Enter does not choose for the user.
            guard let at = highlight ?? selected else {
                message = content.controls.first { $0.control == focus }?.need
                return
            }
            choose(at)
            advance()
        case .key(.up): moveFocus(by: -1)
        case .key(.down): moveFocus(by: 1)
        case .key(.enter):
            if selected == nil {
                message = content.controls.first { $0.control == focus }?.need
            } else {
                advance()
            }
        case .key(.character) where focus == .confirmPounds:
            message = "Press Y if the conversion is right, N to enter the weight again."
        case .key(.character(let character)):
            let keys = hotkeys.map(String.init).joined(separator: ", ")
            message = "\"\(character)\" is not a choice here: use \(vertical ? "Up/Down then Space" : "Left/Right") or \(keys)."
        default: break
        }
    }

    /// Sets the focused choice to option `index`.
    mutating func choose(_ index: Int) {
        let derived = Derived(self)
        switch focus {
        case .confirmPounds:
            if index == 0 {
                confirmedPoundsText = weight.text
            } else {
                weight.replace(with: "")
                confirmedPoundsText = nil
                focus = .weight
                message = "Enter the weight again."
            }
        case .weightSource:
            weightSource = WeightSource.allCases[index]
        case .atLeastTwoYears: atLeastTwoYears = index == 0
        case .firstInfusion: firstInfusion = index == 0
        case .previousHypersensitivity: previousHypersensitivity = index == 0
        case .previousAlglucerase: previousAlglucerase = index == 0
        case .frequency: frequency = Frequency.allCases[index]
        case .doseMode:
            let mode = DoseMode.allCases[index]
            if mode != doseMode {
                doseMode = mode
                dose.replace(with: "")
                fieldErrors[.dose] = nil
            }
        case .doseOption:
            guard index < derived.doseOptions.count, let regimen = try? derived.regimen?.get() else { return }
            doseChoice = DoseChoice(prescribed: regimen.prescribedDose, prepared: derived.doseOptions[index].preparedDose)
        case .finalVolume:
            guard index < derived.finalVolumeChoices.count else { return }
            chosenFinalVolume = derived.finalVolumeChoices[index]
        case .duration:
            guard index < derived.durationChoices.count else { return }
            chosenDuration = derived.durationChoices[index]
            otherDuration.replace(with: "")
            fieldErrors[.otherDuration] = nil
        default: break
        }
    }

    // MARK: Checkboxes, acknowledgements, buttons

    mutating func handleCheckbox(_ action: Action) {
        switch action {
        case .key(.character(" ")), .key(.character("x")), .key(.character("X")):
            switch focus {
            case .vialOnHand(let units):
                if policy.vialsOnHand.contains(units) {
                    policy.vialsOnHand.remove(units)
                } else if siteVialStrengths.contains(units) {
                    policy.vialsOnHand.insert(units)
                }
            case .confirmation(let id):
                // R13: each tick is stamped with its instant; unticking removes the stamp.
                confirmed[id] = confirmed[id] == nil ? [now] : nil
            default: break
            }
        case .key(.enter): advance()
        case .key(.up): moveFocus(by: -1)
        case .key(.down): moveFocus(by: 1)
        case .key(.character(let character)):
            message = "\"\(character)\" does nothing here: Space ticks or unticks."
        default: break
        }
    }

    /// R13 counters: one vial at a time (Space, + or Right), undo with - or Left.
    mutating func handleCounter(_ action: Action, count: Int, target: Int) {
        guard case .confirmation(let id) = focus else { return }
        switch action {
        case .setCount(let wanted) where wanted >= 0 && wanted <= target:
            var stamps = confirmed[id] ?? []
            if wanted < stamps.count { stamps.removeLast(stamps.count - wanted) }
            while stamps.count < wanted { stamps.append(now) }
            confirmed[id] = stamps.isEmpty ? nil : stamps
        case .setCount:
            message = "Type a count from 0 to \(target)."
        case .key(.character(" ")), .key(.character("+")), .key(.right):
            if count < target {
                confirmed[id, default: []].append(now)
            } else {
                message = "All \(target) are counted. Press - to take one back."
            }
        case .key(.character("-")), .key(.left), .key(.backspace):
            if var stamps = confirmed[id], !stamps.isEmpty {
                stamps.removeLast()
                confirmed[id] = stamps.isEmpty ? nil : stamps
            }
        case .key(.enter):
            if count >= target { advance() } else { message = content.controls.first { $0.control == focus }?.need }
        case .key(.up): moveFocus(by: -1)
        case .key(.down): moveFocus(by: 1)
        case .key(.character(let character)):
            message = "\"\(character)\" does nothing here: Space or + counts one more, - takes one back."
        default: break
        }
    }

    mutating func handleAcknowledgement(_ action: Action, done: Bool) {
        guard case .acknowledge(let code) = focus else { return }
        switch action {
        case .key(.character("a")), .key(.character("A")):
            if let finding = Derived(self).findings.first(where: { $0.code == code }) {
                acknowledged[code] = finding.message
            }
        case .key(.enter):
            if done { advance() } else { message = "Read the warning, then press A to acknowledge it." }
        case .key(.up): moveFocus(by: -1)
        case .key(.down): moveFocus(by: 1)
        case .key(.character(let character)):
            message = "\"\(character)\" does nothing here: press A to acknowledge the warning."
        default: break
        }
    }

    mutating func handleButton(_ action: Action) {
        switch action {
        case .key(.enter):
            switch focus {
            case .handOver: startCheck()
            case .checkAgain: startCheck(checker: checkSession?.checker ?? TextField(kind: .name))
            case .correctAt(let holding):
                checkSession = nil
                enter(holding)
                message = "Correct the entry here, then go on: the double check then starts again."
            case .printLabel: requestLabel()
            case .printLabelAsZPL: requestLabel(format: .zpl)
            default: goNext()
            }
        case .key(.up): moveFocus(by: -1)
        case .key(.down): moveFocus(by: 1)
        case .key(.character(let character)):
            message = "\"\(character)\" does nothing here: press Enter."
        default: break
        }
    }

    // MARK: Moving

    /// After a control is done: the next step when everything is done, else the next
    /// control that still needs something.
    mutating func advance() {
        let controls = content.controls
        // The last step finishes only from its own button: a tick or a value on it moves
        // the focus there, never finishes the preparation by itself.
        if step == .summary, controls.allSatisfy(\.isComplete), focus != .finish,
           checkSession == nil, controls.contains(where: { $0.control == .finish }) {
            focus = .finish
            return
        }
        if controls.allSatisfy(\.isComplete) {
            goNext()
            return
        }
        let start = (controls.firstIndex { $0.control == focus } ?? -1) + 1
        // An optional field right after this one, still empty, is asked, not skipped.
        if start < controls.count, controls[start].optional, case .field(let field) = controls[start].kind, field.text.isEmpty {
            focus = controls[start].control
            return
        }
        let ordered = Array(controls[min(start, controls.count)...]) + Array(controls[..<min(start, controls.count)])
        if let next = ordered.first(where: { !$0.isComplete }) {
            focus = next.control
            if case .field = next.kind {} else { message = next.need }
        }
    }

    mutating func moveFocus(by offset: Int) {
        let controls = content.controls
        guard !controls.isEmpty else { return }
        let index = controls.firstIndex { $0.control == focus } ?? 0
        focus = controls[min(max(index + offset, 0), controls.count - 1)].control
    }

    /// Next step, unless something on this step is missing or a hard stop blocks it.
    mutating func goNext() {
        // Going on enters a weight still being typed: its warnings must be seen first.
        weightBeingTyped = false
        let derived = Derived(self)
        if let missing = content.controls.first(where: { !$0.isComplete }) {
            focus = missing.control
            message = missing.need
            return
        }
        if step >= .regimen, derived.plan == nil {
            message = (try? derived.regimen?.get()) == nil ? "Complete the regimen first." : "The plan cannot be made with these entries."
            return
        }
        if let stop = derived.findings.first(where: { $0.severity == .hard && Derived.step(for: $0.code) <= step }) {
            message = "STOP: " + stop.message
            return
        }
        if step == .summary {
            // Section 7: the checker's last value compares the two sets.
            if let session = checkSession, session.outcome == nil {
                compareCheck()
                return
            }
            if let blocked = finishBlocked {
                message = blocked
                return
            }
            outcome = .finished
            return
        }
        guard let next = step.next else { return }
        if step == .start && training == nil { begun = true }
        enter(next)
    }

    mutating func goBack() {
        guard let previous = step.previous else {
            confirmingQuit = true
            return
        }
        enter(previous)
    }

    /// Moves to `step`, prefilling the clock fields and putting the focus on the first
    /// control that still needs something.
    mutating func enter(_ newStep: Step) {
        step = newStep
        scroll = 0
        let clock = zone.zoned(now).local.clockText
        if newStep == .reconstitution && reconstitutionTime.text.isEmpty { reconstitutionTime.replace(with: clock) }
        if newStep == .dilution && dilutionTime.text.isEmpty { dilutionTime.replace(with: clock) }
        let controls = content.controls
        focus = (controls.first { !$0.isComplete } ?? controls.first)?.control ?? .begin
    }
}

extension ControlKind {
    var isField: Bool { if case .field = self { true } else { false } }
}

extension Character {
    /// Safe to show inside quotes: not a control character or an invisible one.
    var isPrintableText: Bool {
        !unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format || $0.value == 0x7F }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
