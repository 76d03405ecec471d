import InfusionCalc
import Testing
@testable import InfusionWizard

/// Step 4: strengths on hand, the dose choice side by side (R4), the vial table (R5).
@Suite("Vials step")
struct VialsStepTests {
    /// 69.9 kg x 60 units/kg = 4,194 units: 10 x 400 + 1 x 200 leaves 6 units in a
    /// partial vial, so rounding is offered (R4 v2): the two neighbours, 4,000 and 4,200.
    let onVials = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "69.9") + Walk.regimen())

    @Test("the dose options: the exact dose first, then only the two neighbouring whole-vial doses within 10%")
    func doseOptions() throws {
        let info = try #require(onVials.info(.doseOption))
        guard case .choice(let options, let selected, let vertical, let hotkeys) = info.kind else {
            Issue.record("the dose options are not a choice: \(info.kind)")
            return
        }
        #expect(options == [
            "4,194 units  exact dose                        waste 6 units",
            "4,000 units  -4.6%; -388 units per 4 weeks     waste 0 units",
            "4,200 units  +0.1%; +12 units per 4 weeks      waste 0 units",
        ])
        #expect(selected == nil)
        #expect(vertical)
        #expect(hotkeys == ["1", "2", "3"])
        #expect(info.prompt == "Dose to prepare (prescribed 4,194 units)")
        #expect(onVials.derived.doseOptions.map(\.preparedDose) == [4194, 4000, 4200])
        #expect(onVials.contentTexts.contains("Dose to prepare (Up/Down, then Space or Enter; nothing is rounded unless you pick it)"))
        // The change column is padded to 34 characters, so the waste column lines up.
        #expect(options.allSatisfy { $0.dropFirst(13).prefix(34).count == 34 && $0.dropFirst(13 + 34).hasPrefix("waste ") })
    }

    /// Finding 2 (issue 7): 70 kg x 60 units/kg = 4,200 units = whole vials, no waste.
    @Test("70 kg at 60 units/kg: no rounding is offered, no dose list, the reason shown, 4,200 units prepared")
    func noRoundingAtZeroWaste() throws {
        let state = WizardState.fresh().after(Walk.regimenDone)
        #expect(state.step == .vials)
        #expect(state.derived.doseOptions.map(\.preparedDose) == [4200])
        #expect(!state.controls.contains(.doseOption))
        #expect(state.controls == [.vialOnHand(400), .vialOnHand(200), .vialLot(400), .vialExpiry(400), .vialLot(200), .vialExpiry(200)])
        #expect(!state.contentTexts.contains { $0.hasPrefix("Dose to prepare (Up/Down") })
        #expect(state.contentTexts.contains("Dose to prepare: 4,200 units, the prescribed dose"))
        #expect(state.contentTexts.contains("  The prescribed dose uses whole vials with no waste: no rounding is offered (R4)."))
        #expect(!state.screenText.contains("4,600 units") && !state.screenText.contains("3,800 units") && !state.screenText.contains("4,000 units"))
        // A digit chooses nothing; with the lots entered the step goes on with the prescribed dose.
        #expect(state.after(.key(.up), .type("5")).doseChoice == nil)
        let next = state.after(Walk.lots())
        #expect(next.step == .reconstitution)
        #expect(next.doseChoice == nil)
        #expect(next.derived.plan?.preparedDose == 4200)
        #expect(next.derived.plan?.vials.map { "\($0.count)x\($0.strength.units)" } == ["10x400", "1x200"])
    }

    @Test("nothing is chosen silently: no choice and no vial table on entry; leaving the step asks for the choice")
    func nothingChosen() {
        #expect(onVials.focus == .doseOption)
        #expect(onVials.doseChoice == nil)
        #expect(onVials.derived.chosenOptionIndex == nil)
        #expect(onVials.info(.doseOption)?.isComplete == false)
        #expect(!onVials.contentTexts.contains { $0.hasPrefix("Vials for") })
        // The cursor is on the exact dose; moving it shows nothing and chooses nothing.
        #expect(onVials.screenLines.first { $0.hasPrefix("> ") } == ">   ( ) 1  4,194 units  exact dose                        waste 6 units")
        let moved = onVials.after(.key(.down), .key(.down))
        #expect(moved.doseChoice == nil)
        #expect(moved.derived.chosenOptionIndex == nil)
        #expect(!moved.contentTexts.contains { $0.hasPrefix("Vials for") })
        // Leaving the step any other way still needs the choice.
        let fromTop = onVials.after(.key(.backTab), .key(.backTab), .key(.enter))
        #expect(fromTop.step == .vials)
        #expect(fromTop.focus == .doseOption)
        #expect(fromTop.message == "Pick the dose to prepare: its number, or Up/Down then Space.")
        #expect(fromTop.doseChoice == nil)
    }

    @Test("Enter on the list with nothing chosen and the cursor unmoved chooses nothing; 1 takes the exact dose")
    func enterChoosesExactDose() throws {
        let unchosen = onVials.after(.key(.enter))
        #expect(unchosen.doseChoice == nil)
        #expect(unchosen.step == .vials)
        #expect(unchosen.message == "Pick the dose to prepare: its number, or Up/Down then Space.")
        let state = onVials.after([.type("1"), .key(.enter)] + Walk.lots())
        #expect(state.doseChoice == DoseChoice(prescribed: 4194, prepared: 4194))
        #expect(state.step == .reconstitution)
        let plan = try #require(state.derived.plan)
        #expect(plan.preparedDose == 4194)
        #expect(!plan.findings.contains { $0.code == .doseRoundedToWholeVials })
        // Space chooses it too, and stays.
        let spaced = onVials.after(.type(" "))
        #expect(spaced.doseChoice == DoseChoice(prescribed: 4194, prepared: 4194))
        #expect(spaced.step == .vials)
        #expect(spaced.focus == .doseOption)
    }

    @Test("picking the exact dose shows the vial table")
    func exactDoseTable() {
        let state = onVials.after(.type("1"))
        #expect(state.doseChoice == DoseChoice(prescribed: 4194, prepared: 4194))
        let texts = state.contentTexts
        let start = texts.firstIndex(of: "Vials for 4,194 units")
        #expect(start != nil)
        if let start {
            #expect(Array(texts[start...].prefix(7)) == [
                "Vials for 4,194 units",
                "  Strength     Vials   Water each   Volume in vial",
                "  400-unit     10      10.2 mL      10.6 mL",
                "  200-unit     1       5.1 mL       5.3 mL",
                "  Withdraw 10 mL from each of 10 x 400-unit vials (whole)",
                "  Withdraw 4.9 mL (196 units) from 1 x 200-unit vial (partial: discard the rest)",
                "  11 vials, 4,200 units; waste 6 units",
            ])
        }
    }

    @Test("choosing a whole-vial option changes the prepared dose in the plan",
          arguments: [("2", 4000), ("3", 4200), ("1", 4194)])
    func wholeVialChoice(digit: String, prepared: Int) throws {
        let state = onVials.after(.type(digit))
        let plan = try #require(state.derived.plan)
        #expect(plan.prescribedDose == 4194)
        #expect(plan.preparedDose == prepared)
        #expect(state.doseChoice == DoseChoice(prescribed: 4194, prepared: prepared))
        #expect(state.contentTexts.contains("Vials for \(Display.units(prepared))"))
    }

    @Test("a rounded dose needs the authorising pharmacist's name (R4) and is on the record with both doses")
    func roundedOnRecord() throws {
        let chosen = onVials.after(Walk.vials(option: 2, lots: 0))
        // No protocol in the policy: the pharmacist's name is asked, and Next waits for it.
        #expect(chosen.step == .vials)
        #expect(chosen.focus == .roundingAuthorisedBy)
        #expect(chosen.after(.key(.enter)).step == .vials)
        #expect(chosen.after(.type("J"), .key(.enter)).fieldErrors[.roundingAuthorisedBy]
                == "\"J\" has fewer than 2 letters. Accepted: " + PersonName.accepted + ".")
        let state = chosen.after(.type("Jo Pharm"), .key(.enter)).completing(until: .summary)
        #expect(state.step == .summary)
        let lines = state.summaryLines()
        let prepared = try #require(lines.firstIndex(of: "Prepared    4,000 units, rounded to whole vials from 4,194 units"))
        #expect(Array(lines[prepared...].prefix(3)) == [
            "Prepared    4,000 units, rounded to whole vials from 4,194 units",
            "            -194 units (-4.6%) per infusion",
            "            8,000 units per 4 weeks (-388 units)",
        ])
        #expect(lines.contains("Vials       10 x 400-unit = 4,000 units; waste 0 units"))
        #expect(lines.contains("Drug volume 100 mL (4,000 units at 40 units/mL)"))
        #expect(lines.contains("Authorised  rounded dose: Jo Pharm"))
    }

    @Test("Up / Down move the cursor through the options without choosing; Space or Enter chooses")
    func optionArrows() throws {
        for strokes: [Stroke] in [[.key(.down)], [.key(.down), .key(.down)], [.key(.down), .key(.down), .key(.up)],
                                  Array(repeating: .key(.down), count: 9)] {
            let state = onVials.after(strokes)
            #expect(state.doseChoice == nil)
            #expect(state.derived.chosenOptionIndex == nil)
            // The plan stands at the prescribed dose until a choice is made.
            #expect(state.derived.plan?.preparedDose == 4194)
            #expect(state.step == .vials)
        }
        #expect(onVials.after(.key(.down), .key(.down)).highlight == 2)
        #expect(onVials.after(.key(.down), .key(.down)).screenLines.first { $0.hasPrefix("> ") }
                == ">   ( ) 3  4,200 units  +0.1%; +12 units per 4 weeks      waste 0 units")
        // Down + Enter picks the SECOND option, not the exact dose.
        let second = onVials.after(Walk.listByCursor(down: 1))
        #expect(second.doseChoice == DoseChoice(prescribed: 4194, prepared: 4000))
        #expect(second.step == .vials, "a rounded dose waits for the authorising pharmacist")
        #expect(second.focus == .roundingAuthorisedBy)
        #expect(onVials.after(.key(.down), .key(.down), .key(.up), .type(" ")).doseChoice
                == DoseChoice(prescribed: 4194, prepared: 4000))
        // Down at the last option: the list is the step's last control, so nothing moves and nothing is chosen.
        let bottom = onVials.after(Array(repeating: .key(.down), count: 9))
        #expect(bottom.highlight == 2)
        #expect(bottom.focus == .doseOption)
        // Up at the first option goes to the control above, without choosing.
        let up = onVials.after(.key(.up))
        #expect(up.focus == .vialOnHand(200))
        #expect(up.doseChoice == nil)
        #expect(up.policy.vialsOnHand == [400, 200])
        // Coming back, the cursor starts on the chosen option; moving it keeps the choice.
        let chosen = onVials.after(.type("2"), .key(.up), .key(.up), .key(.tab))
        #expect(chosen.focus == .doseOption)
        #expect(chosen.highlight == nil)
        #expect(chosen.screenLines.first { $0.hasPrefix("> ") } == ">   (*) 2  4,000 units  -4.6%; -388 units per 4 weeks     waste 0 units")
        let movedOff = chosen.after(.key(.down))
        #expect(movedOff.doseChoice == DoseChoice(prescribed: 4194, prepared: 4000))
        #expect(movedOff.highlight == 2)
        let plan = try #require(movedOff.derived.plan)
        #expect(plan.preparedDose == 4000)
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

    @Test("with only 400-unit vials: 11 vials, 206 units of waste; the options follow the stock")
    func only400() throws {
        let state = onVials.after(.key(.backTab), .type(" "), .key(.tab), .type("1"))
        #expect(state.policy.vialsOnHand == [400])
        #expect(state.derived.doseOptions.map(\.preparedDose) == [4194, 4000, 4400])
        let plan = try #require(state.derived.plan)
        #expect(plan.vials.map { "\($0.count)x\($0.strength.units)" } == ["11x400"])
        #expect(plan.wasteUnits == 206)
        // R6 v2: 194 units is 4.85 mL, drawn as 4.9 mL, which holds 196 units.
        #expect(plan.withdrawalLines.last == "4.9 mL (196 units) from 1 x 400-unit vial (partial: discard the rest)")
        // No discontinued-strength note without the 200-unit vial.
        #expect(!state.contentTexts.contains { $0.hasPrefix("NOTE: The 200-unit vial") })
        #expect(state.after([.key(.enter)] + Walk.lots(1)).step == .reconstitution)
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
        let state = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "140") + Walk.regimen() + Walk.vials(option: 1, lots: 0))
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

    /// Finding 1 (issue 7): no dose option, chosen by any means, lifts the 200 mL stop (R4, R7).
    @Test("140 kg at 60 units/kg: 8,400 units is whole vials, no dose list, and no whole-vial dose lifts the stop")
    func noDoseLiftsTheStop() throws {
        let stop = "The dose does not fit the label's 200 mL maximum: the drug volume alone is 210 mL. Ask the pharmacist."
        let state = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "140") + Walk.regimen())
        #expect(state.step == .vials)
        #expect(state.derived.doseOptions.count == 1, "8,400 units = 21 whole vials: no rounding offered")
        #expect(!state.controls.contains(.doseOption))
        // Every way of choosing is refused: a digit, Space, Down then Enter, the plain choose.
        for strokes in [[Stroke.type("2")], [.type("3")], [.key(.down), .type(" ")], [.choose(1)], [.key(.down), .key(.enter)]] {
            let tried = state.after(strokes + [.key(.enter)])
            #expect(tried.step == .vials)
            #expect(tried.message == "STOP: " + stop)
            #expect(tried.derived.plan?.preparedDose == 8400)
        }
        // Even a whole-vial dose forced into the state (one that fits: 7,600 units, 190 mL)
        // leaves the prescribed dose's stop standing.
        for prepared in [7600, 8000, 8800] {
            var forced = state
            forced.doseChoice = DoseChoice(prescribed: 8400, prepared: prepared)
            #expect(forced.derived.findings.contains { $0.code == .drugVolumeAboveMaximum && $0.severity == .hard }, "\(prepared)")
            let pushed = forced.after(.key(.enter), .key(.enter))
            #expect(pushed.step == .vials)
            #expect(pushed.message?.hasPrefix("STOP: ") == true)
        }
    }

    @Test("the vial table shows the partial vial's real draw, never a whole vial's")
    func partialVialDraw() throws {
        // 69.9 kg x 60 units/kg = 4,194 units.
        let onStep = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "69.9") + Walk.regimen())
        let both = onStep.after(.type("1"))
        var texts = both.contentTexts
        var start = try #require(texts.firstIndex(of: "Vials for 4,194 units"))
        #expect(Array(texts[start...].prefix(7)) == [
            "Vials for 4,194 units",
            "  Strength     Vials   Water each   Volume in vial",
            "  400-unit     10      10.2 mL      10.6 mL",
            "  200-unit     1       5.1 mL       5.3 mL",
            "  Withdraw 10 mL from each of 10 x 400-unit vials (whole)",
            "  Withdraw 4.9 mL (196 units) from 1 x 200-unit vial (partial: discard the rest)",
            "  11 vials, 4,200 units; waste 6 units",
        ])
        // Only 400-unit vials: the eleventh gives 4.9 mL, which holds 196 units (R6 v2).
        let only400 = onStep.after(.key(.backTab), .type(" "), .key(.tab), .type("1"))
        #expect(only400.policy.vialsOnHand == [400])
        texts = only400.contentTexts
        start = try #require(texts.firstIndex(of: "Vials for 4,194 units"))
        #expect(Array(texts[start...].prefix(6)) == [
            "Vials for 4,194 units",
            "  Strength     Vials   Water each   Volume in vial",
            "  400-unit     11      10.2 mL      10.6 mL",
            "  Withdraw 10 mL from each of 10 x 400-unit vials (whole)",
            "  Withdraw 4.9 mL (196 units) from 1 x 400-unit vial (partial: discard the rest)",
            "  11 vials, 4,400 units; waste 206 units",
        ])
        // The table says what the Dilute step and the record say.
        let plan = try #require(only400.derived.plan)
        #expect(texts.filter { $0.hasPrefix("  Withdraw ") } == plan.withdrawalLines.map { "  Withdraw " + $0 })
        #expect(!texts.contains { $0.contains("from a whole vial") })
        #expect(only400.screenText.contains("Withdraw 4.9 mL (196 units) from 1 x 400-unit vial (partial: discard"))
    }

    @Test("a last vial whose draw rounds to 0 mL is a warning to acknowledge (26.7 kg x 15 units/kg = 401 units)")
    func partialVialNotMeasurable() throws {
        let state = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "26.7") + Walk.regimen(dose: "15") + Walk.vials())
        let plan = try #require(state.derived.plan)
        #expect(plan.preparedDose == 401)
        #expect(state.step == .vials)
        #expect(state.focus == .acknowledge(.partialVialNotMeasurable))
        #expect(state.message == "Acknowledge the warning: move to it and press A.")
        let text = "The last 200-unit vial would give only 1 unit, less than 0.05 mL: it cannot be measured, and the vial is opened for nothing. Check with the pharmacist; a whole-vial dose may fit."
        #expect(state.contentTexts.contains("WARNING: " + text + " [press A to acknowledge]"))
        #expect(state.contentTexts.contains("  Withdraw 0 mL (0 units) from 1 x 200-unit vial (partial: discard the rest)"))
        #expect(state.limitState == .soft)
        #expect(state.after(.key(.enter)).step == .vials)
        let done = state.after(Walk.acknowledge(1))
        #expect(done.step == .reconstitution)
        #expect(done.acknowledged[.partialVialNotMeasurable] == text)
        // The whole-vial dose offered instead (400 units, 1 vial) has no such warning.
        let whole = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "26.7") + Walk.regimen(dose: "15") + Walk.vials(option: 2, lots: 0)
                                              + [.type("Jo Pharm"), .key(.enter)] + Walk.lots(1))
        #expect(whole.derived.plan?.preparedDose == 400)
        #expect(!whole.derived.findings.contains { $0.code == .partialVialNotMeasurable })
        #expect(whole.step == .reconstitution)
    }

    @Test("a dose under 0.05 mL (flat 1 unit) is a STOP on the Vials step")
    func doseTooSmallToMeasure() {
        let stop = "1 unit is less than 0.05 mL at 40 units/mL: it cannot be measured. Check the order with the prescriber."
        let onStep = WizardState.fresh().after(Walk.toWeight + Walk.patient() + Walk.regimen(dose: "1", flat: true, acknowledge: 1))
        #expect(onStep.step == .vials)
        #expect(onStep.contentTexts.contains("STOP: " + stop))
        #expect(onStep.limitState == .hard)
        let state = onStep.after(Walk.vials(lots: 0))
        #expect(state.step == .vials)
        #expect(state.message == "STOP: " + stop)
        #expect(state.screenLines[23].hasPrefix(" STOP "))
        var pushed = state
        for _ in 0..<10 { pushed = pushed.after(.key(.enter)) }
        #expect(pushed.step == .vials)
        #expect(pushed.outcome == .running)
        // The STOP belongs to the Vials step: on the Regimen step the status line does not count it.
        let regimen = onStep.after(.key(.escape))
        #expect(regimen.step == .regimen)
        #expect(regimen.limitState == nil)
        #expect(regimen.screenLines[23].hasPrefix(" OK "))
    }

    @Test("a site tolerance above 10% makes a rounded dose a warning to acknowledge")
    func roundingToleranceAboveAdvised() throws {
        var policy = SitePolicy.standard
        policy.roundingTolerancePercent = Tenths(whole: 15)
        let start = WizardState(policy: policy, size: .minimum, now: Clock.now)
        let onStep = start.after(Walk.toWeight + Walk.patient(weight: "69.9") + Walk.regimen())
        let text = "The rounding tolerance, 15%, is above the 10% usually accepted: confirm the whole-vial dose with the pharmacist."
        // The exact dose is not rounded: no warning.
        let exact = onStep.after(Walk.vials(option: 1))
        #expect(exact.step == .reconstitution)
        #expect(!exact.derived.findings.contains { $0.code == .roundingToleranceAboveAdvised })
        // A whole-vial dose is.
        let rounded = onStep.after(Walk.vials(option: 2, lots: 0) + [.type("Jo Pharm"), .key(.enter)] + Walk.lots(1))
        #expect(rounded.derived.plan?.preparedDose == 4000)
        #expect(rounded.step == .vials)
        #expect(rounded.focus == .acknowledge(.roundingToleranceAboveAdvised))
        #expect(rounded.contentTexts.contains("WARNING: " + text + " [press A to acknowledge]"))
        #expect(rounded.after(Walk.acknowledge(1)).step == .reconstitution)
        // At the standard 10% there is no such warning.
        #expect(!WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "69.9") + Walk.regimen() + Walk.vials(option: 2)).derived.findings
            .contains { $0.code == .roundingToleranceAboveAdvised })
    }

    @Test("the status line counts only the findings of the steps reached: 140 kg is OK on Regimen, STOP on Vials")
    func statusCountsStepsReached() {
        let regimen = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "140") + [.type("4"), .key(.enter), .type("60")])
        #expect(regimen.step == .regimen)
        // The plan exists (the exact dose stands in) and has the 210 mL STOP, which belongs to Vials.
        #expect(regimen.derived.findings.contains { $0.code == .drugVolumeAboveMaximum })
        #expect(regimen.limitState == nil)
        #expect(regimen.screenLines[23].hasPrefix(" OK "))
        let vials = regimen.after(.key(.enter))
        #expect(vials.step == .vials)
        #expect(vials.limitState == .hard)
        #expect(vials.screenLines[23].hasPrefix(" STOP "))
    }
}

/// Section 9 (review): the Vials step offers only the strengths the site policy stocks.
@Suite("Vials on hand follow the site policy")
struct SiteVialStrengthTests {
    @Test("a policy with 400-unit vials only: no 200-unit box to tick, so no unlisted strength (and no GTIN check skipped)")
    func onlyTheSiteStrengths() {
        var policy = SitePolicy.standard
        policy.vialsOnHand = [400]
        let state = WizardState(policy: policy, size: .minimum, now: Clock.now).after(Walk.regimenDone)
        #expect(state.step == .vials)
        #expect(state.controls.contains(.vialOnHand(400)))
        #expect(!state.controls.contains(.vialOnHand(200)))
        #expect(!state.contentTexts.contains { $0.contains("200-unit vials") })
        // Forcing the focus on an unlisted strength adds nothing.
        var forced = state
        forced.focus = .vialOnHand(200)
        #expect(!forced.after(.type(" ")).policy.vialsOnHand.contains(200))
    }
}

/// R10 (review): with a prefilled bag, the volume removed is a confirmation of its own.
@Suite("A prefilled bag's removal is done, not read")
struct PrefilledBagConfirmationTests {
    @Test("a prefilled 250 mL bag: 'remove ... and discard' is ticked on the Dilute step and recorded with its figures")
    func removalConfirmed() throws {
        var policy = SitePolicy.standard
        policy.bagMethod = .prefilled
        policy.prefilledBags = [PrefilledBag(nominalML: Tenths(whole: 250), overfillML: Tenths(whole: 20))]
        let state = WizardState(policy: policy, size: .minimum, now: Clock.now).after(Walk.reconstitutionDone)
        #expect(state.step == .dilution)
        let plan = try #require(state.derived.plan)
        let bag = try #require(plan.bag)
        let remove = try #require(bag.removeML)
        // R10: 250 + 20 + 105 - 150 = 225 mL removed.
        #expect(remove == Tenths(whole: 225))
        let ids = plan.confirmations(for: .dilution).map(\.id)
        #expect(ids.contains(.sodiumChlorideRemoved(millilitres: remove, bag: Tenths(whole: 250))))
        #expect(!ids.contains { if case .sodiumChlorideAdded = $0 { true } else { false } })
        #expect(state.contentTexts.contains { $0.contains("225 mL removed from the 250 mL 0.9% Sodium Chloride Injection bag and discarded") })
        let done = state.completingStep()
        #expect(done.step == .administration)
        #expect(ConfirmationID.sodiumChlorideRemoved(millilitres: remove, bag: Tenths(whole: 250)).summary
                == "225 mL removed from the 250 mL bag and discarded, drug added")
    }
}
