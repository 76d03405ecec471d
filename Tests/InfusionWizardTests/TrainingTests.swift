import Foundation
import InfusionCalc
import InfusionTraining
import Testing
@testable import InfusionWizard

/// Answer `text` to the quiz question that has the focus.
func answer(_ text: String) -> [Stroke] { [.type(text), .key(.enter)] }

@Suite("Training")
struct TrainingTests {
    static let quiz = WizardState.training(.quiz)
    static let guided = WizardState.training(.guided)

    /// Every question of the reference adult, answered right.
    static let reconstitutionAnswers = answer("10") + answer("1") + answer("10.2") + answer("5.1")

    // MARK: The banner

    @Test("every screen of a training run says TRAINING on the title and status rows",
          arguments: TrainingMode.allCases)
    func banner(mode: TrainingMode) {
        var state = WizardState.training(mode)
        var screens: [(String, WizardState)] = []
        func record(_ label: String) {
            screens.append((label, state))
            screens.append((label + " help", state.after(.key(.help))))
            screens.append((label + " quit", state.after(.type("q"))))
        }
        let steps: [[Stroke]] = [Walk.beginTraining, Walk.patient(weightSource: false), Walk.regimen(), Walk.vials(lots: 0),
                                 (mode == .quiz ? Self.reconstitutionAnswers : []) + Walk.reconstitution(),
                                 (mode == .quiz ? answer("105") + answer("45") : []) + Walk.dilution(),
                                 (mode == .quiz ? answer("75") : []) + Walk.administration()]
        record("start")
        for strokes in steps {
            for stroke in strokes {
                state = state.after(stroke)
                record("\(state.step)")
            }
        }
        #expect(state.step == .summary)
        for (label, screenState) in screens {
            let grid = view(screenState).grid
            #expect(grid.lines[0].hasPrefix(" TRAINING  InfusionPrep: imiglucerase (Cerezyme) preparation"), "\(label)")
            #expect(grid.styleLines[0].hasPrefix("RRRRRRRRRRT"), "\(label)")
            #expect(grid.lines[23].hasPrefix(" TRAINING  "), "\(label)")
            #expect(grid.styleLines[23].hasPrefix("RRRRRRRRRR"), "\(label)")
        }
    }

    @Test("the too-small screen of a training run still says TRAINING")
    func bannerWhenTooSmall() {
        let small = Self.quiz.after(Walk.Training.patientDone + [.key(.resize(width: 60, height: 20))])
        #expect(small.screenLines[0] == "TRAINING")
        #expect(small.screen.grid.styleLines[0] == "RRRRRRRR")
        #expect(small.screenLines[1] == "Terminal too small")
    }

    @Test("without training there is no banner")
    func noBanner() {
        #expect(!WizardState.fresh().screenText.contains("TRAINING"))
        #expect(WizardState.fresh().after(Walk.Training.administrationDone).summaryLines().allSatisfy { !$0.contains("TRAINING") })
    }

    // MARK: Guided mode

    @Test("guided mode explains each step with this patient's numbers")
    func guided() {
        let start = Self.guided
        #expect(start.contentTexts[0] == "GUIDE: Scenario: Standard adult dose.")
        #expect(start.contentTexts[1] == "GUIDE: Learning point: Volumes come from 40 units/mL, never from 10.2 mL.")
        let regimen = start.after(Walk.Training.patientDone + [.type("4"), .key(.enter), .type("60")])
        #expect(regimen.contentTexts.contains("GUIDE: Here: 70 kg x 60 units/kg = 4,200 units per infusion (R3, rounded to a whole unit)."))
        let reconstitution = start.after(Walk.Training.vialsDone)
        #expect(reconstitution.contentTexts.contains("GUIDE: Here: 10 x 400-unit, 10.2 mL each; 1 x 200-unit, 5.1 mL each."))
        // Guided mode hides nothing: the checklist is there.
        #expect(reconstitution.contentTexts.contains("  [0 of 10] Add 10.2 mL Sterile Water for Injection to each of the 10 x 400-unit vials (never sodium chloride)"))
        let dilution = start.after(Walk.Training.reconstitutionDone)
        #expect(dilution.contentTexts.contains("GUIDE: Here: 4,200 units / 40 = 105 mL; 150 mL - 105 mL = 45 mL sodium chloride."))
        let administration = start.after(Walk.Training.dilutionDone)
        #expect(administration.contentTexts.contains("GUIDE: Here: 150 mL x 60 / 120 min = 75 mL/h."))
        let summary = start.after(Walk.Training.administrationDone)
        #expect(summary.step == .summary)
    }

    @Test("a guided run's record: every line starts with \"TRAINING | \" and says it was guided")
    func guidedRecord() {
        let summary = Self.guided.after(Walk.Training.administrationDone)
        let lines = summary.summaryLines()
        #expect(lines.allSatisfy { $0.hasPrefix("TRAINING | ") })
        #expect(Array(lines.prefix(3)) == [
            "TRAINING | Training scenario: standard-adult (guided)",
            "TRAINING | Score: guided walkthrough of Standard adult dose completed (no quiz questions in guided mode).",
            "TRAINING | IMIGLUCERASE (Cerezyme) PREPARATION PLAN",
        ])
        #expect(Array(lines.dropFirst(2)) == SummaryStepTests.planLines.map { "TRAINING | " + $0 })
        #expect(summary.after(.key(.enter)).outcome == .finished)
    }

    // MARK: Quiz mode: what is hidden

    @Test("quiz mode hides the vial table on the Vials step")
    func quizHidesVialTable() {
        let vials = Self.quiz.after(Walk.Training.regimenDone + [.type("1")])
        #expect(vials.derived.plan != nil)
        #expect(!vials.contentTexts.contains { $0.hasPrefix("Vials for") || $0.contains("10.2 mL") || $0.contains("Withdraw") })
    }

    @Test("quiz mode's dose options have no waste column (it would hint at the vial counts asked)")
    func quizOptionsWithoutWaste() throws {
        let toVials = Walk.beginTraining + Walk.patient(weight: "69.9", weightSource: false) + Walk.regimen()
        let vials = Self.quiz.after(toVials)
        let info = try #require(vials.info(.doseOption))
        guard case .choice(let options, _, true, _) = info.kind else {
            Issue.record("the dose options are not a list: \(info.kind)")
            return
        }
        #expect(options.count == 3)
        #expect(options.allSatisfy { !$0.contains("waste") })
        #expect(options.map { $0.trimmingCharacters(in: .whitespaces) } == [
            "4,194 units  exact dose",
            "4,000 units  -4.6%; -388 units per 4 weeks",
            "4,200 units  +0.1%; +12 units per 4 weeks",
        ])
        #expect(!vials.screenText.contains("waste"))
        // Guided mode hides nothing.
        let guided = Self.guided.after(toVials)
        #expect(guided.contentTexts.contains("  ( ) 1  4,194 units  exact dose                        waste 6 units"))
    }

    @Test("quiz mode's Start screen names the diluent but not the volumes it asks for")
    func quizStartScreen() {
        #expect(Self.quiz.contentTexts.contains("Reconstitute with Sterile Water for Injection only, never sodium chloride."))
        #expect(!Self.quiz.screenText.contains("10.2"))
        #expect(!Self.quiz.screenText.contains("5.1 mL"))
        #expect(!Self.quiz.screenText.contains("units/mL"))
        let full = "Reconstitute with Sterile Water for Injection only, never sodium chloride: 10.2 mL per 400-unit vial, 5.1 mL per 200-unit vial; 40 units/mL."
        #expect(Self.guided.contentTexts.contains(full))
        #expect(WizardState.fresh().contentTexts.contains(full))
    }

    @Test("quiz mode hides the Reconstitute step's numbers until each question is answered")
    func quizHidesReconstitution() {
        var state = Self.quiz.after(Walk.Training.vialsDone)
        let questions: [(QuizQuestion, String, String)] = [
            (.vialCount(strength: 400), "How many 400-unit vials do you need for 4,200 units, with 400-unit and 200-unit vials on hand?", "10"),
            (.vialCount(strength: 200), "How many 200-unit vials do you need for 4,200 units, with 400-unit and 200-unit vials on hand?", "1"),
            (.waterPerVial(strength: 400), "How much Sterile Water for Injection goes into each 400-unit vial (mL)?", "10.2"),
            (.waterPerVial(strength: 200), "How much Sterile Water for Injection goes into each 200-unit vial (mL)?", "5.1"),
        ]
        for (question, text, right) in questions {
            #expect(state.step == .reconstitution)
            #expect(state.focus == .quizAnswer(question))
            #expect(state.contentTexts.contains("QUIZ: answer before this step shows its numbers."))
            #expect(state.contentTexts.contains(text))
            #expect(state.contentTexts.contains { $0.hasPrefix("Your answer           [") })
            #expect(!state.contentTexts.contains { $0.hasPrefix("Reconstitute ") || $0.contains("[ ] Add") || $0.contains("Each vial then holds") },
                    "numbers shown before \(question) was answered")
            #expect(state.controls == [.quizAnswer(question)])
            // Next is not possible while the question waits.
            #expect(state.after(.key(.escape), .key(.enter)).focus == .quizAnswer(question))
            state = state.after(answer(right))
        }
        #expect(!state.contentTexts.contains("QUIZ: answer before this step shows its numbers."))
        #expect(state.contentTexts.contains("Reconstitute 10 x 400-unit vials"))
        #expect(state.focus == .confirmation(.reconstituted(strength: 400, vials: 10)))
        #expect(state.training?.rightCount(for: state.derived.plan!) == 4)
    }

    @Test("quiz mode hides the Dilute and Administer numbers until answered")
    func quizHidesDilutionAndAdministration() {
        let dilution = Self.quiz.after(Walk.Training.vialsDone + Self.reconstitutionAnswers + Walk.reconstitution())
        #expect(dilution.step == .dilution)
        #expect(dilution.focus == .quizAnswer(.volumeToWithdraw))
        #expect(dilution.contentTexts.contains("What volume do you withdraw in total from the reconstituted vials for 4,200 units (mL)?"))
        #expect(!dilution.contentTexts.contains { $0.contains("105 mL") || $0.hasPrefix("Withdraw") || $0.hasPrefix("Sodium chloride") })
        let second = dilution.after(answer("105"))
        #expect(second.focus == .quizAnswer(.sodiumChloride))
        #expect(second.contentTexts.contains("How much 0.9% Sodium Chloride Injection do you add for a final volume of 150 mL (mL)?"))
        #expect(!second.contentTexts.contains { $0.hasPrefix("Sodium chloride") || $0.contains("45 mL") })
        let administration = Self.quiz.after(Walk.Training.vialsDone + Self.reconstitutionAnswers + Walk.reconstitution()
                                             + answer("105") + answer("45") + Walk.dilution())
        #expect(administration.step == .administration)
        #expect(administration.focus == .quizAnswer(.pumpRate))
        #expect(administration.contentTexts.contains("What pump rate infuses 150 mL over 120 min (mL/h)?"))
        #expect(!administration.contentTexts.contains { $0.contains("75 mL/h") || $0.hasPrefix("Pump rate") })
    }

    @Test("after the last question on a step, the step stays so its feedback and numbers can be read")
    func feedbackShownAfterLastQuestion() {
        let dilution = Self.quiz.after(Walk.Training.vialsDone + Self.reconstitutionAnswers + Walk.reconstitution()
                                       + answer("105") + answer("40"))
        #expect(dilution.step == .dilution)
        #expect(dilution.message == "Read the feedback, then go on.")
        #expect(dilution.focus == .confirmation(.withdrawnWhole(strength: 400, vials: 10, millilitres: Tenths(whole: 10))))
        #expect(dilution.contentTexts.contains { $0.hasPrefix("WRONG: you said 40 mL; the answer is 45 mL.") })
        #expect(dilution.contentTexts.contains("Sodium chloride   45 mL 0.9% Sodium Chloride Injection in an empty bag, then the drug, to make 150 mL"))
        // The step's own confirmations are still to be done (R13).
        #expect(dilution.after(.key(.enter)).step == .dilution)
        #expect(dilution.after(Walk.dilution()).step == .administration)
        let administration = Self.quiz.after(Walk.Training.vialsDone + Self.reconstitutionAnswers + Walk.reconstitution()
                                             + answer("105") + answer("45") + Walk.dilution() + answer("70"))
        #expect(administration.step == .administration)
        #expect(administration.focus == .confirmation(.setAndFilterPrimed))
        #expect(administration.contentTexts.contains { $0.hasPrefix("WRONG: you said 70 mL/h; the answer is 75 mL/h.") })
        #expect(administration.contentTexts.contains("Pump rate         75 mL/h (150 mL over 120 min)"))
        #expect(administration.after(Walk.administration()).step == .summary)
    }

    // MARK: Quiz mode: marking

    /// Strokes that leave a quiz run on `question`, every earlier question answered right.
    static func toQuestion(_ question: QuizQuestion) -> [Stroke] {
        let order: [(QuizQuestion, String)] = [(.vialCount(strength: 400), "10"), (.vialCount(strength: 200), "1"),
                                               (.waterPerVial(strength: 400), "10.2"), (.waterPerVial(strength: 200), "5.1"),
                                               (.volumeToWithdraw, "105"), (.sodiumChloride, "45"), (.pumpRate, "75")]
        var strokes = Walk.Training.vialsDone
        for (earlier, right) in order {
            if earlier == question { return strokes }
            strokes += answer(right)
            if earlier == .waterPerVial(strength: 200) { strokes += Walk.reconstitution() }
            if earlier == .sodiumChloride { strokes += Walk.dilution() }
        }
        return strokes
    }

    static let rightAnswers: [(QuizQuestion, String, String)] = [
        (.vialCount(strength: 400), "10", "RIGHT: 10 vials. R5: whole vials with the least waste, then the fewest vials: 10 x 400-unit + 1 x 200-unit = 4,200 units for 4,200 units (waste 0 units)."),
        (.vialCount(strength: 200), "1", "RIGHT: 1 vial. R5: whole vials with the least waste, then the fewest vials: 10 x 400-unit + 1 x 200-unit = 4,200 units for 4,200 units (waste 0 units)."),
        (.waterPerVial(strength: 400), "10.2", "RIGHT: 10.2 mL. Section 1: 10.2 mL per 400-unit vial (label); the vial then holds 10.6 mL at 40 units/mL."),
        (.waterPerVial(strength: 200), "5,1", "RIGHT: 5.1 mL. Section 1: 5.1 mL per 200-unit vial (label); the vial then holds 5.3 mL at 40 units/mL."),
        (.volumeToWithdraw, "105", "RIGHT: 105 mL. R6: 4,200 units / 40 units/mL = 105 mL (to 0.1 mL). Never the water volume (10.2 or 5.1 mL) or the volume in the vial (10.6 or 5.3 mL)."),
        (.sodiumChloride, "45.0", "RIGHT: 45 mL. R7: final volume 150 mL - drug volume 105 mL = 45 mL."),
        (.pumpRate, "75", "RIGHT: 75 mL/h. R8: 150 mL x 60 / 120 min = 75 mL/h (to 0.1 mL/h)."),
    ]

    @Test("a right answer is marked RIGHT with the worked calculation", arguments: 0..<7)
    func rightAnswer(index: Int) throws {
        let (question, typed, feedback) = Self.rightAnswers[index]
        let before = Self.quiz.after(Self.toQuestion(question))
        #expect(before.focus == .quizAnswer(question))
        let after = before.after(answer(typed))
        let given = try #require(after.training?.answer(to: question, plan: after.derived.plan!))
        #expect(given.isRight)
        #expect(given.typed == typed)
        #expect(after.training?.answers.count == before.training!.answers.count + 1)
        #expect(after.fieldErrors.isEmpty)
        #expect(after.quizAnswerField.text == "")
        // The wizard stays on the question's step so that the feedback is read.
        #expect(after.step == question.step)
        #expect(after.message == "Read the feedback, then go on.")
        #expect(after.contentTexts.contains(feedback))
    }

    static let wrongAnswers: [(QuizQuestion, String, String)] = [
        (.vialCount(strength: 400), "11", "WRONG: you said 11 vials; the answer is 10 vials. R5: whole vials with the least waste, then the fewest vials: 10 x 400-unit + 1 x 200-unit = 4,200 units for 4,200 units (waste 0 units)."),
        (.vialCount(strength: 200), "0", "WRONG: you said 0 vials; the answer is 1 vial. R5: whole vials with the least waste, then the fewest vials: 10 x 400-unit + 1 x 200-unit = 4,200 units for 4,200 units (waste 0 units)."),
        (.waterPerVial(strength: 400), "10.6", "WRONG: you said 10.6 mL; the answer is 10.2 mL. Section 1: 10.2 mL per 400-unit vial (label); the vial then holds 10.6 mL at 40 units/mL."),
        (.waterPerVial(strength: 200), "5", "WRONG: you said 5 mL; the answer is 5.1 mL. Section 1: 5.1 mL per 200-unit vial (label); the vial then holds 5.3 mL at 40 units/mL."),
        (.volumeToWithdraw, "100", "WRONG: you said 100 mL; the answer is 105 mL. R6: 4,200 units / 40 units/mL = 105 mL (to 0.1 mL). Never the water volume (10.2 or 5.1 mL) or the volume in the vial (10.6 or 5.3 mL)."),
        (.sodiumChloride, "150", "WRONG: you said 150 mL; the answer is 45 mL. R7: final volume 150 mL - drug volume 105 mL = 45 mL."),
        (.pumpRate, "1.3", "WRONG: you said 1.3 mL/h; the answer is 75 mL/h. R8: 150 mL x 60 / 120 min = 75 mL/h (to 0.1 mL/h)."),
    ]

    @Test("a wrong answer is marked WRONG with the right answer and the worked calculation; it is not asked again",
          arguments: 0..<7)
    func wrongAnswer(index: Int) throws {
        let (question, typed, feedback) = Self.wrongAnswers[index]
        let after = Self.quiz.after(Self.toQuestion(question) + answer(typed))
        let given = try #require(after.training?.answer(to: question, plan: after.derived.plan!))
        #expect(!given.isRight)
        #expect(given.note == nil)
        #expect(after.focus != .quizAnswer(question))
        #expect(after.step == question.step)
        #expect(after.contentTexts.contains(feedback))
        #expect(!after.controls.contains(.quizAnswer(question)))
    }

    static let malformedAnswers: [(QuizQuestion, String, String)] = [
        (.vialCount(strength: 400), "2.5", "Answer: \"2.5\" has decimals; whole vials only. Type a whole number of vials, for example 3."),
        (.vialCount(strength: 200), "", "Answer: nothing was entered. Type a whole number of vials, for example 3."),
        (.waterPerVial(strength: 400), "10.25", "Answer: \"10.25\" has more than one decimal (no thousands separators). Type a number with at most one decimal, for example 10 or 2.5."),
        (.waterPerVial(strength: 200), ".5", "Answer: \".5\" needs a digit before the decimal point (write 0.5, not .5). Type a number with at most one decimal, for example 10 or 2.5."),
        (.volumeToWithdraw, "105.", "Answer: \"105.\" needs a digit after the decimal point. Type a number with at most one decimal, for example 10 or 2.5."),
        (.sodiumChloride, "", "Answer: nothing was entered. Type a number with at most one decimal, for example 10 or 2.5."),
        (.pumpRate, "75.05", "Answer: \"75.05\" has more than one decimal (no thousands separators). Type a number with at most one decimal, for example 10 or 2.5."),
    ]

    @Test("a malformed answer is refused next to the field, not scored, and asked again", arguments: 0..<7)
    func malformedAnswer(index: Int) {
        let (question, typed, error) = Self.malformedAnswers[index]
        let before = Self.quiz.after(Self.toQuestion(question))
        let after = before.after(answer(typed))
        #expect(after.step == question.step)
        #expect(after.focus == .quizAnswer(question))
        #expect(after.fieldErrors[.quizAnswer(question)] == error)
        #expect(after.contentTexts.contains("! " + error))
        #expect(after.training?.answers == before.training?.answers)
        #expect(after.quizAnswerField.text == typed)
        // Typing again forgets the message; a proper answer is then taken.
        let fixed = after.after(clearField + answer(Self.rightAnswers[index].1))
        #expect(fixed.fieldErrors[.quizAnswer(question)] == nil)
        #expect(fixed.training?.answer(to: question, plan: fixed.derived.plan!)?.isRight == true)
    }

    @Test("letters cannot be typed as an answer")
    func answerRefusesLetters() {
        let state = Self.quiz.after(Walk.Training.vialsDone + [.type("1"), .type("0"), .type("m"), .type("L")])
        #expect(state.quizAnswerField.text == "10")
        #expect(state.message == "Only digits and one decimal separator (\".\" or \",\") can be typed here.")
    }

    @Test("the 10.2 mL trap: the water volume given as the volume to withdraw gets a note",
          arguments: ["10.2", "5.1", "10.6", "5.3", "102", "106"])
    func trapNote(typed: String) throws {
        let after = Self.quiz.after(Self.toQuestion(.volumeToWithdraw) + answer(typed))
        let given = try #require(after.training?.answer(to: .volumeToWithdraw, plan: after.derived.plan!))
        #expect(!given.isRight)
        #expect(given.note == "That is the water added or the volume in the vial, not the volume to withdraw: the dose is drawn at 40 units/mL.")
        #expect(after.step == .dilution)
        let shown = Display.number(given.given)
        #expect(after.contentTexts.contains(
            "WRONG: you said \(shown) mL; the answer is 105 mL. That is the water added or the volume in the vial, not the volume to withdraw: the dose is drawn at 40 units/mL. R6: 4,200 units / 40 units/mL = 105 mL (to 0.1 mL). Never the water volume (10.2 or 5.1 mL) or the volume in the vial (10.6 or 5.3 mL)."))
    }

    @Test("going back does not ask an answered question again or change its mark")
    func answeredStays() {
        let state = Self.quiz.after(Walk.Training.vialsDone + answer("9"))
        let again = state.after(.key(.escape), .key(.enter))
        #expect(again.step == .reconstitution)
        #expect(again.focus == .quizAnswer(.vialCount(strength: 200)))
        #expect(again.training?.answers.map(\.isRight) == [false])
    }

    // MARK: Answers to a calculation that changed

    @Test("changing the vials on hand after answering: changed questions are asked again, the score never above 100%")
    func answersInvalidatedByVialsOnHand() throws {
        let answered = Self.quiz.after(Walk.Training.vialsDone + Self.reconstitutionAnswers)
        #expect(answered.focus == .confirmation(.reconstituted(strength: 400, vials: 10)))
        #expect(answered.training?.rightCount(for: answered.derived.plan!) == 4)
        // Back to Vials, untick the 200-unit vial: 4,200 units is now 11 x 400 (one question on vial counts).
        var changed = answered.after(.key(.escape), .key(.tab), .type(" "), .key(.enter))
        // 4,200 units from 400-unit vials leaves a partial vial: a dose is chosen, the exact one.
        #expect(changed.step == .vials)
        changed = changed.after(.key(.tab), .type("1"), .key(.enter))
        #expect(changed.step == .reconstitution)
        #expect(changed.policy.vialsOnHand == [400])
        let plan = try #require(changed.derived.plan)
        #expect(QuizQuestion.questions(for: plan) == [.vialCount(strength: 400), .waterPerVial(strength: 400),
                                                      .volumeToWithdraw, .unitsDrawn, .sodiumChloride, .pumpRate])
        // The 400-unit count (10, expected now 11) is asked again; the water per 400-unit vial still stands.
        #expect(changed.focus == .quizAnswer(.vialCount(strength: 400)))
        #expect(changed.contentTexts.contains("How many 400-unit vials do you need for 4,200 units, with 400-unit vials on hand?"))
        #expect(!changed.contentTexts.contains { $0.hasPrefix("Reconstitute ") })
        let session = try #require(changed.training)
        #expect(session.answer(to: .vialCount(strength: 400), plan: plan) == nil)
        #expect(session.answer(to: .vialCount(strength: 200), plan: plan) == nil)
        #expect(session.answer(to: .waterPerVial(strength: 400), plan: plan)?.isRight == true)
        #expect(session.answers(for: plan).map(\.question) == [.waterPerVial(strength: 400)])
        #expect(session.rightCount(for: plan) == 1)
        // Answered again, right: one answer per question, the old one gone.
        let again = changed.after(answer("11"))
        #expect(again.message == "Read the feedback, then go on.")
        #expect(again.focus == .confirmation(.reconstituted(strength: 400, vials: 11)))
        let againSession = try #require(again.training)
        #expect(againSession.answers.filter { $0.question == .vialCount(strength: 400) }.count == 1)
        #expect(againSession.answer(to: .vialCount(strength: 400), plan: plan)?.typed == "11")
        #expect(againSession.rightCount(for: plan) == 2)
        // To the end, every later answer right: 5 of 5, never 7 of 5.
        let summary = again.after(Walk.reconstitution(vials: [11]) + answer("105") + answer("200") + answer("45")
                                  + Walk.dilution(whole: [10], partial: true) + answer("75") + Walk.administration())
        #expect(summary.step == .summary)
        let lines = summary.summaryLines()
        #expect(lines[1] == "TRAINING | Score: 6 of 6 right (100%)")
        #expect(!lines.contains { $0.contains("vial-count-200") || $0.contains("water-per-vial-200") })
        #expect(lines.contains("TRAINING |   right: vial-count-400: answered 11 vials, expected 11 vials"))
        #expect(!lines.contains { $0.contains("answered 10 vials") })
    }

    @Test("however the vials on hand change, the score counts each question of the final plan at most once",
          arguments: [[" "], [" ", " "], ["tab", " ", "tab"], ["tab", " "], ["tab", " ", "tab", " "]])
    func scoreNeverAboveTotal(edits: [String]) throws {
        var state = Self.quiz.after(Walk.Training.vialsDone + Self.reconstitutionAnswers)
        // Back to Vials; edit the vials on hand; answer whatever is asked again, rightly.
        state = state.after(.key(.escape))
        for edit in edits { state = state.after(edit == "tab" ? .key(.tab) : .type(edit)) }
        state = state.after(.key(.enter))
        if state.step == .vials {
            // Only 400-unit vials: 4,200 units leaves a partial vial, so a dose is chosen: the exact one.
            update(&state, .focus(.doseOption))
            state = state.after(.type("1"), .key(.enter))
        }
        #expect(state.step == .reconstitution)
        for _ in 0..<4 {
            guard case .quizAnswer(let question) = state.focus, let plan = state.derived.plan else { break }
            let expected = try #require(question.expected(for: plan))
            state = state.after(answer(question.answerIsWhole ? "\(expected.count / 10)" : Display.number(expected)))
        }
        let plan = try #require(state.derived.plan)
        let session = try #require(state.training)
        let total = QuizQuestion.questions(for: plan).count
        let standing = session.answers(for: plan)
        #expect(session.rightCount(for: plan) <= total)
        #expect(Set(standing.map(\.question)).count == standing.count)
        #expect(standing.allSatisfy { QuizQuestion.questions(for: plan).contains($0.question) })
        // Every Reconstitute question of this plan is answered, right, and the numbers show.
        let reconstitutionQuestions = QuizQuestion.questions(for: plan).filter { $0.step == .reconstitution }
        #expect(reconstitutionQuestions.allSatisfy { session.answer(to: $0, plan: plan)?.isRight == true })
        #expect(state.contentTexts.contains { $0.hasPrefix("Reconstitute ") })
    }

    // MARK: The record

    @Test("a quiz run's record: every line starts with \"TRAINING | \" and includes the score")
    func quizRecord() {
        let summary = Self.quiz.after(Walk.Training.vialsDone + answer("10") + answer("1") + answer("10.2") + answer("5.1")
                                      + Walk.reconstitution() + answer("10.2") + answer("45") + Walk.dilution()
                                      + answer("75") + Walk.administration())
        #expect(summary.step == .summary)
        let lines = summary.summaryLines()
        #expect(lines.allSatisfy { $0.hasPrefix("TRAINING | ") })
        #expect(Array(lines.prefix(10)) == [
            "TRAINING | Training scenario: standard-adult (quiz)",
            "TRAINING | Score: 6 of 7 right (85%)",
            // Each answer with its unit, written as the expected value is ("1 vial", not "1 vials").
            "TRAINING |   right: vial-count-400: answered 10 vials, expected 10 vials",
            "TRAINING |   right: vial-count-200: answered 1 vial, expected 1 vial",
            "TRAINING |   right: water-per-vial-400: answered 10.2 mL, expected 10.2 mL",
            "TRAINING |   right: water-per-vial-200: answered 5.1 mL, expected 5.1 mL",
            "TRAINING |   WRONG: volume-to-withdraw: answered 10.2 mL, expected 105 mL",
            "TRAINING |   right: sodium-chloride: answered 45 mL, expected 45 mL",
            "TRAINING |   right: pump-rate: answered 75 mL/h, expected 75 mL/h",
            "TRAINING | IMIGLUCERASE (Cerezyme) PREPARATION PLAN",
        ])
        #expect(Array(lines.dropFirst(9)) == SummaryStepTests.planLines.map { "TRAINING | " + $0 })
        // On screen the banner says TRAINING; the record's lines follow the score.
        #expect(Array(summary.contentTexts.prefix(2)) == ["Training scenario: standard-adult (quiz)", "Score: 6 of 7 right (85%)"])
        #expect(summary.contentTexts.contains("  WRONG: volume-to-withdraw: answered 10.2 mL, expected 105 mL"))
        #expect(summary.after(.key(.enter)).outcome == .finished)
    }

    @Test("a quiz with only 400-unit vials asks one vial count")
    func only400Questions() {
        var state = Self.quiz.after(Walk.Training.regimenDone + [.key(.tab), .type(" "), .key(.tab), .type("1"), .key(.enter)])
        #expect(state.step == .reconstitution)
        #expect(state.focus == .quizAnswer(.vialCount(strength: 400)))
        #expect(state.contentTexts.contains("How many 400-unit vials do you need for 4,200 units, with 400-unit vials on hand?"))
        state = state.after(answer("11") + answer("10.2"))
        #expect(state.focus == .confirmation(.reconstituted(strength: 400, vials: 11)))
        #expect(state.training?.answers.map(\.isRight) == [true, true])
    }
}
