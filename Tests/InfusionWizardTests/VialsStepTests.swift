import InfusionCalc
import Testing
@testable import InfusionWizard

/// Step 4: strengths on hand, the dose choice side by side (R4), the vial table (R5).
@Suite("Vials step")
struct VialsStepTests {
    let onVials = WizardState.fresh().after(Walk.regimenDone)

    @Test("the dose options: the exact dose first, then the whole-vial doses within 10%, nearest first")
    func doseOptions() throws {
        let info = try #require(onVials.info(.doseOption))
        guard case .choice(let options, let selected, let vertical, let hotkeys) = info.kind else {
            Issue.record("the dose options are not a choice: \(info.kind)")
            return
        }
        #expect(options == [
            "4,200 units  exact dose                        waste 0 units",
            "4,000 units  -4.8%; -400 units per 4 weeks     waste 0 units",
            "4,400 units  +4.8%; +400 units per 4 weeks     waste 0 units",
            "3,800 units  -9.5%; -800 units per 4 weeks     waste 0 units",
            "4,600 units  +9.5%; +800 units per 4 weeks     waste 0 units",
        ])
        #expect(selected == nil)
        #expect(vertical)
        #expect(hotkeys == ["1", "2", "3", "4", "5"])
        #expect(info.prompt == "Dose to prepare (prescribed 4,200 units)")
        #expect(onVials.derived.doseOptions.map(\.preparedDose) == [4200, 4000, 4400, 3800, 4600])
        #expect(onVials.contentTexts.contains("Dose to prepare (Up/Down, then Enter; nothing is rounded unless you pick it)"))
    }

    @Test("nothing is chosen silently: Enter without a choice asks for one; no vial table yet")
    func nothingChosen() {
        #expect(onVials.focus == .doseOption)
        #expect(onVials.doseChoice == nil)
        #expect(onVials.derived.chosenOptionIndex == nil)
        #expect(!onVials.contentTexts.contains { $0.hasPrefix("Vials for") })
        let state = onVials.after(.key(.enter))
        #expect(state.step == .vials)
        #expect(state.message == "Pick the dose to prepare and press Enter.")
        // Leaving the step any other way still needs the choice.
        let fromTop = onVials.after(.key(.backTab), .key(.backTab), .key(.enter))
        #expect(fromTop.step == .vials)
        #expect(fromTop.focus == .doseOption)
        #expect(fromTop.message == "Pick the dose to prepare and press Enter.")
    }

    @Test("picking the exact dose shows the vial table")
    func exactDoseTable() {
        let state = onVials.after(.type("1"))
        #expect(state.doseChoice == DoseChoice(prescribed: 4200, prepared: 4200))
        let texts = state.contentTexts
        let start = texts.firstIndex(of: "Vials for 4,200 units")
        #expect(start != nil)
        if let start {
            #expect(Array(texts[start...].prefix(5)) == [
                "Vials for 4,200 units",
                "  Strength     Vials   Water each   Volume in vial   Withdraw",
                "  400-unit     10      10.2 mL      10.6 mL          10 mL from a whole vial",
                "  200-unit     1       5.1 mL       5.3 mL           5 mL from a whole vial",
                "  11 vials, 4,200 units; waste 0 units",
            ])
        }
    }

    @Test("choosing a whole-vial option changes the prepared dose in the plan",
          arguments: [("2", 4000), ("3", 4400), ("4", 3800), ("5", 4600), ("1", 4200)])
    func wholeVialChoice(digit: String, prepared: Int) throws {
        let state = onVials.after(.type(digit))
        let plan = try #require(state.derived.plan)
        #expect(plan.prescribedDose == 4200)
        #expect(plan.preparedDose == prepared)
        #expect(state.doseChoice == DoseChoice(prescribed: 4200, prepared: prepared))
        #expect(state.contentTexts.contains("Vials for \(Display.units(prepared))"))
    }

    @Test("a rounded dose is on the record with both doses and the change")
    func roundedOnRecord() {
        let state = WizardState.fresh().after(Walk.regimenDone + Walk.vials(option: 2) + Walk.reconstitution(items: 3)
                                              + [.key(.enter), .key(.enter)])
        #expect(state.step == .summary)
        let lines = state.summaryLines()
        #expect(lines.contains("Prepared    4,000 units, rounded to whole vials from 4,200 units"))
        #expect(lines.contains("            -200 units (-4.8%) per infusion; 8,000 units per 4 weeks (-400 units)"))
        #expect(lines.contains("Vials       10 x 400-unit = 4,000 units; waste 0 units"))
        #expect(lines.contains("Drug volume 100 mL (4,000 units at 40 units/mL)"))
        #expect(lines.contains("Findings    NOTE: Prepared dose rounded to whole vials: 4,000 units instead of the prescribed 4,200 units (-4.8% per infusion; -400 units per 4 weeks)."))
    }

    @Test("Up / Down move through the options")
    func optionArrows() {
        #expect(onVials.after(.key(.down)).derived.plan?.preparedDose == 4200)
        #expect(onVials.after(.key(.down), .key(.down)).derived.plan?.preparedDose == 4000)
        #expect(onVials.after(.key(.down), .key(.down), .key(.down), .key(.up)).derived.plan?.preparedDose == 4000)
        #expect(onVials.after(.key(.up)).derived.plan?.preparedDose == 4600)
    }

    @Test("unticking both strengths blocks the step with a message")
    func noStrengthOnHand() {
        let state = onVials.after(.key(.backTab), .type(" "), .key(.backTab), .type("x"))
        #expect(state.policy.vialsOnHand.isEmpty)
        #expect(state.focus == .vialOnHand(400))
        #expect(state.contentTexts.contains("! Tick at least one vial strength on hand."))
        #expect(!state.controls.contains(.doseOption))
        #expect(state.derived.plan == nil)
        let next = state.after(.key(.enter))
        #expect(next.step == .vials)
        #expect(next.message == "Tick at least one vial strength on hand.")
        let again = next.after(.key(.enter))
        #expect(again.step == .vials)
        #expect(again.message == "Tick at least one vial strength on hand.")
    }

    @Test("with only 400-unit vials: 11 vials, 200 units of waste; the options follow the stock")
    func only400() throws {
        let state = onVials.after(.key(.backTab), .type(" "), .key(.tab), .type("1"))
        #expect(state.policy.vialsOnHand == [400])
        #expect(state.derived.doseOptions.map(\.preparedDose) == [4200, 4000, 4400])
        let plan = try #require(state.derived.plan)
        #expect(plan.vials.map { "\($0.count)x\($0.strength.units)" } == ["11x400"])
        #expect(plan.wasteUnits == 200)
        #expect(plan.withdrawalLines.last == "5 mL (200 units) from 1 x 400-unit vial (partial: discard the rest)")
        // No discontinued-strength note without the 200-unit vial.
        #expect(!state.contentTexts.contains { $0.hasPrefix("NOTE: The 200-unit vial") })
        #expect(state.after(.key(.enter)).step == .reconstitution)
    }

    @Test("the checkbox refuses other keys in words")
    func checkboxRefusal() {
        let state = onVials.after(.key(.backTab), .type("n"))
        #expect(state.policy.vialsOnHand == [400, 200])
        #expect(state.message == "\"n\" does nothing here: Space ticks or unticks.")
    }

    @Test("the 200-unit vial's discontinued note")
    func discontinuedNote() {
        #expect(onVials.contentTexts.contains("NOTE: 200-unit vials are discontinued (US, EU): check expiry."))
        #expect(onVials.contentTexts.contains("  [x] 200-unit vials (discontinued in the US and EU)"))
    }

    @Test("140 kg at 60 units/kg every 2 weeks: STOP on the Vials step, and Next is blocked")
    func tooMuchVolume() {
        let stop = "The dose does not fit the label's 200 mL maximum: the drug volume alone is 210 mL. Ask the pharmacist."
        let state = WizardState.fresh().after(Walk.toPatient + Walk.patient(weight: "140") + Walk.regimen() + Walk.vials(option: 1))
        #expect(state.step == .vials)
        #expect(state.message == "STOP: " + stop)
        #expect(state.contentTexts.contains("STOP: " + stop))
        #expect(state.limitState == .hard)
        #expect(state.screenLines[23].hasPrefix(" STOP "))
        #expect(state.screenText.contains("STOP: The dose does not fit the label's 200 mL maximum"))
        // The message row shows the whole sentence (it wraps onto the rule row).
        #expect(String(state.screenLines[21].dropFirst()) + " " + String(state.screenLines[22].dropFirst()) == "STOP: " + stop)
        #expect(state.after(.key(.enter)).step == .vials)
        #expect(state.after(.key(.enter)).message == "STOP: " + stop)
        // No Summary and no finish can be reached.
        var pushed = state
        for _ in 0..<10 { pushed = pushed.after(.key(.enter)) }
        #expect(pushed.step == .vials)
        #expect(pushed.outcome == .running)
    }

    @Test("a smaller whole-vial dose that fits the bag lifts the stop")
    func stopLiftedByWholeVialDose() throws {
        let state = WizardState.fresh().after(Walk.toPatient + Walk.patient(weight: "140") + Walk.regimen())
        let index = try #require(state.derived.doseOptions.firstIndex { $0.preparedDose == 7600 })
        let chosen = state.after(.choose(index), .key(.enter))
        #expect(chosen.derived.plan?.drugVolumeML == Tenths(whole: 190))
        #expect(!chosen.derived.findings.hasHardStop)
        // Rounding down past the 200 mL stop is allowed, but never quietly: a warning to acknowledge.
        #expect(chosen.step == .vials)
        #expect(chosen.focus == .acknowledge(.roundedToFitMaximumVolume))
        #expect(chosen.contentTexts.contains("WARNING: The prescribed 8,400 units would not fit the label's 200 mL maximum; only the whole-vial dose chosen does. Confirm this dose with the pharmacist. [press A to acknowledge]"))
        #expect(chosen.after(Walk.acknowledge(1)).step == .reconstitution)
    }
}
