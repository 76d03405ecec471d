import InfusionCalc

/// How a training run teaches.
public enum TrainingMode: String, Sendable, CaseIterable {
    /// Each step shows an explanation panel: what to do, why, and where each number comes from.
    case guided
    /// Before the wizard shows a number, the trainee types their own answer; each is marked.
    case quiz
}

/// What a quiz asks. Every expected answer comes from the plan (the calculation module).
public enum QuizQuestion: Hashable, Sendable {
    case vialCount(strength: Int)
    case waterPerVial(strength: Int)
    case volumeToWithdraw
    /// R6 v2: the units the partial draw really holds (1.3 mL = 52 units).
    case unitsDrawn
    case sodiumChloride
    case pumpRate

    /// The stage whose numbers the question stands in front of (the wizard asks it on
    /// that stage's step).
    public var stage: PreparationStage {
        switch self {
        case .vialCount, .waterPerVial: .reconstitution
        case .volumeToWithdraw, .unitsDrawn, .sodiumChloride: .dilution
        case .pumpRate: .administration
        }
    }

    /// Stable identifier for result files.
    public var identifier: String {
        switch self {
        case .vialCount(let strength): "vial-count-\(strength)"
        case .waterPerVial(let strength): "water-per-vial-\(strength)"
        case .volumeToWithdraw: "volume-to-withdraw"
        case .unitsDrawn: "units-drawn-partial-vial"
        case .sodiumChloride: "sodium-chloride"
        case .pumpRate: "pump-rate"
        }
    }

    /// Whether the answer is a whole number (vials, units) rather than tenths.
    public var answerIsWhole: Bool {
        switch self {
        case .vialCount, .unitsDrawn: true
        default: false
        }
    }
    /// The unit the answer is typed in.
    public var unit: String {
        switch self {
        case .vialCount: "vials"
        case .unitsDrawn: "units"
        case .waterPerVial, .volumeToWithdraw, .sodiumChloride: "mL"
        case .pumpRate: "mL/h"
        }
    }

    /// The questions for a plan, in the order they are asked.
    public static func questions(for plan: PreparationPlan) -> [QuizQuestion] {
        let onHand = plan.product.strengths.filter { plan.policy.vialsOnHand.contains($0.units) }
        var questions = onHand.map { QuizQuestion.vialCount(strength: $0.units) }
        questions += plan.vials.map { .waterPerVial(strength: $0.strength.units) }
        questions.append(.volumeToWithdraw)
        if plan.partialWithdrawal != nil { questions.append(.unitsDrawn) }
        if plan.sodiumChlorideML != nil { questions.append(.sodiumChloride) }
        if plan.pumpRateMLPerHour != nil { questions.append(.pumpRate) }
        return questions
    }

    /// The question in words, giving what the trainee needs but not the answer (`RuleText`'s).
    public func text(for plan: PreparationPlan) -> String {
        switch self {
        case .vialCount(let strength): RuleText.vialCountQuestion(plan, strength: strength)
        case .waterPerVial(let strength): RuleText.waterPerVialQuestion(plan, strength: strength)
        case .volumeToWithdraw: RuleText.volumeToWithdrawQuestion(plan)
        case .unitsDrawn: RuleText.unitsDrawnQuestion(plan)
        case .sodiumChloride: RuleText.sodiumChlorideQuestion(plan)
        case .pumpRate: RuleText.pumpRateQuestion(plan)
        }
    }

    /// The right answer in tenths (vial counts in whole vials x 10), or nil when the plan has none.
    public func expected(for plan: PreparationPlan) -> Tenths? {
        switch self {
        case .vialCount(let strength):
            return Tenths(whole: plan.vials.first { $0.strength.units == strength }?.count ?? 0)
        case .waterPerVial(let strength):
            return plan.product.strength(units: strength)?.waterML
        case .volumeToWithdraw: return plan.drugVolumeML
        case .unitsDrawn: return plan.partialWithdrawal.map { Tenths(whole: $0.unitsDrawn) }
        case .sodiumChloride:
            // R10: from a prefilled bag the sodium chloride is removed, not added.
            if let bag = plan.bag, bag.method == .prefilled { return bag.removeML }
            return plan.sodiumChlorideML
        case .pumpRate: return plan.pumpRateMLPerHour
        }
    }

    /// The expected answer as people write it.
    public func expectedText(for plan: PreparationPlan) -> String {
        expected(for: plan).map(answerText) ?? "-"
    }

    /// An answer to this question as people write it, with its unit (section 3): "1 vial",
    /// "11 vials", "4,200 units", "10.2 mL", "75 mL/h". `value` is in tenths (whole answers x 10).
    public func answerText(_ value: Tenths) -> String {
        switch self {
        case .vialCount: "\(Display.number(value.count / 10)) \(value.count == 10 ? "vial" : "vials")"
        case .unitsDrawn: Display.units(value.count / 10)
        case .pumpRate: Display.millilitresPerHour(value)
        case .waterPerVial, .volumeToWithdraw, .sodiumChloride: Display.millilitres(value)
        }
    }

    /// How the answer is worked out, from the rule book (`RuleText`'s sentences).
    public func workedCalculation(for plan: PreparationPlan) -> String {
        switch self {
        case .vialCount: return RuleText.vialCountWorked(plan)
        case .waterPerVial(let strength): return RuleText.waterPerVialWorked(plan, strength: strength)
        case .volumeToWithdraw: return RuleText.volumeToWithdrawWorked(plan)
        case .unitsDrawn: return RuleText.unitsDrawnWorked(plan)
        case .sodiumChloride: return RuleText.sodiumChlorideWorked(plan)
        case .pumpRate: return RuleText.pumpRateWorked(plan)
        }
    }

    /// Marks a typed answer: `.failure` when it is not a number of the right form (not
    /// scored; the trainee types again), otherwise right or wrong with the feedback.
    public func mark(_ typed: String, plan: PreparationPlan) -> Result<QuizAnswer, InputError> {
        let accepted = answerIsWhole ? "Type a whole number of \(unit), for example 3." : "Type a number with at most one decimal, for example 10 or 2.5."
        let parsed = parseAnswer(typed, decimals: answerIsWhole ? 0 : 1, unit: unit)
            .map { answerIsWhole ? Tenths(whole: $0) : Tenths(tenths: $0) }
        switch parsed {
        case .failure(let error): return .failure(InputError(error.field, error.message + " " + accepted))
        case .success(let given):
            guard let expected = expected(for: plan) else {
                return .failure(InputError(.time, "This question has no answer for this plan."))
            }
            var note: String?
            if given != expected, case .volumeToWithdraw = self, plan.volumesNotToWithdraw.contains(given) {
                note = RuleText.volumeTrapNote(plan)
            }
            return .success(QuizAnswer(question: self, typed: typed, given: given, expected: expected, note: note))
        }
    }

}

/// One marked answer.
public struct QuizAnswer: Equatable, Sendable {
    public let question: QuizQuestion
    public let typed: String
    public let given: Tenths
    public let expected: Tenths
    /// A hint for a known trap (the 10.2 mL water volume as the withdrawn volume).
    public let note: String?
    public var isRight: Bool { given == expected }
}

/// A training run's state: the scenario, the answers given and the score. The wizard holds
/// one (and the field the trainee types in); this module marks and scores.
public struct TrainingSession: Equatable, Sendable {
    public let mode: TrainingMode
    public let scenarioName: String
    public let scenarioTitle: String
    public let learningPoints: [String]
    /// Answers given, in order.
    public var answers: [QuizAnswer] = []

    public init(mode: TrainingMode, scenarioName: String, scenarioTitle: String, learningPoints: [String]) {
        self.mode = mode
        self.scenarioName = scenarioName
        self.scenarioTitle = scenarioTitle
        self.learningPoints = learningPoints
    }

    /// The answers that still stand for `plan`: the question is still asked and its
    /// expected value is unchanged. An earlier entry changed since makes the question be
    /// asked again, so a score never counts an answer to a different calculation.
    public func answers(for plan: PreparationPlan) -> [QuizAnswer] {
        let questions = QuizQuestion.questions(for: plan)
        return answers.filter { questions.contains($0.question) && $0.question.expected(for: plan) == $0.expected }
    }
    public func answer(to question: QuizQuestion, plan: PreparationPlan) -> QuizAnswer? {
        answers(for: plan).first { $0.question == question }
    }
    public func rightCount(for plan: PreparationPlan) -> Int { answers(for: plan).filter(\.isRight).count }

    /// Records the first answer to a question (one to an outdated calculation is replaced).
    public mutating func record(_ answer: QuizAnswer, plan: PreparationPlan) {
        guard self.answer(to: answer.question, plan: plan) == nil else { return }
        answers.removeAll { $0.question == answer.question }
        answers.append(answer)
    }

    /// The guide's first panel: the scenario and its learning points.
    public var introLines: [String] {
        ["Scenario: \(scenarioTitle)."] + learningPoints.map { "Learning point: " + $0 }
    }

    /// The guide's panel on the summary.
    public static let summaryGuide = "What to do: check every line against the order before you confirm."

    /// Score lines for the end of a run; `plan` is the preparation's plan (nil: none yet).
    public func scoreLines(plan: PreparationPlan?) -> [String] {
        switch mode {
        case .guided:
            return ["Score: guided walkthrough of \(scenarioTitle) completed (no quiz questions in guided mode)."]
        case .quiz:
            guard let plan else { return [] }
            let total = QuizQuestion.questions(for: plan).count
            let right = rightCount(for: plan)
            var lines = ["Score: \(right) of \(total) right" + (total > 0 ? " (\(right * 100 / total)%)" : "")]
            for answer in answers(for: plan) {
                let question = answer.question
                lines.append("  \(answer.isRight ? "right" : "WRONG"): \(question.identifier): answered \(question.answerText(answer.given)), expected \(question.expectedText(for: plan))")
            }
            return lines
        }
    }
}

