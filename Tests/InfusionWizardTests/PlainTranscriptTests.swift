// Issue 8, items 6 to 9 and 12: plain mode as a screen-reader user hears it.
import InfusionCalc
@testable import InfusionWizard
import Testing
import TerminalUI

/// The plain front end on scripted answers, with each answer written after its prompt as a
/// terminal shows it: the transcript a person reads (or hears) from top to bottom.
struct Transcript {
    /// What the person sees: each answer after its prompt.
    let rows: [String]
    /// What the program wrote, without the answers.
    let output: [String]
    let final: WizardState

    init(_ answers: [String], state: WizardState = .fresh()) {
        var pending = answers[...]
        var rows: [String] = []
        var output: [String] = []
        final = PlainFrontEnd(readLine: {
            guard let answer = pending.popFirst() else { return nil }
            if let last = rows.popLast() { rows.append(last + answer) }
            return answer
        }, write: { text in
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            rows += lines
            output += lines
        }, perform: TestPrinter.perform).run(state)
        self.rows = rows
        self.output = output
    }

    /// Rules 6 to 9 of issue 8, each broken row in words.
    var violations: [String] {
        var found: [String] = []
        let fullScreenWords = ["Space", "Up/Down", "Left/Right", "F1", "appear here", "press A", "PgUp", "PgDn",
                               "Tab ", "Esc ", "Enter next", "arrow"]
        for (index, row) in output.enumerated() {
            for word in fullScreenWords where row.contains(word) { found.append("rule 6, full-screen wording \"\(word)\": \(row)") }
            if row.count > PlainFrontEnd.width { found.append("rule 9, longer than \(PlainFrontEnd.width): \(row)") }
            if row.hasPrefix("! ") || row.contains(": ! ") { found.append("rule 9, an error without \"Error:\": \(row)") }
            // A number never ends a row when its unit or the rest of the phrase starts the next.
            if let next = output.dropFirst(index + 1).first, row.last?.isNumber == true,
               next.first.map({ $0.isLetter || $0 == "%" }) == true {
                found.append("rule 9, a number split from what follows it: \(row) / \(next)")
            }
        }
        // Rule 6: every question says what it takes.
        for prompt in prompts {
            let says = ["Answer y or n", "answer a number from", "for example", "press Enter", "Type a", "Answer y or n",
                        "not the preparer's"]
            if !says.contains(where: prompt.contains) { found.append("rule 6, the prompt does not say what it takes: \(prompt)") }
        }
        // Rule 8: checklist questions name the vial strength they are about.
        for prompt in prompts where prompt.contains("Swirl") || prompt.contains("Inspect") || prompt.contains("Sterile Water") || prompt.contains("vials?") {
            if !prompt.contains("-unit") { found.append("rule 8, a checklist question without its vial strength: \(prompt)") }
        }
        // Rule 7: a refused answer is never offered back as the current value.
        for (index, row) in rows.enumerated() where row.hasPrefix("Error:") {
            guard index > 0, let refused = rows[index - 1].split(separator: ":").last?.trimmingCharacters(in: .whitespaces),
                  !refused.isEmpty, let again = rows.dropFirst(index + 1).first(where: { $0.hasSuffix(": ") || $0.contains("; now") })
            else { continue }
            if again.contains("now \(refused):") { found.append("rule 7, the refused \"\(refused)\" is offered: \(again)") }
        }
        return found
    }

    /// The rows where a question was asked (a prompt ends with ": " and its answer).
    var prompts: [String] {
        rows.filter { $0.contains(": ") && ($0.contains("Answer y or n") || $0.contains("answer a number") || $0.contains("for example")
                                           || $0.contains("press Enter") || $0.contains("Type a")) }
    }
}

@Suite("Plain mode transcripts (golden files, rules 6 to 9)")
struct PlainTranscriptTests {
    /// The reference adult: 70 kg, 60 units/kg every 2 weeks, 10 x 400 + 1 x 200 vials.
    static let reference = PlainFrontEndTests.reference

    /// A nurse who makes mistakes: a digit in the initials, a space in the MRN, 30 February
    /// as a date of birth (then none), 301 kg, then 154 lb (confirmed), junk answers to a yes/no,
    /// a list and a tick box; month 13 as an expiry; an expired 200-unit lot (a STOP shown,
    /// then the right expiry); the rounded 4,200 units chosen from the dose list (69.9 kg x 60
    /// = 4,194 units) with a name that is not one, then a pharmacist's name; a count above
    /// the vials, a wrong total drawn and a wrong pump rate typed back; at the double check
    /// the preparer's initials as the checker's (refused), a weight with a unit it does not
    /// take; the label; "??" at Confirm.
    static let withRefusals = ["J5", "JS", "", "Jane Doe", "12 34", "123456", "1990-02-30", "", "", "301", "154 lb", "y", "3", "1",
                               "not sure", "y", "n", "n", "n",
                               "+1", "4", "", "60", "", "xyz", "", "3", "R2D2", "R. Jones",
                               "A1234", "2027-13", "2027-03", "B5678", "2020-01",
                               // The STOP blocks the step: its questions again, each kept, the expiry corrected.
                               "", "", "", "", "", "", "", "2027-05",
                               "", "11", "10", "y", "y", "2", "1", "y", "y",
                               "10", "1", "104", "105", "", "y", "y", "",
                               "", "", "y", "7.5", "75",
                               "", "js", "B. Okafor", "69.9 lb", "69.9", "4200", "10", "1", "105", "150", "75",
                               "", "y", "??", ""]

    @Test("the reference preparation, read aloud")
    func referenceTranscript() {
        let transcript = Transcript(Self.reference)
        #expect(transcript.final.outcome == .finished)
        Golden.check(transcript.rows, name: "plain-reference.txt")
        #expect(transcript.violations.isEmpty, "\(transcript.violations.joined(separator: "\n"))")
    }

    @Test("a preparation with refused answers, read aloud")
    func refusalsTranscript() {
        let transcript = Transcript(Self.withRefusals)
        #expect(transcript.final.outcome == .finished)
        Golden.check(transcript.rows, name: "plain-refusals.txt")
        #expect(transcript.violations.isEmpty, "\(transcript.violations.joined(separator: "\n"))")
        #expect(transcript.rows.filter { $0.hasPrefix("Error:") }.count >= 10)
        // Rule 7: after 301 the weight prompt offers nothing (the refused value is not kept);
        // neither does a refused count or a value typed back that does not match.
        #expect(!transcript.rows.contains { $0.contains("now 301") })
        #expect(!transcript.rows.contains { $0.contains("now 11") || $0.contains("now 104") || $0.contains("now 7.5") })
        #expect(transcript.final.summaryLines().contains("Authorised  rounded dose: R. Jones"))
        #expect(transcript.final.summaryLines().contains("Patient     69.9 kg (entered as 154 lb); not a first infusion"))
        #expect(transcript.final.policy.vialsOnHand == [400, 200], "\"xyz\" unticked nothing")
        // Section 7: the preparer cannot be the checker.
        #expect(transcript.rows.joined(separator: " ").contains("Error: The checker must be a second person: this is the preparer's name (section 7)."))
        #expect(transcript.final.summaryLines().contains { $0.hasPrefix("Checked     by B. Okafor") })
    }

    @Test("? on every step prints help in plain mode's words")
    func helpOnEveryStep() {
        let starts = Set(PlainJunkAnswerTests.stepStarts.map(\.start)).sorted()
        #expect(starts.count == 8)
        for start in starts {
            let transcript = Transcript(Array(Self.reference[..<start]) + ["?"])
            #expect(transcript.output.contains { $0.hasPrefix("Help: ") }, "no help at answer \(start)")
            #expect(transcript.violations.isEmpty, "\(transcript.violations.joined(separator: "\n"))")
        }
    }

    @Test("the rules catch what they are about")
    func rulesWork() {
        let bad = Transcript(rows: ["Vials on hand (Space to tick)", "! Weight 301 kg is outside", "add 10.2", "mL of water",
                                    "Swirl gently? Answer y or n; now no: y", String(repeating: "x ", count: 45)])
        #expect(bad.violations.count >= 5, "\(bad.violations)")
    }
}

extension Transcript {
    init(rows: [String]) {
        self.rows = rows
        output = rows
        final = .fresh()
    }
}

@Suite("Junk answers are refused at every plain-mode prompt (item 12)")
struct PlainJunkAnswerTests {
    /// Answers that mean nothing at any question of the reference walk: each must be refused
    /// whole with a line that begins "Error:", and change nothing.
    static let junk: [String] = [
        "??", "not sure", "yellow", "xyz", "+1", "154          lb", "-1", "0x1", "1e2", "yes please",
        "nope", "yy", "y n", "1 2", "one", "1.", "\u{BD}", "\u{0661}", "\u{FF11}", "\u{1B}[A",
        "\u{0}", "ok", "true", "maybe", "NaN", "--", "#1", "99999999999999999999", "1,2,3", "\u{1F642}",
        "y\u{7}", "x", "0", "00",
    ]

    /// The prompts that take free text (section 6: a name, initials, an MRN, an order
    /// reference, a lot): "yellow" is a name and "0x1" an MRN, so junk is not junk there.
    /// What they refuse is tested on its own (RecordIdentityTests, the e2e bad-input table).
    static let freeText: Set<Int> = {
        typealias At = PlainFrontEndTests.At
        return [At.preparer, At.patientName, At.recordNumber, At.orderReference, At.lot400, At.lot200, At.checker]
    }()

    /// The vial counters' prompts in the reference walk ("how many are done?"), where 0 is an answer.
    static let counters: Set<Int> = [PlainFrontEndTests.At.reconstituted400, PlainFrontEndTests.At.reconstituted200,
                                     PlainFrontEndTests.At.withdrawn400, PlainFrontEndTests.At.withdrawn200]
    /// The double check's values (section 7), where any number is an answer, 0 and 00 too:
    /// they are compared only after the last one.
    static let checkValues: Set<Int> = {
        typealias At = PlainFrontEndTests.At
        return [At.checkWeight, At.checkDose, At.check400, At.check200, At.checkDrugVolume, At.checkFinalVolume, At.checkPumpRate]
    }()

    /// For each answer of the reference walk: the state where its step begins (the walk up
    /// to there, still running) and the index of the step's first answer. A junk run starts
    /// there, so it replays one step, not the whole walk.
    static let stepStarts: [(start: Int, state: WizardState)] = {
        let reference = PlainFrontEndTests.reference
        var states: [WizardState] = []
        for count in reference.indices {
            var state = Transcript(Array(reference[..<count])).final
            state.outcome = .running
            states.append(state)
        }
        return reference.indices.map { index in
            let start = states.indices.first { states[$0].step == states[index].step } ?? index
            return (start, states[start])
        }
    }()

    @Test("every junk answer at every prompt: refused with Error:, nothing recorded changes", arguments: junk)
    func refused(_ answer: String) {
        let reference = PlainFrontEndTests.reference
        for index in reference.indices where !Self.freeText.contains(index) {
            let (start, state) = Self.stepStarts[index]
            let before = Array(reference[start..<index])
            // The step up to the prompt, then the junk, then end of input; and without it.
            let expected = Transcript(before, state: state)
            let run = Transcript(before + [answer], state: state)
            // At a vial counter "0" is an answer (none done yet): taken, and nothing changes;
            // so is a checker's value of 0 (compared only after the last value).
            if (answer == "0" && Self.counters.contains(index)) || ((answer == "0" || answer == "00") && Self.checkValues.contains(index)) {
                #expect(!run.output.contains { $0.hasPrefix("Error:") }, "prompt \(index): 0 is refused at a counter")
            } else {
                let refusal = run.output.last { $0.hasPrefix("Error:") }
                #expect(refusal != nil && run.output.filter { $0.hasPrefix("Error:") }.count == 1,
                        "prompt \(index) took \(answer.debugDescription): \(run.rows.suffix(4))")
            }
            #expect(Recorded(run.final) == Recorded(expected.final),
                    "prompt \(index): \(answer.debugDescription) changed what is recorded")
        }
    }

    /// The two kinds of prompt the reference walk does not meet, both on the Patient step
    /// (whose answers begin at `At.patientName`): the lb-to-kg confirmation, and a warning to
    /// acknowledge (9.5 kg is under 10 kg).
    static let otherPrompts: [(name: String, walk: [String], index: Int)] = {
        let weight = PlainFrontEndTests.At.weight
        var pounds = PlainFrontEndTests.reference
        pounds[weight] = "154 lb"
        pounds.insert("y", at: weight + 1)
        var warning = PlainFrontEndTests.reference
        warning[weight] = "9.5"
        warning.insert("a", at: PlainFrontEndTests.At.frequency)
        return [("lb confirmation", pounds, weight + 1), ("warning", warning, PlainFrontEndTests.At.frequency)]
    }()

    @Test("every junk answer at the lb confirmation and at a warning: refused, nothing changes", arguments: junk)
    func refusedAtOtherPrompts(_ answer: String) {
        let begun = PlainFrontEndTests.At.patientName
        var patientStart = Transcript(Array(PlainFrontEndTests.reference[..<begun])).final
        patientStart.outcome = .running
        for prompt in Self.otherPrompts {
            let before = Array(prompt.walk[begun..<prompt.index])
            let expected = Transcript(before, state: patientStart)
            let run = Transcript(before + [answer], state: patientStart)
            #expect(run.output.filter { $0.hasPrefix("Error:") }.count == 1,
                    "\(prompt.name) took \(answer.debugDescription): \(run.rows.suffix(4))")
            #expect(Recorded(run.final) == Recorded(expected.final), "\(prompt.name): \(answer.debugDescription) changed what is recorded")
            // The walk goes on with the right answer after the refusal.
            let fixed = Transcript(before + [answer, prompt.walk[prompt.index]], state: patientStart)
            #expect(fixed.output.filter { $0.hasPrefix("Error:") }.count == 1)
            // It was the prompt meant: asked twice (before and after the refusal).
            let asked = prompt.name == "warning" ? "Type a to acknowledge this warning" : "154 lb = 69.9 kg. Is this right?"
            #expect(run.output.filter { $0.contains(asked) }.count == 2, "\(prompt.name): \(run.output.suffix(4))")
        }
    }

    /// R13 prompts only: counts outside 0 to N and values typed back that do not match the
    /// plan (which other prompts could take, so they are not in `junk`).
    static let wrongAtConfirmations: [(index: Int, answers: [String])] = [
        (PlainFrontEndTests.At.reconstituted400, ["11", "100", "1.0", "10 vials", "ten", "1e1"]),
        (PlainFrontEndTests.At.reconstituted200, ["2", "01", "y", "yes", "1.0"]),
        (PlainFrontEndTests.At.withdrawn400, ["11", "9.5", "y"]),
        (PlainFrontEndTests.At.withdrawn200, ["2", "y", "done"]),
        (PlainFrontEndTests.At.totalDrawn, ["104", "105.5", "10.5", "1050", "10.2", "104.9", "106", "105 ml", "150"]),
        (PlainFrontEndTests.At.pumpRate, ["7.5", "750", "74.9", "75.1", "150", "120", "75 ml/h"]),
    ]

    @Test("a count outside 0 to N or a value typed back that does not match the plan is refused; nothing changes")
    func refusedAtConfirmations() {
        let reference = PlainFrontEndTests.reference
        for (index, answers) in Self.wrongAtConfirmations {
            let (start, state) = Self.stepStarts[index]
            let before = Array(reference[start..<index])
            let expected = Transcript(before, state: state)
            for answer in answers {
                let run = Transcript(before + [answer], state: state)
                #expect(run.output.filter { $0.hasPrefix("Error:") }.count == 1,
                        "prompt \(index) took \(answer.debugDescription): \(run.rows.suffix(4))")
                #expect(Recorded(run.final) == Recorded(expected.final), "prompt \(index): \(answer.debugDescription) changed what is recorded")
                // The right answer after the refusal is taken.
                let fixed = Transcript(before + [answer, reference[index]], state: state)
                #expect(fixed.output.filter { $0.hasPrefix("Error:") }.count == 1)
                #expect(Recorded(fixed.final) != Recorded(expected.final), "prompt \(index): the right answer after \(answer.debugDescription) was not taken")
            }
        }
    }

    @Test("at least 25 junk answers for each of the reference walk's prompts")
    func enough() {
        #expect(Self.junk.count >= 25)
        #expect(Self.stepStarts.count == PlainFrontEndTests.reference.count)
    }
}
