import InfusionCalc
import InfusionTraining
@testable import InfusionWizard
import Testing

/// One typed answer and how it must be marked.
struct Marking: Sendable, CustomTestStringConvertible {
    enum Verdict: Sendable, Equatable { case right, wrong, malformed }
    let scenario: String
    let question: QuizQuestion
    let typed: String
    let verdict: Verdict
    /// For right and wrong answers: the value read, in the question's unit.
    let given: String?

    init(_ scenario: String, _ question: QuizQuestion, _ typed: String, _ verdict: Verdict, given: String? = nil) {
        self.scenario = scenario
        self.question = question
        self.typed = typed
        self.verdict = verdict
        self.given = given
    }
    var testDescription: String { "\(scenario) \(question.identifier) \"\(typed)\" -> \(verdict)" }
}

let markings: [Marking] = [
    // Vial counts: whole vials only. Standard adult: 10 x 400-unit + 1 x 200-unit.
    Marking("standard-adult", .vialCount(strength: 400), "10", .right, given: "10"),
    Marking("standard-adult", .vialCount(strength: 400), " 10 ", .right, given: "10"),
    Marking("standard-adult", .vialCount(strength: 400), "10 vials", .right, given: "10"),
    Marking("standard-adult", .vialCount(strength: 400), "11", .wrong, given: "11"),
    Marking("standard-adult", .vialCount(strength: 200), "1", .right, given: "1"),
    Marking("standard-adult", .vialCount(strength: 200), "0", .wrong, given: "0"),
    Marking("standard-adult", .vialCount(strength: 400), "10.5", .malformed),
    Marking("standard-adult", .vialCount(strength: 400), "1.25", .malformed),
    Marking("standard-adult", .vialCount(strength: 400), "ten", .malformed),
    Marking("standard-adult", .vialCount(strength: 400), "", .malformed),
    Marking("standard-adult", .vialCount(strength: 400), "-5", .malformed),
    // Water per vial.
    Marking("standard-adult", .waterPerVial(strength: 400), "10.2", .right, given: "10.2"),
    Marking("standard-adult", .waterPerVial(strength: 400), "10,2", .right, given: "10.2"),
    Marking("standard-adult", .waterPerVial(strength: 400), "10.2 mL", .right, given: "10.2"),
    Marking("standard-adult", .waterPerVial(strength: 400), "10.2ml", .right, given: "10.2"),
    Marking("standard-adult", .waterPerVial(strength: 200), "5.1", .right, given: "5.1"),
    Marking("standard-adult", .waterPerVial(strength: 400), "10", .wrong, given: "10"),
    Marking("standard-adult", .waterPerVial(strength: 200), "10.2", .wrong, given: "10.2"),
    Marking("standard-adult", .waterPerVial(strength: 400), "1.25", .malformed),
    Marking("standard-adult", .waterPerVial(strength: 400), "ten", .malformed),
    Marking("standard-adult", .waterPerVial(strength: 400), "", .malformed),
    Marking("standard-adult", .waterPerVial(strength: 400), "-5", .malformed),
    Marking("standard-adult", .waterPerVial(strength: 400), "10.2 vials", .malformed),
    // Volume to withdraw. The trap: one 400-unit vial, 10 mL (not 10.2 or 10.6).
    Marking("water-volume-trap", .volumeToWithdraw, "10", .right, given: "10"),
    Marking("water-volume-trap", .volumeToWithdraw, "10 mL", .right, given: "10"),
    Marking("water-volume-trap", .volumeToWithdraw, "10.0", .right, given: "10"),
    Marking("water-volume-trap", .volumeToWithdraw, "10,0", .right, given: "10"),
    Marking("water-volume-trap", .volumeToWithdraw, "10.2", .wrong, given: "10.2"),
    Marking("water-volume-trap", .volumeToWithdraw, "10,2", .wrong, given: "10.2"),
    Marking("water-volume-trap", .volumeToWithdraw, "10.6", .wrong, given: "10.6"),
    Marking("water-volume-trap", .volumeToWithdraw, "9", .wrong, given: "9"),
    Marking("water-volume-trap", .volumeToWithdraw, "ten", .malformed),
    Marking("water-volume-trap", .volumeToWithdraw, "", .malformed),
    Marking("water-volume-trap", .volumeToWithdraw, "-5", .malformed),
    Marking("water-volume-trap", .volumeToWithdraw, "1.25", .malformed),
    Marking("water-volume-trap", .volumeToWithdraw, "10.2.1", .malformed),
    Marking("water-volume-trap", .volumeToWithdraw, ".5", .malformed),
    Marking("standard-adult", .volumeToWithdraw, "105", .right, given: "105"),
    Marking("standard-adult", .volumeToWithdraw, "102", .wrong, given: "102"),
    // Sodium chloride.
    Marking("standard-adult", .sodiumChloride, "45", .right, given: "45"),
    Marking("standard-adult", .sodiumChloride, "45 mL", .right, given: "45"),
    Marking("standard-adult", .sodiumChloride, "150", .wrong, given: "150"),
    Marking("low-dose-three-per-week", .sodiumChloride, "98,7", .right, given: "98.7"),
    Marking("low-dose-three-per-week", .sodiumChloride, "98.75", .malformed),
    Marking("standard-adult", .sodiumChloride, "ten", .malformed),
    Marking("standard-adult", .sodiumChloride, "", .malformed),
    Marking("standard-adult", .sodiumChloride, "-5", .malformed),
    Marking("standard-adult", .sodiumChloride, "1.25", .malformed),
    // Pump rate.
    Marking("standard-adult", .pumpRate, "75", .right, given: "75"),
    Marking("standard-adult", .pumpRate, "75 mL/h", .right, given: "75"),
    Marking("standard-adult", .pumpRate, "75 ml/h", .right, given: "75"),
    Marking("standard-adult", .pumpRate, "75.0", .right, given: "75"),
    Marking("standard-adult", .pumpRate, "150", .wrong, given: "150"),
    Marking("standard-adult", .pumpRate, "75 mL", .malformed),
    Marking("standard-adult", .pumpRate, "ten", .malformed),
    Marking("standard-adult", .pumpRate, "", .malformed),
    Marking("standard-adult", .pumpRate, "-5", .malformed),
    Marking("standard-adult", .pumpRate, "1.25", .malformed),
]

@Suite("Quiz marking")
struct QuizMarkingTests {
    @Test("typed answers are marked right, wrong or refused as malformed", arguments: markings)
    func mark(_ marking: Marking) throws {
        let plan = try shippedScenario(marking.scenario).referencePlan().get()
        let result = marking.question.mark(marking.typed, plan: plan)
        switch (marking.verdict, result) {
        case (.malformed, .failure(let error)):
            // Not scored; the message says what was wrong and what to type.
            #expect(error.field == .answer)
            let hint = marking.question.identifier.hasPrefix("vial-count")
                ? "Type a whole number of vials" : "Type a number with at most one decimal"
            #expect(error.message.contains(hint), "\(error.message)")
            #expect(error.message.hasPrefix("Answer: "), "\(error.message)")
        case (.malformed, .success(let answer)):
            Issue.record("\"\(marking.typed)\" was accepted as \(answer.given)")
        case (_, .failure(let error)):
            Issue.record("\"\(marking.typed)\" was refused: \(error.message)")
        case (let verdict, .success(let answer)):
            #expect(answer.isRight == (verdict == .right))
            #expect(answer.typed == marking.typed)
            #expect(answer.question == marking.question)
            #expect(answer.expected == marking.question.expected(for: plan))
            if let given = marking.given {
                let isVialCount = marking.question.identifier.hasPrefix("vial-count")
                #expect(answer.given == (isVialCount ? Tenths(whole: Int(given)!) : t(given)))
            }
            if verdict == .right { #expect(answer.note == nil) }
        }
    }

    @Test("the 10.2 mL trap: the water or vial volume as the withdrawn volume gets the trap note",
          arguments: ["10.2", "10,2", "10.6", "10.2 mL"])
    func trapNote(typed: String) throws {
        let plan = try shippedScenario("water-volume-trap").referencePlan().get()
        let answer = try QuizQuestion.volumeToWithdraw.mark(typed, plan: plan).get()
        #expect(!answer.isRight)
        let note = try #require(answer.note)
        #expect(note.contains("water added or the volume in the vial"))
        #expect(note.contains("40 units/mL"))
    }

    @Test("a wrong withdrawn volume that is not a trap gets no note", arguments: ["9", "11", "20", "5.1"])
    func noTrapNote(typed: String) throws {
        let plan = try shippedScenario("water-volume-trap").referencePlan().get()
        let answer = try QuizQuestion.volumeToWithdraw.mark(typed, plan: plan).get()
        #expect(!answer.isRight)
        #expect(answer.note == nil)
    }

    @Test("the trap note with several vials: the water of all the 400-unit vials (10 x 10.2 = 102 mL)")
    func trapNoteSeveralVials() throws {
        let plan = try shippedScenario("standard-adult").referencePlan().get()
        for typed in ["102", "106", "5.1", "10.2"] {
            let answer = try QuizQuestion.volumeToWithdraw.mark(typed, plan: plan).get()
            #expect(answer.note != nil, "\(typed)")
        }
    }

    @Test("the trap note for the total water of every vial (10 x 10.2 + 5.1 = 107.1 mL)")
    func trapNoteTotalWater() throws {
        let plan = try shippedScenario("standard-adult").referencePlan().get()
        for typed in ["107.1", "111.3"] {
            let answer = try QuizQuestion.volumeToWithdraw.mark(typed, plan: plan).get()
            #expect(!answer.isRight)
            #expect(answer.note != nil, "\(typed)")
        }
    }

    @Test("a question the plan has no answer for is refused, not scored")
    func questionWithoutAnswer() throws {
        let plan = try shippedScenario("volume-over-200-ml").referencePlan().get()
        #expect(!QuizQuestion.questions(for: plan).contains(.sodiumChloride))
        #expect(!QuizQuestion.questions(for: plan).contains(.pumpRate))
        #expect(QuizQuestion.sodiumChloride.expected(for: plan) == nil)
        guard case .failure = QuizQuestion.sodiumChloride.mark("10", plan: plan) else {
            Issue.record("an answer to a question without an answer was marked")
            return
        }
    }

    @Test("the questions of the 10.2 mL trap, in the order asked, and their identifiers")
    func trapQuestions() throws {
        let plan = try shippedScenario("water-volume-trap").referencePlan().get()
        let questions = QuizQuestion.questions(for: plan)
        #expect(questions.map(\.identifier) == ["vial-count-400", "water-per-vial-400", "volume-to-withdraw",
                                                "sodium-chloride", "pump-rate"])
        #expect(questions.map(\.step) == [.reconstitution, .reconstitution, .dilution, .dilution, .administration])
        #expect(questions.map { $0.expectedText(for: plan) } == ["1 vial", "10.2 mL", "10 mL", "90 mL", "50 mL/h"])
    }

    @Test("in the wizard a malformed answer is refused and not scored; a wrong one is scored")
    func malformedNotScored() throws {
        let scenario = try shippedScenario("water-volume-trap")
        var state = scenario.wizardState(mode: .quiz, now: fixedNow(9, 0))
        let plan = try #require(Derived(state).plan)
        state.step = .dilution
        state.focus = .quizAnswer(.volumeToWithdraw)
        func answer(_ text: String) {
            state.quizAnswerField = TextField(kind: .decimal, text: text)
            update(&state, .key(.enter))
        }
        answer("")                       // malformed: not scored
        #expect(state.training?.answers.isEmpty == true)
        #expect(state.fieldErrors[.quizAnswer(.volumeToWithdraw)] != nil)
        answer("10.2")                   // wrong, scored
        #expect(state.training?.answers.count == 1)
        #expect(state.training?.rightCount(for: plan) == 0)
        #expect(state.training?.answers.first?.expected == QuizQuestion.volumeToWithdraw.expected(for: plan))
        // The wizard stays on the step: the feedback and the step's numbers are read first.
        #expect(state.step == .dilution)
        #expect(state.message == "Read the feedback, then go on.")
        // Answered: the question is not asked again; the next one waits.
        #expect(!state.content.controls.contains { $0.control == .quizAnswer(.volumeToWithdraw) })
        #expect(state.content.controls.contains { $0.control == .quizAnswer(.sodiumChloride) })
    }

    /// Docs (training.md): an answer counts only while the plan still asks the question with
    /// the same expected value.
    @Test("answers(for:), answer(to:plan:) and rightCount(for:) keep only the answers that still stand")
    func standingAnswers() throws {
        let scenario = try shippedScenario("water-volume-trap")
        let plan = try scenario.referencePlan().get()
        var session = TrainingSession(mode: .quiz, scenarioName: scenario.name, scenarioTitle: scenario.title,
                                      learningPoints: scenario.learningPoints)
        for (question, typed) in zip(QuizQuestion.questions(for: plan), ["1", "10.2", "10", "90", "40"]) {
            session.answers.append(try question.mark(typed, plan: plan).get())
        }
        #expect(session.answers(for: plan).count == 5)
        #expect(session.rightCount(for: plan) == 4)
        #expect(session.answer(to: .pumpRate, plan: plan)?.typed == "40")

        // Another plan: 140 kg x 60 units/kg from 400-unit vials (210 mL, a stop). The water per
        // 400-unit vial is still 10.2 mL; the vial count and the volume changed; there is no bag.
        var policy = SitePolicy.standard
        policy.vialsOnHand = [400]
        let request = PlanRequest(weight: try WeightEntry.parse("140").get(), dose: .perKg(t("60")),
                                  frequency: .everyTwoWeeks, decision: .exactDose)
        let other = try PreparationPlan.make(request, policy: policy).get()
        #expect(QuizQuestion.questions(for: other) == [.vialCount(strength: 400), .waterPerVial(strength: 400), .volumeToWithdraw])
        #expect(session.answers(for: other).map(\.question) == [.waterPerVial(strength: 400)])
        #expect(session.rightCount(for: other) == 1)
        #expect(session.answer(to: .vialCount(strength: 400), plan: other) == nil, "1 vial answered, 21 expected now")
        #expect(session.answer(to: .volumeToWithdraw, plan: other) == nil)
        #expect(session.answer(to: .sodiumChloride, plan: other) == nil, "no longer asked")
        #expect(session.answer(to: .waterPerVial(strength: 400), plan: other)?.typed == "10.2")
        // The answers are kept: back to the first plan, they all stand again.
        #expect(session.answers.count == 5)
        #expect(session.rightCount(for: plan) == 4)
    }

    @Test("in the wizard, a question whose expected value changed is asked again, and the new answer replaces the old")
    func outdatedAnswerAskedAgain() throws {
        let scenario = try shippedScenario("water-volume-trap")
        var state = scenario.wizardState(mode: .quiz, now: fixedNow(9, 0))
        state.step = .dilution
        let before = try #require(Derived(state).plan)
        state.focus = .quizAnswer(.volumeToWithdraw)
        state.quizAnswerField = TextField(kind: .decimal, text: "10")
        update(&state, .key(.enter))
        state.focus = .quizAnswer(.sodiumChloride)
        state.quizAnswerField = TextField(kind: .decimal, text: "90")
        update(&state, .key(.enter))
        #expect(state.training?.rightCount(for: before) == 2)

        // A 150 mL bag: the sodium chloride is now 140 mL; the 90 mL answer no longer stands.
        state.chosenFinalVolume = t("150")
        let after = try #require(Derived(state).plan)
        #expect(state.training?.answer(to: .sodiumChloride, plan: after) == nil)
        #expect(state.training?.rightCount(for: after) == 1)
        #expect(state.content.controls.contains { $0.control == .quizAnswer(.sodiumChloride) }, "asked again")
        state.focus = .quizAnswer(.sodiumChloride)
        state.quizAnswerField = TextField(kind: .decimal, text: "140")
        update(&state, .key(.enter))
        let sodium = state.training?.answers.filter { $0.question == .sodiumChloride } ?? []
        #expect(sodium.map(\.typed) == ["140"], "the outdated answer is replaced, not kept beside the new one")
        #expect(state.training?.rightCount(for: after) == 2)
    }
}

/// Issue 7, findings 1 and 7, in training (R4, R6, R7 v2).
@Suite("Quiz on rule book v2")
struct QuizVersionTwoTests {
    /// Rule book section 4, "flat dose, partial draw": 20 kg, 50 units weekly, vials 400 + 200.
    static let fiftyUnits = scenarioText(["weight": "20", "dose": "50 units", "frequency": "weekly"])

    @Test("a partial draw: the quiz asks the units the syringe holds; 52 is right, the 50 ordered is wrong")
    func unitsDrawnFlatDose() throws {
        let scenario = try Scenario.parse(Self.fiftyUnits, name: "fifty-units", file: "fifty-units.scenario").get()
        let plan = try scenario.referencePlan().get()
        #expect(plan.partialWithdrawal?.volumeML == t("1.3"))
        let questions = QuizQuestion.questions(for: plan)
        #expect(questions.contains(.unitsDrawn))
        #expect(questions.firstIndex(of: .unitsDrawn) == questions.firstIndex(of: .volumeToWithdraw).map { $0 + 1 })
        #expect(QuizQuestion.unitsDrawn.text(for: plan) == "You draw 1.3 mL from the partial 200-unit vial at 40 units/mL. How many units does the syringe hold?")
        #expect(QuizQuestion.unitsDrawn.expected(for: plan) == Tenths(whole: 52))
        #expect(QuizQuestion.unitsDrawn.expectedText(for: plan) == "52 units")
        let right = try QuizQuestion.unitsDrawn.mark("52", plan: plan).get()
        #expect(right.isRight)
        let wrong = try QuizQuestion.unitsDrawn.mark("50", plan: plan).get()
        #expect(!wrong.isRight)
        #expect(wrong.expected == Tenths(whole: 52))
        // Whole units only: a decimal is refused, not scored.
        #expect((try? QuizQuestion.unitsDrawn.mark("52.5", plan: plan).get()) == nil)
    }

    @Test("in the wizard the partial-vial question is asked on the Dilute step and marked")
    func unitsDrawnInWizard() throws {
        let scenario = try Scenario.parse(Self.fiftyUnits, name: "fifty-units", file: "fifty-units.scenario").get()
        for (typed, isRight) in [("52", true), ("50", false)] {
            var state = scenario.wizardState(mode: .quiz, now: fixedNow(9, 0))
            state.step = .dilution
            // The volume first (1.3 mL), then the units it holds.
            #expect(!state.content.controls.contains { $0.control == .quizAnswer(.unitsDrawn) })
            state.focus = .quizAnswer(.volumeToWithdraw)
            state.quizAnswerField = TextField(kind: .decimal, text: "1.3")
            update(&state, .key(.enter))
            state.focus = .quizAnswer(.unitsDrawn)
            #expect(state.content.controls.contains { $0.control == .quizAnswer(.unitsDrawn) })
            #expect(state.content.lines.contains { $0.text == "You draw 1.3 mL from the partial 200-unit vial at 40 units/mL. How many units does the syringe hold?" })
            state.quizAnswerField = TextField(kind: .decimal, text: typed)
            update(&state, .key(.enter))
            let plan = try #require(Derived(state).plan)
            #expect(state.training?.answer(to: .unitsDrawn, plan: plan)?.isRight == isRight, "\(typed)")
            #expect(state.content.lines.contains { $0.text.hasPrefix(isRight ? "RIGHT: 52 units" : "WRONG: you said 50 units; the answer is 52 units") })
        }
    }

    @Test("the shipped partial-vial scenario: 350 units ordered from the last vial, 8.8 mL holds 352")
    func shippedPartialVial() throws {
        let plan = try shippedScenario("partial-vial").referencePlan().get()
        #expect(plan.partialWithdrawal?.volumeML == t("8.8"))
        #expect(QuizQuestion.questions(for: plan).contains(.unitsDrawn))
        #expect(try QuizQuestion.unitsDrawn.mark("352", plan: plan).get().isRight)
        #expect(try !QuizQuestion.unitsDrawn.mark("350", plan: plan).get().isRight)
    }

    @Test("the over-200 mL scenario: no dose option, the STOP on the Vials step, no quiz question reached or scored past it")
    func noRoutePastTheStop() throws {
        let scenario = try shippedScenario("volume-over-200-ml")
        var state = scenario.wizardState(mode: .quiz, now: fixedNow(9, 0))
        state.step = .vials
        update(&state, .focus(.vialOnHand(400)))
        let derived = Derived(state)
        #expect(derived.doseOptions.map(\.preparedDose) == [8400])
        #expect(!state.content.controls.contains { $0.control == .doseOption })
        for key: Key in [.character("2"), .enter, .down, .character(" "), .enter, .enter] { update(&state, .key(key)) }
        #expect(state.step == .vials)
        #expect(state.message?.hasPrefix("STOP: The dose does not fit the label's 200 mL maximum") == true)
        #expect(state.training?.answers.isEmpty == true)
        // Even a whole-vial dose that would fit, forced into the state, leaves the STOP standing.
        state.doseChoice = DoseChoice(prescribed: 8400, prepared: 7600)
        let forced = try #require(Derived(state).plan)
        #expect(forced.hasHardStop)
        update(&state, .key(.enter))
        #expect(state.step == .vials)
        #expect(state.training?.answers.isEmpty == true)
    }
}
