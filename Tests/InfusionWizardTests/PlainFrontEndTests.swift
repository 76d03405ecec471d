// The plain front end (TerminalUI) on the same state machine, with scripted input.
import InfusionCalc
import InfusionTraining
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

    init(_ input: [String], state: WizardState = .fresh()) {
        var pending = input[...]
        var out: [String] = []
        final = PlainFrontEnd(readLine: { pending.popFirst() }, write: { out.append($0) }, perform: TestPrinter.perform).run(state)
        written = out
        unread = Array(pending)
    }

    var text: String { written.joined(separator: "\n") }
    /// A write as one line: the plain front end wraps long lines at 80 columns (at spaces),
    /// so tests compare texts with the line breaks (and a training mark after one) as spaces.
    static func normal(_ text: String) -> String {
        text.replacingOccurrences(of: "\nTRAINING | ", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
    var flat: [String] { written.map(Self.normal) }
    /// Whether some write is `text` (compared as one line).
    func has(_ text: String) -> Bool { flat.contains(Self.normal(text)) }
    /// How many writes are `text`.
    func count(_ text: String) -> Int { flat.filter { $0 == Self.normal(text) }.count }
    /// Every line written (a prompt with a list is several lines).
    var lines: [String] { written.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } }
    /// Index in `written` of the first write equal to `text` at or after `start`.
    func index(of text: String, from start: Int = 0) -> Int? {
        flat[min(start, flat.count)...].firstIndex(of: Self.normal(text))
    }
}

@Suite("Plain front end")
struct PlainFrontEndTests {
    /// The reference adult answered line by line. Every control of a step is asked in order,
    /// the optional and prefilled ones too (an empty answer keeps what is shown):
    /// the preparer JS, Begin; Jane Doe, MRN 123456, no date of birth, no order reference,
    /// 70 kg measured today, y n n n; every 2 weeks, dose mode kept, 60 units/kg; both
    /// strengths kept (4,200 units is whole vials: no dose list), lot and expiry of each;
    /// Reconstitute: time kept, 10 of the 400-unit vials reconstituted, swirled, inspected,
    /// the 200-unit vial the same; Dilute: 10 and 1 vials withdrawn, total drawn 105 typed
    /// back, final volume kept, sodium chloride added, bag mixed, time kept; Administer:
    /// duration kept, no other duration, set primed, pump rate 75 typed back; Summary:
    /// hand over to the checker B. Okafor, who finds 70 kg, 4200 units, 10 and 1 vials,
    /// 105 mL, 150 mL, 75 mL/h; print the label, attached; confirm.
    static let reference = ["JS", "", "Jane Doe", "123456", "", "", "70", "1", "y", "n", "n", "n",
                            "4", "", "60", "", "", "A1234", "2027-03", "B5678", "2027-05",
                            "", "10", "y", "y", "1", "y", "y",
                            "10", "1", "105", "", "y", "y", "",
                            "", "", "y", "75",
                            "", "B. Okafor", "70", "4200", "10", "1", "105", "150", "75",
                            "", "y", ""]
    /// Where some answers are in `reference`.
    enum At {
        static let preparer = 0, begin = 1, patientName = 2, recordNumber = 3, dateOfBirth = 4, orderReference = 5
        static let weight = 6, weightSource = 7, frequency = 12, doseMode = 13, dose = 14, vial400 = 15, vial200 = 16
        static let lot400 = 17, expiry400 = 18, lot200 = 19, expiry200 = 20
        static let reconstitutionTime = 21, reconstituted400 = 22, swirled400 = 23, inspected400 = 24
        static let reconstituted200 = 25, swirled200 = 26, inspected200 = 27
        static let withdrawn400 = 28, withdrawn200 = 29, totalDrawn = 30, finalVolume = 31
        static let sodiumChloride = 32, bagMixed = 33, dilutionTime = 34
        static let duration = 35, otherDuration = 36, primed = 37, pumpRate = 38
        static let handOver = 39, checker = 40, checkWeight = 41, checkDose = 42, check400 = 43, check200 = 44
        static let checkDrugVolume = 45, checkFinalVolume = 46, checkPumpRate = 47
        static let printLabel = 48, labelAttached = 49, confirm = 50
    }

    static let doseModePrompt = "Dose entered as, one of:\n  1) units/kg per infusion\n  2) total units per infusion (flat dose)\nDose entered as: answer a number from 1 to 2; now 1 (units/kg per infusion): "
    static let finalVolumePrompt = "Final volume, one of:\n  1) 150 mL\n  2) 200 mL\nFinal volume: answer a number from 1 to 2; now 1 (150 mL): "
    static let durationPrompt = "Duration, one of:\n  1) 60 min\n  2) 90 min\n  3) 120 min\n  4) 150 min\n  5) 180 min\n  6) 240 min\nDuration: answer a number from 1 to 6; now 3 (120 min): "
    static let frequencyPrompt = "Frequency, one of:\n  1) 3 times a week (12 per 4 weeks)\n  2) 2 times a week (8 per 4 weeks)\n  3) weekly (4 per 4 weeks)\n  4) every 2 weeks (2 per 4 weeks)\n  5) every 4 weeks (1 per 4 weeks)\nFrequency: answer a number from 1 to 5: "
    static let weightPrompt = "Weight in kg, 2 to 300 (or with lb, for example 154 lb): "
    /// "14:05" as the time fields read it, with the accepted forms.
    static func timePrompt(_ question: String, now: String = "14:05") -> String {
        "\(question), HH:MM on the 24-hour clock, today or yesterday, not in the future, for example 09:30 (read as 2026-11-29 \(now)); now \(now): "
    }
    static let startBy = "Dilute and start the infusion by 2026-11-29 18:05 (immediate use at the bench: start within 4 hours of the first reconstitution)"
    /// A text with every run of spaces and line breaks as one space (wrapped rows compared
    /// with the lines they were wrapped from).
    static func squeezed(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    @Test("once the output is gone (a closed pipe), no further answer is taken: the run ends as at the end of input",
          arguments: [2, 40, 120])
    func outputGone(afterWrites threshold: Int) {
        // The output fails after `threshold` writes: an answer read after that would answer
        // a question nobody saw, so none may be read at all.
        var pending = Self.reference[...]
        var writes = 0
        var readAfterGone = 0
        let final = PlainFrontEnd(readLine: {
            if writes >= threshold { readAfterGone += 1 }
            return pending.popFirst()
        }, write: { _ in writes += 1 }, perform: TestPrinter.perform, outputGone: { writes >= threshold }).run(.fresh())
        #expect(final.outcome == .quit)
        #expect(readAfterGone == 0)
        #expect(!pending.isEmpty, "the walk did not go on to the end")
        if threshold == 2 { #expect(final.step == .start, "nothing answered: the preparation never began") }
    }

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
        // The summary closes the transcript, one write a line (long rows wrapped under their text).
        #expect(Array(run.written.suffix(summary.count + 1)).map(Self.squeezed) == ([""] + summary).map(Self.squeezed))
        // The same record as the key-driven walk of the same entries.
        #expect(summary == WizardState.fresh().after(Walk.administrationDone + Walk.checkAndLabel()).summaryLines())
        #expect(run.written.first == "InfusionPrep: imiglucerase (Cerezyme) preparation, plain mode.")
        #expect(run.flat[1] == PlainRun.normal("At any question: b = back, q = quit, ? = help. An empty answer keeps the current value."))
        for step in Step.allCases {
            #expect(run.has("== Step \(step.number) of 8: \(step.title) =="))
        }
        #expect(run.has(Self.weightPrompt))
        #expect(run.has("Is the patient at least 2 years old? Answer y or n: "))
        #expect(run.has(Self.frequencyPrompt))
        #expect(run.has("Reconstitute 10 x 400-unit vials: Add 10.2 mL Sterile Water for Injection to each of the 10 x 400-unit vials (never sodium chloride). How many of the 10 are done? Answer a number from 0 to 10; now 0: "))
        #expect(run.has(Self.startBy))
        #expect(run.has("Sodium chloride   45 mL 0.9% Sodium Chloride Injection in an empty bag, then the drug, to make 150 mL"))
        #expect(run.has("Pump rate         75 mL/h (150 mL over 120 min)"))
        #expect(run.has("Confirm and finish: press Enter with nothing typed to go on, or type b to go back: "))
        #expect(!run.text.contains("Quit: nothing was recorded."))
        // Every control is asked, in the step's order, the optional and prefilled ones too.
        let steps = (1...8).map { run.index(of: "== Step \($0) of 8: \(Step(rawValue: $0 - 1)!.title) ==") }
        let prompts: [(Int, [String])] = [
            (3, [Self.frequencyPrompt,
                 Self.doseModePrompt, "Dose per infusion in units/kg, more than 0, at most one decimal, for example 60 or 2.5: "]),
            // 4,200 units is whole vials with no waste: no dose list, no rounding offered (R4).
            (4, ["Vials on hand: 400-unit vials? Answer y or n; now yes: ", "Vials on hand: 200-unit vials (discontinued in the US and EU)? Answer y or n; now yes: "]),
            // R13: each vial counted, each tick, per strength, after the dated time.
            (5, [Self.timePrompt("Time of the first reconstitution"),
                 "Reconstitute 10 x 400-unit vials: Add 10.2 mL Sterile Water for Injection to each of the 10 x 400-unit vials (never sodium chloride). How many of the 10 are done? Answer a number from 0 to 10; now 0: ",
                 "Reconstitute 10 x 400-unit vials: All 10 x 400-unit vials swirled gently to mix, not shaken? Answer y or n; now no: ",
                 "Reconstitute 10 x 400-unit vials: All 10 x 400-unit vials inspected: clear and colourless, no opaque particles, no discoloration? Answer y or n; now no: ",
                 "Reconstitute 1 x 200-unit vial: Add 5.1 mL Sterile Water for Injection to the 200-unit vial (never sodium chloride). Is it done? Answer 1 when it is done, 0 if not; now 0: ",
                 "Reconstitute 1 x 200-unit vial: The 200-unit vial swirled gently to mix, not shaken? Answer y or n; now no: ",
                 "Reconstitute 1 x 200-unit vial: The 200-unit vial inspected: clear and colourless, no opaque particles, no discoloration? Answer y or n; now no: "]),
            (6, ["Withdraw (40 units/mL): drug volume 105 mL (4,200 units): Withdraw 10 mL (400 units) from each of 10 whole 400-unit vials. How many of the 10 are done? Answer a number from 0 to 10; now 0: ",
                 "Withdraw (40 units/mL): drug volume 105 mL (4,200 units): Withdraw 5 mL (200 units) from the whole 200-unit vial. Is it done? Answer 1 when it is done, 0 if not; now 0: ",
                 "Total volume drawn, in mL (add up the syringes), a number in mL with at most one decimal; it must match the plan: ",
                 Self.finalVolumePrompt,
                 "Sodium chloride   45 mL 0.9% Sodium Chloride Injection in an empty bag, then the drug, to make 150 mL: Bag holds 45 mL 0.9% Sodium Chloride Injection; drug added to make 150 mL? Answer y or n; now no: ",
                 "Sodium chloride   45 mL 0.9% Sodium Chloride Injection in an empty bag, then the drug, to make 150 mL: Bag mixed gently (not shaken) and inspected; slight flocculation (thin translucent fibres) may occur? Answer y or n; now no: ",
                 Self.timePrompt("Time of dilution")]),
            (7, [Self.durationPrompt,
                 "Another duration, in minutes, a whole number of minutes, 60 to 1,440, or nothing to keep the duration chosen above: ",
                 // Not under the pump rate: the dose rate line between them ends that group.
                 "Set and in-line, low protein-binding, 0.2 micron filter primed with 0.9% Sodium Chloride Injection before the drug? Answer y or n; now no: ",
                 "Rate programmed on the pump, in mL/h (read it back from the pump), a number in mL/h with at most one decimal; it must match the plan: "]),
            (8, ["Confirm and finish: press Enter with nothing typed to go on, or type b to go back: "]),
        ]
        for (step, texts) in prompts {
            var last = steps[step - 1] ?? Int.max
            for text in texts {
                let found = run.index(of: text, from: last)
                #expect(found != nil, "step \(step): not asked in order: \(text)")
                if let found {
                    #expect(found < (step < 8 ? steps[step] ?? Int.max : Int.max), "step \(step): asked too late: \(text)")
                    last = found
                }
            }
        }
        // Each question once: empty answers were taken, nothing was asked again.
        #expect(run.count(Self.doseModePrompt) == 1)
        #expect(run.count(Self.finalVolumePrompt) == 1)
        #expect(!run.written.contains { $0.hasPrefix("Error:") })
    }

    @Test("answers to the optional and prefilled questions are taken")
    func optionalAnswers() {
        // Only 400-unit vials and a flat dose of 4,200 units: 11 x 400 with 200 units of waste,
        // so the dose list is offered (R4) and the exact dose kept; one strength to count,
        // a partial draw to tick; 200 mL over 90 min; times typed.
        let input = ["JS", "", "Jane Doe", "123456", "", "", "70", "1", "y", "n", "n", "n", "4", "2", "4200", "", "n", "1",
                     "A1234", "2027-03", "13:50", "11", "y", "y",
                     "10", "y", "105", "2", "y", "y", "14:00",
                     "2", "", "y", "133.3",
                     "", "B. Okafor", "70", "4200", "11", "105", "200", "133.3", "", "y", ""]
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(run.unread.isEmpty)
        #expect(!run.written.contains { $0.hasPrefix("Error:") }, "\(run.written.filter { $0.hasPrefix("Error:") })")
        let summary = run.final.summaryLines()
        #expect(summary.contains("Order       4,200 units every 2 weeks (60 units/kg): 4,200 units per infusion"))
        #expect(summary.contains("Vials       11 x 400-unit = 4,400 units; waste 200 units"))
        #expect(summary.contains("Bag         final volume 200 mL: add 95 mL 0.9% Sodium Chloride Injection"))
        #expect(summary.contains("Infusion    90 min at 133.3 mL/h; no other medicines in the same line"))
        #expect(summary.contains("Times       first reconstitution 2026-11-29 13:50"))
        #expect(summary.contains("            diluted 2026-11-29 14:00 (10 min after reconstitution)"))
        #expect(run.has("Dose per infusion in units, whole units, more than 0, for example 4200: "))
        #expect(run.has("Dose to prepare (prescribed 4,200 units): answer a number from 1 to 3: ") || run.written.contains { $0.hasPrefix("Dose to prepare (prescribed 4,200 units), one of:\n  1) 4,200 units  exact dose") })
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
        input[At.weight] = "154 lb"
        input[At.checkWeight] = "69.9"
        // 69.9 kg x 60 = 4,194 units, not whole vials: the dose list (R4); the rounded
        // 4,200 units (option 3) needs the name of the pharmacist who authorised it.
        input.insert(contentsOf: ["3", "R. Jones"], at: At.vial200 + 1)
        input.insert("y", at: At.weight + 1)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(!run.written.contains { $0.hasPrefix("Error:") }, "no refusal on the way")
        #expect(run.has("154 lb = 69.9 kg. Is this right? Answer y or n: "))
        #expect(run.has("Pharmacist who authorised the rounded dose, at least 2 letters; letters, spaces, \".\", \"-\" and \"'\", up to 32 characters, for example JS or J. Smith: "))
        let summary = run.final.summaryLines()
        #expect(summary.contains("Patient     69.9 kg (entered as 154 lb); not a first infusion"))
        #expect(summary.contains("Prepared    4,200 units, rounded to whole vials from 4,194 units"))
        #expect(summary.contains("Authorised  rounded dose: R. Jones"))
    }

    @Test("N to the conversion asks for the weight again")
    func poundsRejected() {
        var input = Self.reference
        input[At.weight] = "154 lb"
        input.insert(contentsOf: ["n", "70"], at: At.weight + 1)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        // The weight is asked again right after the conversion question, below the reducer's
        // "Enter the weight again." (an answer no longer carries an Enter that would clear it).
        let question = run.index(of: "154 lb = 69.9 kg. Is this right? Answer y or n: ")
        #expect(question != nil)
        if let question, question + 2 < run.written.count {
            #expect(run.flat[question + 1] == PlainRun.normal("Enter the weight again."))
            #expect(run.flat[question + 2] == PlainRun.normal(Self.weightPrompt))
        }
        #expect(run.final.confirmedPoundsText == nil)
        #expect(run.final.summaryLines().contains("Patient     70 kg; not a first infusion"))
    }

    @Test("bad input is asked again with the message in words")
    func badInput() {
        var input = Self.reference
        input.insert(contentsOf: ["abc", "350"], at: At.weight)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        let help = "Enter the weight in kg with at most one decimal (for example 70 or 70.5), or in pounds with \"lb\" (for example 154 lb)."
        _ = help
        #expect(run.has("Error: \"abc\" cannot be taken: Only digits, one decimal separator and the unit kg or lb can be typed here."))
        #expect(run.has("Error: Weight 350 kg is outside 2 kg to 300 kg. Check the weight and the unit."))
        #expect(run.written.filter { $0.hasPrefix("Weight in kg") }.count == 3)
        #expect(run.has("Weight in kg, 2 to 300 (or with lb, for example 154 lb): "))
    }

    @Test("bad answers to choices and yes/no questions are refused in words")
    func badChoices() {
        var input = Self.reference
        // "maybe" to the age question; "x" and "9" to the frequency.
        input.insert(contentsOf: ["x", "9"], at: At.frequency)
        input.insert("maybe", at: At.weightSource + 1)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(run.has("Error: \"maybe\" is not an answer here: answer y (yes) or n (no)."))
        #expect(run.count("Is the patient at least 2 years old? Answer y or n: ") == 2)
        #expect(run.count("Error: \"x\" is not one of the options: answer the number of an option, 1 to 5.") == 1 && run.count("Error: \"9\" is not one of the options: answer the number of an option, 1 to 5.") == 1)
        #expect(run.written.filter { $0.hasPrefix("Frequency, one of:\n") }.count == 3)
        #expect(run.final.frequency == .everyTwoWeeks)
    }

    @Test("b goes back a step and keeps the entries; empty answers keep them")
    func back() {
        // On the regimen: b, then an empty answer to the kept weight and to each of the four
        // kept answers (every control of the step is asked again, showing what it holds).
        var input = Self.reference
        input.insert(contentsOf: ["b"] + Array(repeating: "", count: 10), at: At.frequency)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        #expect(run.unread.isEmpty)
        #expect(run.count("== Step 2 of 8: Patient ==") == 2)
        #expect(run.count("== Step 3 of 8: Regimen ==") == 2)
        #expect(run.has("Weight in kg, 2 to 300 (or with lb, for example 154 lb); now 70: "))
        #expect(run.has("Is the patient at least 2 years old? Answer y or n; now yes: "))
        #expect(run.has("Previous alglucerase antibodies or reactions? Answer y or n; now no: "))
        #expect(run.final.atLeastTwoYears == true)
        #expect(run.final.firstInfusion == false)
        #expect(run.final.summaryLines().contains("Patient     70 kg; not a first infusion"))
    }

    @Test("q asks to confirm: n stays, y quits with outcome quit")
    func quit() {
        var stay = Self.reference
        stay.insert(contentsOf: ["q", "n"], at: At.weightSource + 2)
        let stayed = PlainRun(stay)
        #expect(stayed.final.outcome == .finished)
        // Past the Start step the preparation is being recorded: a quit is recorded as abandoned.
        #expect(stayed.has("Quit without finishing? It is recorded as abandoned. Answer y or n: "))
        // Staying asks the same question again: it was not answered.
        if let asked = stayed.index(of: "Quit without finishing? It is recorded as abandoned. Answer y or n: "), asked + 1 < stayed.written.count {
            #expect(stayed.flat[asked + 1] == PlainRun.normal("Is this the patient's first infusion? Answer y or n: "))
        }

        let quit = PlainRun(["JS", "", "Jane Doe", "q", "y", "never read"])
        #expect(quit.final.outcome == .quit)
        #expect(quit.written.last == "Quit before the preparation was finished.")
        #expect(quit.unread == ["never read"])
        #expect(!quit.has("IMIGLUCERASE (Cerezyme) PREPARATION PLAN"))
    }

    @Test("b on the Start step asks to quit")
    func backOnStart() {
        let run = PlainRun(["b", "y"])
        #expect(run.final.outcome == .quit)
        #expect(run.has("Quit without finishing? Nothing is recorded. Answer y or n: "))
    }

    @Test("end of input quits")
    func endOfInput() {
        let run = PlainRun(["JS", "", "Jane Doe"])
        #expect(run.final.outcome == .quit)
        #expect(run.final.step == .patient)
        #expect(run.written.last == "Input ended before the preparation was finished.")
        #expect(!run.has("IMIGLUCERASE (Cerezyme) PREPARATION PLAN"))
        // End of input during the quit question quits as well.
        let asking = PlainRun(["JS", "q"])
        #expect(asking.final.outcome == .quit)
    }

    @Test("? prints the step's help and asks again")
    func help() {
        var input = Self.reference
        input.insert("?", at: At.weight)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        for line in helpLines(for: .patient) { #expect(run.has(line)) }
        // Right after the help, the weight is asked again (not the next question).
        let help = helpLines(for: .patient)
        if let last = run.index(of: help[help.count - 1]), last + 1 < run.written.count {
            #expect(run.flat[last + 1] == PlainRun.normal(Self.weightPrompt))
        }
        #expect(run.final.weight.text == "70")
    }

    @Test("a warning is acknowledged with a; anything else is asked again")
    func acknowledgement() {
        // 9.5 kg: the weight warning, on the Patient step.
        // It is asked when the step's questions are answered.
        let light = PlainRun(["JS", "", "Jane Doe", "123456", "", "", "9.5", "1", "y", "n", "n", "n", "", "a"])
        let weightWarning = "WARNING: Weight 9.5 kg is under 10 kg: check the weight and that the patient is at least 2 years old (safety and efficacy are not established under 2 years).\nType a to acknowledge this warning: "
        #expect(light.count(weightWarning) == 2, "asked again after the refusal")
        #expect(light.has("Error: the warning must be acknowledged: type a."))
        #expect(light.final.acknowledged.count == 1)
        #expect(light.final.atLeastTwoYears == true)
        // Weekly 60 units/kg: a two-week equivalent of 120, above the label's range, on the
        // Regimen step; the same 4,200 units, so the rest of the walk is the reference's.
        var input = Self.reference
        input[At.frequency] = "3"
        input.insert(contentsOf: ["", "a"], at: At.dose + 1)
        let run = PlainRun(input)
        #expect(run.final.outcome == .finished)
        let warning = "WARNING: The two-week equivalent, 120 units/kg, is above the label's initial range of 15 to 60 units/kg per 2 weeks. Check the order with the prescriber.\nType a to acknowledge this warning: "
        #expect(run.count(warning) == 2)
        #expect(run.has("Error: the warning must be acknowledged: type a."))
        #expect(Self.squeezed(run.final.summaryLines().joined(separator: " "))
            .contains("acknowledged: The two-week equivalent, 120 units/kg, is above the label's initial range of 15 to 60 units/kg per 2 weeks."))
    }

    @Test("a hard stop is printed and blocks the walk")
    func hardStop() {
        var input = Self.reference
        input[At.weight] = "140"
        let run = PlainRun(input)
        #expect(run.final.outcome == .quit)
        #expect(run.final.step == .vials)
        #expect(run.has("Error: STOP: The dose does not fit the label's 200 mL maximum: the drug volume alone is 210 mL. Ask the pharmacist."))
    }

    @Test("a training run marks every line, the summary included")
    func training() {
        var state = WizardState.fresh()
        state.training = TrainingSession(mode: .guided, scenarioName: "standard-adult", scenarioTitle: "Standard adult dose", learningPoints: [])
        let run = PlainRun(Self.reference, state: state)
        #expect(run.final.outcome == .finished)
        #expect(run.written.first == "TRAINING | InfusionPrep: imiglucerase (Cerezyme) preparation, plain mode.")
        #expect(run.has("TRAINING | == Step 1 of 8: Start =="))
        #expect(run.final.summaryLines().allSatisfy { $0.hasPrefix("TRAINING | ") })
        // The summary closes the transcript (long lines wrapped, every row marked).
        #expect(run.has(run.final.summaryLines()[0]))
        #expect(run.lines.last?.hasPrefix("TRAINING | Findings") == true || run.lines.last?.hasPrefix("TRAINING | ") == true)
        // Every line written says TRAINING: prompts, lists, messages, blank separators, the summary.
        let unmarked = run.lines.enumerated().filter { !$0.element.hasPrefix("TRAINING | ") }
        #expect(unmarked.isEmpty, "lines without \"TRAINING | \": \(unmarked.map { "\($0.offset): \"\($0.element)\"" })")
        #expect(run.has("TRAINING | Dose entered as, one of:\nTRAINING |   1) units/kg per infusion\nTRAINING |   2) total units per infusion (flat dose)\nTRAINING | Dose entered as: answer a number from 1 to 2; now 1 (units/kg per infusion): "))
    }

    @Test("a quiz run in plain mode: questions and feedback marked TRAINING, the score in the summary")
    func quiz() {
        var state = WizardState.fresh()
        state.training = TrainingSession(mode: .quiz, scenarioName: "standard-adult", scenarioTitle: "Standard adult dose", learningPoints: [])
        // The reference answers with the quiz answers where the questions come.
        // Each step's questions come before its confirmations (from the back, so the indices hold).
        // Training has no double check and no label: confirm after the pump rate.
        var input = Array(Self.reference[..<At.handOver]) + [""]
        input.insert("75", at: At.duration)
        input.insert(contentsOf: ["105", "45"], at: At.withdrawn400)
        input.insert(contentsOf: ["10", "1", "10.2", "5.1"], at: At.reconstitutionTime)
        let run = PlainRun(input, state: state)
        #expect(run.final.outcome == .finished)
        #expect(run.unread.isEmpty)
        #expect(run.has("TRAINING | Reconstitute with Sterile Water for Injection only, never sodium chloride."))
        #expect(run.has("TRAINING | How many 400-unit vials do you need for 4,200 units, with 400-unit and 200-unit vials on hand?"))
        #expect(run.has("TRAINING | Your answer (vials), a number, for example 60: "))
        #expect(run.has("TRAINING | RIGHT: 75 mL/h. R8: 150 mL x 60 / 120 min = 75 mL/h (to 0.1 mL/h)."))
        #expect(run.has("TRAINING | Score: 7 of 7 right (100%)"))
        // 4,200 units is whole vials: no dose list (which would hint at the vial counts asked).
        #expect(!run.written.contains { $0.hasPrefix("TRAINING | Dose to prepare (prescribed") })
        let unmarked = run.lines.filter { !$0.hasPrefix("TRAINING | ") && !$0.isEmpty }
        #expect(unmarked.isEmpty, "\(unmarked)")
    }

    // MARK: Refused answers are asked again

    @Test("a refused answer to a question that already shows a value is asked again, not skipped",
          arguments: [(PlainFrontEndTests.At.doseMode, PlainFrontEndTests.doseModePrompt, "Error: \"9\" is not one of the options: answer the number of an option, 1 to 2."),
                      (PlainFrontEndTests.At.finalVolume, PlainFrontEndTests.finalVolumePrompt, "Error: \"9\" is not one of the options: answer the number of an option, 1 to 2."),
                      (PlainFrontEndTests.At.duration, PlainFrontEndTests.durationPrompt, "Error: \"9\" is not one of the options: answer the number of an option, 1 to 6.")])
    func refusedPrefilledChoice(at index: Int, prompt: String, message: String) {
        var input = Self.reference
        input.insert("9", at: index)
        let run = PlainRun(input)
        #expect(run.written.contains(message))
        #expect(run.count(prompt) == 2, "the refused question is asked again")
        if let refused = run.index(of: message), refused + 1 < run.written.count {
            #expect(run.flat[refused + 1] == PlainRun.normal(prompt))
        }
        #expect(run.final.outcome == .finished)
        #expect(run.final.summaryLines() == WizardState.fresh().after(Walk.administrationDone + Walk.checkAndLabel()).summaryLines())
    }

    @Test("an answer other than y or n to a tick box is refused and asked again; the stock is unchanged")
    func refusedTickBoxAnswer() {
        var input = Self.reference
        input.insert("1", at: At.vial400)
        let run = PlainRun(input)
        #expect(run.count("Vials on hand: 400-unit vials? Answer y or n; now yes: ") == 2)
        #expect(run.final.policy.vialsOnHand == [400, 200])
        #expect(run.final.outcome == .finished)
    }

    // MARK: The times

    @Test("a first reconstitution more than 4 hours ago is a STOP (the start limit has passed); corrected, the walk goes on")
    func timeStop() {
        var input = Self.reference
        input[At.reconstitutionTime] = "08:00"
        // After the STOP the step's questions are asked again: a corrected time, then every
        // count and tick kept.
        input.insert(contentsOf: ["13:00", "", "", "", "", "", ""], at: At.inspected200 + 1)
        let run = PlainRun(input)
        #expect(run.flat.contains { $0.hasPrefix("Error: STOP: A start at 2026-11-29 14:05 is after the deadline to start the infusion, 2026-11-29 12:00") },
                "\(run.written.filter { $0.hasPrefix("Error:") })")
        #expect(run.has(Self.timePrompt("Time of the first reconstitution", now: "08:00")))
        #expect(run.final.outcome == .finished)
        #expect(run.final.summaryLines().contains("Times       first reconstitution 2026-11-29 13:00"))
        #expect(run.final.summaryLines().contains("            diluted 2026-11-29 14:05 (1 h 5 min after reconstitution)"))
        // Stopped, nothing gets past the Reconstitute step.
        var stopped = Self.reference
        stopped[At.reconstitutionTime] = "08:00"
        let blocked = PlainRun(stopped)
        #expect(blocked.final.outcome == .quit)
        #expect(blocked.final.step == .reconstitution)
        #expect(!blocked.has("== Step 6 of 8: Dilute =="))
    }
}
