import InfusionCalc
import InfusionTraining

/// Training on top of the wizard: the guide panel (guided) and the question gate (quiz).
extension WizardState {
    /// Adds the training lines for `step`. Returns true when the step's own content must
    /// stay hidden (a quiz question is waiting to be answered).
    func trainingContent(_ content: inout StepContent, step: Step, derived: Derived, training: TrainingSession) -> Bool {
        switch training.mode {
        case .guided:
            for line in guideLines(step, derived) { content.add("GUIDE: " + line, .training, hangingIndent: 7) }
            content.blank()
            return false
        case .quiz:
            guard let plan = derived.plan else { return false }
            let questions = QuizQuestion.questions(for: plan).filter { $0.step == step }
            for answer in questions.compactMap({ training.answer(to: $0, plan: plan) }) {
                feedbackLines(&content, answer, plan: plan)
            }
            if let waiting = questions.first(where: { training.answer(to: $0, plan: plan) == nil }) {
                content.add("QUIZ: answer before this step shows its numbers.", .training)
                content.add(waiting.text(for: plan), .heading, hangingIndent: 0)
                addField(&content, .quizAnswer(waiting), label: "Your answer", field: quizAnswerField, after: waiting.unit,
                         prompt: "Your answer (\(waiting.unit))", valid: false,
                         need: "Type your answer and press Enter.")
                return true
            }
            if !questions.isEmpty { content.blank() }
            return false
        }
    }

    func feedbackLines(_ content: inout StepContent, _ answer: QuizAnswer, plan: PreparationPlan) {
        let question = answer.question
        if answer.isRight {
            content.add("RIGHT: \(question.expectedText(for: plan)). " + question.workedCalculation(for: plan), .ok, hangingIndent: 7)
        } else {
            content.add("WRONG: you said \(question.answerText(answer.given)); the answer is \(question.expectedText(for: plan)). "
                        + (answer.note.map { $0 + " " } ?? "") + question.workedCalculation(for: plan), .error, hangingIndent: 7)
        }
    }

    /// Marks the typed answer; returns the error for a malformed one (not scored).
    mutating func markQuizAnswer(_ question: QuizQuestion) -> InputError? {
        guard var session = training, let plan = Derived(self).plan else { return nil }
        switch question.mark(quizAnswerField.text, plan: plan) {
        case .failure(let error):
            return error
        case .success(let answer):
            // Only the first answer to a question counts; one to an outdated calculation goes.
            session.record(answer, plan: plan)
            quizAnswerField = TextField(kind: .decimal)
            training = session
            return nil
        }
    }

    /// What to do, why, and the source of each number, with this patient's numbers. The
    /// sentences are `RuleText`'s, under this wizard's policy and product.
    func guideLines(_ step: Step, _ derived: Derived) -> [String] {
        let plan = derived.plan
        let rules = siteRuleText
        switch step {
        case .start:
            return training?.introLines ?? []
        case .patient:
            return rules.patientGuide
        case .regimen:
            var lines = rules.regimenGuide
            if let regimen = try? derived.regimen?.get(), let weight = derived.confirmedWeight {
                lines.append(RuleText.regimenHere(weight: weight.kilograms, regimen: regimen, perKg: doseMode == .perKg))
            }
            return lines
        case .vials:
            return rules.vialsGuide
        case .reconstitution:
            return rules.reconstitutionGuide + (plan.map { [RuleText.reconstitutionHere($0)] } ?? [])
        case .dilution:
            return rules.dilutionGuide + (plan.flatMap(RuleText.dilutionHere).map { [$0] } ?? [])
        case .administration:
            return rules.administrationGuide + (plan.flatMap(RuleText.administrationHere).map { [$0] } ?? [])
        case .summary:
            return [TrainingSession.summaryGuide]
        }
    }

    /// Score lines for the end of a training run (InfusionTraining's, for this plan).
    public var scoreLines: [String] {
        training?.scoreLines(plan: Derived(self).plan) ?? []
    }
}
