import InfusionCalc
import Testing
@testable import InfusionWizard

/// End then Backspace until the focused field is empty (fields hold 12 characters).
let clearField: [Stroke] = [.key(.end)] + Array(repeating: .key(.backspace), count: 12)
let timeHelp = "Enter the time on the 24-hour clock as HH:MM, for example 09:30 or 14:05."

/// Step 5: the checklist per vial strength, the time of reconstitution, dilute-by.
@Suite("Reconstitution step")
struct ReconstitutionStepTests {
    let onStep = WizardState.fresh().after(Walk.vialsDone)
    static let items = ["water-400x10", "swirl-400x10", "inspect-400x10", "water-200x1", "swirl-200x1", "inspect-200x1"]
    /// From the first checklist item to the time field.
    static let toTime: [Stroke] = Array(repeating: .key(.tab), count: 6)

    @Test("the checklist per vial strength: Sterile Water (never sodium chloride), swirl, inspect, the volume in the vial")
    func checklist() {
        #expect(onStep.contentTexts == [
            "Reconstitute 10 x 400-unit vials",
            "  [ ] Add 10.2 mL Sterile Water for Injection to each vial (never sodium chloride)",
            "  [ ] Swirl gently to mix; do not shake",
            "  [ ] Inspect: clear and colourless; do not use a vial with opaque particles or discoloration",
            "  Each vial then holds 10.6 mL at 40 units/mL; a whole vial gives 10 mL (400 units).",
            "Reconstitute 1 x 200-unit vial",
            "  [ ] Add 5.1 mL Sterile Water for Injection to the vial (never sodium chloride)",
            "  [ ] Swirl gently to mix; do not shake",
            "  [ ] Inspect: clear and colourless; do not use a vial with opaque particles or discoloration",
            "  Each vial then holds 5.3 mL at 40 units/mL; a whole vial gives 5 mL (200 units).",
            "Reconstituted at      [14:05       ] 24-hour clock (from the computer clock)",
            "Then dilute by 02:05 the next day.",
        ])
        #expect(onStep.controls == Self.items.map(Control.checklist) + [.reconstitutionTime])
    }

    @Test("the time of reconstitution is prefilled from the clock")
    func prefilledTime() {
        #expect(onStep.reconstitutionTime.text == "14:05")
        #expect(onStep.derived.diluteBy?.text == "dilute by 02:05 the next day")
        #expect(onStep.screenText.contains("Then dilute by 02:05 the next day."))
        var other = WizardState(size: .minimum, now: ClockTime(hour: 8, minute: 30)!)
        other = other.after(Walk.vialsDone)
        #expect(other.reconstitutionTime.text == "08:30")
        #expect(other.contentTexts.last == "Then dilute by 20:30.")
    }

    @Test("every checklist item must be ticked before Next", arguments: 0..<6)
    func everyItemNeeded(left: Int) {
        var strokes: [Stroke] = []
        for index in 0..<6 { strokes += (index == left ? [] : [.type(" ")]) + [.key(.tab)] }
        let state = onStep.after(strokes)
        #expect(state.focus == .reconstitutionTime)
        #expect(state.ticked == Set(Self.items.enumerated().filter { $0.offset != left }.map(\.element)))
        let next = state.after(.key(.enter))
        #expect(next.step == .reconstitution)
        #expect(next.focus == .checklist(Self.items[left]))
        #expect(next.message == "Tick every reconstitution item when it is done.")
        let done = next.after(.type(" "), .key(.enter))
        #expect(done.step == .dilution)
    }

    @Test("Space and x tick and untick; Enter on an item goes to the next one still open")
    func ticking() {
        let ticked = onStep.after(.type(" "))
        #expect(ticked.ticked == ["water-400x10"])
        #expect(ticked.contentTexts[1] == "  [x] Add 10.2 mL Sterile Water for Injection to each vial (never sodium chloride)")
        #expect(ticked.after(.type(" ")).ticked.isEmpty)
        #expect(ticked.after(.type("x")).ticked.isEmpty)
        #expect(ticked.after(.type("X")).ticked.isEmpty)
        let moved = ticked.after(.key(.enter))
        #expect(moved.focus == .checklist("swirl-400x10"))
        #expect(moved.message == "Tick every reconstitution item when it is done.")
        #expect(moved.step == .reconstitution)
        let refused = onStep.after(.type("y"))
        #expect(refused.ticked.isEmpty)
        #expect(refused.message == "\"y\" does nothing here: Space ticks or unticks.")
    }

    @Test("invalid times give a field error and block the step",
          arguments: [
              ("25:00", "25:00", "Time \"25:00\" is not a valid time. " + timeHelp),
              ("14:60", "14:60", "Time \"14:60\" is not a valid time. " + timeHelp),
              ("24:00", "24:00", "Time \"24:00\" is not a valid time. " + timeHelp),
              ("9.30", "930", "Time \"930\" is not understood. " + timeHelp),
              ("9:3", "9:3", "Time \"9:3\" is not a valid time. " + timeHelp),
              ("", "", "Time \"\" is not understood. " + timeHelp),
          ])
    func invalidTime(typed: String, text: String, error: String) {
        let state = onStep.after(Self.toTime + clearField + [.type(typed), .key(.enter)])
        #expect(state.focus == .reconstitutionTime)
        #expect(state.reconstitutionTime.text == text)
        #expect(state.step == .reconstitution)
        #expect(state.fieldErrors[.reconstitutionTime] == error)
        #expect(state.contentTexts.contains("! " + error))
        #expect(state.derived.diluteBy == nil)
        #expect(!state.contentTexts.contains { $0.hasPrefix("Then dilute by") })
    }

    @Test("a decimal point cannot be typed in a time; nor a second colon")
    func timeRefusals() {
        let point = onStep.after(Self.toTime + clearField + [.type("9.")])
        #expect(point.reconstitutionTime.text == "9")
        #expect(point.message == "Only digits and \":\" can be typed here (24-hour clock, for example 14:05).")
        let colon = onStep.after(Self.toTime + clearField + [.type("12::")])
        #expect(colon.reconstitutionTime.text == "12:")
        #expect(colon.message == "Only one \":\" can be typed.")
    }

    @Test("\"9.30\" given whole (as the plain front end does) is refused on Enter")
    func pointInReplacedText() {
        let state = onStep.after(Self.toTime + [.text("9.30"), .key(.enter)])
        #expect(state.fieldErrors[.reconstitutionTime] == "Time \"9.30\" is not understood. " + timeHelp)
        #expect(state.step == .reconstitution)
    }

    @Test("an edited time recomputes dilute-by",
          arguments: [("9:30", "Then dilute by 21:30."), ("1405", "Then dilute by 02:05 the next day."),
                      ("23:59", "Then dilute by 11:59 the next day."), ("00:00", "Then dilute by 12:00."),
                      ("11:59", "Then dilute by 23:59.")])
    func editedTime(typed: String, line: String) {
        let state = onStep.after(Self.toTime + clearField + [.type(typed)])
        #expect(state.contentTexts.last == line)
    }

    @Test("with the EU rule the reconstituted vials are diluted at once")
    func euRule() {
        var state = WizardState.fresh()
        state.policy.reconstitutedStability = .euImmediately
        state = state.after(Walk.vialsDone)
        #expect(state.contentTexts.last == "Then dilute at once (do not store the reconstituted vials).")
    }

    @Test("an edited time is kept when going back and forth")
    func editedTimeKept() {
        let edited = onStep.after(Self.toTime + clearField + [.type("13:00")])
        let again = edited.after(.key(.escape), .key(.enter))
        #expect(again.step == .reconstitution)
        #expect(again.reconstitutionTime.text == "13:00")
    }
}

/// Step 6: withdrawals, drug volume, final volume choice, sodium chloride, time of dilution.
@Suite("Dilution step")
struct DilutionStepTests {
    let onStep = WizardState.fresh().after(Walk.reconstitutionDone)

    @Test("the dilution lines for the reference adult")
    func lines() {
        #expect(onStep.contentTexts == [
            "Withdraw (40 units/mL)",
            "  10 mL from each of 10 x 400-unit vials (whole)",
            "  5 mL from 1 x 200-unit vial (whole)",
            "Drug volume       105 mL (4,200 units)",
            "Final volume          (*) 150 mL  ( ) 200 mL  ",
            "Sodium chloride   add 45 mL 0.9% Sodium Chloride Injection to make 150 mL",
            "Mix gently; do not shake. Slight flocculation (thin translucent fibres) may occur after dilution: the in-line filter removes it.",
            "Do not infuse with other medicines in the same line.",
            "Diluted at            [14:05       ] 24-hour clock (from the computer clock)",
        ])
        #expect(onStep.dilutionTime.text == "14:05")
    }

    @Test("the final volume choice changes the sodium chloride",
          arguments: [
              ([Stroke.type("2")], 200, 95), ([.type("1")], 150, 45), ([.key(.right)], 200, 95),
              ([.key(.right), .key(.left)], 150, 45), ([.key(.left)], 150, 45), ([.key(.right), .key(.right)], 200, 95),
              ([.type(" ")], 200, 95),
          ])
    func finalVolume(strokes: [Stroke], final: Int, sodiumChloride: Int) throws {
        let state = onStep.after(strokes)
        let plan = try #require(state.derived.plan)
        #expect(plan.finalVolumeML == Tenths(whole: final))
        #expect(plan.sodiumChlorideML == Tenths(whole: sodiumChloride))
        #expect(state.contentTexts.contains("Sodium chloride   add \(sodiumChloride) mL 0.9% Sodium Chloride Injection to make \(final) mL"))
    }

    @Test("a larger bag is carried into the administration rate and the record")
    func finalVolumeCarried() {
        let state = onStep.after(.type("2"), .key(.enter), .key(.enter))
        #expect(state.step == .summary)
        #expect(state.summaryLines().contains("Bag         final volume 200 mL: add 95 mL 0.9% Sodium Chloride Injection"))
        #expect(state.summaryLines().contains("Infusion    120 min at 100 mL/h; no other medicines in the same line"))
    }

    @Test("low dose (20 kg, 2.5 units/kg 3 times a week): 1.3 mL, 100 mL bag, 98.7 mL sodium chloride")
    func lowDose() throws {
        let state = WizardState.fresh().after(Walk.toPatient + Walk.patient(weight: "20")
                                              + Walk.regimen(frequency: "1", dose: "2.5") + Walk.vials()
                                              + Walk.reconstitution(items: 3))
        #expect(state.step == .dilution)
        let plan = try #require(state.derived.plan)
        #expect(plan.preparedDose == 50)
        #expect(plan.wasteUnits == 150)
        #expect(plan.drugVolumeML == Tenths(tenths: 13))
        #expect(state.derived.finalVolumeChoices == [Tenths(whole: 100), Tenths(whole: 150), Tenths(whole: 200)])
        #expect(state.contentTexts.contains("Final volume          (*) 100 mL  ( ) 150 mL  ( ) 200 mL  "))
        #expect(state.contentTexts.contains("Sodium chloride   add 98.7 mL 0.9% Sodium Chloride Injection to make 100 mL"))
        #expect(state.contentTexts.contains("  1.3 mL (50 units) from 1 x 200-unit vial (partial: discard the rest)"))
        #expect(state.after(.type("3")).derived.plan?.sodiumChlorideML == Tenths(tenths: 1987))
    }

    @Test("a final volume equal to the drug volume leaves no sodium chloride: a warning to acknowledge",
          arguments: [("4000", 0, "1", 100), ("6000", 1, "1", 150), ("8000", 1, "", 200)])
    func noSodiumChloride(flatDose: String, twoWeekWarnings: Int, choice: String, final: Int) throws {
        // 70 kg, a flat dose every 2 weeks, exact dose (whole 400-unit vials): the drug volume
        // is exactly one of the bags. 8,000 units = 200 mL: the default bag is 200 mL (R7).
        let onDilution = WizardState.fresh().after(Walk.toPatient + Walk.patient()
                                                   + Walk.regimen(dose: flatDose, flat: true, acknowledge: twoWeekWarnings)
                                                   + Walk.vials() + Walk.reconstitution(items: 3))
        #expect(onDilution.step == .dilution)
        let state = onDilution.after(choice.isEmpty ? [] : [.type(choice)])
        let plan = try #require(state.derived.plan)
        #expect(plan.drugVolumeML == Tenths(whole: final))
        #expect(plan.finalVolumeML == Tenths(whole: final))
        #expect(plan.sodiumChlorideML == .zero)
        let text = "The drug volume fills the \(final) mL final volume: there is no sodium chloride to dilute with. Check with the pharmacist."
        #expect(state.contentTexts.contains("WARNING: " + text + " [press A to acknowledge]"))
        let next = state.after(.key(.enter))
        #expect(next.step == .dilution)
        #expect(next.focus == .acknowledge(.noSodiumChlorideToAdd))
        // With the 200 mL default the warning is there on entry and has the focus already.
        #expect(next.message == (choice.isEmpty ? "Read the warning, then press A to acknowledge it."
                                                : "Acknowledge the warning: move to it and press A."))
        #expect(next.after(Walk.acknowledge(1)).step == .administration)
    }

    @Test("the time of dilution is editable and checked")
    func dilutionTime() {
        let edited = onStep.after([.key(.tab)] + clearField + [.type("15:30"), .key(.enter)])
        #expect(edited.step == .administration)
        #expect(edited.contentTexts.contains("Infuse by         15:30 the next day; keep the bag at 2 to 8 degrees C, protected from light"))
        let invalid = onStep.after([.key(.tab)] + clearField + [.type("24:00"), .key(.enter)])
        #expect(invalid.step == .dilution)
        #expect(invalid.fieldErrors[.dilutionTime] == "Time \"24:00\" is not a valid time. " + timeHelp)
        #expect(invalid.contentTexts.contains("! Time \"24:00\" is not a valid time. " + timeHelp))
        // From the final volume, Enter also refuses to leave with an invalid time.
        let fromTop = invalid.after(.key(.backTab), .key(.enter))
        #expect(fromTop.step == .dilution)
        #expect(fromTop.focus == .dilutionTime)
    }
}

/// R9 on the entered times: a dilution more than 12 hours after the reconstitution stops the Dilute step.
@Suite("Dilution time STOP")
struct DilutionTimeStopTests {
    /// The reference adult to the Dilute step, reconstituted at 08:00 (the dilution time is prefilled 14:05).
    static let toDilutionAt8: [Stroke] = Walk.vialsDone + Array(repeating: [Stroke.type(" "), .key(.tab)], count: 6).flatMap { $0 }
        + clearField + [.type("08:00"), .key(.enter)]
    static let reconstitutedAt8 = WizardState.fresh().after(toDilutionAt8)
    static func diluting(at time: String) -> [Stroke] { [.key(.tab)] + clearField + [.type(time), .key(.enter)] }
    static func dilutedAt(_ time: String) -> WizardState { reconstitutedAt8.after(diluting(at: time)) }
    /// Strokes to the Dilute step stopped at 21:00 (a golden screen).
    static let stoppedAt21: [Stroke] = toDilutionAt8 + diluting(at: "21:00")
    static func stop(_ time: String, _ elapsed: String) -> String {
        "Diluted at \(time), \(elapsed) after reconstitution at 08:00: later than the 12 hours the vials keep. Do not use them; check both times, and ask the pharmacist."
    }

    @Test("the walk gets to the Dilute step with 08:00 and 14:05")
    func setUp() {
        let state = Self.reconstitutedAt8
        #expect(state.step == .dilution)
        #expect(state.reconstitutionTime.text == "08:00")
        #expect(state.dilutionTime.text == "14:05")
        #expect(state.limitState == nil)
    }

    @Test("diluted more than 12 hours after reconstitution: STOP on the Dilute step, and Next is blocked",
          arguments: [("21:00", "13 h 0 min"), ("20:01", "12 h 1 min"), ("07:59", "23 h 59 min"), ("00:30", "16 h 30 min")])
    func stopBlocksDilution(time: String, elapsed: String) {
        let stop = Self.stop(time, elapsed)
        let state = Self.dilutedAt(time)
        #expect(state.step == .dilution)
        #expect(state.dilutionTime.text == time)
        #expect(state.fieldErrors.isEmpty)
        #expect(state.message == "STOP: " + stop)
        #expect(state.contentTexts.contains("STOP: " + stop))
        #expect(state.derived.findings.contains { $0.code == .dilutedAfterDiluteBy && $0.severity == .hard })
        #expect(state.limitState == .hard)
        #expect(state.screenLines[23].hasPrefix(" STOP "))
        // Nothing gets past it: Enter again, from the top of the step, or many times.
        #expect(state.after(.key(.enter)).step == .dilution)
        #expect(state.after(.key(.enter)).message == "STOP: " + stop)
        #expect(state.after(.key(.backTab), .key(.enter)).step == .dilution)
        var pushed = state
        for _ in 0..<10 { pushed = pushed.after(.key(.enter)) }
        #expect(pushed.step == .dilution)
        #expect(pushed.outcome == .running)
    }

    @Test("diluted 12 hours or less after reconstitution goes on", arguments: ["20:00", "08:00", "19:59", "14:05"])
    func withinTwelveHours(time: String) {
        let state = Self.dilutedAt(time)
        #expect(state.step == .administration)
        #expect(!state.derived.findings.contains { $0.code == .dilutedAfterDiluteBy })
    }

    @Test("correcting either time lifts the STOP")
    func correctedTimes() {
        let stopped = Self.dilutedAt("21:00")
        let fixedDilution = stopped.after(clearField + [.type("19:00"), .key(.enter)])
        #expect(fixedDilution.step == .administration)
        // Or back to the Reconstitute step: its status line does not count the Dilute step's STOP.
        let back = stopped.after(.key(.escape))
        #expect(back.step == .reconstitution)
        #expect(back.limitState == nil)
        #expect(back.screenLines[23].hasPrefix(" OK "))
        let fixedReconstitution = back.after(ReconstitutionStepTests.toTime + clearField + [.type("10:00"), .key(.enter)])
        #expect(fixedReconstitution.reconstitutionTime.text == "10:00")
        #expect(fixedReconstitution.step == .dilution)
        #expect(fixedReconstitution.limitState == nil)
        #expect(fixedReconstitution.after(.key(.enter)).step == .administration)
    }

    @Test("a reconstitution more than 12 hours before the clock: the prefilled dilution time is a STOP at once")
    func prefilledTimeStops() {
        // Clock 14:05; reconstituted 01:00: the prefilled 14:05 is 13 h 5 min later.
        let state = WizardState.fresh().after(
            Walk.vialsDone + Array(repeating: [Stroke.type(" "), .key(.tab)], count: 6).flatMap { $0 }
                + clearField + [.type("01:00"), .key(.enter)])
        #expect(state.step == .dilution)
        let stop = "Diluted at 14:05, 13 h 5 min after reconstitution at 01:00: later than the 12 hours the vials keep. Do not use them; check both times, and ask the pharmacist."
        #expect(state.contentTexts.contains("STOP: " + stop))
        #expect(state.limitState == .hard)
        #expect(state.after(.key(.enter), .key(.enter), .key(.enter)).step == .dilution)
        // The stopped plan's record lists the STOP with the other findings.
        #expect(state.summaryLines().contains { $0.hasSuffix("STOP: " + stop) })
    }
}

/// Step 7: filter, duration, pump rate, dose rate against the cap, infuse-by, monitoring.
@Suite("Administration step")
struct AdministrationStepTests {
    let onStep = WizardState.fresh().after(Walk.dilutionDone)

    @Test("the administration lines for the reference adult")
    func lines() {
        #expect(onStep.contentTexts == [
            "Use an in-line, low protein-binding, 0.2 micron filter.",
            "Duration              ( ) 60 min  ( ) 90 min  (*) 120 min  ",
            "Pump rate         75 mL/h (150 mL over 120 min)",
            "Dose rate         0.5 units/kg/min; cap 1 unit/kg/min (later infusion): within the cap",
            "Infuse by         14:05 the next day; keep the bag at 2 to 8 degrees C, protected from light",
            "Monitor for hypersensitivity during and after the infusion. On a severe reaction stop the infusion and treat at once (epinephrine).",
        ])
    }

    @Test("duration choices change the pump rate and the dose rate",
          arguments: [
              ([Stroke.type("1")], 60, "Pump rate         150 mL/h (150 mL over 60 min)",
               "Dose rate         1 unit/kg/min; cap 1 unit/kg/min (later infusion): within the cap"),
              ([.type("2")], 90, "Pump rate         100 mL/h (150 mL over 90 min)",
               "Dose rate         0.67 units/kg/min; cap 1 unit/kg/min (later infusion): within the cap"),
              ([.key(.left)], 90, "Pump rate         100 mL/h (150 mL over 90 min)",
               "Dose rate         0.67 units/kg/min; cap 1 unit/kg/min (later infusion): within the cap"),
              ([.key(.right)], 120, "Pump rate         75 mL/h (150 mL over 120 min)",
               "Dose rate         0.5 units/kg/min; cap 1 unit/kg/min (later infusion): within the cap"),
              ([.key(.left), .key(.left), .key(.left)], 60, "Pump rate         150 mL/h (150 mL over 60 min)",
               "Dose rate         1 unit/kg/min; cap 1 unit/kg/min (later infusion): within the cap"),
          ])
    func durations(strokes: [Stroke], minutes: Int, pump: String, doseRate: String) {
        let state = onStep.after(strokes)
        #expect(state.chosenDuration == minutes)
        #expect(state.derived.plan?.durationMinutes == minutes)
        #expect(state.contentTexts[2] == pump)
        #expect(state.contentTexts[3] == doseRate)
        #expect(state.after(.key(.enter)).step == .summary)
    }

    /// 70 kg, first infusion, 80 units/kg every 2 weeks (two-week 80: acknowledged), exact dose.
    static let firstInfusionAt80: [Stroke] = Walk.toPatient + Walk.patient(firstInfusion: "y")
        + Walk.regimen(dose: "80", acknowledge: 1) + Walk.vials() + Walk.reconstitution(items: 3) + [.key(.enter)]
    static let rateStop = "The dose rate, 0.67 units/kg/min, is above the cap of 0.5 units/kg/min for a first infusion. Infuse over at least 160 min."
    static let longDuration = "A duration of 160 min is longer than the label's 1 to 2 hours. Check that the order asks for it."

    @Test("a first infusion at 80 units/kg is stopped by the rate cap until 160 min is chosen, which needs acknowledging")
    func rateCapStop() throws {
        let state = WizardState.fresh().after(Self.firstInfusionAt80)
        #expect(state.step == .administration)
        #expect(state.acknowledged.keys.sorted { $0.rawValue < $1.rawValue } == [.twoWeekDoseAboveRange])
        #expect(state.contentTexts.contains("STOP: " + Self.rateStop))
        #expect(state.contentTexts.contains("Dose rate         0.67 units/kg/min; cap 0.5 units/kg/min (first infusion): ABOVE the cap"))
        // The pump rate of the blocked default duration says why it cannot be used.
        #expect(state.contentTexts.contains("Pump rate         75 mL/h (150 mL over 120 min): too fast for the rate cap; choose a longer duration"))
        #expect(state.limitState == .hard)
        #expect(state.screenLines[23].hasPrefix(" STOP "))
        // Only durations long enough are offered; none is chosen for the nurse.
        #expect(state.derived.durationChoices == [160])
        #expect(state.contentTexts.contains("Duration              ( ) 160 min  "))
        #expect(state.focus == .duration)
        let blocked = state.after(.key(.enter))
        #expect(blocked.step == .administration)
        #expect(blocked.message == "Choose the duration.")

        let chosen = state.after(.type("1"))
        #expect(chosen.chosenDuration == 160)
        #expect(!chosen.contentTexts.contains("STOP: " + Self.rateStop))
        #expect(chosen.contentTexts.contains("Dose rate         0.5 units/kg/min; cap 0.5 units/kg/min (first infusion): within the cap"))
        #expect(chosen.contentTexts.contains("Pump rate         56.3 mL/h (150 mL over 160 min)"))
        #expect(!chosen.contentTexts.contains { $0.contains("too fast for the rate cap") })
        #expect(chosen.contentTexts.contains("WARNING: " + Self.longDuration + " [press A to acknowledge]"))
        #expect(chosen.limitState == .soft)

        let next = chosen.after(.key(.enter))
        #expect(next.step == .administration)
        #expect(next.focus == .acknowledge(.durationAboveMaximum))
        #expect(next.message == "Acknowledge the warning: move to it and press A.")
        #expect(next.after(.key(.enter)).message == "Read the warning, then press A to acknowledge it.")
        let done = next.after(.type("a"), .key(.enter))
        #expect(done.step == .summary)
        #expect(done.limitState == nil)
        let plan = try #require(done.derived.plan)
        #expect(plan.durationMinutes == 160)
        #expect(plan.pumpRateMLPerHour == Tenths(tenths: 563))
    }

    @Test("a later infusion at 80 units/kg is within the cap at 120 min")
    func laterInfusionWithinCap() {
        let state = WizardState.fresh().after(Walk.toPatient + Walk.patient() + Walk.regimen(dose: "80", acknowledge: 1)
                                              + Walk.vials() + Walk.reconstitution(items: 3) + [.key(.enter)])
        #expect(state.contentTexts.contains("Dose rate         0.67 units/kg/min; cap 1 unit/kg/min (later infusion): within the cap"))
        // 60 min would be 1.33 units/kg/min: not offered; the shortest allowed duration (80 min) is.
        #expect(state.derived.plan?.shortestAllowedDurationMinutes == 80)
        #expect(state.derived.durationChoices == [80, 90, 120])
        #expect(state.after(.key(.enter)).step == .summary)
    }
}

extension AdministrationStepTests {
    @Test("a dose rate just above the cap is shown with the decimals that keep it from reading as the cap")
    func rateJustAboveCap() {
        // 70 kg, first infusion, 60.1 units/kg every 2 weeks (two-week 60.1: acknowledged) over 120 min:
        // 0.50083 units/kg/min, which to 0.01 would read as the 0.5 cap itself.
        let state = WizardState.fresh().after(Walk.toPatient + Walk.patient(firstInfusion: "y")
                                              + Walk.regimen(dose: "60.1", acknowledge: 1) + Walk.vials()
                                              + Walk.reconstitution(items: 6) + [.key(.enter)])
        #expect(state.step == .administration)
        #expect(state.contentTexts.contains("Dose rate         0.501 units/kg/min; cap 0.5 units/kg/min (first infusion): ABOVE the cap"))
        #expect(state.contentTexts.contains { $0.hasPrefix("STOP: The dose rate, 0.501 units/kg/min, is above the cap of 0.5 units/kg/min for a first infusion.") })
        #expect(state.limitState == .hard)
        #expect(state.after(.key(.enter)).step == .administration)
    }
}

/// Step 8: the record on screen, confirm to finish.
@Suite("Summary step")
struct SummaryStepTests {
    let onStep = WizardState.fresh().after(Walk.administrationDone)

    static let referenceLines = [
        "IMIGLUCERASE (Cerezyme) PREPARATION PLAN",
        "Patient     70 kg; not a first infusion",
        "Order       60 units/kg every 2 weeks: 4,200 units per infusion",
        "            8,400 units per 4 weeks; 60 units/kg per 2 weeks (label 15 to 60)",
        "Prepared    4,200 units: the prescribed dose, not rounded",
        "Vials       10 x 400-unit + 1 x 200-unit = 4,200 units; waste 0 units",
        "Water       10.2 mL Sterile Water for Injection per 400-unit vial",
        "            5.1 mL Sterile Water for Injection per 200-unit vial",
        "            then 10.6 mL in each 400-unit vial, 5.3 mL in each 200-unit vial",
        "Withdraw    10 mL from each of 10 x 400-unit vials (whole)",
        "            5 mL from 1 x 200-unit vial (whole)",
        "Drug volume 105 mL (4,200 units at 40 units/mL)",
        "Bag         final volume 150 mL: add 45 mL 0.9% Sodium Chloride Injection",
        "Infusion    120 min at 75 mL/h; no other medicines in the same line",
        "Dose rate   0.5 units/kg/min (cap 1 unit/kg/min)",
        "Filter      in-line, low protein-binding, 0.2 micron filter",
        "Times       reconstituted 14:05; dilute by 02:05 the next day",
        "            diluted 14:05; infuse by 14:05 the next day",
        "            bag at 2 to 8 degrees C, protected from light",
        "Findings    NOTE: 200-unit vials are discontinued (US, EU): check expiry.",
    ]

    @Test("summaryLines are the plan's lines with the clock times")
    func summaryLines() throws {
        #expect(onStep.summaryLines() == Self.referenceLines)
        let plan = try #require(onStep.derived.plan)
        #expect(onStep.summaryLines() == plan.lines(times: ["reconstituted 14:05; dilute by 02:05 the next day",
                                                            "diluted 14:05; infuse by 14:05 the next day",
                                                            "bag at 2 to 8 degrees C, protected from light"]))
    }

    @Test("the screen shows the record (title on the bar) and the confirm button")
    func screen() {
        #expect(onStep.contentTexts == Array(Self.referenceLines.dropFirst()) + ["[ Confirm and finish ]"])
        #expect(onStep.focus == .finish)
        #expect(onStep.screenText.contains("> [ Confirm and finish ]"))
    }

    @Test("the reference adult's whole record and the button fit on one 80 x 24 screen")
    func fitsOneScreen() {
        let lines = onStep.screenLines
        #expect(lines.contains("> [ Confirm and finish ]"))
        #expect(lines[2] == "  Patient     70 kg; not a first infusion")
        #expect(!lines[21].contains("more"))
    }

    @Test("Enter on \"Confirm and finish\" finishes; after that keys do nothing")
    func finish() {
        let finished = onStep.after(.key(.enter))
        #expect(finished.outcome == .finished)
        #expect(finished.summaryLines() == Self.referenceLines)
        let after = finished.after(.key(.escape), .type("q"), .type("y"), .key(.enter))
        #expect(after == finished)
    }

    @Test("typing on the button is refused in words")
    func buttonRefusal() {
        let state = onStep.after(.type("y"))
        #expect(state.outcome == .running)
        #expect(state.message == "\"y\" does nothing here: press Enter.")
    }

    @Test("acknowledged warnings are listed on the record")
    func acknowledgedWarnings() {
        var state = WizardState.fresh().after(AdministrationStepTests.firstInfusionAt80 + [.type("1"), .key(.enter)] + Walk.acknowledge(1))
        #expect(state.step == .summary)
        let lines = state.summaryLines()
        let twoWeek = "The two-week equivalent, 80 units/kg, is above the label's initial range of 15 to 60 units/kg per 2 weeks. Check the order with the prescriber."
        #expect(Array(lines.suffix(2)) == [
            "Warnings    acknowledged: " + twoWeek,
            "            acknowledged: " + AdministrationStepTests.longDuration,
        ])
        #expect(lines.contains("Patient     70 kg; first infusion"))
        #expect(lines.contains("Infusion    160 min at 56.3 mL/h; no other medicines in the same line"))
        #expect(lines.contains("Dose rate   0.5 units/kg/min (cap 0.5 units/kg/min)"))
        #expect(lines.contains("Findings    WARNING: " + twoWeek))
        #expect(lines.contains("            WARNING: " + AdministrationStepTests.longDuration))
        #expect(state.contentTexts.contains("Warnings    acknowledged: " + twoWeek))
        state = state.after(.key(.enter))
        #expect(state.outcome == .finished)
    }

    @Test("patient warnings acknowledged on step 2 are on the record too")
    func patientWarningsOnRecord() {
        let state = WizardState.fresh().after(Walk.toPatient + Walk.patient(hypersensitivity: "y", alglucerase: "y", acknowledge: 2)
                                              + Walk.regimen() + Walk.vials() + Walk.reconstitution() + [.key(.enter), .key(.enter)])
        #expect(state.step == .summary)
        #expect(Array(state.summaryLines().suffix(2)) == [
            "Warnings    acknowledged: Previous hypersensitivity reaction: premedicate with antihistamines and/or corticosteroids as prescribed, and consider a slower rate.",
            "            acknowledged: Previous antibodies or reactions to alglucerase: use with caution and watch closely for hypersensitivity.",
        ])
    }
}
