import InfusionCalc
import Testing
@testable import InfusionWizard

/// Step 3: frequency, dose mode, dose, and the two-week equivalent against the label.
@Suite("Regimen step")
struct RegimenStepTests {
    let onRegimen = WizardState.fresh().after(Walk.patientDone)
    static let perKgHelp = "Enter the dose in units/kg with at most one decimal, for example 60 or 2.5."
    static let flatHelp = "Enter the dose per infusion in whole units with no separators, for example 4200."

    // MARK: Frequency

    @Test("digits 1 to 5 pick the frequency",
          arguments: [("1", Frequency.threePerWeek), ("2", .twoPerWeek), ("3", .weekly), ("4", .everyTwoWeeks), ("5", .everyFourWeeks)])
    func frequencyDigits(digit: String, frequency: Frequency) {
        let state = onRegimen.after(.type(digit))
        #expect(state.frequency == frequency)
        #expect(state.focus == .frequency)
        #expect(state.message == nil)
    }

    @Test("the frequency list, in words, with infusions per 4 weeks")
    func frequencyList() {
        #expect(Array(onRegimen.contentTexts[0...5]) == [
            "Frequency",
            "  ( ) 1  3 times a week (12 per 4 weeks)",
            "  ( ) 2  2 times a week (8 per 4 weeks)",
            "  ( ) 3  weekly (4 per 4 weeks)",
            "  ( ) 4  every 2 weeks (2 per 4 weeks)",
            "  ( ) 5  every 4 weeks (1 per 4 weeks)",
        ])
        #expect(onRegimen.after(.type("4")).contentTexts[4] == "  (*) 4  every 2 weeks (2 per 4 weeks)")
    }

    @Test("Up / Down move the cursor through the list without choosing; past its end they move the focus")
    func frequencyArrows() {
        // The cursor starts on the first option (nothing chosen yet).
        #expect(onRegimen.highlight == nil)
        #expect(onRegimen.screenLines.first { $0.hasPrefix("> ") } == ">   ( ) 1  3 times a week (12 per 4 weeks)")
        var state = onRegimen.after(.key(.down))
        #expect(state.frequency == nil)
        #expect(state.highlight == 1)
        #expect(state.focus == .frequency)
        #expect(state.screenLines.first { $0.hasPrefix("> ") } == ">   ( ) 2  2 times a week (8 per 4 weeks)")
        state = state.after(.key(.down), .key(.down))
        #expect(state.frequency == nil)
        #expect(state.highlight == 3)
        state = state.after(.key(.up))
        #expect(state.frequency == nil)
        #expect(state.highlight == 2)
        state = state.after(.key(.up), .key(.up))
        #expect(state.frequency == nil)
        #expect(state.highlight == 0)
        #expect(state.focus == .frequency)
        // Up at the first option: the frequency is the step's first control, so the focus stays; nothing is chosen.
        let top = onRegimen.after(.key(.up))
        #expect(top.frequency == nil)
        #expect(top.focus == .frequency)
        #expect(top.message == nil)
        // Down at the last option leaves the list without choosing.
        let leaving = onRegimen.after(.key(.down), .key(.down), .key(.down), .key(.down), .key(.down))
        #expect(leaving.frequency == nil)
        #expect(leaving.focus == .doseMode)
        #expect(leaving.highlight == nil)
        // With a choice made, the cursor starts on it; moving off and past the end keeps the choice.
        let chosen = onRegimen.after(.type("5"), .key(.down))
        #expect(chosen.frequency == .everyFourWeeks)
        #expect(chosen.focus == .doseMode)
        let moved = onRegimen.after(.type("4"), .key(.up), .key(.up))
        #expect(moved.frequency == .everyTwoWeeks)
        #expect(moved.highlight == 1)
        #expect(moved.screenLines.first { $0.hasPrefix("> ") } == ">   ( ) 2  2 times a week (8 per 4 weeks)")
        #expect(moved.contentTexts[4] == "  (*) 4  every 2 weeks (2 per 4 weeks)")
        // The cursor goes back to the choice when the focus leaves and comes back.
        let back = moved.after(.key(.tab), .key(.backTab))
        #expect(back.highlight == nil)
        #expect(back.frequency == .everyTwoWeeks)
        #expect(back.screenLines.first { $0.hasPrefix("> ") } == ">   (*) 4  every 2 weeks (2 per 4 weeks)")
    }

    @Test("Space chooses the option under the cursor and stays; Enter chooses it and goes on")
    func frequencySpaceAndEnter() {
        let spaced = onRegimen.after(.key(.down), .key(.down), .type(" "))
        #expect(spaced.frequency == .weekly)
        #expect(spaced.focus == .frequency)
        #expect(spaced.highlight == 2)
        #expect(spaced.message == nil)
        // Down + Enter picks the SECOND option (the cursor starts on the first).
        let entered = onRegimen.after(Walk.listByCursor(down: 1))
        #expect(entered.frequency == .twoPerWeek)
        #expect(entered.focus == .dose)
        #expect(entered.message == nil)
        let fourth = onRegimen.after(Walk.listByCursor(down: 3))
        #expect(fourth.frequency == .everyTwoWeeks)
        #expect(fourth.focus == .dose)
        // Enter with nothing chosen and the cursor unmoved chooses nothing: it says what to do.
        let first = onRegimen.after(.key(.enter))
        #expect(first.frequency == nil)
        #expect(first.focus == .frequency)
        #expect(first.message == "Choose the frequency: its number (1 to 5), or Up/Down then Space.")
        // Enter on a chosen option keeps it (the cursor starts there).
        #expect(onRegimen.after(.type("4"), .key(.tab), .key(.backTab), .key(.enter)).frequency == .everyTwoWeeks)
    }

    @Test("with no frequency, leaving the step says what to do; other keys are refused")
    func frequencyMissing() {
        // The dose typed first: Enter goes back to the frequency and says what it needs.
        let state = onRegimen.after(.key(.tab), .key(.tab), .type("60"), .key(.enter))
        #expect(state.step == .regimen)
        #expect(state.frequency == nil)
        #expect(state.focus == .frequency)
        #expect(state.message == "Choose the frequency: its number (1 to 5), or Up/Down then Space.")
        let refused = onRegimen.after(.type("7"))
        #expect(refused.frequency == nil)
        #expect(refused.message == "\"7\" is not a choice here: use Up/Down then Space or 1, 2, 3, 4, 5.")
    }

    @Test("a choice number out of range (the plain front end's way of choosing) is refused")
    func chooseOutOfRange() {
        let state = onRegimen.after(.choose(7))
        #expect(state.frequency == nil)
        #expect(state.message == "Choose a number from 1 to 5.")
        #expect(onRegimen.after(.choose(-1)).message == "Choose a number from 1 to 5.")
        #expect(onRegimen.after(.choose(4)).frequency == .everyFourWeeks)
    }

    @Test("a frequency chosen, Enter goes to the empty dose field")
    func frequencyThenDose() {
        let state = onRegimen.after(.type("4"), .key(.enter))
        #expect(state.focus == .dose)
        #expect(state.message == nil)
    }

    // MARK: Dose mode

    @Test("switching the dose mode clears the dose and its error; the unit follows the mode")
    func doseModeSwitch() {
        let typed = onRegimen.after(.type("4"), .key(.enter), .type("60"))
        #expect(typed.dose.text == "60")
        #expect(typed.contentTexts[7].hasSuffix("] units/kg"))
        let flat = typed.after(.key(.backTab), .key(.right))
        #expect(flat.focus == .doseMode)
        #expect(flat.doseMode == .flat)
        #expect(flat.dose.text == "")
        #expect(flat.contentTexts[6].hasPrefix("Dose entered as       ( ) units/kg per infusion  (*) total units per infusion (flat dose)"))
        #expect(flat.contentTexts.contains("Dose per infusion     [            ] units"))
        // Back to units/kg: cleared again; the same mode chosen again keeps the text.
        let typedFlat = flat.after(.key(.tab), .type("4200"), .key(.backTab))
        #expect(typedFlat.after(.key(.right)).dose.text == "4200")
        #expect(typedFlat.after(.type("2")).dose.text == "4200")
        let perKg = typedFlat.after(.key(.left))
        #expect(perKg.doseMode == .perKg)
        #expect(perKg.dose.text == "")
        #expect(typedFlat.after(.type("1")).doseMode == .perKg)
        #expect(typedFlat.after(.type(" ")).doseMode == .perKg)
        // A field error goes with the cleared text.
        let withError = onRegimen.after(.type("4"), .key(.enter), .key(.enter))
        #expect(withError.fieldErrors[.dose] == "Enter the dose.")
        #expect(withError.after(.key(.backTab), .type("2")).fieldErrors[.dose] == nil)
    }

    // MARK: Dose field

    @Test("letters and other characters are refused in the dose field", arguments: ["a", "u", "k", "g", " ", "-", "/", "e"])
    func doseRefusesLetters(character: String) {
        let state = onRegimen.after(.type("4"), .key(.enter), .type("60"), .type(character))
        #expect(state.dose.text == "60")
        #expect(state.message == "Only digits and one decimal separator (\".\" or \",\") can be typed here.")
    }

    @Test("a second decimal separator is refused in the dose field", arguments: ["2.5.", "2.5,", "2,5,", "2,5."])
    func doseSecondSeparator(typed: String) {
        let state = onRegimen.after(.type("4"), .key(.enter), .type(typed))
        #expect(state.dose.text == String(typed.dropLast()))
        #expect(state.message == "Only one decimal separator can be typed.")
    }

    @Test("a comma is a decimal separator")
    func doseComma() {
        let state = onRegimen.after(.type("1"), .key(.enter), .type("2,5"), .key(.enter))
        #expect(state.step == .vials)
        #expect(state.derived.dose == .success(.perKg(Tenths(tenths: 25))))
        #expect(state.derived.plan?.prescribedDose == 175)
    }

    @Test("dose validation messages next to the field",
          arguments: [
              (false, "", "Enter the dose."),
              (false, "0", "Dose must be more than 0 units/kg. " + perKgHelp),
              (false, "60.25", "Dose: \"60.25\" has more than one decimal (no thousands separators). " + perKgHelp),
              (false, "1,000", "Dose: \"1,000\" has more than one decimal (no thousands separators). " + perKgHelp),
              (false, "60.", "Dose: \"60.\" needs a digit after the decimal point. " + perKgHelp),
              (false, ".5", "Dose: \".5\" needs a digit before the decimal point (write 0.5, not .5). " + perKgHelp),
              (false, "123456", "Dose: \"123456\" is far too large. " + perKgHelp),
              (true, "4200.5", "Total dose: \"4200.5\" has decimals; whole units only. " + flatHelp),
              (true, "0", "Total dose must be more than 0 units. " + flatHelp),
              (true, "4,200", "Total dose: \"4,200\" has a separator; type whole units with no thousands separator. " + flatHelp),
          ])
    func doseErrors(flat: Bool, text: String, error: String) {
        let strokes: [Stroke] = [.type("4"), .key(.enter)] + (flat ? [.key(.backTab), .type("2"), .key(.enter)] : [])
        let state = onRegimen.after(strokes + [.type(text), .key(.enter)])
        #expect(state.step == .regimen)
        #expect(state.focus == .dose)
        #expect(state.fieldErrors[.dose] == error)
        #expect(state.contentTexts[8] == "! " + error)
        #expect(state.screenText.contains("! " + String(error.prefix(30))))
    }

    // MARK: Computed lines and limits

    @Test("per infusion, per 4 weeks and the two-week equivalent against the label's range",
          arguments: [
              ("70", "4", "60", false, ["Per infusion      4,200 units (60 units/kg x 70 kg)",
                                        "Per 4 weeks       8,400 units (2 infusions)",
                                        "Two-week equiv.   60 units/kg; label's initial range 15 to 60 units/kg: within"]),
              ("20", "1", "2.5", false, ["Per infusion      50 units (2.5 units/kg x 20 kg)",
                                         "Per 4 weeks       600 units (12 infusions)",
                                         "Two-week equiv.   15 units/kg; label's initial range 15 to 60 units/kg: within"]),
              // A flat dose says so, with units/kg to as many decimals as keep it from a round figure.
              ("70", "4", "4000", true, ["Per infusion      4,000 units (flat dose; 57.14 units/kg at 70 kg)",
                                         "Per 4 weeks       8,000 units (2 infusions)",
                                         "Two-week equiv.   57.1 units/kg; label's initial range 15 to 60 units/kg: within"]),
              // 60.0142... units/kg: never shown as the limit 60 it is above.
              ("70", "4", "4201", true, ["Per infusion      4,201 units (flat dose; 60.01 units/kg at 70 kg)",
                                         "Per 4 weeks       8,402 units (2 infusions)",
                                         "Two-week equiv.   60.01 units/kg; label's initial range 15 to 60 units/kg: OUTSIDE"]),
              // 0.0142... units/kg: never shown as 0.
              ("70", "4", "1", true, ["Per infusion      1 unit (flat dose; 0.01 units/kg at 70 kg)",
                                      "Per 4 weeks       2 units (2 infusions)",
                                      "Two-week equiv.   0.01 units/kg; label's initial range 15 to 60 units/kg: OUTSIDE"]),
              ("70", "4", "80", false, ["Per infusion      5,600 units (80 units/kg x 70 kg)",
                                        "Per 4 weeks       11,200 units (2 infusions)",
                                        "Two-week equiv.   80 units/kg; label's initial range 15 to 60 units/kg: OUTSIDE"]),
          ])
    func regimenLines(weight: String, frequency: Character, dose: String, flat: Bool, lines: [String]) {
        let state = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: weight)
                                              + [.type(String(frequency)), .key(.enter)]
                                              + (flat ? [.key(.backTab), .type("2"), .key(.enter)] : [])
                                              + [.type(dose)])
        #expect(state.step == .regimen)
        let texts = state.contentTexts
        let start = texts.firstIndex { $0.hasPrefix("Per infusion") }
        #expect(start != nil)
        if let start { #expect(Array(texts[start..<min(start + 3, texts.count)]) == lines) }
    }

    @Test("before the dose is valid a placeholder says where the numbers will appear")
    func placeholder() {
        #expect(onRegimen.contentTexts.last == "The dose per infusion, per 4 weeks and the two-week equivalent appear here.")
    }

    @Test("a two-week equivalent above 240 units/kg is an error that blocks the step",
          arguments: [("3", "480", "960 units/kg"), ("3", "120.1", "240.2 units/kg"), ("1", "40.1", "240.6 units/kg")])
    func aboveHardMaximum(frequency: Character, dose: String, twoWeek: String) {
        let state = onRegimen.after(.type(String(frequency)), .key(.enter), .type(dose), .key(.enter))
        let error = "This order is \(twoWeek) per 2 weeks, above the largest dose reported (240 units/kg per 2 weeks). Check the dose, the unit (units/kg or units) and the frequency."
        #expect(state.step == .regimen)
        #expect(state.focus == .dose)
        #expect(state.contentTexts.contains("! " + error))
        #expect(state.screenText.contains("! This order is \(twoWeek) per 2 weeks"))
        #expect(state.info(.dose)?.isComplete == false)
        #expect(!state.contentTexts.contains { $0.hasPrefix("Per infusion") })
        // Nothing gets past it: Enter again, or from the top of the step.
        #expect(state.after(.key(.enter)).step == .regimen)
        #expect(state.after(.key(.backTab), .key(.backTab), .key(.enter)).step == .regimen)
        #expect(state.after(.key(.backTab), .key(.backTab), .key(.enter)).focus == .dose)
    }

    @Test("exactly 240 units/kg per 2 weeks is accepted (with the above-range warning)")
    func atHardMaximum() {
        let state = onRegimen.after(.type("3"), .key(.enter), .type("120"), .key(.enter))
        #expect(state.step == .regimen)
        #expect(state.focus == .acknowledge(.twoWeekDoseAboveRange))
        #expect(state.after(Walk.acknowledge(1)).step == .vials)
    }

    @Test("a two-week equivalent below 15 or above 60 units/kg is a warning to acknowledge",
          arguments: [
              ("4", "5", FindingCode.twoWeekDoseBelowRange, "The two-week equivalent, 5 units/kg, is below the label's initial range of 15 to 60 units/kg per 2 weeks. Check the order with the prescriber."),
              ("4", "14.9", .twoWeekDoseBelowRange, "The two-week equivalent, 14.9 units/kg, is below the label's initial range of 15 to 60 units/kg per 2 weeks. Check the order with the prescriber."),
              ("4", "60.1", .twoWeekDoseAboveRange, "The two-week equivalent, 60.1 units/kg, is above the label's initial range of 15 to 60 units/kg per 2 weeks. Check the order with the prescriber."),
              ("4", "80", .twoWeekDoseAboveRange, "The two-week equivalent, 80 units/kg, is above the label's initial range of 15 to 60 units/kg per 2 weeks. Check the order with the prescriber."),
              ("5", "29", .twoWeekDoseBelowRange, "The two-week equivalent, 14.5 units/kg, is below the label's initial range of 15 to 60 units/kg per 2 weeks. Check the order with the prescriber."),
          ])
    func softTwoWeekLimits(frequency: Character, dose: String, code: FindingCode, text: String) {
        let state = onRegimen.after(.type(String(frequency)), .key(.enter), .type(dose), .key(.enter))
        #expect(state.step == .regimen)
        #expect(state.focus == .acknowledge(code))
        #expect(state.message == "Acknowledge the warning: move to it and press A.")
        #expect(state.contentTexts.contains("WARNING: " + text + " [press A to acknowledge]"))
        #expect(state.after(.key(.enter)).message == "Read the warning, then press A to acknowledge it.")
        #expect(state.after(.key(.enter)).step == .regimen)
        let done = state.after(.type("a"))
        #expect(done.acknowledged[code] == text)
        #expect(done.after(.key(.enter)).step == .vials)
    }

    @Test("the edges of the label's range give no warning", arguments: [("4", "15"), ("4", "60"), ("1", "2.5"), ("3", "30"), ("5", "120")])
    func withinRange(frequency: Character, dose: String) {
        let state = onRegimen.after(.type(String(frequency)), .key(.enter), .type(dose), .key(.enter))
        #expect(state.step == .vials)
        #expect(state.derived.findings(on: .regimen).isEmpty)
    }

    @Test("a flat dose is checked through its units/kg")
    func flatDoseLimits() {
        // 70 kg: 33,600 units weekly = 480 units/kg x 4 / 2 = 960 per 2 weeks.
        let blocked = onRegimen.after(.type("3"), .key(.enter), .key(.backTab), .type("2"), .key(.enter),
                                      .type("33600"), .key(.enter))
        #expect(blocked.step == .regimen)
        #expect(blocked.contentTexts.contains { $0.hasPrefix("! This order is 960 units/kg per 2 weeks") })
        // 500 units every 2 weeks = 7.1 units/kg: below the range.
        let low = onRegimen.after(Walk.regimen(dose: "500", flat: true))
        #expect(low.focus == .acknowledge(.twoWeekDoseBelowRange))
        #expect(low.derived.findings.first?.message.hasPrefix("The two-week equivalent, 7.1 units/kg, is below") == true)
    }

    @Test("a prescribed dose that rounds to 0 units can never be prepared or finished")
    func doseRoundingToZero() {
        // 2 kg x 0.1 units/kg = 0.2 units, which rounds to 0 units (R3). R2 requires a dose above 0.
        var state = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "2", acknowledge: 1)
                                              + Walk.regimen(dose: "0.1"))
        let stepsVisited = (0..<12).map { _ -> Step in
            state = state.after(.key(.enter))
            return state.step
        }
        #expect(state.outcome != .finished, "walked through with Enter: \(stepsVisited)")
        #expect(!stepsVisited.contains(.reconstitution), "walked through with Enter: \(stepsVisited)")
        // PreparationPlan.regimen refuses it: no regimen, no plan, no step after Regimen.
        #expect(stepsVisited.allSatisfy { $0 == .regimen }, "walked through with Enter: \(stepsVisited)")
        #expect(state.derived.plan == nil)
        #expect(state.info(.dose)?.isComplete == false)
        #expect(state.contentTexts.contains("! The prescribed dose rounds to 0 units. Check the dose and the weight."))
        #expect(!state.contentTexts.contains { $0.hasPrefix("Per infusion") })
    }
}
