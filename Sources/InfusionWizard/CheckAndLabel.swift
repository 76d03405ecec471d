import InfusionCalc

// Rule book sections 7 and 8 on the Summary step: the independent double check, then the
// bag label and its R13 confirmation, then "Confirm and finish". The comparison and the
// label's content are the calculation module's (DoubleCheck, BagLabel); this file keeps
// what the checker typed, what happened, and which screen the Summary step shows.

/// Section 7: what the checker types, blind, until the two sets are compared.
public struct CheckSession: Equatable, Sendable {
    /// The checker's name, typed first (not the preparer's).
    public var checker = TextField(kind: .name)
    /// What the checker typed for each field of `DoubleCheck.fields(for:)`.
    public var typed: [DoubleCheckField: TextField] = [:]
    /// Set after the last value: both sets side by side. A mismatch stays on screen
    /// (blocking) until the checker checks again or the preparer goes back to correct.
    public var outcome: DoubleCheckOutcome?

    public init(checker: TextField = TextField(kind: .name)) { self.checker = checker }

    /// Whether anything was typed (an abandoned check with nothing typed is not recorded).
    var hasEntries: Bool { !checker.text.isEmpty || typed.values.contains { !$0.text.isEmpty } }
}

/// Section 7: a double check as the record keeps it (append-only, in order).
public enum CheckEvent: Equatable, Sendable {
    /// Compared after the last value, passed or not, at this instant.
    case compared(DoubleCheckOutcome, at: Instant)
    /// Left before the comparison (Esc), with the name typed if any.
    case abandoned(checker: String?, at: Instant)
}

/// Section 8: a label the shell produced for the wizard.
public struct LabelDelivery: Equatable, Sendable {
    /// What the label states (its `preparedAt` is the instant it was asked for).
    public let content: BagLabel.Content
    /// The instant the label was asked for; the label is current while the preparation's
    /// content for this instant is unchanged.
    public let preparedAt: Instant
    /// True when the label reached its destination.
    public let printed: Bool
    /// What was done ("Label sent to printer ward-3 ...", "Label written to ..."), or why
    /// it was not printed.
    public let report: String
    /// Not printed because a text label cannot hold it (12 lines of 40 characters): the
    /// ZPL label can be printed instead.
    public let failedToFit: Bool
    /// The format it was printed in (nil: the policy's).
    public let format: LabelFormat?

    public init(content: BagLabel.Content, preparedAt: Instant, printed: Bool, report: String, failedToFit: Bool = false,
                format: LabelFormat? = nil) {
        self.content = content
        self.preparedAt = preparedAt
        self.printed = printed
        self.report = report
        self.failedToFit = failedToFit
        self.format = format
    }
}

/// Work only the shell can do (it writes to printers and files), asked for by `update` in
/// `WizardState.pendingEffect` and answered with an action. The wizard itself does no I/O.
public enum Effect: Equatable, Sendable {
    /// Section 8: deliver this label to the policy's printer or file, in the policy's format
    /// (or `format` when given), record it, and answer with `Action.labelDelivered`.
    case deliverLabel(BagLabel.Content, format: LabelFormat?)
}

extension WizardState {
    /// Section 7: whether this preparation needs a double check (the policy's
    /// `double_check`; training runs record nothing and practise the check on their own).
    public var checkRequired: Bool { training == nil && policy.doubleCheck == .always }

    /// Sections 7 and 8 apply (a real preparation, not training).
    var labelled: Bool { training == nil }

    /// Section 7: the last comparison, when it passed and still holds: every value the
    /// checker confirmed is still the plan's, and the checker is not the preparer.
    public var passedCheck: (outcome: DoubleCheckOutcome, at: Instant)? {
        guard case .compared(let outcome, let at)? = checkEvents.last, outcome.passed else { return nil }
        let derived = Derived(self)
        guard let plan = derived.plan, checkStillHolds(outcome, plan: plan) else { return nil }
        if let preparer = try? derived.preparer?.get(), DoubleCheck.sameName(outcome.checker, preparer) { return nil }
        return (outcome, at)
    }

    /// Whether the plan still states the values a comparison was made with.
    func checkStillHolds(_ outcome: DoubleCheckOutcome, plan: PreparationPlan) -> Bool {
        let current = DoubleCheck.fields(for: plan).map { DoubleCheck.expected($0, plan: plan) }
        return current == outcome.rows.map { Optional($0.plan) }
    }

    /// Whether the label may be printed: after a passed check, or with none required.
    public var readyForLabel: Bool {
        guard labelled, let plan = Derived(self).plan, !plan.hasHardStop else { return false }
        return !checkRequired || passedCheck != nil
    }

    /// Section 8: the label's content if it were printed at `preparedAt`.
    public func labelContent(preparedAt: Instant) -> Result<BagLabel.Content, BagLabelError> {
        let derived = Derived(self)
        guard let plan = derived.plan else { return .failure(.noBag) }
        guard let name = try? derived.patientName?.get() else { return .failure(.missing(.patientName)) }
        let second: BagLabel.SecondIdentifier
        if let number = try? derived.recordNumber?.get() {
            second = .medicalRecordNumber(number)
        } else if let born = try? derived.dateOfBirth?.get(),
                  let date = LocalDateTime(year: born.year, month: born.month, day: born.day) {
            second = .dateOfBirth(date)
        } else {
            return .failure(.missing(.medicalRecordNumber))
        }
        guard let preparer = try? derived.preparer?.get() else { return .failure(.missing(.preparer)) }
        let check: BagLabel.Check = passedCheck.map { .checked(by: $0.outcome.checker) } ?? .notDoubleChecked
        return BagLabel.Content.make(plan: plan, patient: BagLabel.Patient(fullName: name, secondIdentifier: second),
                                     preparer: preparer, check: check, preparedAt: preparedAt,
                                     preparationID: preparationID ?? "")
    }

    /// The label printed for this preparation as it now stands (nil: none, or the entries
    /// changed since it was printed).
    public var currentLabel: LabelDelivery? {
        guard let label, label.printed, readyForLabel,
              case .success(let content) = labelContent(preparedAt: label.preparedAt), content == label.content else { return nil }
        return label
    }

    /// The summary lines of sections 7 and 8 (the record and the printed summary).
    func checkAndLabelLines() -> [String] {
        guard labelled else { return [] }
        var lines: [String] = []
        if let passed = passedCheck {
            lines.append("Checked     by \(passed.outcome.checker), \(Display.time(passed.at, zone: zone)): every value matches (section 7)")
        } else if !checkRequired {
            lines.append("Checked     not double checked (the site policy does not require it)")
        }
        if let label = currentLabel {
            lines.append("Label       printed \(Display.time(label.preparedAt, zone: zone)) for preparation \(label.content.preparationID)")
        }
        return lines
    }

    // MARK: - The Summary step's screens

    /// The Summary step: the review with "Hand over to the checker"; the checker's blind
    /// entry; the comparison; then the label, its confirmation and "Confirm and finish".
    func summaryControls(_ content: inout StepContent, _ derived: Derived) {
        guard let plan = derived.plan, !plan.hasHardStop else { return }
        guard labelled else {
            addButton(&content, .finish, text: "Confirm and finish")
            return
        }
        if checkRequired && passedCheck == nil {
            content.blank()
            content.add("Double check (section 7): a second person checks this preparation without seeing these values; then the two are compared. The label is printed only after the check passes.", hangingIndent: 0)
            addButton(&content, .handOver, text: "Hand over to the checker", complete: false,
                      need: "Hand over to the checker: the double check comes before the label (section 7).")
            return
        }
        content.blank()
        if let failed = label, !failed.printed, currentLabel == nil, readyForLabel {
            content.add(.refusal("The label was not printed: " + failed.report
                                 + " The preparation stays recorded; fix the printer or the folder and print again."))
        }
        if let old = label, old.printed, currentLabel == nil {
            // Section 8: a label printed for other values is void.
            content.add(ContentLine([Segment("The label printed \(Display.time(old.preparedAt, zone: zone)) no longer matches this preparation: take it off the bag and discard it, then print the new label.", .warning)], hangingIndent: 0))
        }
        guard let current = currentLabel else {
            addButton(&content, .printLabel, text: label?.printed == true ? "Print a new label" : (label == nil ? "Print the label" : "Print the label again"),
                      complete: false, need: "Print the label (section 8).")
            if label?.failedToFit == true, policy.labelFormat == .text {
                addButton(&content, .printLabelAsZPL, text: "Print it as a ZPL label (4 x 3 inch) instead", complete: false,
                          need: "Print the label (section 8).")
            }
            return
        }
        let format = current.format ?? policy.labelFormat
        content.add("Bag label (\(format == .zpl ? "ZPL" : "text")): \(current.report)", .heading, hangingIndent: 0)
        if case .success(let lines) = BagLabel.text(current.content) {
            // Boxed on screen; in plain mode the lines alone (a screen reader reads no frame).
            let rule = ContentLine("+" + String(repeating: "-", count: BagLabel.textColumns + 2) + "+", hangingIndent: 0).plain("")
            content.add(rule)
            for (index, line) in lines.enumerated() {
                // Read aloud in quotes: the label's own words, and a number never runs on
                // into the next row.
                content.add(ContentLine("| " + line + String(repeating: " ", count: max(BagLabel.textColumns - line.count, 0)) + " |",
                                        hangingIndent: 0).plain("Label line \(index + 1): \"" + line + "\""))
            }
            content.add(rule)
        }
        for confirmation in plan.confirmations(for: .label) { addConfirmation(&content, confirmation) }
        addButton(&content, .finish, text: "Confirm and finish")
    }

    /// The checker's screen: no value of the preparation on it, only the fields to type.
    func checkerContent(_ content: inout StepContent, _ session: CheckSession, plan: PreparationPlan) {
        content.add("Double check (section 7): for the checker", .heading, hangingIndent: 0)
        content.add(ContentLine("Type what you find, from the order, the source of the weight, the vials, the syringes, the bag and the pump: the preparer's values stay hidden until your last value, then the two are compared. You must be a second person, not the preparer.", hangingIndent: 0)
            .plain("Checker: type what you find, from the order, the source of the weight, the vials, the syringes, the bag and the pump, not what is printed above: the lines above are the preparer's values (clear the screen or scroll them away before the checker sits down). After your last value the two are compared. You must be a second person, not the preparer."))
        content.add(ContentLine("Esc stops the check (it is recorded as stopped) and shows the summary again.", .dim, hangingIndent: 0)
                        .plain("Type b to stop the check (it is recorded as stopped) and see the summary again."))
        content.blank()
        addField(&content, .checker, label: "Checker", field: session.checker, after: "name or initials",
                 prompt: "Checker's name",
                 valid: checkerError(session.checker.text) == nil,
                 need: "Type the checker's name or initials.",
                 accepts: "name or initials, not the preparer's")
        for field in DoubleCheck.fields(for: plan) {
            let typed = session.typed[field] ?? TextField(kind: .decimal)
            // The sentence of what is accepted, as the rest of a prompt: "type a number ...".
            let accepts = String(field.accepted.prefix(1).lowercased() + field.accepted.dropFirst().dropLast())
            addField(&content, .checkValue(field), label: field.label, field: typed, after: field.unit,
                     prompt: field.prompt, valid: !typed.text.isEmpty && DoubleCheck.read(field, typed.text).failure == nil,
                     need: "Type the value: \(field.prompt).", accepts: accepts)
        }
    }

    /// After the comparison did not pass: both sets side by side, what to do next.
    func mismatchContent(_ content: inout StepContent, _ outcome: DoubleCheckOutcome) {
        content.add("Double check (section 7): compared", .heading, hangingIndent: 0)
        for line in outcome.lines { content.add(line, outcome.passed ? .normal : .error, hangingIndent: 4) }
        content.blank()
        addButton(&content, .checkAgain, text: "Check again (the checker types every value again)")
        var steps: [Step] = []
        for row in outcome.mismatches where !steps.contains(Self.step(holding: row.field)) {
            steps.append(Self.step(holding: row.field))
        }
        for step in steps.sorted() {
            addButton(&content, .correctAt(step), text: "Go back to the \(step.title) step to correct (the check then starts again)")
        }
    }

    /// The step where the value a field checks is entered or chosen.
    static func step(holding field: DoubleCheckField) -> Step {
        switch field {
        case .weight: .patient
        case .dosePerInfusion, .vialCount: .vials
        case .drugVolume, .finalVolume: .dilution
        case .pumpRate: .administration
        }
    }

    /// Why the checker's name is refused, or nil.
    func checkerError(_ name: String) -> String? {
        if case .failure(let error) = PersonName.parse(name, field: .checker) { return error.message }
        let preparer = (try? Derived(self).preparer?.get()) ?? ""
        if case .failure(let error) = DoubleCheck.acceptChecker(name, preparer: preparer) { return error.message }
        return nil
    }

    // MARK: - Actions

    /// "Hand over to the checker": the screen clears of every value.
    mutating func startCheck(checker: TextField = TextField(kind: .name)) {
        checkSession = CheckSession(checker: checker)
        // Nothing of an earlier check stays next to the fields.
        for control in [Control.checker] + (Derived(self).plan.map { DoubleCheck.fields(for: $0).map(Control.checkValue) } ?? []) {
            fieldErrors[control] = nil
            refusedInput[control] = nil
        }
        scroll = 0
        focus = .checker
        message = "Hand over to the checker."
    }

    /// After the checker's last value: compare, record, and show the result.
    mutating func compareCheck() {
        guard var session = checkSession, let plan = Derived(self).plan else { return }
        let preparer = (try? Derived(self).preparer?.get()) ?? ""
        let typed = session.typed.mapValues(\.text)
        switch DoubleCheck.compare(plan: plan, preparer: preparer, checker: session.checker.text, typed: typed) {
        case .failure(let error):
            message = error.message
        case .success(let outcome):
            checkEvents.append(.compared(outcome, at: now))
            if outcome.passed {
                checkSession = nil
                let controls = content.controls
                focus = (controls.first { !$0.isComplete } ?? controls.first)?.control ?? .finish
                message = outcome.verdictSentence
            } else {
                session.outcome = outcome
                checkSession = session
                focus = .checkAgain
                message = outcome.verdictSentence
            }
            scroll = 0
        }
    }

    /// The check under way, as stopped now: nil when none is under way or nothing was
    /// typed. A name the wizard refused (the preparer's) is not recorded as a checker.
    public var abandonedCheck: CheckEvent? {
        guard let session = checkSession, session.outcome == nil, session.hasEntries else { return nil }
        let name = session.checker.text.trimmingWhitespace
        return .abandoned(checker: name.isEmpty || checkerError(name) != nil ? nil : name, at: now)
    }

    /// Esc on the checker's screen: the check stops (recorded when anything was typed).
    mutating func stopCheck() {
        if let event = abandonedCheck { checkEvents.append(event) }
        checkSession = nil
        scroll = 0
        let controls = content.controls
        focus = (controls.first { !$0.isComplete } ?? controls.first)?.control ?? .handOver
        message = "The double check was stopped; hand over again when ready."
    }

    /// "Print the label": the shell is asked to deliver it, in the policy's format or in
    /// `format` (ZPL when a text label cannot hold everything).
    mutating func requestLabel(format: LabelFormat? = nil) {
        switch labelContent(preparedAt: now) {
        case .failure(let error): message = error.message
        case .success(let content):
            pendingEffect = .deliverLabel(content, format: format)
            message = "Printing the label..."
        }
    }

    /// The shell's answer to `Effect.deliverLabel`.
    mutating func labelDelivered(_ delivery: LabelDelivery) {
        label = delivery
        // A new label needs its own confirmation that it is on the bag.
        confirmed[.labelAttached] = nil
        if delivery.printed {
            let controls = content.controls
            focus = (controls.first { !$0.isComplete } ?? controls.first)?.control ?? .finish
            message = "Check the label against the bag, attach it, then tick it."
        } else {
            focus = .printLabel
            message = "The label was not printed: " + delivery.report + " The preparation stays recorded; print again when it is fixed."
        }
    }

    /// Why the preparation cannot finish yet on the Summary step, or nil.
    var finishBlocked: String? {
        guard labelled else { return nil }
        if checkRequired && passedCheck == nil { return "The double check is not done: hand over to the checker (section 7)." }
        if currentLabel == nil { return "Print the label first (section 8)." }
        if !confirmed.keys.contains(.labelAttached) { return "Tick that the label is printed and attached (R13)." }
        return nil
    }
}

extension DoubleCheckField {
    /// The field's label on the checker's screen: its name with a capital ("Weight",
    /// "400-unit vials").
    var label: String { name.prefix(1).uppercased() + name.dropFirst() }
}
