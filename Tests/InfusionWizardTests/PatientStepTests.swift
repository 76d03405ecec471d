import InfusionCalc
import Testing
@testable import InfusionWizard

/// Step 2: weight (kg or lb with confirmation), the four yes/no questions, their warnings.
@Suite("Patient step")
struct PatientStepTests {
    let onPatient = WizardState.fresh().after(Walk.toWeight)
    /// On the age question: 70 kg typed, measured today (section 6).
    let onAge = WizardState.fresh().after(Walk.toWeight + [.type("70"), .key(.enter), .type("1"), .key(.enter)])
    static let weightSourceNeed = "Say where the weight comes from: measured today (1) or from the order (2)."

    /// The screen row of the content line that starts with `prefix` (the step's content
    /// begins below the title rows).
    static func row(_ state: WizardState, _ prefix: String) -> Int? {
        state.screenLines.firstIndex { $0.dropFirst(2).hasPrefix(prefix) }
    }
    static let weightHelp = "Enter the weight in kg with at most one decimal (for example 70 or 70.5), or in pounds with \"lb\" (for example 154 lb)."

    // MARK: Typing in the weight field

    @Test("letters other than the kg / lb unit letters are refused with a message; the text is unchanged",
          arguments: ["x", "u", "c", "m", "%", "-", "+", "e", "/"])
    func refusedCharacters(character: String) {
        let state = onPatient.after(.type("70"), .type(character))
        #expect(state.weight.text == "70")
        #expect(state.weight.cursor == 2)
        #expect(state.message == "Only digits, one decimal separator and the unit kg or lb can be typed here.")
        #expect(state.step == .patient)
        #expect(state.focus == .weight)
        #expect(state.screenLines[22] == " Only digits, one decimal separator and the unit kg or lb can be typed here.")
    }

    @Test("the unit letters, a space and one decimal separator are taken",
          arguments: ["70 kg", "70 KG", "154 lb", "154 lbs", "154 LB", "70.5", "70,5"])
    func acceptedCharacters(text: String) {
        let state = onPatient.after(.type(text))
        #expect(state.weight.text == text)
        #expect(state.message == nil)
    }

    @Test("a second decimal separator is refused", arguments: ["70.5.", "70.5,", "70,5,", "70,5."])
    func secondSeparator(typed: String) {
        let state = onPatient.after(.type(typed))
        #expect(state.weight.text == String(typed.dropLast()))
        #expect(state.message == "Only one decimal separator can be typed.")
    }

    @Test("the field holds 12 characters; the 13th is refused")
    func fieldFull() {
        let state = onPatient.after(.type("1234567890123"))
        #expect(state.weight.text == "123456789012")
        #expect(state.message == "This field is full (12 characters).")
    }

    @Test("Backspace, Delete, Left, Right, Home and End edit at the cursor")
    func editingKeys() throws {
        var state = onPatient.after(.type("70"), .key(.home), .type("1"))
        #expect(state.weight.text == "170")
        #expect(state.weight.cursor == 1)
        state = state.after(.key(.end), .key(.backspace))
        #expect(state.weight.text == "17")
        #expect(state.weight.cursor == 2)
        state = state.after(.key(.left), .key(.delete))
        #expect(state.weight.text == "1")
        #expect(state.weight.cursor == 1)
        state = state.after(.key(.right), .key(.right), .type("5"))
        #expect(state.weight.text == "15")
        state = state.after(.key(.home), .key(.left), .key(.backspace), .key(.delete))
        #expect(state.weight.text == "5")
        #expect(state.weight.cursor == 0)
        // The screen puts the real cursor in the field, at the text cursor.
        let weightRow = try #require(Self.row(state, "Weight                ["))
        #expect(view(state).cursor == Position(x: 2 + 22 + 1 + 0, y: weightRow))
        #expect(view(state.after(.key(.end))).cursor == Position(x: 2 + 22 + 1 + 1, y: weightRow))
    }

    // MARK: Weight validation on Enter

    @Test("Enter on an empty weight asks for it")
    func emptyWeight() {
        let state = onPatient.after(.key(.enter))
        #expect(state.fieldErrors[.weight] == "Enter the weight in kg (or with the unit lb).")
        #expect(state.focus == .weight)
        #expect(state.step == .patient)
    }

    @Test("out-of-range or malformed weights show a field error next to the field and do not advance",
          arguments: [
              ("350", "Weight 350 kg is outside 2 kg to 300 kg. Check the weight and the unit."),
              ("1.5", "Weight 1.5 kg is outside 2 kg to 300 kg. Check the weight and the unit."),
              ("300.1", "Weight 300.1 kg is outside 2 kg to 300 kg. Check the weight and the unit."),
              ("1.9", "Weight 1.9 kg is outside 2 kg to 300 kg. Check the weight and the unit."),
              ("700 lb", "Weight 700 lb (317.5 kg) is outside 2 kg to 300 kg. Check the weight and the unit."),
              ("0", "Weight must be more than 0. " + weightHelp),
              ("70.55", "Weight: \"70.55\" has more than one decimal (no thousands separators). " + weightHelp),
              ("kg", "Weight has a unit but no number. " + weightHelp),
              ("70.", "Weight: \"70.\" needs a digit after the decimal point. " + weightHelp),
              (".5", "Weight: \".5\" needs a digit before the decimal point (write 0.5, not .5). " + weightHelp),
          ])
    func invalidWeight(text: String, error: String) throws {
        let state = onPatient.after(.type(text), .key(.enter))
        #expect(state.fieldErrors[.weight] == error)
        #expect(state.step == .patient)
        #expect(state.focus == .weight)
        #expect(state.weight.text == text)
        // Shown in words right below the field (the line may wrap).
        let line = try #require(state.contentTexts.firstIndex { $0.hasPrefix("Weight ") })
        #expect(state.contentTexts[line].hasPrefix("Weight                [" + text))
        #expect(state.contentTexts[line + 1] == "! " + error)
        let row = try #require(Self.row(state, "Weight                ["))
        #expect(state.screenLines[row + 1].hasPrefix("  ! " + String(error.prefix(20))))
        // Typing again forgets the old message.
        #expect(state.after(.key(.backspace)).fieldErrors[.weight] == nil)
    }

    @Test("the hard limits themselves are accepted", arguments: ["2", "300", "2.0", "300.0"])
    func weightAtLimits(text: String) {
        let state = onPatient.after(.type(text), .key(.enter))
        #expect(state.fieldErrors[.weight] == nil)
        #expect(state.focus == .weightSource)
    }

    @Test("a valid weight moves on to the first question")
    func validWeightAdvances() {
        let state = onPatient.after(.type("70"), .key(.enter))
        #expect(state.focus == .weightSource)
        #expect(state.message == Self.weightSourceNeed)
        #expect(state.after(.type("1"), .key(.enter)).focus == .atLeastTwoYears)
        #expect(state.after(.type("1"), .key(.enter)).message == "Answer yes (Y) or no (N).")
        #expect(state.derived.confirmedWeight == WeightEntry(kilograms: Tenths(whole: 70)))
    }

    // MARK: Pounds

    @Test("\"154 lb\" + Enter asks to confirm the conversion, showing both values")
    func poundsAskForConfirmation() {
        let state = onPatient.after(.type("154 lb"), .key(.enter))
        #expect(state.focus == .confirmPounds)
        #expect(state.step == .patient)
        // The question is on the screen next to the weight; no message row is needed.
        #expect(state.message == nil)
        #expect(state.contentTexts.contains { $0.hasPrefix("  154 lb = 69.9 kg. Is this right?") })
        #expect(state.fieldErrors.isEmpty)
        #expect(state.confirmedPoundsText == nil)
        #expect(state.derived.confirmedWeight == nil)
        #expect(state.contentTexts.contains { $0.hasPrefix("  154 lb = 69.9 kg. Is this right?") })
        #expect(state.screenText.contains("154 lb = 69.9 kg"))
        // The conversion is also a note on the step.
        #expect(state.contentTexts.contains("NOTE: Weight entered as 154 lb and converted to 69.9 kg (1 lb = 0.45359237 kg)."))
    }

    @Test("Y confirms the conversion; the weight in kg is then used")
    func poundsConfirmed() throws {
        let state = onPatient.after(.type("154 lb"), .key(.enter), .type("y"))
        #expect(state.confirmedPoundsText == "154 lb")
        let weight = try #require(state.derived.confirmedWeight)
        #expect(weight.kilograms == Tenths(tenths: 699))
        #expect(weight.enteredPounds == Tenths(whole: 154))
        #expect(state.info(.confirmPounds)?.isComplete == true)
        let next = state.after(.key(.enter))
        #expect(next.focus == .weightSource)
        #expect(next.message == Self.weightSourceNeed)
    }

    @Test("N clears the weight and puts the focus back on it")
    func poundsRejected() {
        let state = onPatient.after(.type("154 lb"), .key(.enter), .type("n"))
        #expect(state.weight.text == "")
        #expect(state.confirmedPoundsText == nil)
        #expect(state.focus == .weight)
        #expect(state.message == "Enter the weight again.")
        #expect(!state.controls.contains(.confirmPounds))
    }

    @Test("a changed weight text needs confirmation again")
    func changedPoundsNeedConfirmation() {
        let confirmed = onPatient.after(.type("154 lb"), .key(.enter), .type("y"))
        let changed = confirmed.after([.key(.up), .key(.end)] + Array(repeating: .key(.backspace), count: 6)
                                      + [.type("160 lb"), .key(.enter)])
        #expect(changed.weight.text == "160 lb")
        #expect(changed.focus == .confirmPounds)
        #expect(changed.confirmedPoundsText == "154 lb")
        #expect(changed.derived.confirmedWeight == nil)
        #expect(changed.info(.confirmPounds)?.isComplete == false)
        #expect(changed.screenText.contains("160 lb = 72.6 kg"))
        #expect(changed.after(.type("y")).derived.confirmedWeight?.kilograms == Tenths(tenths: 726))
    }

    @Test("an unconfirmed conversion blocks the step even when every question is answered")
    func unconfirmedPoundsBlock() {
        let state = onPatient.after(.type("154 lb"), .key(.enter), .key(.down), .type("1"), .key(.enter),
                                    .type("y"), .key(.enter), .type("n"), .key(.enter),
                                    .type("n"), .key(.enter), .type("n"), .key(.enter))
        #expect(state.step == .patient)
        #expect(state.focus == .confirmPounds)
        #expect(state.message == "Confirm the conversion from lb to kg (Y), or press N to enter the weight again.")
    }

    @Test("the plan records both values of a pounds weight")
    func poundsOnRecord() {
        var state = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "154 lb", confirmPounds: true)
                                              + Walk.regimen() + Walk.vials(option: 1))
        state = state.completing(until: .summary)
        #expect(state.step == .summary)
        #expect(state.summaryLines().contains("Patient     69.9 kg (entered as 154 lb); not a first infusion"))
        // 69.9 kg x 60 units/kg = 4,194 units.
        #expect(state.derived.plan?.prescribedDose == 4194)
    }

    // MARK: Soft weight limits

    @Test("weight under 10 kg or over 200 kg is a warning that must be acknowledged with A",
          arguments: [
              ("9.5", FindingCode.weightBelowSoftMinimum,
               "Weight 9.5 kg is under 10 kg: check the weight and that the patient is at least 2 years old (safety and efficacy are not established under 2 years)."),
              ("250", .weightAboveSoftMaximum, "Weight 250 kg is over 200 kg: check the weight and its unit."),
          ])
    func softWeightWarning(weight: String, code: FindingCode, text: String) {
        let answered = onPatient.after(Walk.patient(weight: weight))
        #expect(answered.step == .patient)
        #expect(answered.focus == .acknowledge(code))
        #expect(answered.message == "Acknowledge the warning: move to it and press A.")
        #expect(answered.contentTexts.contains("WARNING: " + text + " [press A to acknowledge]"))
        #expect(answered.screenLines[23].hasPrefix(" WARNING "))
        #expect(answered.limitState == .soft)

        let enterWithoutA = answered.after(.key(.enter))
        #expect(enterWithoutA.step == .patient)
        #expect(enterWithoutA.message == "Read the warning, then press A to acknowledge it.")
        #expect(enterWithoutA.acknowledged.isEmpty)

        let otherKey = answered.after(.type("y"))
        #expect(otherKey.message == "\"y\" does nothing here: press A to acknowledge the warning.")
        #expect(otherKey.acknowledged.isEmpty)

        let acknowledged = answered.after(.type("A"))
        #expect(acknowledged.acknowledged[code] == text)
        #expect(acknowledged.contentTexts.contains("WARNING: " + text + " [acknowledged]"))
        #expect(acknowledged.limitState == nil)
        #expect(acknowledged.screenLines[23].hasPrefix(" OK "))
        #expect(acknowledged.after(.key(.enter)).step == .regimen)
    }

    @Test("the soft limits themselves give no warning", arguments: ["10", "200"])
    func softLimitsInclusive(weight: String) {
        let state = onPatient.after(Walk.patient(weight: weight))
        #expect(state.step == .regimen)
        #expect(state.acknowledged.isEmpty)
    }

    @Test("Next from elsewhere on the step goes to the unacknowledged warning")
    func nextGoesToWarning() {
        let state = onPatient.after(Walk.patient(weight: "9.5") + Array(repeating: .key(.up), count: 6))
        #expect(state.focus == .weight)
        let next = state.after(.key(.enter))
        #expect(next.step == .patient)
        #expect(next.focus == .acknowledge(.weightBelowSoftMinimum))
        #expect(next.message == "Acknowledge the warning: move to it and press A.")
    }

    // MARK: Yes / no questions

    @Test("y / n keys (either case) answer yes / no",
          arguments: [("y", true), ("Y", true), ("n", false), ("N", false)])
    func yesNoKeys(key: String, answer: Bool) {
        var state = onAge.after(.type(key))
        #expect(state.atLeastTwoYears == answer)
        state = state.after(.key(.down), .type(key))
        #expect(state.firstInfusion == answer)
        state = state.after(.key(.down), .type(key))
        #expect(state.previousHypersensitivity == answer)
        state = state.after(.key(.down), .type(key))
        #expect(state.previousAlglucerase == answer)
    }

    @Test("Left is yes, Right is no, Space switches the answer")
    func yesNoArrows() {
        var state = onAge
        #expect(state.atLeastTwoYears == nil)
        state = state.after(.key(.right))
        #expect(state.atLeastTwoYears == false)
        state = state.after(.key(.right))
        #expect(state.atLeastTwoYears == false)
        state = state.after(.key(.left))
        #expect(state.atLeastTwoYears == true)
        state = state.after(.key(.left))
        #expect(state.atLeastTwoYears == true)
        state = state.after(.type(" "))
        #expect(state.atLeastTwoYears == false)
        state = state.after(.type(" "))
        #expect(state.atLeastTwoYears == true)
        #expect(state.contentTexts.contains("Is the patient at least 2 years old?              (*) yes   ( ) no"))
        let fresh = onAge
        #expect(fresh.after(.key(.left)).atLeastTwoYears == true)
    }

    @Test("the lb conversion is confirmed with Y only, never with an arrow")
    func poundsNotByArrows() {
        let asking = onPatient.after(.type("154 lb"), .key(.enter))
        #expect(asking.focus == .confirmPounds)
        for key in [Key.left, .right] {
            let after = asking.after(.key(key))
            #expect(after.confirmedPoundsText == nil)
            #expect(after.weight.text == "154 lb")
            #expect(after.focus == .confirmPounds)
            #expect(after.message == "Press Y if the conversion is right, N to enter the weight again.")
        }
        // Space does not toggle it either (on the other questions it does).
        let space = asking.after(.type(" "))
        #expect(space.confirmedPoundsText == nil)
        #expect(space.weight.text == "154 lb")
        #expect(space.focus == .confirmPounds)
        // Nor does Enter confirm it.
        let enter = asking.after(.key(.enter))
        #expect(enter.confirmedPoundsText == nil)
        #expect(enter.message == "Confirm the conversion from lb to kg (Y), or press N to enter the weight again.")
    }

    @Test("other keys on the lb question are refused without pointing at the arrows, which it does not take")
    func poundsRefusalWords() {
        let asking = onPatient.after(.type("154 lb"), .key(.enter))
        for key in ["x", " ", "1"] {
            let after = asking.after(.type(key))
            #expect(after.confirmedPoundsText == nil)
            let message = after.message ?? ""
            // Left/Right on this question only say "Press Y ...": a refusal must not send the user there.
            #expect(!message.contains("Left/Right"), "\"\(key)\": \(message)")
            #expect(after.message != nil, "\"\(key)\" is refused in words")
        }
    }

    @Test("other keys on a yes / no question are refused in words")
    func yesNoRefusal() {
        let state = onAge.after(.type("x"))
        #expect(state.atLeastTwoYears == nil)
        #expect(state.message == "\"x\" is not a choice here: use Left/Right or y, n.")
    }

    @Test("Enter on an unanswered question says what is needed")
    func yesNoUnanswered() {
        let state = onAge.after(.key(.enter))
        #expect(state.focus == .atLeastTwoYears)
        #expect(state.message == "Answer yes (Y) or no (N).")
        #expect(state.step == .patient)
    }

    @Test("answers that add a warning to acknowledge",
          arguments: [
              (Walk.patient(atLeastTwoYears: "n"), FindingCode.ageUnderTwoYears,
               "Safety and efficacy are not established under 2 years of age. Confirm the order with the prescriber."),
              (Walk.patient(hypersensitivity: "y"), .previousHypersensitivity,
               "Previous hypersensitivity reaction: premedicate with antihistamines and/or corticosteroids as prescribed, and infuse at a decreased rate (label): choose the duration on the Administer step."),
              (Walk.patient(alglucerase: "y"), .previousAlglucerase,
               "Previous antibodies or reactions to alglucerase: use with caution and watch closely for hypersensitivity."),
          ])
    func answerWarnings(strokes: [Stroke], code: FindingCode, text: String) {
        let state = onPatient.after(strokes)
        #expect(state.step == .patient)
        #expect(state.focus == .acknowledge(code))
        #expect(state.unacknowledged == [code])
        #expect(state.contentTexts.contains("WARNING: " + text + " [press A to acknowledge]"))
        let done = state.after(.type("a"), .key(.enter))
        #expect(done.step == .regimen)
        #expect(done.acknowledged == [code: text])
    }

    @Test("the opposite answers add no warning")
    func noWarnings() {
        let state = onPatient.after(Walk.patient(atLeastTwoYears: "y", firstInfusion: "y", hypersensitivity: "n", alglucerase: "n"))
        #expect(state.step == .regimen)
        #expect(state.derived.findings.isEmpty)
    }

    @Test("several warnings are acknowledged one after the other")
    func severalWarnings() {
        let answered = onPatient.after(Walk.patient(weight: "9.5", atLeastTwoYears: "n", hypersensitivity: "y", alglucerase: "y"))
        #expect(answered.unacknowledged == [.weightBelowSoftMinimum, .ageUnderTwoYears, .previousHypersensitivity, .previousAlglucerase])
        #expect(answered.focus == .acknowledge(.weightBelowSoftMinimum))
        let three = answered.after(Walk.acknowledge(3))
        #expect(three.step == .patient)
        #expect(three.focus == .acknowledge(.previousAlglucerase))
        #expect(three.message == "Acknowledge the warning: move to it and press A.")
        #expect(three.after(Walk.acknowledge(1)).step == .regimen)
    }

    // MARK: A weight counts once it is entered

    @Test("a weight being typed raises no warning until it is entered: 7 of 70 does not flash the under-10 kg warning")
    func noWarningWhileTyping() {
        let typing = onPatient.after(.type("7"))
        #expect(typing.weightBeingTyped)
        #expect(!typing.screenText.contains("WARNING"), "the first digit of 70 must not draw a warning")
        #expect(typing.limitState == nil)
        #expect(typing.after(.type("0")).screenText.contains("WARNING") == false)
    }

    @Test("entered with Enter, an arrow or Tab, a weight under 10 kg shows its warning, which blocks the step until acknowledged",
          arguments: [[Key.enter], [Key.down], [Key.tab]])
    func warningOnceEntered(keys: [Key]) {
        let entered = onPatient.after(.type("8"), .keys(keys))
        #expect(!entered.weightBeingTyped)
        #expect(entered.screenText.contains("WARNING: Weight 8 kg is under 10 kg"))
        #expect(entered.limitState == .soft)
        var answered = entered
        answered.weightSource = .measuredToday
        answered.atLeastTwoYears = true
        answered.firstInfusion = false
        answered.previousHypersensitivity = false
        answered.previousAlglucerase = false
        answered.goNext()
        #expect(answered.step == .patient, "the warning must be acknowledged first")
        #expect(answered.focus == .acknowledge(.weightBelowSoftMinimum))
    }

    @Test("going on enters a weight still being typed: its warning is shown and blocks the step")
    func goingOnEntersTheWeight() {
        var state = onPatient.after(.type("8"))
        state.weightSource = .measuredToday
        state.atLeastTwoYears = true
        state.firstInfusion = false
        state.previousHypersensitivity = false
        state.previousAlglucerase = false
        state.goNext()
        #expect(!state.weightBeingTyped)
        #expect(state.step == .patient)
        #expect(state.focus == .acknowledge(.weightBelowSoftMinimum))
    }
}
