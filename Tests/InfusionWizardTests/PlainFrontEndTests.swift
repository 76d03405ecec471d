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

    init(_ input: [String], state: WizardState = WizardState(size: .minimum, now: ClockTime(hour: 14, minute: 5)!)) {
        var pending = input[...]
        var out: [String] = []
        final = PlainFrontEnd(readLine: { pending.popFirst() }, write: { out.append($0) }).run(state)
        written = out
        unread = Array(pending)
    }

    var text: String { written.joined(separator: "\n") }
}

@Suite("Plain front end")
struct PlainFrontEndTests {
    /// The reference adult answered line by line: Begin, 70 kg, y n n n, every 2 weeks,
    /// 60 units/kg, exact dose, six ticks, defaults for the bag and the duration, confirm.
    static let reference = ["", "70", "y", "n", "n", "n", "4", "60", "1", "y", "y", "y", "y", "y", "y", "", "", ""]

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
        #expect(run.written.contains("Add 10.2 mL Sterile Water for Injection to each vial (never sodium chloride)? (y/n) [n]: "))
        #expect(run.written.contains("Then dilute by 02:05 the next day."))
        #expect(run.written.contains("Sodium chloride   add 45 mL 0.9% Sodium Chloride Injection to make 150 mL"))
        #expect(run.written.contains("Pump rate         75 mL/h (150 mL over 120 min)"))
        #expect(run.written.contains("Confirm and finish: press Enter (or type b to go back): "))
        #expect(!run.text.contains("Quit: nothing was recorded."))
    }

    @Test("the transcript shows the numbers each step computes, as the screen does")
    func computedLinesShown() {
        let run = PlainRun(Self.reference)
        // Lines that appear on a step only after its last answer are never printed: the
        // regimen's dose lines and the vial table for the chosen dose.
        for line in ["Per infusion      4,200 units (60 units/kg x 70 kg)",
                     "Two-week equiv.   60 units/kg; label's initial range 15 to 60 units/kg: within",
                     "  400-unit     10      10.2 mL      10.6 mL          10 mL from a whole vial"] {
            let printed = run.written.contains(line)
            #expect(printed, "not printed: \(line)")
        }
    }

    @Test("a weight in lb is converted, shown with both values and confirmed")
    func pounds() {
        var input = Self.reference
        input[1] = "154 lb"
        input.insert("y", at: 2)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(run.written.contains("! Check the conversion: Y if it is right, N to enter the weight again."))
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
        // The weight is asked again right after the conversion question. (The reducer's
        // "Enter the weight again." is not printed: the Enter that follows "n" in the same
        // answer clears it.)
        let question = run.written.firstIndex(of: "154 lb = 69.9 kg. Is this right? (y/n): ")
        #expect(question != nil)
        if let question { #expect(run.written[question + 1] == "Weight in kg (or with the unit lb, for example 154 lb): ") }
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
        #expect(run.written.contains("! Choose a number from 1 to 5."))
        #expect(run.written.contains("! Choose the frequency (Up/Down or 1 to 5)."))
        #expect(run.final.frequency == .everyTwoWeeks)
    }

    @Test("b goes back a step and keeps the entries; empty answers keep them")
    func back() {
        // On the regimen: b, then Enter on the kept weight and the four kept answers.
        var input = Self.reference
        input.insert(contentsOf: ["b", ""], at: 6)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(run.written.filter { $0 == "== Step 2 of 8: Patient ==" }.count == 2)
        #expect(run.written.contains("Weight in kg (or with the unit lb, for example 154 lb) [70]: "))
        #expect(run.final.summaryLines().contains("Patient     70 kg; not a first infusion"))
    }

    @Test("q asks to confirm: n stays, y quits with outcome quit")
    func quit() {
        var stay = Self.reference
        stay.insert(contentsOf: ["q", "n"], at: 3)
        let stayed = PlainRun(stay)
        #expect(stayed.final.outcome == .finished)
        #expect(stayed.written.contains("Quit without finishing? Nothing is recorded. (y/n)"))

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
    }

    @Test("a warning is acknowledged with a; anything else is asked again")
    func acknowledgement() {
        var input = Self.reference
        input[1] = "9.5"
        input.insert(contentsOf: ["", "a"], at: 6)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(run.written.contains("WARNING: Weight 9.5 kg is under 10 kg: check the weight and that the patient is at least 2 years old (safety and efficacy are not established under 2 years).\nType a to acknowledge: "))
        #expect(run.written.contains("! Read the warning, then press A to acknowledge it."))
        #expect(run.final.summaryLines().last == "Warnings    acknowledged: Weight 9.5 kg is under 10 kg: check the weight and that the patient is at least 2 years old (safety and efficacy are not established under 2 years).")
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
        var state = WizardState(size: .minimum, now: ClockTime(hour: 14, minute: 5)!)
        state.training = TrainingSession(mode: .guided, scenarioName: "standard-adult", scenarioTitle: "Standard adult dose", learningPoints: [])
        let run = PlainRun(Self.reference, state: state)
        #expect(run.final.outcome == .finished)
        #expect(run.written.first == "TRAINING | InfusionPrep: imiglucerase (Cerezyme) preparation, plain mode.")
        #expect(run.written.contains("TRAINING | == Step 1 of 8: Start =="))
        #expect(run.final.summaryLines().allSatisfy { $0.hasPrefix("TRAINING | ") })
        #expect(Array(run.written.suffix(run.final.summaryLines().count)) == run.final.summaryLines())
    }
}
