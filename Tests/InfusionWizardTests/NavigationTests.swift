import InfusionCalc
import Testing
@testable import InfusionWizard

/// The entries a user made, to compare before and after navigation.
struct Entries: Equatable {
    let weight: String, confirmedPounds: String?
    let answers: [Bool?]
    let frequency: Frequency?, doseMode: DoseMode, dose: String
    let doseChoice: DoseChoice?, vialsOnHand: Set<Int>, confirmed: [ConfirmationID: [Instant]]
    let confirmationFields: [ConfirmationID: TextField], authorisedBy: String, otherDuration: String
    let reconstitutionTime: String, finalVolume: Tenths?, dilutionTime: String, duration: Int?
    let acknowledged: [FindingCode: String]

    init(_ state: WizardState) {
        weight = state.weight.text
        confirmedPounds = state.confirmedPoundsText
        answers = [state.atLeastTwoYears, state.firstInfusion, state.previousHypersensitivity, state.previousAlglucerase]
        frequency = state.frequency
        doseMode = state.doseMode
        dose = state.dose.text
        doseChoice = state.doseChoice
        vialsOnHand = state.policy.vialsOnHand
        confirmed = state.confirmed
        confirmationFields = state.confirmationFields
        authorisedBy = state.roundingAuthorisedBy.text
        otherDuration = state.otherDuration.text
        reconstitutionTime = state.reconstitutionTime.text
        finalVolume = state.chosenFinalVolume
        dilutionTime = state.dilutionTime.text
        duration = state.chosenDuration
        acknowledged = state.acknowledged
    }
}

@Suite("Back and forth")
struct BackAndForthTests {
    /// A preparation with something changed on every step: lb weight, warnings, a
    /// whole-vial dose, a larger bag, a shorter duration, edited times.
    static let fullWalk: [Stroke] = Walk.toWeight
        + Walk.patient(weight: "154 lb", confirmPounds: true, hypersensitivity: "y", acknowledge: 1)
        // 4,194 units: the 4,000-unit neighbour, authorised by a pharmacist (R4).
        + Walk.regimen() + Walk.vials(option: 2, lots: 0) + [.type("Jo Pharm"), .key(.enter)] + Walk.lots(1)
        // The first reconstitution at 13:50 (the field is first, prefilled 14:05).
        + [.key(.backTab)] + clearField + [.type("13:50"), .key(.tab)]
        + Walk.reconstitution(vials: [10])
        // Withdrawals and the total, then the 200 mL bag, the dilution at 14:00, the ticks.
        + Array(repeating: Stroke.type(" "), count: 10) + [.key(.enter), .type("100"), .key(.enter)]
        // 100 mL of drug: 100, 150 or 200 mL; the third.
        + [.key(.backTab), .type("3"), .key(.tab), .key(.tab), .key(.tab)] + clearField + [.type("14:00")]
        + [.key(.backTab), .key(.backTab), .type(" "), .key(.enter), .type(" "), .key(.enter)]
        // After a previous reaction no duration is preselected: 90 min chosen; 200 mL over 90 min.
        + [.type("2"), .key(.enter)] + Walk.administration(rate: "133.3")

    @Test("the full walk arrives on the summary with every entry")
    func fullWalkArrives() throws {
        let state = WizardState.fresh().after(Self.fullWalk)
        #expect(state.step == .summary)
        #expect(state.message == nil)
        let plan = try #require(state.derived.plan)
        // 69.9 kg x 60 = 4,194 units prescribed; 4,000 units (10 x 400) prepared.
        #expect(plan.prescribedDose == 4194)
        #expect(plan.preparedDose == 4000)
        #expect(plan.finalVolumeML == Tenths(whole: 200))
        #expect(plan.durationMinutes == 90)
        #expect(plan.pumpRateMLPerHour == Tenths(tenths: 1333))
        let lines = state.summaryLines()
        #expect(lines.contains("Times       first reconstitution 2026-11-29 13:50"))
        #expect(lines.contains("            diluted 2026-11-29 14:00 (10 min after reconstitution)"))
        #expect(lines.contains("Authorised  rounded dose: Jo Pharm"))
    }

    @Test("Esc goes back one step from every step; Esc on Start asks before quitting")
    func escapeGoesBack() {
        for (step, strokes) in Walk.onEachStep {
            let state = WizardState.fresh().after(strokes + [.key(.escape)])
            if let previous = step.previous {
                #expect(state.step == previous)
                #expect(!state.confirmingQuit)
            } else {
                #expect(state.step == .start)
                #expect(state.confirmingQuit)
            }
        }
    }

    @Test("going back with Esc to the start keeps every entry; Enter on each step comes back to the same summary")
    func backToStartAndForward() {
        let summary = WizardState.fresh().after(Self.fullWalk)
        var state = summary
        for expected in [Step.administration, .dilution, .reconstitution, .vials, .regimen, .patient, .start] {
            state = state.after(.key(.escape))
            #expect(state.step == expected)
            #expect(Entries(state) == Entries(summary))
        }
        for expected in [Step.patient, .regimen, .vials, .reconstitution, .dilution, .administration, .summary] {
            state = state.after(.key(.enter))
            #expect(state.step == expected)
            #expect(state.message == nil)
        }
        #expect(Entries(state) == Entries(summary))
        #expect(state.summaryLines() == summary.summaryLines())
    }

    @Test("an earlier change recomputes everything after it")
    func recomputation() throws {
        let summary = WizardState.fresh().after(Walk.administrationDone)
        // Back to the regimen, dose 60 -> 30 units/kg.
        let changed = summary.after([.key(.escape), .key(.escape), .key(.escape), .key(.escape), .key(.escape),
                                     .key(.tab), .key(.tab)] + clearField + [.type("30"), .key(.enter)])
        #expect(changed.step == .vials)
        #expect(changed.derived.regimen.flatMap { try? $0.get() }?.prescribedDose == 2100)
        // The old choice was made for 4,200 units: it must be made again.
        // 2,100 units: 5 x 400 + 1 x 200 leaves 100 units: the neighbours are offered, and
        // the old choice (none: 4,200 units had no list) is not carried over.
        #expect(changed.derived.doseOptions.map(\.preparedDose) == [2100, 2000, 2200])
        #expect(changed.derived.chosenOptionIndex == nil)
        #expect(changed.after(.key(.enter)).step == .vials)
        let picked = changed.after(.type("1"), .key(.enter))
        #expect(picked.step == .reconstitution)
        // The 400-unit confirmations were for 10 vials: they no longer count. The 200-unit
        // vial is unchanged (1 vial), so its three confirmations still stand.
        #expect(picked.contentTexts[1] == "Reconstitute 5 x 400-unit vials")
        #expect(picked.content.controls.filter { !$0.isComplete }.map(\.control)
                == [.confirmation(.reconstituted(strength: 400, vials: 5)), .confirmation(.swirled(strength: 400, vials: 5)), .confirmation(.inspected(strength: 400, vials: 5))])
        let refused = picked.after(.key(.enter))
        #expect(refused.step == .reconstitution)
        #expect(refused.message != nil)
        var done = picked
        done = done.completing(until: .summary)
        #expect(done.step == .summary)
        let plan = try #require(done.derived.plan)
        #expect(plan.drugVolumeML == Tenths(tenths: 525))
        #expect(plan.finalVolumeML == Tenths(whole: 100))
        #expect(plan.sodiumChlorideML == Tenths(tenths: 475))
        #expect(plan.pumpRateMLPerHour == Tenths(whole: 50))
        #expect(done.summaryLines().contains("Order       30 units/kg every 2 weeks: 2,100 units per infusion"))
    }

    @Test("changing the weight after choosing a whole-vial dose resets the choice")
    func weightChangeResetsChoice() throws {
        let chosen = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "69.9") + Walk.regimen()
                                               + Walk.vials(option: 2, lots: 0) + [.type("Jo Pharm"), .key(.enter)] + Walk.lots(1))
        #expect(chosen.step == .reconstitution)
        #expect(chosen.derived.plan?.preparedDose == 4000)
        let changed = chosen.after([.key(.escape), .key(.escape), .key(.escape)] + Walk.toWeightField + clearField + [.type("72"), .key(.enter), .key(.enter)])
        #expect(changed.step == .vials)
        #expect(changed.derived.plan?.prescribedDose == 4320)
        #expect(changed.derived.chosenOptionIndex == nil)
        // Nothing rounded silently: the plan stands at the prescribed dose and a choice is required.
        #expect(changed.derived.plan?.preparedDose == 4320)
        #expect(changed.info(.doseOption)?.isComplete == false)
        // The arrows never make the choice; leaving from the top of the step asks for it.
        #expect(changed.after(.key(.down), .key(.down)).derived.chosenOptionIndex == nil)
        let next = changed.after(.key(.backTab), .key(.backTab), .key(.enter))
        #expect(next.step == .vials)
        #expect(next.focus == .doseOption)
        #expect(next.message == "Pick the dose to prepare: its number, or Up/Down then Space.")
        // Enter with nothing chosen does not choose; the number of the exact dose does.
        #expect(changed.after(.key(.enter)).doseChoice == DoseChoice(prescribed: 4194, prepared: 4000))
        #expect(changed.after(.key(.enter)).step == .vials)
        let entered = changed.after(.type("1"), .key(.enter))
        #expect(entered.doseChoice == DoseChoice(prescribed: 4320, prepared: 4320))
        #expect(entered.derived.plan?.preparedDose == 4320)
        #expect(entered.step == .reconstitution)
    }

    @Test("changing the vials on hand resets an unavailable choice and the checklist")
    func vialChangeResetsChoiceAndTicks() {
        let ticked = WizardState.fresh().after(Walk.reconstitutionDone)
        // Back to vials, untick the 200-unit vial: 4,200 units is now 11 x 400.
        let changed = ticked.after(.key(.escape), .key(.escape), .key(.tab), .type(" "))
        #expect(changed.step == .vials)
        #expect(changed.policy.vialsOnHand == [400])
        // 4,200 units from 400-unit vials leaves a partial vial: rounding is now offered,
        // and nothing is chosen for the user.
        #expect(changed.derived.doseOptions.map(\.preparedDose) == [4200, 4000, 4400])
        #expect(changed.derived.chosenOptionIndex == nil)
        #expect(changed.after(.key(.enter)).step == .vials)
        let forward = changed.after(.key(.tab), .type("1"), .key(.enter))
        #expect(forward.step == .reconstitution)
        #expect(forward.contentTexts[1] == "Reconstitute 11 x 400-unit vials")
        #expect(forward.content.controls.filter { !$0.isComplete }.map(\.control)
                == [.confirmation(.reconstituted(strength: 400, vials: 11)), .confirmation(.swirled(strength: 400, vials: 11)), .confirmation(.inspected(strength: 400, vials: 11))])
        #expect(forward.after(.key(.enter)).step == .reconstitution)
    }

    @Test("a warning whose message changes with an earlier entry needs acknowledging again")
    func changedWarningNeedsAcknowledgement() {
        // 70 kg, flat 500 units every 2 weeks: 7.1 units/kg per 2 weeks, acknowledged.
        let acknowledged = WizardState.fresh().after(Walk.toWeight + Walk.patient() + Walk.regimen(dose: "500", flat: true, acknowledge: 1))
        #expect(acknowledged.step == .vials)
        #expect(acknowledged.unacknowledged.isEmpty)
        #expect(acknowledged.limitState == nil)
        // Weight 70 -> 50 kg: the same order is now 10 units/kg per 2 weeks.
        let changed = acknowledged.after([.key(.escape), .key(.escape)] + Walk.toWeightField + clearField + [.type("50"), .key(.enter)])
        #expect(changed.step == .regimen)
        #expect(changed.unacknowledged == [.twoWeekDoseBelowRange])
        #expect(changed.limitState == .soft)
        #expect(changed.screenLines[23].hasPrefix(" WARNING "))
        #expect(changed.contentTexts.contains("WARNING: The two-week equivalent, 10 units/kg, is below the label's initial range of 15 to 60 units/kg per 2 weeks. Check the order with the prescriber. [press A to acknowledge]"))
        let next = changed.after(.key(.enter))
        #expect(next.step == .regimen)
        #expect(next.focus == .acknowledge(.twoWeekDoseBelowRange))
        #expect(next.after(Walk.acknowledge(1)).step == .vials)
        // The record lists only the acknowledgement of the current message.
        // 500 units: 1 x 400 + 1 x 200 (waste 100 units); no whole-vial dose within 10%.
        var summary = next.after(Walk.acknowledge(1) + [.key(.enter)])
        summary = summary.completing(until: .summary)
        #expect(summary.step == .summary)
        #expect(summary.summaryLines().filter { $0.hasPrefix("Warnings") || $0.hasPrefix("            acknowledged") }
                == ["Warnings    acknowledged: The two-week equivalent, 10 units/kg, is below the label's initial range of 15 to 60 units/kg per 2 weeks. Check the order with the prescriber."])
    }

    @Test("a weight warning acknowledged, then a weight with a different warning needs acknowledging")
    func weightWarningChanges() {
        let acknowledged = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "9.5", acknowledge: 1))
        #expect(acknowledged.step == .regimen)
        let changed = acknowledged.after([.key(.escape)] + Walk.toWeightField + clearField + [.type("250"), .key(.enter)])
        #expect(changed.step == .patient)
        #expect(changed.unacknowledged == [.weightAboveSoftMaximum])
        #expect(changed.focus == .acknowledge(.weightAboveSoftMaximum))
        #expect(changed.message == "Acknowledge the warning: move to it and press A.")
    }

    @Test("a weight warning acknowledged at 9.5 kg needs acknowledging again at 3 kg")
    func changedWeightWarningNeedsAcknowledging() {
        // The weight warnings name the weight, so the acknowledgement of one weight does not
        // stand for another.
        let acknowledged = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "9.5", acknowledge: 1))
        let changed = acknowledged.after([.key(.escape)] + Walk.toWeightField + clearField + [.type("3"), .key(.enter)])
        #expect(changed.step == .patient)
        #expect(changed.unacknowledged == [.weightBelowSoftMinimum])
        #expect(changed.acknowledged[.weightBelowSoftMinimum]?.hasPrefix("Weight 9.5 kg") == true)
    }

    @Test("a later duration warning acknowledged at 160 min needs acknowledging again at another duration")
    func durationWarningChanges() {
        var policy = SitePolicy.standard
        policy.durationChoicesMinutes = [60, 90, 120, 150, 180]
        var state = WizardState(policy: policy, size: .minimum, now: Clock.now)
        state = state.after(Walk.dilutionDone + [.key(.backTab), .key(.backTab), .type("5")]).completingStep()
        #expect(state.step == .summary)
        #expect(state.acknowledged[.durationAboveMaximum] == "A duration of 180 min is longer than the label's 1 to 2 hours. Check that the order asks for it.")
        let changed = state.after(.key(.escape), .type("4"))
        #expect(changed.unacknowledged == [.durationAboveMaximum])
        #expect(changed.after(.key(.enter)).step == .administration)
    }

    @Test("Tab and Shift-Tab move the focus within a step without changing anything")
    func tabbing() {
        let state = WizardState.fresh().after(Walk.patientDone + [.type("4")])
        #expect(state.after(.key(.tab)).focus == .doseMode)
        #expect(state.after(.key(.tab), .key(.tab)).focus == .dose)
        #expect(state.after(.key(.tab), .key(.tab), .key(.tab)).focus == .dose)
        #expect(state.after(.key(.backTab)).focus == .frequency)
        #expect(Entries(state.after(.key(.tab), .key(.tab), .key(.backTab))) == Entries(state))
    }
}

@Suite("Quit, help and resize")
struct QuitHelpResizeTests {
    @Test("q opens the quit confirmation on every step; n stays, y quits", arguments: 0..<8)
    func quitConfirmation(index: Int) {
        let (step, strokes) = Walk.onEachStep[index]
        // Off a field that takes letters (a name, a lot), where q is typed.
        let before = WizardState.fresh().after(strokes).offLetterField()
        let asking = before.after(.type("q"))
        #expect(asking.confirmingQuit)
        #expect(asking.outcome == .running)
        // Past the Start step the preparation is being recorded: quitting records it as abandoned.
        let recorded = step == .start ? "Nothing is recorded." : "It is recorded as abandoned."
        #expect(asking.screenLines[22] == " Quit without finishing? \(recorded) Y = quit, N = stay.")
        let stayed = asking.after(.type("n"))
        #expect(!stayed.confirmingQuit)
        #expect(stayed.outcome == .running)
        #expect(stayed.step == step)
        #expect(Entries(stayed) == Entries(before))
        #expect(asking.after(.type("y")).outcome == .quit)
        #expect(asking.after(.type("Y")).outcome == .quit)
        #expect(before.after(.type("Q")).confirmingQuit)
        // Any other key also stays, and does nothing else.
        let other = asking.after(.key(.enter))
        #expect(!other.confirmingQuit)
        #expect(other.step == step)
        #expect(Entries(other) == Entries(before))
    }

    @Test("q in a number field asks to quit rather than typing it")
    func quitFromField() {
        let state = WizardState.fresh().after(Walk.toWeight + [.type("7q")])
        #expect(state.weight.text == "7")
        #expect(state.confirmingQuit)
    }

    @Test("q, Q and ? in a field that takes them (a name, a lot) are typed: Quinn is not \"inn\"")
    func lettersInNames() {
        let preparer = WizardState.fresh().after(.type("Quinn Q"))
        #expect(preparer.preparer.text == "Quinn Q")
        #expect(!preparer.confirmingQuit)
        let name = WizardState.fresh().after(Walk.toPatient + [.type("Quentin Quayle")])
        #expect(name.patientName.text == "Quentin Quayle")
        #expect(!name.confirmingQuit)
        let lot = WizardState.fresh().after(Walk.regimenDone + [.type("Q7?A")])
        #expect(lot.vialLots[400]?.text == "Q7?A")
        #expect(!lot.showingHelp && !lot.confirmingQuit)
        // F1 still opens the help from such a field.
        #expect(lot.after(.key(.help)).showingHelp)
    }

    @Test("after quitting nothing changes any more")
    func quitIsFinal() {
        let quit = WizardState.fresh().after(Walk.patientDone + [.type("q"), .type("y")])
        #expect(quit.outcome == .quit)
        #expect(quit.after(.key(.enter), .type("4"), .key(.escape)) == quit)
    }

    @Test("F1 and ? show the help of the step; any key closes it without acting", arguments: [Key.help, .character("?")])
    func help(key: Key) {
        for (step, strokes) in Walk.onEachStep {
            let before = WizardState.fresh().after(strokes).offLetterField()
            let helping = before.after(.key(key))
            #expect(helping.showingHelp)
            let lines = helping.screenLines
            #expect(lines[2] == "  " + helpLines(for: step)[0])
            #expect(lines[22] == " Press any key to close the help.")
            #expect(view(helping).cursor == nil)
            let closed = helping.after(.key(.enter))
            #expect(!closed.showingHelp)
            #expect(closed.step == step)
            #expect(closed.focus == before.focus)
            #expect(Entries(closed) == Entries(before))
        }
    }

    @Test("? in a field shows help rather than typing it")
    func helpFromField() {
        let state = WizardState.fresh().after(Walk.toWeight + [.type("7?")])
        #expect(state.weight.text == "7")
        #expect(state.showingHelp)
        #expect(state.after(.type("q")).confirmingQuit == false)
    }

    @Test("too small: \"Terminal too small\", every entry kept, the same step back after resizing",
          arguments: [TerminalSize(width: 40, height: 10), TerminalSize(width: 79, height: 24), TerminalSize(width: 80, height: 23)])
    func tooSmall(size: TerminalSize) {
        for (step, strokes) in Walk.onEachStep {
            let before = WizardState.fresh().after(strokes + [.key(.tab)])
            let small = before.after(.key(.resize(width: size.width, height: size.height)))
            #expect(small.screenLines[0] == "Terminal too small")
            #expect(small.screenLines[1] == "InfusionPrep needs 80 x 24;")
            #expect(small.screenLines[2] == "this one is \(size.width) x \(size.height).")
            #expect(view(small).cursor == nil)
            // Keys do nothing while it is too small.
            let pressed = small.after(.key(.enter), .type("1"), .key(.escape), .key(.tab), .key(.help), .type("?"))
            #expect(Entries(pressed) == Entries(before))
            #expect(pressed.step == step)
            #expect(!pressed.showingHelp)
            let back = pressed.after(.key(.resize(width: 80, height: 24)))
            #expect(back.step == step)
            #expect(back.focus == before.focus)
            #expect(Entries(back) == Entries(before))
            #expect(back.screenLines == before.screenLines)
        }
    }

    @Test("PgUp / PgDn scroll a step longer than the screen")
    func paging() {
        // A child's record carries a warning, its acknowledgement and a note: longer than 19 rows.
        var summary = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "9.5", acknowledge: 1)
                                                + [.type("4"), .key(.enter), .type("60"), .key(.enter), .type("1"), .key(.enter)])
        summary = summary.completing(until: .summary)
        #expect(summary.step == .summary)
        // 1 on the dose list took the exact dose.
        #expect(summary.derived.plan?.preparedDose == 570)
        #expect(summary.scroll > 0)
        #expect(summary.screenLines[22].contains("more above: PgUp"))
        let top = summary.after(.key(.pageUp), .key(.pageUp), .key(.pageUp))
        #expect(top.scroll == 0)
        #expect(top.screenLines[2] == "  Patient ID  Jane Doe (MRN 123456)")
        #expect(top.screenLines[22].contains("more below: PgDn"))
        #expect(!top.screenLines.contains("> [ Hand over to the checker ]"))
        let bottom = top.after(.key(.pageDown), .key(.pageDown), .key(.pageDown))
        #expect(bottom.screenLines.contains("> [ Hand over to the checker ]"))
        #expect(bottom.after(.key(.pageDown)).scroll == bottom.scroll)
        // Scrolling does not move the focus: any other key brings it back; Enter still acts.
        #expect(top.focus == .handOver)
        #expect(top.after(.key(.tab)).screenLines.contains("> [ Hand over to the checker ]"))
        #expect(top.after(.key(.enter)).checkSession != nil)
    }

    @Test("any terminal size draws without trapping", arguments: [(0, 0), (1, 1), (-3, -3), (10, 3), (80, 5), (200, 24), (80, 200)])
    func anySize(width: Int, height: Int) {
        let state = WizardState.fresh().after(Walk.vialsDone + [.key(.resize(width: width, height: height))])
        let screen = view(state)
        #expect(screen.grid.width == max(width, 0))
        #expect(screen.grid.lines.count == max(height, 0))
        #expect(screen.grid.lines.allSatisfy { $0.count <= max(width, 0) })
        #expect(state.step == .reconstitution)
    }

    @Test("larger terminals lay out the same content")
    func larger() {
        let state = WizardState.fresh().after(Walk.vialsDone + [.key(.resize(width: 120, height: 40))])
        let lines = state.screenLines
        #expect(lines.count == 40)
        #expect(lines[0].hasSuffix("Step 5 of 8"))
        #expect(lines[39].hasPrefix(" OK "))
        #expect(lines.contains("  Reconstitute 10 x 400-unit vials"))
    }

    @Test("q on the too-small screen shows that it is asking to quit")
    func quitWhileTooSmall() {
        // The too-small screen says "q quits." After q the state waits for Y, but the
        // screen must say so, or the user presses q again and the confirmation is dropped.
        let small = WizardState.fresh().after(Walk.patientDone + [.key(.resize(width: 40, height: 10))])
        let asking = small.after(.type("q"))
        #expect(asking.confirmingQuit)
        #expect(asking.screenLines != small.screenLines)
        #expect(asking.screenText.contains("Y = quit"))
        #expect(asking.after(.type("y")).outcome == .quit)
    }
}

/// The vertical lists (frequency, dose to prepare): the arrows move a cursor and never choose.
@Suite("List cursor")
struct ListCursorTests {
    static let arrowScripts: [[Key]] = [
        [.down], [.up], [.down, .down], [.down, .up], [.up, .down], [.down, .down, .down, .down],
        [.down, .down, .down, .down, .down], [.down, .down, .down, .down, .down, .down, .up, .up],
        [.up, .up, .up], [.down, .up, .down, .up, .down, .down, .up],
    ]

    @Test("arrows alone never change the frequency, chosen or not", arguments: arrowScripts)
    func arrowsNeverChooseFrequency(keys: [Key]) {
        let unchosen = WizardState.fresh().after(Walk.patientDone)
        #expect(unchosen.after(.keys(keys)).frequency == nil)
        for digit in ["1", "3", "5"] {
            let chosen = unchosen.after(.type(digit))
            let moved = chosen.after(.keys(keys))
            #expect(moved.frequency == chosen.frequency)
            #expect(Entries(moved) == Entries(chosen))
        }
    }

    @Test("arrows alone never change the dose to prepare, chosen or not", arguments: arrowScripts)
    func arrowsNeverChooseDose(keys: [Key]) {
        let unchosen = WizardState.fresh().after(Walk.regimenDone)
        let moved = unchosen.after(.keys(keys))
        #expect(moved.doseChoice == nil)
        #expect(moved.derived.chosenOptionIndex == nil)
        #expect(moved.step == .vials)
        // Arrows may leave the list (Up from the top) but never tick or untick a strength either.
        #expect(moved.policy.vialsOnHand == [400, 200])
        for digit in ["1", "2", "5"] {
            let chosen = unchosen.after(.type(digit))
            let after = chosen.after(.keys(keys))
            #expect(after.doseChoice == chosen.doseChoice)
            #expect(Entries(after) == Entries(chosen))
            #expect(after.summaryLines() == chosen.summaryLines())
        }
    }

    @Test("the cursor resets to the choice (else the first option) whenever the focus moves")
    func cursorResetsWithFocus() {
        // 69.9 kg: three options; the second (4,000 units) chosen, the cursor moved to the third.
        let moved = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "69.9") + Walk.regimen() + [.type("2"), .key(.down)])
        #expect(moved.highlight == 2)
        for key in [Key.tab, .backTab, .up] {
            let away = moved.after(.key(key))
            if away.focus != .doseOption { #expect(away.highlight == nil, "\(key)") }
        }
        let back = moved.after(.key(.backTab), .key(.tab))
        #expect(back.focus == .doseOption)
        #expect(back.highlight == nil)
        #expect(back.screenLines.first { $0.hasPrefix("> ") } == ">   (*) 2  4,000 units  -4.6%; -388 units per 4 weeks     waste 0 units")
        // A new step starts with no cursor of its own (the rounded dose's pharmacist typed first).
        let chosen = moved.after(.key(.up), .key(.enter))
        #expect(chosen.doseChoice == DoseChoice(prescribed: 4194, prepared: 4000))
        #expect(chosen.focus == .roundingAuthorisedBy)
        let next = chosen.after([.type("Jo Pharm"), .key(.enter)] + Walk.lots(1))
        #expect(next.step == .reconstitution)
        #expect(next.highlight == nil)
    }
}
