import InfusionCalc

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
                addField(&content, .quizAnswer(waiting), label: "Your answer", field: training.answerField, after: waiting.unit,
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
            let given = answer.given
            let givenText = question.answerIsWhole ? "\(given.count / 10)" : Display.number(given)
            content.add("WRONG: you said \(givenText) \(question.unit); the answer is \(question.expectedText(for: plan)). "
                        + (answer.note.map { $0 + " " } ?? "") + question.workedCalculation(for: plan), .error, hangingIndent: 7)
        }
    }

    /// Marks the typed answer; returns the error for a malformed one (not scored).
    mutating func markQuizAnswer(_ question: QuizQuestion) -> InputError? {
        guard var session = training, let plan = Derived(self).plan else { return nil }
        switch question.mark(session.answerField.text, plan: plan) {
        case .failure(let error):
            return error
        case .success(let answer):
            // Only the first answer to a question counts; one to an outdated calculation goes.
            if session.answer(to: question, plan: plan) == nil {
                session.answers.removeAll { $0.question == question }
                session.answers.append(answer)
            }
            session.answerField = TextField(kind: .decimal)
            training = session
            return nil
        }
    }

    /// What to do, why, and the source of each number, with this patient's numbers.
    func guideLines(_ step: Step, _ derived: Derived) -> [String] {
        let plan = derived.plan
        switch step {
        case .start:
            return ["Scenario: \(training?.scenarioTitle ?? "")."] + (training?.learningPoints.map { "Learning point: " + $0 } ?? [])
        case .patient:
            return ["What to do: enter the weight as ordered, check its unit, answer each question.",
                    "Why: every dose is per kg; a weight in lb read as kg is 2.2 times too much (R1: 1 lb = 0.45359237 kg)."]
        case .regimen:
            var lines = ["What to do: choose the frequency and enter the dose as ordered.",
                         "Why: the two-week equivalent (units/kg x infusions per 4 weeks / 2) is checked against the label's 15 to 60 units/kg (R2, seed 000)."]
            if let regimen = try? derived.regimen?.get(), let weight = derived.confirmedWeight {
                lines.append(doseMode == .perKg
                    ? "Here: \(Display.kilograms(weight.kilograms)) x \(regimen.unitsPerKgText) = \(Display.units(regimen.prescribedDose)) per infusion (R3, rounded to a whole unit)."
                    : "Here: a flat dose of \(Display.units(regimen.prescribedDose)) is \(regimen.unitsPerKgText) at \(Display.kilograms(weight.kilograms)).")
            }
            return lines
        case .vials:
            return ["What to do: tick the strengths on hand, then pick the dose to prepare.",
                    "Why: rounding exists only to avoid wasting a partial vial (seed 000): it is offered only when the exact dose leaves one, as the nearest whole-vial dose below and above within the tolerance; you choose, never silently, and no rounding lifts a hard stop (R4). Vials: least waste, then fewest (R5)."]
        case .reconstitution:
            var lines = ["What to do: reconstitute each vial with Sterile Water for Injection, count each vial as it is done, swirl, inspect.",
                         "Why: 10.2 mL per 400-unit vial and 5.1 mL per 200-unit vial give 40 units/mL (section 1, seed 000, [S5])."]
            if let plan { lines.append("Here: " + plan.vials.map { "\($0.count) x \(Display.strength($0.strength.units)), \(Display.millilitres($0.strength.waterML)) each" }.joined(separator: "; ") + ".") }
            return lines
        case .dilution:
            var lines = ["What to do: withdraw from each vial (count them), type the total drawn back, add the drug to the bag with the sodium chloride, mix gently.",
                         "Why: volume = units / 40 units/mL (R6), never the 10.2 mL of water; a partial draw holds mL x 40 units; bag 100 to 200 mL (R7)."]
            if let plan, let sodiumChloride = plan.sodiumChlorideML, let finalVolume = plan.finalVolumeML {
                lines.append("Here: \(Display.units(plan.preparedDose)) / 40 = \(Display.millilitres(plan.drugVolumeML)); \(Display.millilitres(finalVolume)) - \(Display.millilitres(plan.drugVolumeML)) = \(Display.millilitres(sodiumChloride)) sodium chloride.")
            }
            return lines
        case .administration:
            var lines = ["What to do: prime the set and the 0.2 micron filter, choose the duration, program the pump and type its rate back, watch the patient.",
                         "Why: rate = final volume x 60 / minutes (R8); the dose rate must stay under the cap (0.5 units/kg/min first, 1 later; [S11])."]
            if let plan, let rate = plan.pumpRateMLPerHour, let finalVolume = plan.finalVolumeML {
                lines.append("Here: \(Display.millilitres(finalVolume)) x 60 / \(Display.minutes(plan.durationMinutes)) = \(Display.millilitresPerHour(rate)).")
            }
            return lines
        case .summary:
            return ["What to do: check every line against the order before you confirm."]
        }
    }

    /// Score lines for the end of a training run.
    public var scoreLines: [String] {
        guard let training else { return [] }
        switch training.mode {
        case .guided:
            return ["Score: guided walkthrough of \(training.scenarioTitle) completed (no quiz questions in guided mode)."]
        case .quiz:
            guard let plan = Derived(self).plan else { return [] }
            let total = QuizQuestion.questions(for: plan).count
            let right = training.rightCount(for: plan)
            var lines = ["Score: \(right) of \(total) right" + (total > 0 ? " (\(right * 100 / total)%)" : "")]
            for answer in training.answers(for: plan) {
                let question = answer.question
                let given = question.answerIsWhole
                    ? (question.unit == "units" ? Display.units(answer.given.count / 10) : "\(answer.given.count / 10) \(answer.given.count == 10 ? "vial" : "vials")")
                    : "\(Display.number(answer.given)) \(question.unit)"
                lines.append("  \(answer.isRight ? "right" : "WRONG"): \(question.identifier): answered \(given), expected \(question.expectedText(for: plan))")
            }
            return lines
        }
    }
}
