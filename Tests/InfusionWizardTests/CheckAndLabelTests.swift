// Rule book sections 7 and 8 on the Summary step: the blind double check, the label, R13.
import InfusionCalc
import InfusionTraining
@testable import InfusionWizard
import Testing
import TerminalUI

@Suite("Double check and label on the Summary step")
struct CheckAndLabelTests {
    /// The reference adult on the Summary step (70 kg, 4,200 units, 10 x 400 + 1 x 200,
    /// 105 mL, 150 mL, 75 mL/h).
    static let summary = WizardState.fresh().after(Walk.administrationDone)
    static let right = ["70", "4200", "10", "1", "105", "150", "75"]

    /// Whole words of a screen (so "150" is not found inside "2026-11-29").
    static func words(_ state: WizardState) -> Set<String> {
        Set(state.screenText.split(whereSeparator: { !($0.isNumber || $0 == "," || $0 == ".") }).map { word in
            var text = Substring(word)
            while let last = text.last, last == "," || last == "." { text = text.dropLast() }
            while let first = text.first, first == "," || first == "." { text = text.dropFirst() }
            return String(text)
        })
    }

    @Test("hand over: the screen clears of every value of the preparation; the checker types blind")
    func blindScreen() {
        #expect(Self.summary.controls == [.handOver])
        let handedOver = Self.summary.after(.key(.enter))
        #expect(handedOver.checkSession != nil)
        #expect(handedOver.focus == .checker)
        let shown = Self.words(handedOver)
        // Not one of the values the checker types, nor the other figures of the plan.
        for figure in ["70", "4,200", "4200", "10", "105", "150", "75", "45", "120", "28", "8,400", "60"] {
            #expect(!shown.contains(figure), "\(figure) is on the checker's screen")
        }
        #expect(handedOver.controls == [.checker, .checkValue(.weight), .checkValue(.dosePerInfusion),
                                        .checkValue(.vialCount(strength: 400)), .checkValue(.vialCount(strength: 200)),
                                        .checkValue(.drugVolume), .checkValue(.finalVolume), .checkValue(.pumpRate)])
        // Halfway through, still nothing of the plan (the help too).
        let typing = handedOver.after(.type("B. Okafor"), .key(.enter), .type("70"), .key(.enter))
        #expect(typing.checkEvents.isEmpty, "nothing is compared before the last value")
        #expect(!Self.words(typing.after(.key(.help))).contains("4,200"))
    }

    @Test("the preparer's name is refused as the checker's, in any case and spacing")
    func checkerIsNotThePreparer() {
        for name in ["JS", "js", " JS "] {
            let state = Self.summary.after(.key(.enter), .type(name), .key(.enter))
            #expect(state.focus == .checker, "\(name) was taken")
            #expect(state.fieldErrors[.checker] == "The checker must be a second person: this is the preparer's name (section 7).")
        }
    }

    @Test("every value right: passed, recorded with the checker and the instant; then the label, R13, finish")
    func passes() {
        let checked = Self.summary.after(Walk.check(values: Self.right))
        guard case .compared(let outcome, let at)? = checked.checkEvents.last else {
            Issue.record("no comparison recorded")
            return
        }
        #expect(outcome.passed && outcome.checker == "B. Okafor" && at == Clock.now)
        #expect(checked.passedCheck != nil)
        #expect(checked.checkSession == nil)
        #expect(checked.controls == [.printLabel])
        // Finishing is refused until the label is printed and ticked.
        #expect(checked.after(.key(.tab), .key(.enter)).outcome == .running)
        let printed = checked.after(.key(.enter))
        #expect(printed.label?.printed == true)
        #expect(printed.label?.content.check == .checked(by: "B. Okafor"))
        #expect(printed.controls == [.confirmation(.labelAttached), .finish])
        #expect(printed.screenText.contains("| Prepared 2026-11-29 14:05 by JS; checked |"))
        #expect(printed.after(.key(.tab), .key(.tab), .key(.enter)).outcome == .running, "not without the R13 tick")
        // Enter on the tick goes to the button; only the button finishes.
        let ticked = printed.after(.type(" "), .key(.enter))
        #expect(ticked.outcome == .running && ticked.focus == .finish)
        #expect(ticked.after(.key(.enter)).outcome == .finished)
    }

    @Test("one wrong value: blocked, both values side by side, recorded; check again or go back to correct")
    func mismatch() {
        var values = Self.right
        values[0] = "75"
        let compared = Self.summary.after(Walk.check(values: values))
        guard case .compared(let outcome, _)? = compared.checkEvents.last else {
            Issue.record("no comparison recorded")
            return
        }
        #expect(!outcome.passed)
        #expect(outcome.mismatches.map(\.field) == [.weight])
        #expect(compared.passedCheck == nil)
        #expect(compared.screenText.contains("weight                 70 kg        75 kg    DOES NOT MATCH")
                || compared.contentTexts.contains { $0.contains("70 kg") && $0.contains("75 kg") && $0.contains("DOES NOT MATCH") })
        #expect(compared.controls == [.checkAgain, .correctAt(.patient)])
        #expect(compared.message?.hasPrefix("Double check NOT passed: 1 of 7 values does not match (weight).") == true, "\(compared.message ?? "no message")")
        #expect(compared.after(.key(.tab), .key(.tab), .key(.enter)).label == nil, "no label after a mismatch")
        // Check again: the checker's name is kept, every value typed again.
        let again = compared.after(.key(.enter))
        #expect(again.checkSession?.outcome == nil && again.checkSession?.checker.text == "B. Okafor")
        #expect(again.checkSession?.typed.isEmpty == true)
        let passed = again.after(.key(.enter)).after(Self.right.flatMap { [Stroke.type($0), .key(.enter)] })
        #expect(passed.passedCheck != nil)
        #expect(passed.checkEvents.count == 2, "the mismatch stays recorded")
        // Go back to correct: the Patient step; coming back, the check starts afresh.
        let corrected = compared.after(.key(.down), .key(.enter))
        #expect(corrected.step == .patient && corrected.checkSession == nil)
        #expect(corrected.completing(until: .summary).controls == [.handOver])
    }

    @Test("a change after a passed check (going back) needs a new check; a new label after one")
    func changeAfterTheCheck() {
        let labelled = Self.summary.after(Walk.checkAndLabel())
        #expect(labelled.currentLabel != nil)
        // Back to the Administer step, another duration: the rate changes.
        var back = labelled.after(.key(.escape))
        #expect(back.step == .administration)
        #expect(back.focus == .duration)
        back = back.after(.type("4"))
        let changed = back.completing(until: .summary)
        #expect(changed.step == .summary)
        #expect(changed.passedCheck == nil, "the pump rate checked is no longer the plan's")
        #expect(changed.currentLabel == nil)
        #expect(changed.controls == [.handOver])
    }

    @Test("Esc stops the check: recorded as abandoned when something was typed, not otherwise")
    func stopped() {
        let empty = Self.summary.after(.key(.enter), .key(.escape))
        #expect(empty.checkSession == nil && empty.checkEvents.isEmpty && empty.step == .summary)
        let typed = Self.summary.after(.key(.enter), .type("B. Okafor"), .key(.enter), .type("70"), .key(.escape))
        #expect(typed.checkEvents == [.abandoned(checker: "B. Okafor", at: Clock.now)])
        #expect(typed.step == .summary && typed.controls == [.handOver])
    }

    @Test("a value that is not a number is refused with what is accepted, and not compared")
    func malformedValue() {
        let state = Self.summary.after(.key(.enter), .type("B. Okafor"), .key(.enter), .type("7O"))
        #expect(state.fieldErrors[.checkValue(.weight)] != nil || state.refusedInput[.checkValue(.weight)] != nil)
        let entered = Self.summary.after(.key(.enter), .type("B. Okafor"), .key(.enter), .type("70 lb"), .key(.enter))
        #expect(entered.focus == .checkValue(.weight))
        #expect(entered.fieldErrors[.checkValue(.weight)] != nil)
        #expect(entered.checkEvents.isEmpty)
    }

    @Test("a label that cannot be printed: said, the preparation goes on being recorded, print again")
    func printingFails() {
        var state = Self.summary.after(Walk.check(values: Self.right))
        update(&state, .key(.enter))
        #expect(state.pendingEffect != nil)
        state.pendingEffect = nil
        let content = try? state.labelContent(preparedAt: state.now).get()
        #expect(content != nil)
        if let content {
            update(&state, .labelDelivered(LabelDelivery(content: content, preparedAt: state.now, printed: false,
                                                         report: "lp: the printer ward-3 does not exist.")))
        }
        #expect(state.currentLabel == nil)
        #expect(state.controls == [.printLabel])
        #expect(state.contentTexts.contains { $0.contains("The label was not printed: lp: the printer ward-3 does not exist.") })
        #expect(state.contentTexts.contains("[ Print the label again ]"))
        #expect(state.finishBlocked == "Print the label first (section 8).")
    }

    @Test("the policy turns the check off: the label at once, 'not double checked' on it and the summary")
    func checkOff() {
        var initial = WizardState.fresh()
        initial.policy.doubleCheck = .off
        let summary = initial.after(Walk.administrationDone)
        #expect(summary.controls == [.printLabel])
        let printed = summary.after(.key(.enter))
        #expect(printed.label?.content.check == .notDoubleChecked)
        #expect(printed.summaryLines().contains("Checked     not double checked (the site policy does not require it)"))
        #expect(printed.after(.type(" "), .key(.enter), .key(.enter)).outcome == .finished)
    }

    @Test("training has no check and no label: Confirm and finish as before")
    func training() {
        let state = WizardState.training(.guided).after(Walk.Training.administrationDone)
        #expect(state.step == .summary)
        #expect(state.controls == [.finish])
        #expect(state.after(.key(.enter)).outcome == .finished)
    }
}

@Suite("Double check and label: what a tester found")
struct CheckAndLabelFindingsTests {
    static let summary = CheckAndLabelTests.summary

    @Test("once the preparation has begun the preparer cannot change (no checker under the preparer's other name)")
    func preparerLocked() {
        var back = Self.summary
        for _ in 0..<7 { back = back.after(.key(.escape)) }
        #expect(back.step == .start)
        #expect(!back.controls.contains(.preparer))
        #expect(back.contentTexts.contains { $0.hasPrefix("Preparer              JS (recorded when the preparation began") })
    }

    @Test("the same person under another spelling is refused as the checker", arguments: ["J S", "J.S.", "ＪＳ", "J\u{301}S", "j-s"])
    func sameName(_ name: String) {
        let state = Self.summary.after(.key(.enter), .type(name), .key(.enter))
        #expect(state.focus == .checker, "\(name) was taken as the checker of JS")
    }

    @Test("a name refused as the checker's is not recorded as the checker of a stopped check")
    func refusedNameNotRecorded() {
        let state = Self.summary.after(.key(.enter), .type("js"), .key(.enter), .key(.escape))
        #expect(state.checkEvents == [.abandoned(checker: nil, at: Clock.now)])
    }

    @Test("a label printed for values changed since is void: said, not counted as attached, a new one printed")
    func staleLabel() {
        let labelled = Self.summary.after(Walk.checkAndLabel())
        var changed = labelled.after(.key(.escape)).after(.type("4")).completing(until: .summary)
        changed = changed.after(Walk.check(values: ["70", "4200", "10", "1", "105", "150", "60"]))
        #expect(changed.passedCheck != nil)
        #expect(changed.currentLabel == nil)
        #expect(changed.contentTexts.contains { $0.hasPrefix("The label printed 2026-11-29 14:05 no longer matches this preparation: take it off the bag and discard it") })
        #expect(changed.contentTexts.contains("[ Print a new label ]"))
        #expect(!changed.summaryLines().contains { $0.contains("label printed and attached to the bag") }, "the old label is not on the bag any more")
        let relabelled = changed.after(.key(.enter))
        #expect(relabelled.currentLabel?.content.rateMLPerHour == Tenths(whole: 60))
        #expect(relabelled.controls == [.confirmation(.labelAttached), .finish], "the new label is ticked again")
        #expect(relabelled.info(.confirmation(.labelAttached))?.isComplete == false)
    }

    @Test("a text label that cannot hold it all: the ZPL label is offered instead, and the preparation can finish")
    func tooLongForText() {
        var state = Self.summary.after(Walk.check())
        update(&state, .key(.enter))
        state.pendingEffect = nil
        guard let content = try? state.labelContent(preparedAt: state.now).get() else {
            Issue.record("no label content")
            return
        }
        update(&state, .labelDelivered(LabelDelivery(content: content, preparedAt: state.now, printed: false,
                                                     report: "The text label needs 14 lines.", failedToFit: true)))
        #expect(state.controls == [.printLabel, .printLabelAsZPL])
        var asZPL = state.after(.key(.down))
        #expect(asZPL.focus == .printLabelAsZPL)
        update(&asZPL, .key(.enter))
        #expect(asZPL.pendingEffect == .deliverLabel(content, format: .zpl))
    }

    @Test("R13: a new drug volume is a new bag to mix: the mixed-bag tick does not survive it")
    func bagMixedFollowsTheDrugVolume() throws {
        let plan = try #require(Self.summary.derived.plan)
        let mixed = try #require(plan.confirmations.first { if case .bagMixedAndInspected = $0.id { true } else { false } })
        #expect(mixed.id == .bagMixedAndInspected(finalVolume: Tenths(whole: 150), drugVolume: Tenths(whole: 105)))
    }

    @Test("plain mode: b during the check stops it and asks the hand-over again; b there goes back a step; a failed label is tried once per answer")
    func plainBack() {
        typealias At = PlainFrontEndTests.At
        let toHandOver = Array(PlainFrontEndTests.reference[..<At.handOver])
        let run = PlainRun(toHandOver + ["", "B. Okafor", "70", "b", "b"])
        #expect(run.final.step == .administration, "b at the hand-over goes back to Administer")
        #expect(run.final.checkEvents == [.abandoned(checker: "B. Okafor", at: Clock.now)])
        #expect(run.count("Hand over to the checker: press Enter with nothing typed to go on, or type b to go back: ") == 2)
        // A label that cannot be printed: one attempt per answer.
        var attempts = 0
        var pending = (toHandOver + ["", "B. Okafor"] + CheckAndLabelTests.right + [""])[...]
        let final = PlainFrontEnd(readLine: { pending.popFirst() }, write: { _ in }, perform: { effect, state in
            attempts += 1
            guard case .deliverLabel(let content, _) = effect else { return WizardRunner.unperformed(effect, state) }
            return .labelDelivered(LabelDelivery(content: content, preparedAt: state.now, printed: false, report: "lp failed."))
        }).run(.fresh())
        #expect(attempts == 1)
        #expect(final.label?.printed == false)
    }
}
