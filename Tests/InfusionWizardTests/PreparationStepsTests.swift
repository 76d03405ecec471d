import Foundation
import InfusionCalc
import Testing
@testable import InfusionWizard

/// Clears a text field (End, then Backspace over anything it may hold).
let clearField: [Stroke] = [.key(.end)] + Array(repeating: .key(.backspace), count: 20)

@Suite("Dilution time STOP")
struct DilutionTimeStopTests {
    /// 21:30 on the clock: the reference adult reconstituted at 08:00 and diluted at 21:30,
    /// in the pharmacy setting with no beyond-use hours: the only limit on the dilution is
    /// the US label's 12 hours (20:00), and the start limit is 24 hours after the dilution.
    /// (At the bench, immediate use, a start limit 4 hours after 08:00 would already have
    /// stopped the Reconstitute step: section 5, a start deadline already past.)
    static let late: WizardState = {
        var state = WizardState.fresh(now: Clock.today(21, 30))
        state.policy.setting = .pharmacy
        state.policy.budHours = nil
        return state
    }()
    /// The reference adult to the Dilute step with the first reconstitution at 08:00.
    static let toDilutionAt8: [Stroke] = Walk.vialsDone + [.key(.backTab)] + clearField + [.type("08:00"), .key(.tab)] + Walk.reconstitution()
    /// Strokes to the Dilute step stopped: diluted at 21:30, the clock of `late` (a golden screen).
    static let stoppedAt21: [Stroke] = toDilutionAt8 + Walk.dilution()

    @Test("reconstituted 08:00, diluted 21:30: STOP on the Dilute step (the 20:00 dilute-by limit had passed), Next blocked")
    func stopped() {
        let state = Self.late.after(Self.stoppedAt21)
        #expect(state.step == .dilution)
        #expect(state.derived.findings.contains { $0.code == .dilutedAfterDiluteBy && $0.severity == .hard })
        #expect(state.message?.hasPrefix("STOP: Diluted at 2026-11-29 21:30") == true)
        #expect(state.after(.key(.enter)).step == .dilution)
    }

    @Test("at the bench (immediate use), a reconstitution more than 4 hours ago stops on the Reconstitute step")
    func startLimitPassedStopsReconstitution() {
        let state = WizardState.fresh(now: Clock.today(21, 30)).after(Self.toDilutionAt8)
        #expect(state.step == .reconstitution)
        #expect(state.derived.findings.contains { $0.code == .startAfterStartBy && $0.severity == .hard })
        #expect(state.message?.hasPrefix("STOP: A start at 2026-11-29 21:30 is after the deadline to start the infusion, 2026-11-29 12:00") == true,
                "\(state.message ?? "no message")")
        #expect(state.after(.key(.enter)).step == .reconstitution)
    }
}

@Suite("Administration step")
struct AdministrationStepTests {
    /// 70 kg, first infusion, 80 units/kg every 2 weeks (two-week 80: acknowledged), exact
    /// dose 5,600 units = 14 x 400 (no rounding offered), everything confirmed.
    static let firstInfusionAt80: [Stroke] = Walk.toWeight + Walk.patient(firstInfusion: "y")
        + Walk.regimen(dose: "80", acknowledge: 1) + Walk.lots(1) + Walk.reconstitution(vials: [14])
        + Walk.dilution(whole: [14], total: "140")
}

@Suite("Summary step")
struct SummaryStepTests {
    let onStep = WizardState.fresh().after(Walk.administrationDone)

    /// Section 6: who, which patient, which lots (training asks none of them).
    static let recordLines = [
        "Patient ID  Jane Doe (MRN 123456)",
        "Weighed     2026-11-29 (measured today)",
        "Preparer    JS",
        "Vial lots   400-unit lot A1234 (expiry 2027-03-31)",
        "            200-unit lot B5678 (expiry 2027-05-31)",
    ]
    /// The reference record without the section 6 lines, as a training run prints it.
    static var planLines: [String] { referenceLines.filter { !recordLines.contains($0) } }

    static let referenceLines = [
        "IMIGLUCERASE (Cerezyme) PREPARATION PLAN",
        "Patient ID  Jane Doe (MRN 123456)",
        "Weighed     2026-11-29 (measured today)",
        "Preparer    JS",
        "Vial lots   400-unit lot A1234 (expiry 2027-03-31)",
        "            200-unit lot B5678 (expiry 2027-05-31)",
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
        "Times       first reconstitution 2026-11-29 14:05",
        "            diluted 2026-11-29 14:05 (0 min after reconstitution)",
        // The plan's long rows wrap at 80 columns, continued under their text.
        "            Start the infusion by 2026-11-29 18:05: immediate use at the",
        "              bench: start within 4 hours of the first reconstitution",
        "            (also dilute by 2026-11-30 02:05: US label: dilute within 12 hours",
        "              of reconstitution)",
        "            (also start by 2026-11-30 14:05: US label: infuse within 24 hours",
        "              of dilution)",
        "            immediate use: do not store the bag; start the infusion within",
        "              4 hours of the first reconstitution",
        "Findings    NOTE: 200-unit vials are discontinued (US, EU): check expiry.",
        "Policy      built-in defaults, not approved by a pharmacy",
        "Done        2026-11-29 14:05  10 x 400-unit vials reconstituted, counted one by one",
        "            2026-11-29 14:05  10 x 400-unit vials swirled, not shaken",
        "            2026-11-29 14:05  10 x 400-unit vials inspected: clear, colourless",
        "            2026-11-29 14:05  1 x 200-unit vial reconstituted",
        "            2026-11-29 14:05  1 x 200-unit vial swirled, not shaken",
        "            2026-11-29 14:05  1 x 200-unit vial inspected: clear, colourless",
        "            2026-11-29 14:05  10 mL withdrawn from each of 10 x 400-unit vials, counted one by one",
        "            2026-11-29 14:05  5 mL withdrawn from 1 whole 200-unit vial",
        "            2026-11-29 14:05  total drawn typed back: 105 mL, matches the plan",
        "            2026-11-29 14:05  45 mL sodium chloride in the bag, drug added",
        "            2026-11-29 14:05  150 mL bag mixed and inspected",
        "            2026-11-29 14:05  set and filter primed with sodium chloride",
        "            2026-11-29 14:05  pump rate typed back: 75 mL/h, matches the plan",
    ]

    @Test("the record: the plan with dated times, the section 5 deadlines with their sources, every confirmation with its instant")
    func referenceRecord() throws {
        #expect(onStep.step == .summary)
        #expect(onStep.summaryLines() == Self.referenceLines)
        #expect(onStep.summaryLines().allSatisfy { !$0.contains("the next day") })
        // The screen shows the same lines (the title on the bar) and the hand-over (section 7):
        // Enter does not finish before the check and the label.
        #expect(onStep.controls == [.handOver])
        #expect(onStep.after(.key(.enter)).outcome == .running)
        let labelled = onStep.after(Walk.checkAndLabel())
        #expect(labelled.focus == .finish)
        #expect(labelled.after(.key(.enter)).outcome == .finished)
        #expect(labelled.after(.key(.enter), .type("x")).outcome == .finished)
        // The record then says who checked, that the label was printed and attached, and when.
        #expect(labelled.summaryLines() == Self.referenceLines + [
            "            2026-11-29 14:05  label printed and attached to the bag",
            "Checked     by B. Okafor, 2026-11-29 14:05: every value matches (section 7)",
            "Label       printed 2026-11-29 14:05 for preparation \(TestPrinter.preparationID)",
        ])
    }
}

/// Issue 7, findings 3 and 4: every time is dated (R9), the typed times are checked, and
/// the deadline shown is the earliest of section 5 with its source.
@Suite("Times and deadlines")
struct TimesAndDeadlinesTests {
    let onReconstitution = WizardState.fresh().after(Walk.vialsDone)
    /// Focus on the time field, emptied.
    let toTimeField: [Stroke] = [.key(.backTab)] + clearField

    @Test("the first reconstitution is prefilled from the clock and shown with its date; the deadline is immediate use, 4 hours")
    func prefilledAndDated() {
        #expect(onReconstitution.reconstitutionTime.text == "14:05")
        #expect(onReconstitution.screenText.contains("First reconstitution  [14:05       ] = 2026-11-29 14:05"))
        // Section 5: at the bench the 4-hour start limit is earlier than the label's 12 hours.
        #expect(onReconstitution.contentTexts.last == "Dilute and start the infusion by 2026-11-29 18:05 (immediate use at the bench: start within 4 hours of the first reconstitution)")
        #expect(!onReconstitution.screenText.contains("the next day"))
        let plan = onReconstitution.derived.plan!
        #expect(plan.startBy?.source == .immediateUse)
        #expect(plan.startBy?.at == Clock.today(18, 5))
        #expect(plan.deadlines.map(\.source) == [.immediateUse, .usLabelReconstituted])
    }

    @Test("in a pharmacy the label's 12 hours is the deadline, named as such")
    func pharmacyDeadline() {
        var policy = SitePolicy.standard
        policy.setting = .pharmacy
        let state = WizardState(policy: policy, size: .minimum, now: Clock.now, zone: .utc).after(Walk.vialsDone)
        #expect(state.contentTexts.last == "Dilute by 2026-11-30 02:05 (US label: dilute within 12 hours of reconstitution)")
        #expect(state.derived.plan?.diluteBy?.source == .usLabelReconstituted)
    }

    @Test("bad times are refused with what is accepted, and nothing entered is lost",
          arguments: [
              ("25:00", "Time \"25:00\" is not a valid time. Enter HH:MM on the 24-hour clock (for example 09:30), or an ISO 8601 date and time (for example 2026-11-29T09:30 or 2026-11-29T09:30+01:00)."),
              ("12:60", "Time \"12:60\" is not a valid time. Enter HH:MM on the 24-hour clock (for example 09:30), or an ISO 8601 date and time (for example 2026-11-29T09:30 or 2026-11-29T09:30+01:00)."),
              ("noon", "Time \"noon\" is not understood. Enter HH:MM on the 24-hour clock (for example 09:30), or an ISO 8601 date and time (for example 2026-11-29T09:30 or 2026-11-29T09:30+01:00)."),
          ])
    func badTimes(typed: String, message: String) {
        // Three vials already counted: they must survive the refusal.
        let counted = onReconstitution.after(.type("   "))
        #expect(counted.count(of: .reconstituted(strength: 400, vials: 10)) == 3)
        let state = counted.after(toTimeField + [.text(typed), .key(.enter)])
        #expect(state.step == .reconstitution)
        #expect(state.focus == .reconstitutionTime)
        #expect(state.fieldErrors[.reconstitutionTime] == message)
        #expect(state.reconstitutionTime.text == typed, "the text typed is kept to be corrected")
        #expect(state.count(of: .reconstituted(strength: 400, vials: 10)) == 3)
        #expect(state.screenText.contains("! " + String(message.prefix(40))))
        // Nothing goes on while the time is refused.
        let pushed = state.completingStep()
        #expect(pushed.step == .reconstitution)
        #expect(pushed.count(of: .reconstituted(strength: 400, vials: 10)) == 3)
        // Corrected, the counts still stand and the step goes on.
        let fixed = pushed.after(toTimeField + [.type("13:00"), .key(.enter)])
        #expect(fixed.fieldErrors[.reconstitutionTime] == nil)
        #expect(fixed.count(of: .reconstituted(strength: 400, vials: 10)) == 3)
        #expect(fixed.completingStep().step == .dilution)
    }

    @Test("\"noon\" cannot be typed into the time field, letter by letter")
    func lettersCannotBeTyped() {
        let state = onReconstitution.after(toTimeField + [.type("noon")])
        #expect(state.reconstitutionTime.text == "")
        #expect(state.message == "Only digits and \":\" can be typed here (24-hour clock, for example 14:05).")
    }

    @Test("a time up to 5 minutes ahead of the clock is today; a later time of day is yesterday, shown with its date, and its deadline has passed")
    func futureClockTimes() {
        let nearly = onReconstitution.after(toTimeField + [.type("14:10"), .key(.enter)])
        #expect(nearly.fieldErrors[.reconstitutionTime] == nil)
        #expect(nearly.screenText.contains("= 2026-11-29 14:10"))
        // 16 hours ahead of the clock is not accepted as today (issue 7, finding 3): R9 reads
        // it as yesterday's, which the screen says, and its deadline has long passed.
        let late = onReconstitution.after(toTimeField + [.type("06:05")])
        #expect(late.screenText.contains("= 2026-11-29 06:05"))
        let yesterday = onReconstitution.after(toTimeField + [.type("22:05"), .key(.enter)])
        #expect(yesterday.screenText.contains("[22:05       ] = 2026-11-28 22:05"))
        #expect(yesterday.contentTexts.contains("Dilute and start the infusion by 2026-11-29 02:05 (immediate use at the bench: start within 4 hours of the first reconstitution)"))
        // A start deadline already past stops from the Reconstitute step on (section 5).
        #expect(yesterday.contentTexts.last?.hasPrefix("STOP: A start at 2026-11-29 14:05 is after the deadline to start the infusion, 2026-11-29 02:05") == true,
                "\(yesterday.contentTexts.suffix(2))")
        // The time field takes digits and ":" only, so a date cannot be typed there: a time of
        // day is always today's or (when ahead of the clock by more than 5 minutes) yesterday's.
        #expect(onReconstitution.after(toTimeField + [.type("2026-11-29T14:30")]).reconstitutionTime.text.allSatisfy { $0.isNumber || $0 == ":" })
        let stopped = yesterday.completingStep().completingStep().completingStep()
        #expect(stopped.step != .summary)
        #expect(stopped.message?.hasPrefix("STOP: ") == true)
    }

    @Test("a dilution before the first reconstitution is refused with both dated times; nothing is lost")
    func dilutionBeforeReconstitution() {
        let onDilution = onReconstitution.after(toTimeField + [.type("13:50"), .key(.tab)] + Walk.reconstitution())
        #expect(onDilution.step == .dilution)
        let counted = onDilution.after(.type("    "))
        let toDilutionTime: [Stroke] = Array(repeating: Stroke.key(.tab), count: 6) + clearField
        let state = counted.after(toDilutionTime + [.type("13:40"), .key(.enter)])
        #expect(state.focus == .dilutionTime)
        #expect(state.fieldErrors[.dilutionTime] == "The dilution, 2026-11-29 13:40, cannot be before the first reconstitution, 2026-11-29 13:50. Check both times.")
        #expect(state.dilutionTime.text == "13:40")
        #expect(state.count(of: .withdrawnWhole(strength: 400, vials: 10, millilitres: Tenths(whole: 10))) == 4)
        #expect(state.reconstitutionTime.text == "13:50")
        #expect(state.completingStep().step == .dilution)
        let fixed = state.after(toDilutionTime + [.type("13:55"), .key(.enter)]).completingStep()
        #expect(fixed.step == .administration)
    }

    /// R9 and rule book section 4, "daylight saving": 2026-10-31 20:00 in New York (EDT)
    /// plus 12 hours is 2026-11-01 07:00 EST, not 08:00.
    static let newYork = TimeZoneRule(identifier: "America/New_York", initialOffsetSeconds: -4 * 3600, initialAbbreviation: "EDT",
                                      changes: [UTCOffsetChange(at: Clock.at(2026, 11, 1, 6, 0), offsetSeconds: -5 * 3600, abbreviation: "EST")])

    @Test("a reconstitution yesterday evening across the clocks going back: the deadline is 12 elapsed hours later, 07:00 EST")
    func daylightSaving() throws {
        var policy = SitePolicy.standard
        policy.setting = .pharmacy
        // 06:30 EST on 2026-11-01.
        let now = Clock.at(2026, 11, 1, 6, 30, offsetHours: -5)
        let start = WizardState(policy: policy, size: .minimum, now: now, zone: Self.newYork).after(Walk.vialsDone)
        let state = start.after(toTimeField + [.type("20:00"), .key(.enter)])
        #expect(state.screenText.contains("[20:00       ] = 2026-10-31 20:00"))
        let plan = try #require(state.derived.plan)
        #expect(plan.diluteBy?.at == Clock.at(2026, 11, 1, 12, 0))
        #expect(state.contentTexts.last == "Dilute by 2026-11-01 07:00 (EST; the clocks changed) (US label: dilute within 12 hours of reconstitution)")
        #expect(!state.screenText.contains("08:00"))
        // A dilution at 07:30 EST, after the deadline, is a STOP on the Dilute step.
        var later = state.after(Walk.reconstitution())
        #expect(later.step == .dilution)
        later.now = Clock.at(2026, 11, 1, 7, 45, offsetHours: -5)
        let diluted = later.after(Array(repeating: Stroke.key(.tab), count: 7) + clearField + [.type("07:30"), .key(.enter)])
        #expect(diluted.derived.findings.contains { $0.code == .dilutedAfterDiluteBy && $0.severity == .hard })
        let pushed = diluted.completingStep()
        #expect(pushed.step == .dilution)
        #expect(pushed.message?.hasPrefix("STOP: Diluted at 2026-11-01 07:30") == true)
        // 06:55 EST is in time.
        let inTime = later.after(Array(repeating: Stroke.key(.tab), count: 7) + clearField + [.type("06:55"), .key(.enter)])
        #expect(!inTime.derived.findings.contains { $0.code == .dilutedAfterDiluteBy })
    }
}

/// Issue 7, finding 5 (R13): Dilute and Administer are done, not read.
@Suite("Confirmations (R13)")
struct ConfirmationTests {
    let onDilution = WizardState.fresh().after(Walk.reconstitutionDone)

    @Test("Enter alone never passes Reconstitute, Dilute or Administer")
    func enterAloneIsRefused() {
        for (steps, step) in [(Walk.vialsDone, Step.reconstitution), (Walk.reconstitutionDone, .dilution), (Walk.dilutionDone, .administration)] {
            var state = WizardState.fresh().after(steps)
            #expect(state.step == step)
            for _ in 0..<30 { state = state.after(.key(.enter)) }
            #expect(state.step == step, "\(step)")
            #expect(state.message != nil || !state.fieldErrors.isEmpty, "the reason is shown")
            #expect(state.confirmed.keys.allSatisfy { $0.stage(in: state) != step }, "Enter confirmed nothing on \(step)")
        }
    }

    @Test("every one of the Dilute step's confirmations is required", arguments: 0..<5)
    func eachDilutionConfirmationRequired(left: Int) throws {
        let ids = try #require(onDilution.derived.plan?.confirmations(for: .dilution).map(\.id))
        #expect(ids.count == 5)
        var state = onDilution
        for (index, id) in ids.enumerated() where index != left {
            state.focus = .confirmation(id)
            state = state.completingControl()
        }
        #expect(state.step == .dilution)
        let pushed = state.after(.key(.enter), .key(.enter))
        #expect(pushed.step == .dilution)
        #expect(pushed.focus == .confirmation(ids[left]))
        #expect(pushed.message != nil || pushed.fieldErrors[.confirmation(ids[left])] != nil, "the reason is shown")
    }

    @Test("every one of the Reconstitute and Administer steps' confirmations is required",
          arguments: [(PreparationStage.reconstitution, 0), (.reconstitution, 1), (.reconstitution, 2), (.reconstitution, 3),
                      (.reconstitution, 4), (.reconstitution, 5), (.administration, 0), (.administration, 1)])
    func eachOtherConfirmationRequired(stage: PreparationStage, left: Int) throws {
        let start = WizardState.fresh().after(stage == .reconstitution ? Walk.vialsDone : Walk.dilutionDone)
        let ids = try #require(start.derived.plan?.confirmations(for: stage).map(\.id))
        #expect(ids.count == (stage == .reconstitution ? 6 : 2))
        var state = start
        for (index, id) in ids.enumerated() where index != left {
            state.focus = .confirmation(id)
            state = state.completingControl()
        }
        let pushed = state.after(.key(.enter), .key(.enter), .key(.enter))
        #expect(pushed.step == start.step)
        #expect(pushed.focus == .confirmation(ids[left]))
        // Done, the step goes on.
        #expect(pushed.completingStep().step == start.step.next)
    }

    @Test("a vial counter counts one vial per key, takes one back, and stops at the number of vials")
    func counter() {
        let id = ConfirmationID.withdrawnWhole(strength: 400, vials: 10, millilitres: Tenths(whole: 10))
        #expect(onDilution.focus == .confirmation(id))
        #expect(onDilution.contentTexts[1] == "  [0 of 10] Withdraw 10 mL (400 units) from each of 10 whole 400-unit vials")
        let three = onDilution.after(.type(" "), .type("+"), .key(.right))
        #expect(three.count(of: id) == 3)
        #expect(three.contentTexts[1] == "  [3 of 10] Withdraw 10 mL (400 units) from each of 10 whole 400-unit vials")
        #expect(three.after(.type("-")).count(of: id) == 2)
        #expect(three.after(.key(.left), .key(.backspace)).count(of: id) == 1)
        let nine = onDilution.after(Array(repeating: Stroke.type(" "), count: 9) + [.key(.enter)])
        #expect(nine.focus == .confirmation(id), "9 of 10 does not go on")
        let full = onDilution.after(Array(repeating: Stroke.type(" "), count: 12))
        #expect(full.count(of: id) == 10)
        #expect(full.message == "All 10 are counted. Press - to take one back.")
    }

    @Test("a wrong total drawn is refused, said in words, and blocks; the right one goes on",
          arguments: ["100", "105.5", "10.5", "4200"])
    func wrongTotalDrawn(typed: String) {
        let total = ConfirmationID.totalDrawn(millilitres: Tenths(whole: 105))
        let counted = onDilution.after(Array(repeating: Stroke.type(" "), count: 10) + [.key(.enter), .type(" "), .key(.enter)])
        #expect(counted.focus == .confirmation(total))
        let wrong = counted.after(.type(typed), .key(.enter))
        #expect(wrong.focus == .confirmation(total))
        #expect(wrong.confirmed[total] == nil)
        let shown = Display.number(Tenths(tenths: Int((Double(typed)! * 10).rounded())))
        #expect(wrong.fieldErrors[.confirmation(total)] == "The total drawn, \(shown) mL, does not match the plan's 105 mL. Count the syringes and their volumes again; do not go on until they match.")
        #expect(wrong.screenText.contains("! The total drawn, \(shown) mL, does not match"))
        let blocked = wrong.after(.key(.tab), .type(" "), .key(.enter), .type(" "), .key(.enter), .key(.enter))
        #expect(blocked.step == .dilution)
        let right = wrong.after(clearField + [.type("105"), .key(.enter)])
        #expect(right.confirmed[total] == [Clock.now])
        // The stamp on screen has its date (section 3).
        #expect(right.screenText.contains("matches the plan  (2026-11-29 14:05)"))
        #expect(right.fieldErrors[.confirmation(total)] == nil)
    }

    @Test("a wrong pump rate is refused and blocks the Administer step")
    func wrongPumpRate() {
        let rate = ConfirmationID.pumpProgrammed(rate: Tenths(whole: 75))
        let onStep = WizardState.fresh().after(Walk.dilutionDone + [.type(" "), .key(.enter)])
        #expect(onStep.focus == .confirmation(rate))
        let wrong = onStep.after(.type("57"), .key(.enter))
        #expect(wrong.step == .administration)
        #expect(wrong.fieldErrors[.confirmation(rate)] == "The rate on the pump, 57 mL/h, does not match the plan's 75 mL/h. Program the pump again and read its rate back.")
        #expect(wrong.after(.key(.enter), .key(.enter)).step == .administration)
        // A duration changed after the rate matched: the old read-back no longer counts.
        let matched = onStep.after(.type("75"))
        let changed = matched.after(.key(.up), .key(.up), .key(.up), .type("4"))
        #expect(changed.derived.plan?.pumpRateMLPerHour == Tenths(whole: 60))
        #expect(!changed.confirmed.keys.contains(.pumpProgrammed(rate: Tenths(whole: 60))))
        #expect(changed.completingStep().step == .summary)
    }

    @Test("each confirmation is stamped with its own instant on the summary and the record")
    func stampedWithInstants() {
        var state = WizardState.fresh(now: Clock.today(14, 0)).after(Walk.vialsDone)
        // The first vial at 14:00, the tenth at 14:09, the rest at 14:10, 14:20, 14:30.
        for minute in 0..<10 {
            state.now = Clock.today(14, minute)
            state = state.after(.type(" "))
        }
        state.now = Clock.today(14, 10)
        state = state.after(.key(.enter)).completingStep()
        state.now = Clock.today(14, 20)
        state = state.completingStep()
        state.now = Clock.today(14, 30)
        state = state.completingStep()
        #expect(state.step == .summary)
        let lines = state.summaryLines()
        #expect(lines.contains("Done        2026-11-29 14:00 to 14:09  10 x 400-unit vials reconstituted, counted one by one"))
        #expect(lines.contains("            2026-11-29 14:10  1 x 200-unit vial inspected: clear, colourless"))
        #expect(lines.contains("            2026-11-29 14:20  total drawn typed back: 105 mL, matches the plan"))
        #expect(lines.contains("            2026-11-29 14:30  pump rate typed back: 75 mL/h, matches the plan"))
        #expect(lines.contains("            2026-11-29 14:30  set and filter primed with sodium chloride"))
        #expect(lines.filter { $0.contains("2026-11-29 1") && ($0.hasPrefix("Done") || $0.hasPrefix("            2026")) }.count == 13)
    }
}

/// Issue 7, finding 6 (R8, R12): after a previous hypersensitivity reaction.
@Suite("After a previous hypersensitivity reaction")
struct PreviousReactionTests {
    static let strokes: [Stroke] = Walk.toWeight + Walk.patient(hypersensitivity: "y", acknowledge: 1) + Walk.regimen() + Walk.lots()
        + Walk.reconstitution() + Walk.dilution()
    let onStep = WizardState.fresh().after(Self.strokes)
    let caution = "Previous hypersensitivity reaction: premedicate with antihistamines and/or corticosteroids as prescribed, infuse at a decreased rate, watch closely ([S2])."

    @Test("durations over 120 min are offered, none is preselected, and Enter does not choose one")
    func durations() throws {
        #expect(onStep.step == .administration)
        #expect(onStep.focus == .duration)
        guard case .choice(let options, let selected, _, _)? = onStep.info(.duration)?.kind else {
            Issue.record("no duration choice")
            return
        }
        #expect(options == ["60 min", "90 min", "120 min", "150 min", "180 min", "240 min"])
        #expect(selected == nil)
        #expect(onStep.contentTexts.contains("Pump rate         choose the duration first"))
        // No rate of an unchosen duration is shown as if in effect.
        #expect(onStep.contentTexts.contains("Dose rate         choose the duration first"))
        #expect(!onStep.contentTexts.contains { $0.contains("within the cap") })
        #expect(!onStep.controls.contains(.confirmation(.pumpProgrammed(rate: Tenths(whole: 75)))))
        let pushed = onStep.after(.key(.enter), .key(.enter))
        #expect(pushed.step == .administration)
        #expect(pushed.message == "Choose the duration.")
        let slower = onStep.after(.type("5"), .key(.enter))
        #expect(slower.derived.plan?.durationMinutes == 180)
        #expect(slower.derived.plan?.pumpRateMLPerHour == Tenths(whole: 50))
    }

    @Test("the caution is on the Administer step, the summary and the printed record")
    func cautionCarried() {
        #expect(onStep.contentTexts.prefix(2) == ["CAUTIONS", "  " + caution])
        #expect(onStep.screenText.contains("Previous hypersensitivity reaction: premedicate"))
        let summary = onStep.after(.type("5")).completingStep()
        #expect(summary.step == .summary)
        // The record's rows wrap at 80 columns: read them as one text.
        #expect(summary.summaryLines().map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ").contains(caution))
        #expect(summary.contentTexts.contains { $0.contains("Previous hypersensitivity reaction") })
    }
}

/// Issue 7, finding 7 (R6): a partial draw shows the units it holds.
@Suite("Units drawn")
struct UnitsDrawnTests {
    /// 20 kg, flat 50 units weekly: 1 x 200-unit vial, 1.3 mL drawn, which holds 52 units.
    static let toVials: [Stroke] = Walk.toWeight + Walk.patient(weight: "20") + Walk.regimen(frequency: "3", dose: "50", flat: true, acknowledge: 1)

    @Test("1.3 mL (52 units) on the Vials and Dilute steps and in the record")
    func fiftyTwoUnits() throws {
        let vials = WizardState.fresh().after(Self.toVials)
        #expect(vials.step == .vials)
        let plan = try #require(vials.derived.plan)
        #expect(plan.prescribedDose == 50)
        #expect(plan.unitsDrawn == 52)
        #expect(vials.contentTexts.contains("  Withdraw 1.3 mL (52 units) from 1 x 200-unit vial (partial: discard the rest)"))
        #expect(!vials.screenText.contains("(50 units) from"))
        let dilution = vials.after(Walk.lots(1)).completingStep()
        #expect(dilution.step == .dilution)
        #expect(dilution.contentTexts.contains("  [ ] Withdraw 1.3 mL (52 units) from the partial 200-unit vial; discard the rest"))
        let done = dilution.completingStep().completingStep()
        #expect(done.step == .summary)
        #expect(done.summaryLines().contains { $0.contains("1.3 mL (52 units)") })
    }
}

/// Section 3 and R9 on the record: never a time without its date.
@Suite("Dated confirmations")
struct DatedConfirmationTests {
    @Test("vials counted across midnight: the range on the record gives both dates")
    func countedAcrossMidnight() {
        var state = WizardState.fresh(now: Clock.at(2026, 11, 29, 23, 50)).after(Walk.vialsDone)
        for minute in 0..<10 {
            state.now = Clock.at(2026, 11, 29, 23, 56).addingMinutes(minute)
            state = state.after(.type(" "))
        }
        state = state.after(.key(.enter)).completingStep().completingStep().completingStep()
        #expect(state.step == .summary)
        #expect(state.summaryLines().contains("Done        2026-11-29 23:56 to 2026-11-30 00:05  10 x 400-unit vials reconstituted, counted one by one"))
        #expect(!state.summaryLines().contains { $0.firstMatch(of: #/ to \d{2}:\d{2}  /#) != nil })
    }

    @Test("vials counted within one day: the range keeps one date")
    func countedWithinADay() {
        var state = WizardState.fresh(now: Clock.today(14, 0)).after(Walk.vialsDone)
        for minute in 0..<10 {
            state.now = Clock.today(14, minute)
            state = state.after(.type(" "))
        }
        state = state.after(.key(.enter)).completingStep().completingStep().completingStep()
        #expect(state.summaryLines().contains("Done        2026-11-29 14:00 to 14:09  10 x 400-unit vials reconstituted, counted one by one"))
    }

    /// Section 5: the start checked against the start-by deadline is when the pump was
    /// programmed (its rate typed back), not when the record is confirmed.
    @Test("the clock passing the start-by deadline on the Summary does not block Confirm; a pump programmed after it is a STOP")
    func deadlineAndThePump() {
        var state = WizardState.fresh().after(Walk.administrationDone)
        #expect(state.step == .summary)
        state.now = Clock.today(18, 6)
        #expect(state.after(Walk.checkAndLabel() + [.key(.enter)]).outcome == .finished)
        // The pump programmed at 18:06, after the 18:05 limit: stopped on the Administer step.
        var late = WizardState.fresh().after(Walk.dilutionDone)
        late.now = Clock.today(18, 6)
        late = late.after(Walk.administration())
        #expect(late.step == .administration)
        #expect(late.derived.findings.contains { $0.code == .startAfterStartBy && $0.severity == .hard })
        let refused = late.after(.key(.enter))
        #expect(refused.step == .administration)
        #expect(refused.message?.hasPrefix("STOP: A start at 2026-11-29 18:06 is after the deadline to start the infusion, 2026-11-29 18:05") == true,
                "\(refused.message ?? "no message")")
    }
}

extension Instant {
    func addingMinutes(_ minutes: Int) -> Instant { adding(minutes: minutes) }
}

extension WizardState {
    /// The focus put on a control, as the plain front end does.
    func focused(_ control: Control) -> WizardState {
        var state = self
        update(&state, .focus(control))
        return state
    }
}

@Suite("Dilution and administration numbers")
struct DilutionAdministrationNumbersTests {
    @Test("low dose (20 kg, 2.5 units/kg 3 times a week): 1.3 mL (52 units), 100 mL bag, 98.7 mL sodium chloride")
    func lowDose() throws {
        let state = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "20") + Walk.regimen(frequency: "1", dose: "2.5")
                                              + Walk.lots(1)).completingStep()
        #expect(state.step == .dilution)
        let plan = try #require(state.derived.plan)
        #expect(plan.preparedDose == 50)
        #expect(plan.wasteUnits == 150)
        #expect(plan.drugVolumeML == Tenths(tenths: 13))
        #expect(state.derived.finalVolumeChoices == [Tenths(whole: 100), Tenths(whole: 150), Tenths(whole: 200)])
        #expect(state.contentTexts.contains("Sodium chloride   98.7 mL 0.9% Sodium Chloride Injection in an empty bag, then the drug, to make 100 mL"))
        #expect(state.contentTexts.contains("  [ ] Withdraw 1.3 mL (52 units) from the partial 200-unit vial; discard the rest"))
        #expect(state.focused(.finalVolume).after(.type("3")).derived.plan?.sodiumChlorideML == Tenths(tenths: 1987))
    }

    @Test("a final volume equal to the drug volume leaves no sodium chloride: a warning to acknowledge",
          arguments: [("4000", 0, "1", 100), ("6000", 1, "1", 150), ("8000", 1, "", 200)])
    func noSodiumChloride(flatDose: String, twoWeekWarnings: Int, choice: String, final: Int) throws {
        // 70 kg, a flat dose every 2 weeks of whole 400-unit vials: the drug volume is exactly
        // one of the bags. 8,000 units = 200 mL: the default bag is 200 mL (R7).
        let onDilution = WizardState.fresh().after(Walk.toWeight + Walk.patient()
                                                   + Walk.regimen(dose: flatDose, flat: true, acknowledge: twoWeekWarnings)
                                                   + Walk.lots(1)).completingStep()
        #expect(onDilution.step == .dilution)
        let state = onDilution.focused(.finalVolume).after(choice.isEmpty ? [] : [.type(choice)])
        let plan = try #require(state.derived.plan)
        #expect(plan.drugVolumeML == Tenths(whole: final))
        #expect(plan.finalVolumeML == Tenths(whole: final))
        #expect(plan.sodiumChlorideML == .zero)
        let text = "The drug volume fills the \(final) mL final volume: there is no sodium chloride to dilute with. Check with the pharmacist."
        #expect(state.contentTexts.contains("WARNING: " + text + " [press A to acknowledge]"))
        // Every confirmation done, the warning still stops the step until it is acknowledged.
        var confirmed = state
        for id in plan.confirmations(for: .dilution).map(\.id) { confirmed = confirmed.focused(.confirmation(id)).completingControl() }
        let next = confirmed.after(.key(.enter), .key(.enter))
        #expect(next.step == .dilution)
        #expect(next.focus == .acknowledge(.noSodiumChlorideToAdd))
        let done = next.after(Walk.acknowledge(1))
        #expect(done.step == .administration)
        #expect(done.acknowledged[.noSodiumChlorideToAdd] == text)
    }

    @Test("duration choices change the pump rate and the dose rate",
          arguments: [
              ([Stroke.type("1")], 60, "Pump rate         150 mL/h (150 mL over 60 min)",
               "Dose rate         1 unit/kg/min; cap 1 unit/kg/min (later infusion): within the cap"),
              ([.type("2")], 90, "Pump rate         100 mL/h (150 mL over 90 min)",
               "Dose rate         0.67 units/kg/min; cap 1 unit/kg/min (later infusion): within the cap"),
              ([.key(.left)], 90, "Pump rate         100 mL/h (150 mL over 90 min)",
               "Dose rate         0.67 units/kg/min; cap 1 unit/kg/min (later infusion): within the cap"),
              ([.key(.right)], 150, "Pump rate         60 mL/h (150 mL over 150 min)",
               "Dose rate         0.4 units/kg/min; cap 1 unit/kg/min (later infusion): within the cap"),
              ([.type("6")], 240, "Pump rate         37.5 mL/h (150 mL over 240 min)",
               "Dose rate         0.25 units/kg/min; cap 1 unit/kg/min (later infusion): within the cap"),
          ])
    func durations(strokes: [Stroke], minutes: Int, pump: String, doseRate: String) {
        let state = WizardState.fresh().after(Walk.dilutionDone).focused(.duration).after(strokes)
        #expect(state.chosenDuration == minutes)
        #expect(state.derived.plan?.durationMinutes == minutes)
        #expect(state.contentTexts.contains(pump))
        #expect(state.contentTexts.contains(doseRate))
        // The rate typed back is this duration's.
        let done = state.completingStep()
        #expect(done.confirmed.keys.contains(.pumpProgrammed(rate: done.derived.plan!.pumpRateMLPerHour!)))
    }

    @Test("a duration typed in minutes: taken when 60 to 1,440; under 60 a STOP (R8); over 1,440 or not whole, refused in words",
          arguments: [("200", nil as String?), ("1441", "min"), ("1.5", "whole")])
    func otherDuration(typed: String, refusal: String?) {
        let state = WizardState.fresh().after(Walk.dilutionDone).focused(.otherDuration).after(.type(typed), .key(.enter))
        if refusal == nil {
            #expect(state.chosenDuration == 200)
            #expect(state.derived.plan?.pumpRateMLPerHour == Tenths(whole: 45))
            #expect(state.fieldErrors[.otherDuration] == nil)
        } else {
            #expect(state.fieldErrors[.otherDuration]?.isEmpty == false, "\(typed)")
            #expect(state.derived.plan?.durationMinutes == 120)
            #expect(state.completingStep().step == .administration)
        }
    }

    @Test("under the EU label in a pharmacy the vials are diluted at once")
    func euLabel() {
        var policy = SitePolicy.standard
        policy.stability = .euLabel
        policy.setting = .pharmacy
        let state = WizardState(policy: policy, size: .minimum, now: Clock.now, zone: .utc).after(Walk.vialsDone)
        #expect(state.contentTexts.last == "Dilute at once (EU label): the interval from reconstitution is recorded.")
    }
}

extension AdministrationStepTests {
    static let rateStop = "The dose rate, 0.67 units/kg/min, is above the cap of 0.5 units/kg/min for a first infusion. Infuse over at least 160 min."
    static let longDuration = "A duration of 160 min is longer than the label's 1 to 2 hours. Check that the order asks for it."

    @Test("a first infusion at 80 units/kg is stopped by the rate cap until 160 min or more is chosen, which needs acknowledging")
    func rateCapStop() throws {
        let state = WizardState.fresh().after(Self.firstInfusionAt80)
        #expect(state.step == .administration)
        #expect(state.contentTexts.contains("STOP: " + Self.rateStop))
        #expect(state.contentTexts.contains("Dose rate         0.67 units/kg/min; cap 0.5 units/kg/min (first infusion): ABOVE the cap"))
        #expect(state.contentTexts.contains("Pump rate         75 mL/h (150 mL over 120 min): too fast for the rate cap; choose a longer duration"))
        #expect(state.limitState == .hard)
        // Only durations long enough are offered; none is chosen for the nurse.
        #expect(state.derived.durationChoices == [160, 180, 240])
        #expect(state.focus == .duration)
        #expect(state.after(.key(.enter)).message == "Choose the duration.")
        // Every confirmation done at the blocked duration does not pass it.
        #expect(state.completingStep().step == .administration)

        let chosen = state.after(.type("1"))
        #expect(chosen.chosenDuration == 160)
        #expect(!chosen.contentTexts.contains("STOP: " + Self.rateStop))
        #expect(chosen.contentTexts.contains("Dose rate         0.5 units/kg/min; cap 0.5 units/kg/min (first infusion): within the cap"))
        #expect(chosen.contentTexts.contains("Pump rate         56.3 mL/h (150 mL over 160 min)"))
        #expect(chosen.contentTexts.contains("WARNING: " + Self.longDuration + " [press A to acknowledge]"))
        #expect(chosen.limitState == .soft)
        let done = chosen.completingStep()
        #expect(done.step == .summary)
        #expect(done.acknowledged[.durationAboveMaximum] == Self.longDuration)
        #expect(done.derived.plan?.pumpRateMLPerHour == Tenths(tenths: 563))
    }

    @Test("a later infusion at 80 units/kg is within the cap at 120 min; 60 min is not offered")
    func laterInfusionWithinCap() {
        let state = WizardState.fresh().after(Walk.toWeight + Walk.patient() + Walk.regimen(dose: "80", acknowledge: 1)
                                              + Walk.lots(1)).completingStep().completingStep()
        #expect(state.step == .administration)
        #expect(state.contentTexts.contains("Dose rate         0.67 units/kg/min; cap 1 unit/kg/min (later infusion): within the cap"))
        #expect(state.derived.plan?.shortestAllowedDurationMinutes == 80)
        #expect(state.derived.durationChoices == [80, 90, 120, 150, 180, 240])
        #expect(state.completingStep().step == .summary)
    }

    @Test("a dose rate just above the cap is shown with the decimals that keep it from reading as the cap")
    func rateJustAboveCap() {
        // 70 kg, first infusion, 60.1 units/kg every 2 weeks over 120 min: 0.50083 units/kg/min.
        let state = WizardState.fresh().after(Walk.toWeight + Walk.patient(firstInfusion: "y")
                                              + Walk.regimen(dose: "60.1", acknowledge: 1) + Walk.vials())
            .completingStep().completingStep().completingStep()
        #expect(state.step == .administration)
        #expect(state.contentTexts.contains("Dose rate         0.501 units/kg/min; cap 0.5 units/kg/min (first infusion): ABOVE the cap"))
        #expect(state.contentTexts.contains { $0.hasPrefix("STOP: The dose rate, 0.501 units/kg/min, is above the cap of 0.5 units/kg/min for a first infusion.") })
        #expect(state.after(.key(.enter)).step == .administration)
    }
}

extension DilutionAdministrationNumbersTests {
    @Test("59 min typed: a STOP that blocks the step (R8: hard stop under 60 min)")
    func underSixtyMinutes() {
        let state = WizardState.fresh().after(Walk.dilutionDone).focused(.otherDuration).after(.type("59"), .key(.enter))
        #expect(state.derived.plan?.durationMinutes == 59)
        #expect(state.derived.findings.contains { $0.code == .durationBelowMinimum && $0.severity == .hard })
        let pushed = state.completingStep()
        #expect(pushed.step == .administration)
        #expect(pushed.message?.hasPrefix("STOP: ") == true)
    }
}
