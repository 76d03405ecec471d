// The plain front end (TerminalUI) on the same state machine, with scripted input.
import InfusionCalc
import InfusionWizard
import Testing
import TerminalUI

/// Runs the plain front end on scripted input lines and captures what it writes.
struct PlainRun {
    /// Everything written, one string per write (a prompt may hold several lines).
    let written: [String]
    /// Input lines never read.
    let unread: [String]
    let final: WizardState

    init(_ input: [String], state: WizardState = WizardState(size: .minimum, now: Clock.now)) {
        var pending = input[...]
        var out: [String] = []
        final = PlainFrontEnd(readLine: { pending.popFirst() }, write: { out.append($0) }).run(state)
        written = out
        unread = Array(pending)
    }

    var text: String { written.joined(separator: "\n") }
    /// Every line written (a prompt with a list is several lines).
    var lines: [String] { written.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } }
    /// Index in `written` of the first write equal to `text` at or after `start`.
    func index(of text: String, from start: Int = 0) -> Int? {
        written[min(start, written.count)...].firstIndex(of: text)
    }
}

@Suite("Plain front end")
struct PlainFrontEndTests {
    /// The reference adult answered line by line. Every control of a step is asked in order,
    /// the optional and prefilled ones too (an empty answer keeps what is shown):
    /// Begin; 70 kg, y n n n; every 2 weeks, dose mode kept, 60 units/kg; both strengths kept
    /// (4,200 units is whole vials: no dose list); time kept, 10 vials, swirled, inspected,
    /// 1 vial, swirled, inspected; 10 and 1 withdrawn, 105 mL typed back, bag kept, sodium
    /// chloride, bag mixed, time kept; duration kept, no other minutes, primed, 75 mL/h typed
    /// back; confirm.
    static let reference = ["", "70", "y", "n", "n", "n", "4", "", "60", "", "",
                            "", "10", "y", "y", "1", "y", "y",
                            "10", "1", "105", "", "y", "y", "",
                            "", "", "y", "75", ""]
    /// Where some answers are in `reference`.
    enum At {
        static let weight = 1, frequency = 6, doseMode = 7, dose = 8, vial400 = 9, vial200 = 10
        static let reconstitutionTime = 11, reconstituted400 = 12, withdrawn400 = 18, totalDrawn = 20, finalVolume = 21
        static let dilutionTime = 24, duration = 25, otherDuration = 26, primed = 27, pumpRate = 28, confirm = 29
    }
    static let doseModePrompt = "Dose entered as:\n  1) units/kg per infusion\n  2) total units per infusion (flat dose)\nChoose 1 to 2 [1]: "
    static let finalVolumePrompt = "Final volume:\n  1) 150 mL\n  2) 200 mL\nChoose 1 to 2 [1]: "
    static let durationPrompt = "Duration:\n  1) 60 min\n  2) 90 min\n  3) 120 min\n  4) 150 min\n  5) 180 min\n  6) 240 min\nChoose 1 to 6 [3]: "
    static let weightPrompt = "Weight in kg (or with the unit lb, for example 154 lb): "

    @Test("a full walk ends with the summary lines")
    func fullWalk() {
        let run = PlainRun(Self.reference)
        #expect(run.final.outcome == .finished)
        #expect(run.final.step == .summary)
        #expect(run.unread.isEmpty)
        let summary = run.final.summaryLines()
        #expect(summary.first == "IMIGLUCERASE (Cerezyme) PREPARATION PLAN")
        #expect(summary.contains("Vials       10 x 400-unit + 1 x 200-unit = 4,200 units; waste 0 units"))
        #expect(summary.contains("Bag         final volume 150 mL: add 45 mL 0.9% Sodium Chloride Injection"))
        #expect(summary.contains("Times       first reconstitution 2026-11-29 14:05"))
        #expect(summary.contains("            2026-11-29 14:05  pump rate typed back: 75 mL/h, matches the plan"))
        #expect(Array(run.written.suffix(summary.count + 1)) == [""] + summary)
        // The same record as the key-driven walk of the same entries.
        #expect(summary == WizardState.fresh().after(Walk.administrationDone).summaryLines())
        #expect(run.written.first == "InfusionPrep: imiglucerase (Cerezyme) preparation, plain mode.")
        #expect(run.written[1] == "At any question: b = back, q = quit, ? = help. Empty answers keep what is shown.")
        for step in Step.allCases {
            #expect(run.written.contains("== Step \(step.number) of 8: \(step.title) =="))
        }
        #expect(run.written.contains("Weight in kg (or with the unit lb, for example 154 lb): "))
        #expect(run.written.contains("Is the patient at least 2 years old? (y/n): "))
        #expect(run.written.contains("Frequency:\n  1) 3 times a week (12 per 4 weeks)\n  2) 2 times a week (8 per 4 weeks)\n  3) weekly (4 per 4 weeks)\n  4) every 2 weeks (2 per 4 weeks)\n  5) every 4 weeks (1 per 4 weeks)\nChoose 1 to 5: "))
        // R4 v2: no dose list, the reason given instead.
        #expect(run.written.contains("Dose to prepare: 4,200 units, the prescribed dose"))
        #expect(!run.written.contains { $0.hasPrefix("Dose to prepare (prescribed") })
        // R13: counters ask how many are done.
        #expect(run.written.contains("Add 10.2 mL Sterile Water for Injection to each of the 10 x 400-unit vials (never sodium chloride). How many of the 10 are done? (0 to 10) [0]: "))
        #expect(run.written.contains("Dilute and start the infusion by 2026-11-29 18:05 (immediate use at the bench: start within 4 hours of the first reconstitution)"))
        #expect(run.written.contains("Pump rate         75 mL/h (150 mL over 120 min)"))
        #expect(run.written.contains("Confirm and finish: press Enter (or type b to go back): "))
        #expect(!run.text.contains("the next day"))
        #expect(!run.text.contains("Quit: nothing was recorded."))
        // Each question once: empty answers were taken, nothing was asked again.
        #expect(run.written.filter { $0 == Self.doseModePrompt }.count == 1)
        #expect(run.written.filter { $0 == Self.finalVolumePrompt }.count == 1)
        #expect(run.written.filter { $0 == Self.durationPrompt }.count == 1)
        #expect(!run.written.contains { $0.hasPrefix("! ") })
    }

    /// Issue 7, finding 5, in plain mode: every confirmation is asked, a wrong value typed
    /// back is refused and asked again, and nothing goes on without it.
    @Test("plain mode: a wrong total drawn and a wrong pump rate are refused and asked again; a count short of the vials too")
    func plainConfirmations() {
        var input = Self.reference
        input.insert(contentsOf: ["75"], at: At.pumpRate)
        input.insert(contentsOf: ["100", "abc"], at: At.totalDrawn)
        input.insert(contentsOf: ["9", "11"], at: At.withdrawn400)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(run.unread.isEmpty)
        #expect(run.written.contains("! The total drawn, 100 mL, does not match the plan's 105 mL. Count the syringes and their volumes again; do not go on until they match."))
        #expect(run.written.contains("! Type a count from 0 to 10."))
        let rateRun = PlainRun(Array(Self.reference.prefix(At.pumpRate)) + ["57"])
        #expect(rateRun.final.outcome == .quit)
        #expect(rateRun.written.contains("! The rate on the pump, 57 mL/h, does not match the plan's 75 mL/h. Program the pump again and read its rate back."))
        #expect(rateRun.written.last == "Input ended before the preparation was finished: nothing was recorded.")
    }

    @Test("answers to the optional and prefilled questions are taken")
    func optionalAnswers() {
        var input = Self.reference
        input[At.pumpRate] = "133.3"
        input[At.duration] = "2"
        input[At.dilutionTime] = "14:00"
        input[At.finalVolume] = "2"
        input[At.reconstitutionTime] = "13:50"
        input[At.doseMode] = "2"
        input[At.dose] = "4200"
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(run.unread.isEmpty)
        let summary = run.final.summaryLines()
        #expect(summary.contains("Order       4,200 units every 2 weeks (60 units/kg): 4,200 units per infusion"))
        #expect(summary.contains("Vials       10 x 400-unit + 1 x 200-unit = 4,200 units; waste 0 units"))
        #expect(summary.contains("Bag         final volume 200 mL: add 95 mL 0.9% Sodium Chloride Injection"))
        #expect(summary.contains("Infusion    90 min at 133.3 mL/h; no other medicines in the same line"))
        #expect(summary.contains("Times       first reconstitution 2026-11-29 13:50"))
        #expect(summary.contains("            diluted 2026-11-29 14:00 (10 min after reconstitution)"))
        #expect(summary.contains("            2026-11-29 14:05  95 mL sodium chloride in the bag, drug added"))
        #expect(run.written.contains("Dose per infusion in units: "))
        #expect(!run.written.contains { $0.hasPrefix("! ") })
    }

    @Test("the transcript shows the numbers each step computes, as the screen does")
    func computedLinesShown() {
        let run = PlainRun(Self.reference)
        // Lines that appear on a step only after its last answer (the regimen's dose lines,
        // the vial table for the chosen dose) are printed before the next step's header.
        let shown: [(String, Int)] = [("Per infusion      4,200 units (60 units/kg x 70 kg)", 3),
                                      ("Two-week equiv.   60 units/kg; label's initial range 15 to 60 units/kg: within", 3),
                                      ("  400-unit     10      10.2 mL      10.6 mL", 4),
                                      ("  Withdraw 10 mL from each of 10 x 400-unit vials (whole)", 4),
                                      ("  Withdraw 5 mL from 1 x 200-unit vial (whole)", 4),
                                      ("  11 vials, 4,200 units; waste 0 units", 4)]
        for (line, step) in shown {
            let printed = run.index(of: line)
            #expect(printed != nil, "not printed: \(line)")
            let header = run.index(of: "== Step \(step) of 8: \(Step(rawValue: step - 1)!.title) ==")
            let next = run.index(of: "== Step \(step + 1) of 8: \(Step(rawValue: step)!.title) ==")
            if let printed, let header, let next { #expect(header < printed && printed < next, "printed on the wrong step: \(line)") }
        }
    }

    @Test("a weight in lb is converted, shown with both values and confirmed")
    func pounds() {
        var input = Self.reference
        // 69.9 kg: 4,194 units, the exact dose picked from the list; the 200-unit vial is
        // partial (4.9 mL), a tick instead of a count, and 104.9 mL drawn in all.
        input[At.totalDrawn] = "104.9"
        input[At.withdrawn400 + 1] = "y"
        input.insert("1", at: At.vial200 + 1)
        input[1] = "154 lb"
        input.insert("y", at: 2)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(!run.written.contains { $0.hasPrefix("! ") }, "no refusal on the way")
        #expect(run.written.contains("154 lb = 69.9 kg. Is this right? (y/n): "))
        #expect(run.final.summaryLines().contains("Patient     69.9 kg (entered as 154 lb); not a first infusion"))
    }

    @Test("N to the conversion asks for the weight again")
    func poundsRejected() {
        var input = Self.reference
        input[1] = "154 lb"
        input.insert(contentsOf: ["n", "70"], at: 2)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        // The weight is asked again right after the conversion question, below the reducer's
        // "Enter the weight again." (an answer no longer carries an Enter that would clear it).
        let question = run.written.firstIndex(of: "154 lb = 69.9 kg. Is this right? (y/n): ")
        #expect(question != nil)
        if let question, question + 2 < run.written.count {
            #expect(run.written[question + 1] == "! Enter the weight again.")
            #expect(run.written[question + 2] == Self.weightPrompt)
        }
        #expect(run.final.confirmedPoundsText == nil)
        #expect(run.final.summaryLines().contains("Patient     70 kg; not a first infusion"))
    }

    @Test("bad input is asked again with the message in words")
    func badInput() {
        var input = Self.reference
        input.insert(contentsOf: ["abc", "350"], at: 1)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        let help = "Enter the weight in kg with at most one decimal (for example 70 or 70.5), or in pounds with \"lb\" (for example 154 lb)."
        #expect(run.written.contains("! Weight: \"abc\" is not a number. " + help))
        #expect(run.written.contains("! Weight 350 kg is outside 2 kg to 300 kg. Check the weight and the unit."))
        #expect(run.written.filter { $0.hasPrefix("Weight in kg") }.count == 3)
        #expect(run.written.contains("Weight in kg (or with the unit lb, for example 154 lb) [350]: "))
    }

    @Test("bad answers to choices and yes/no questions are refused in words")
    func badChoices() {
        var input = Self.reference
        // "maybe" to the age question; "x" and "9" to the frequency.
        input.insert("maybe", at: 2)
        input.insert(contentsOf: ["x", "9"], at: 7)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(run.written.contains("! \"m\" is not a choice here: use Left/Right or y, n."))
        #expect(run.written.filter { $0 == "Is the patient at least 2 years old? (y/n): " }.count == 2)
        #expect(run.written.filter { $0 == "! Choose a number from 1 to 5." }.count == 2)
        #expect(run.written.filter { $0.hasPrefix("Frequency:\n") }.count == 3)
        #expect(run.final.frequency == .everyTwoWeeks)
    }

    @Test("b goes back a step and keeps the entries; empty answers keep them")
    func back() {
        // On the regimen: b, then an empty answer to the kept weight and to each of the four
        // kept answers (every control of the step is asked again, showing what it holds).
        var input = Self.reference
        input.insert(contentsOf: ["b", "", "", "", "", ""], at: At.frequency)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(run.unread.isEmpty)
        #expect(run.written.filter { $0 == "== Step 2 of 8: Patient ==" }.count == 2)
        #expect(run.written.filter { $0 == "== Step 3 of 8: Regimen ==" }.count == 2)
        #expect(run.written.contains("Weight in kg (or with the unit lb, for example 154 lb) [70]: "))
        #expect(run.written.contains("Is the patient at least 2 years old? (y/n) [yes]: "))
        #expect(run.written.contains("Previous alglucerase antibodies or reactions? (y/n) [no]: "))
        #expect(run.final.atLeastTwoYears == true)
        #expect(run.final.firstInfusion == false)
        #expect(run.final.summaryLines().contains("Patient     70 kg; not a first infusion"))
    }

    @Test("q asks to confirm: n stays, y quits with outcome quit")
    func quit() {
        var stay = Self.reference
        stay.insert(contentsOf: ["q", "n"], at: 3)
        let stayed = PlainRun(stay)
        #expect(stayed.final.outcome == .finished)
        #expect(stayed.written.contains("Quit without finishing? Nothing is recorded. (y/n)"))
        // Staying asks the same question again: it was not answered.
        if let asked = stayed.index(of: "Quit without finishing? Nothing is recorded. (y/n)"), asked + 1 < stayed.written.count {
            #expect(stayed.written[asked + 1] == "Is this the patient's first infusion? (y/n): ")
        }

        let quit = PlainRun(["", "70", "q", "y", "never read"])
        #expect(quit.final.outcome == .quit)
        #expect(quit.written.last == "Quit: nothing was recorded.")
        #expect(quit.unread == ["never read"])
        #expect(!quit.written.contains("IMIGLUCERASE (Cerezyme) PREPARATION PLAN"))
    }

    @Test("b on the Start step asks to quit")
    func backOnStart() {
        let run = PlainRun(["b", "y"])
        #expect(run.final.outcome == .quit)
        #expect(run.written.contains("Quit without finishing? Nothing is recorded. (y/n)"))
    }

    @Test("end of input quits: nothing recorded")
    func endOfInput() {
        let run = PlainRun(["", "70", "y"])
        #expect(run.final.outcome == .quit)
        #expect(run.final.step == .patient)
        #expect(run.written.last == "Input ended before the preparation was finished: nothing was recorded.")
        #expect(!run.written.contains("IMIGLUCERASE (Cerezyme) PREPARATION PLAN"))
        // End of input during the quit question quits as well.
        let asking = PlainRun(["", "q"])
        #expect(asking.final.outcome == .quit)
    }

    @Test("? prints the step's help and asks again")
    func help() {
        var input = Self.reference
        input.insert("?", at: 1)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        for line in helpLines(for: .patient) { #expect(run.written.contains(line)) }
        // Right after the help, the weight is asked again (not the next question).
        let help = helpLines(for: .patient)
        if let last = run.index(of: help[help.count - 1]), last + 1 < run.written.count {
            #expect(run.written[last + 1] == Self.weightPrompt)
        }
        #expect(run.final.weight.text == "70")
    }

    @Test("a warning is acknowledged with a; anything else is asked again")
    func acknowledgement() {
        var input = Array(Self.reference.prefix(At.frequency))
        input[1] = "9.5"
        input += ["", "a"]
        let run = PlainRun(input)
        #expect(run.final.step == .regimen)
        #expect(run.written.contains("WARNING: Weight 9.5 kg is under 10 kg: check the weight and that the patient is at least 2 years old (safety and efficacy are not established under 2 years).\nType a to acknowledge: "))
        #expect(run.written.contains("! Read the warning, then press A to acknowledge it."))
        #expect(run.final.acknowledged[.weightBelowSoftMinimum] == "Weight 9.5 kg is under 10 kg: check the weight and that the patient is at least 2 years old (safety and efficacy are not established under 2 years).")
    }

    @Test("a hard stop is printed and blocks the walk")
    func hardStop() {
        var input = Self.reference
        input[1] = "140"
        let run = PlainRun(input)
        #expect(run.final.outcome == .quit)
        #expect(run.final.step == .vials)
        #expect(run.written.contains("! STOP: The dose does not fit the label's 200 mL maximum: the drug volume alone is 210 mL. Ask the pharmacist."))
    }

    @Test("a training run marks every line, the summary included")
    func training() {
        var state = WizardState(size: .minimum, now: Clock.now)
        state.training = TrainingSession(mode: .guided, scenarioName: "standard-adult", scenarioTitle: "Standard adult dose", learningPoints: [])
        let run = PlainRun(Self.reference, state: state)
        #expect(run.final.outcome == .finished)
        #expect(run.written.first == "TRAINING | InfusionPrep: imiglucerase (Cerezyme) preparation, plain mode.")
        #expect(run.written.contains("TRAINING | == Step 1 of 8: Start =="))
        #expect(run.final.summaryLines().allSatisfy { $0.hasPrefix("TRAINING | ") })
        #expect(Array(run.written.suffix(run.final.summaryLines().count)) == run.final.summaryLines())
        // Every line written says TRAINING: prompts, lists, messages, blank separators, the summary.
        let unmarked = run.lines.enumerated().filter { !$0.element.hasPrefix("TRAINING | ") }
        #expect(unmarked.isEmpty, "lines without \"TRAINING | \": \(unmarked.map { "\($0.offset): \"\($0.element)\"" })")
        #expect(run.written.contains("TRAINING | Dose entered as:\nTRAINING |   1) units/kg per infusion\nTRAINING |   2) total units per infusion (flat dose)\nTRAINING | Choose 1 to 2 [1]: "))
    }

    @Test("a quiz run in plain mode: questions and feedback marked TRAINING, the score in the summary")
    func quiz() {
        var state = WizardState(size: .minimum, now: Clock.now)
        state.training = TrainingSession(mode: .quiz, scenarioName: "standard-adult", scenarioTitle: "Standard adult dose", learningPoints: [])
        // The reference answers with the quiz answers where the questions come.
        var input = Self.reference
        input.insert("75", at: At.duration)
        input.insert(contentsOf: ["105", "45"], at: At.withdrawn400)
        input.insert(contentsOf: ["10", "1", "10.2", "5.1"], at: At.reconstitutionTime)
        let run = PlainRun(input, state: state)
        #expect(run.final.outcome == .finished)
        #expect(run.unread.isEmpty)
        #expect(run.written.contains("TRAINING | Reconstitute with Sterile Water for Injection only, never sodium chloride."))
        #expect(run.written.contains("TRAINING | How many 400-unit vials do you need for 4,200 units, with 400-unit and 200-unit vials on hand?"))
        #expect(run.written.contains("TRAINING | Your answer (vials): "))
        #expect(run.written.contains("TRAINING | RIGHT: 75 mL/h. R8: 150 mL x 60 / 120 min = 75 mL/h (to 0.1 mL/h)."))
        #expect(run.written.contains("TRAINING | Score: 7 of 7 right (100%)"))
        // No dose list (whole vials) and no vial table before the counts are asked.
        #expect(run.written.contains("TRAINING | Dose to prepare: 4,200 units, the prescribed dose"))
        #expect(!run.written.contains { $0.contains("waste") && $0.contains("Dose to prepare") })
        let unmarked = run.lines.filter { !$0.hasPrefix("TRAINING | ") && !$0.isEmpty }
        #expect(unmarked.isEmpty, "\(unmarked)")
    }

    // MARK: Refused answers are asked again

    @Test("a refused answer to a question that already shows a value is asked again, not skipped",
          arguments: [(PlainFrontEndTests.At.doseMode, PlainFrontEndTests.doseModePrompt, "! Choose a number from 1 to 2."),
                      (PlainFrontEndTests.At.finalVolume, PlainFrontEndTests.finalVolumePrompt, "! Choose a number from 1 to 2."),
                      (PlainFrontEndTests.At.duration, PlainFrontEndTests.durationPrompt, "! Choose a number from 1 to 6.")])
    func refusedPrefilledChoice(at index: Int, prompt: String, message: String) {
        var input = Self.reference
        input.insert("9", at: index)
        let run = PlainRun(input)
        #expect(run.written.contains(message))
        #expect(run.written.filter { $0 == prompt }.count == 2, "the refused question is asked again")
        if let refused = run.index(of: message), refused + 1 < run.written.count {
            #expect(run.written[refused + 1] == prompt)
        }
        #expect(run.final.outcome == .finished)
        #expect(run.final.summaryLines() == WizardState.fresh().after(Walk.administrationDone).summaryLines())
    }

    @Test("an answer other than y or n to a tick box is refused and asked again; the stock is unchanged")
    func refusedTickBoxAnswer() {
        var input = Self.reference
        input.insert("1", at: At.vial400)
        let run = PlainRun(input)
        #expect(run.written.filter { $0 == "400-unit vials? (y/n) [y]: " }.count == 2)
        #expect(run.final.policy.vialsOnHand == [400, 200])
        #expect(run.final.outcome == .finished)
    }

    // MARK: The times

    @Test("a dilution after the section 5 deadline is a STOP, the time is asked again, and nothing gets past Dilute")
    func timeStop() {
        // Reconstituted 10:00: at the bench the infusion must start by 14:00; the dilution
        // time is prefilled with the clock, 14:05.
        var input = Array(Self.reference.prefix(At.dilutionTime + 1))
        input[At.reconstitutionTime] = "10:00"
        let run = PlainRun(input)
        #expect(run.written.contains("Dilute and start the infusion by 2026-11-29 14:00 (immediate use at the bench: start within 4 hours of the first reconstitution)"))
        #expect(run.written.contains("! STOP: Diluted at 2026-11-29 14:05, 4 h 5 min after the first reconstitution at 2026-11-29 10:00: after the deadline of 2026-11-29 14:00 (immediate use at the bench: start within 4 hours of the first reconstitution). Do not use these vials; ask the pharmacist."))
        #expect(run.final.outcome == .quit)
        #expect(run.final.step == .dilution)
        #expect(!run.written.contains("== Step 7 of 8: Administer =="))
        // A dilution before the reconstitution is refused in words, and asked again.
        var before = input
        before[At.dilutionTime] = "09:00"
        let refused = PlainRun(before)
        #expect(refused.written.contains("! The dilution, 2026-11-29 09:00, cannot be before the first reconstitution, 2026-11-29 10:00. Check both times."))
        #expect(refused.written.last == "Input ended before the preparation was finished: nothing was recorded.")
    }
}

/// R13 in plain mode: each answer is stamped with the clock the shell gives it.
@Suite("Plain front end clock")
struct PlainFrontEndClockTests {
    @Test("the tick before each answer stamps its confirmation: one minute per answer, read back on the record")
    func stampsFollowTheClock() {
        var pending = PlainFrontEndTests.reference[...]
        var answers = 0
        var out: [String] = []
        let final = PlainFrontEnd(readLine: { pending.popFirst() }, write: { out.append($0) },
                                  tick: { state in
                                      answers += 1
                                      state.now = Clock.now.adding(minutes: answers)
                                  }).run(WizardState.fresh())
        #expect(final.outcome == .finished)
        #expect(answers == PlainFrontEndTests.reference.count)
        let lines = final.summaryLines()
        // Answers 13 (10 vials) and 29 (75 mL/h) of 30: 14:05 + 13 and + 29 minutes.
        #expect(lines.contains("Done        2026-11-29 14:18  10 x 400-unit vials reconstituted, counted one by one"))
        #expect(lines.contains("            2026-11-29 14:34  pump rate typed back: 75 mL/h, matches the plan"))
        #expect(out.suffix(lines.count) == lines[...])
    }
}
