import InfusionCalc
import InfusionTraining
import Testing
@testable import InfusionWizard

/// Issue 9, "one source for every rule sentence": the help of every step, the guide panel
/// of every step, every quiz question with its feedback (right, wrong, and the R6 trap),
/// the checklist (R13) and the summary, under a site policy that changes every figure it
/// can, and under the rule book's defaults (golden files).
enum RuleTextScreens {
    /// The issue's non-standard site: tolerance 5%, 400-unit vials only, EU stability,
    /// pharmacy setting with a 12 hour beyond-use limit, no rate caps, prefilled 100 and
    /// 250 mL bags with 10 and 20 mL overfill, a 20 mL flush.
    static var sitePolicy: SitePolicy {
        var policy = SitePolicy.standard
        policy.roundingTolerancePercent = Tenths(whole: 5)
        policy.vialsOnHand = [400]
        policy.stability = .euLabel
        policy.setting = .pharmacy
        policy.budHours = 12
        policy.rateCapEnabled = false
        policy.bagMethod = .prefilled
        policy.prefilledBags = [PrefilledBag(nominalML: Tenths(whole: 100), overfillML: Tenths(whole: 10)),
                                PrefilledBag(nominalML: Tenths(whole: 250), overfillML: Tenths(whole: 20))]
        policy.flushML = Tenths(whole: 20)
        return policy
    }

    /// The reference adult on a first infusion (70 kg, 60 units/kg every 2 weeks, the
    /// exact dose), each step as it is entered, Start to Summary: done by keys as a nurse
    /// does it (`completingStep`), in a real preparation or a guided training run.
    static func walk(policy: SitePolicy, guided: Bool = false) -> [WizardState] {
        var state = WizardState(policy: policy, now: Clock.now)
        if guided {
            state.training = TrainingSession(mode: .guided, scenarioName: "standard-adult", scenarioTitle: "Standard adult dose",
                                             learningPoints: [])
        }
        var states = [state]
        state = state.after(guided ? Walk.beginTraining : Walk.toWeight)
        states.append(state)
        state = state.after(Walk.patient(firstInfusion: "y", weightSource: !guided) + Walk.acknowledge(1))
        states.append(state)
        state = state.after(Walk.regimen())
        states.append(state)
        while state.step < .summary {
            let step = state.step
            var next = state.completingStep()
            // A partial vial: the dose list waits for a choice; 1 is the exact dose (R4).
            if next.step == step {
                next = next.after(.type("1"), .key(.enter))
                if next.step == step { next = next.completingStep() }
            }
            guard next.step > step else { break }
            state = next
            states.append(state)
        }
        return states
    }

    /// Every text of the walk, in sections: the help, the step's content (with the guide
    /// panel when guided), the checklist, the quiz and the summary.
    /// `content`: with each step's own content too (it is not in the golden files: the
    /// steps have their own golden screens).
    static func texts(policy: SitePolicy, content: Bool = true) -> [(section: String, lines: [String])] {
        let states = walk(policy: policy)
        var out: [(section: String, lines: [String])] = []
        for state in states { out.append(("help: \(state.step.title)", state.helpLines)) }
        for state in walk(policy: policy, guided: true) {
            out.append(("guide: \(state.step.title)", state.guideLines(state.step, state.derived)))
        }
        if content { for state in states { out.append(("content: \(state.step.title)", state.contentTexts)) } }
        guard let last = states.last, let plan = last.derived.plan else { return out + [("walk", ["no plan: the walk stopped at \(states.last?.step.title ?? "-")"])] }
        out.append(("checklist", plan.confirmations.flatMap { [$0.text, "  done: " + $0.summary] }))
        out.append(("quiz", quizLines(last, plan)))
        out.append(("summary", last.summaryLines(printed: false)))
        return out
    }

    /// Each quiz question, then its feedback to the right answer, to a wrong one, and to
    /// the R6 trap (the water volume typed as the volume to withdraw).
    static func quizLines(_ state: WizardState, _ plan: PreparationPlan) -> [String] {
        var content = StepContent()
        for question in QuizQuestion.questions(for: plan) {
            content.add("QUESTION: " + question.text(for: plan))
            guard let expected = question.expected(for: plan) else { continue }
            let whole = question.answerIsWhole
            let right = whole ? Display.number(expected.count / 10) : Display.number(expected)
            let wrong = whole ? Display.number(expected.count / 10 + 1) : Display.number(expected + Tenths(whole: 1))
            var typed = [right, wrong]
            if case .volumeToWithdraw = question, let water = plan.vials.first?.strength.waterML { typed.append(Display.number(water)) }
            for answer in typed {
                if case .success(let marked) = question.mark(answer, plan: plan) { state.feedbackLines(&content, marked, plan: plan) }
            }
        }
        return content.lines.map(\.text)
    }

    static func joined(_ texts: [(section: String, lines: [String])]) -> [String] {
        texts.flatMap { ["## " + $0.section] + $0.lines + [""] }
    }
}

@Suite("Rule sentences follow the product and the site policy (issue 9)")
struct RuleTextScreenTests {
    /// Figures and wordings of the defaults that the non-standard policy changes, each with
    /// what changed it. None may appear anywhere in its screens.
    static var defaultFigures: [(pattern: Regex<Substring>, why: String)] { [
        (/(?:^|[^\d.])10%/, "tolerance 5%, not 10%"),
        (/HOPA/, "the tolerance is the site's, not HOPA's 10%"),
        // "200 units" may be a plan's figure (a partial draw, the waste); the strength may not appear.
        (/(?:^|[^\d,.])200-unit|5\.1 mL|5\.3 mL/, "400-unit vials only"),
        // The boxed warning is the US label's whatever the stability.
        (/US label:|US label \(|12 hours of reconstitution/, "EU stability"),
        (/immediate use|(?:^|[^\d.])4 hours|at a bench/, "pharmacy setting"),
        // The patient's own dose rate may be 0.5 units/kg/min; no cap may be stated.
        (/cap of|cap 0\.5|0\.5 units\/kg\/min first|caps:|lower rate cap|under the cap|within the cap|ABOVE the cap/, "rate caps off"),
        (/empty sterile bag|empty bag|sodium chloride to add|Bag holds/, "prefilled bags"),
    ] }

    @Test("under the site's policy no screen shows a default figure it changed")
    func noDefaultFigure() {
        let texts = RuleTextScreens.texts(policy: RuleTextScreens.sitePolicy)
        #expect(texts.last?.section == "summary", "the walk reached the summary: \(texts.map(\.section))")
        for (section, lines) in texts {
            for line in lines {
                for figure in Self.defaultFigures where line.firstMatch(of: figure.pattern) != nil {
                    Issue.record("\(section): \(figure.why): \(line)")
                }
            }
        }
    }

    @Test("under the site's policy the screens state its own figures")
    func policyFigures() {
        let texts = RuleTextScreens.texts(policy: RuleTextScreens.sitePolicy)
        func all(_ prefix: String) -> String {
            texts.filter { $0.section.hasPrefix(prefix) }.flatMap(\.lines).joined(separator: "\n")
        }
        let help = all("help")
        #expect(help.contains("within the site's tolerance (5%, this site's policy)"))
        #expect(help.contains("10.2 mL per 400-unit vial (seed 000"))
        #expect(help.contains("EU label (this site's policy): dilute at once"))
        #expect(help.contains("the infusion must start within 12 hours of the first reconstitution (site beyond-use limit)"))
        #expect(help.contains("this site's policy sets no rate cap (R8)"))
        #expect(help.contains("prefilled bags of 100 mL (110 mL with its overfill) and 250 mL (270 mL with its overfill): the smallest that holds the final volume"))
        #expect(help.contains("flush the line with 20 mL 0.9% Sodium Chloride Injection"))
        let guide = all("guide")
        #expect(guide.contains("Why: 10.2 mL per 400-unit vial gives 40 units/mL"))
        #expect(guide.contains("this site's policy sets no dose-rate cap; then the 20 mL flush (R11)"))
        #expect(guide.contains("to remove from the 250 mL bag."))
        let quiz = all("quiz")
        #expect(quiz.contains("do you remove from the 250 mL bag (it holds 270 mL)"))
        #expect(quiz.contains("Never the water volume (10.2 mL) or the volume in the vial (10.6 mL)."))
        #expect(quiz.contains("R10: the bag holds 270 mL"))
        #expect(all("checklist").contains("removed from the 250 mL 0.9% Sodium Chloride Injection bag and discarded"))
        #expect(all("summary").contains("flush"))
    }

    @Test("a quiz under a prefilled bag asks for the volume to remove, and marks it")
    func prefilledQuiz() throws {
        let states = RuleTextScreens.walk(policy: RuleTextScreens.sitePolicy)
        let plan = try #require(states.last?.derived.plan)
        let remove = try #require(plan.bag?.removeML)
        #expect(QuizQuestion.sodiumChloride.expected(for: plan) == remove)
        let marked = QuizQuestion.sodiumChloride.mark(Display.number(remove), plan: plan)
        #expect((try? marked.get())?.isRight == true)
    }

    @Test("help, guide, quiz, checklist and summary under the defaults equal their golden file")
    func defaultsGolden() {
        let texts = RuleTextScreens.texts(policy: .standard, content: false)
        #expect(texts.last?.section == "summary")
        Golden.check(RuleTextScreens.joined(texts), name: "rule-text-defaults.txt")
    }

    @Test("the same under the site's policy equal their golden file")
    func sitePolicyGolden() {
        Golden.check(RuleTextScreens.joined(RuleTextScreens.texts(policy: RuleTextScreens.sitePolicy, content: false)), name: "rule-text-site-policy.txt")
    }

    @Test("the wizard's help is the help of its policy; the policy-free help is the defaults'")
    func helpFollowsState() {
        for step in Step.allCases {
            var standard = WizardState(now: Clock.now)
            standard.step = step
            #expect(standard.helpLines == helpLines(for: step))
            var site = WizardState(policy: RuleTextScreens.sitePolicy, now: Clock.now)
            site.step = step
            #expect(site.helpLines == helpLines(for: step, policy: RuleTextScreens.sitePolicy, product: .imiglucerase))
        }
    }
}

@Suite("Help lines are typed (issue 9)")
struct HelpLineKindTests {
    @Test("each step's help begins with its one title; only the start step has the key list", arguments: Step.allCases)
    func kinds(step: Step) {
        let lines = help(for: step, policy: .standard, product: .imiglucerase)
        #expect(lines.first?.kind == .title)
        #expect(lines.filter { $0.kind == .title }.count == 1)
        #expect(lines.filter { $0.kind == .keys }.count == (step == .start ? 1 : 0))
        #expect(lines.filter { $0.kind == .keys }.allSatisfy { $0.text.hasPrefix("Keys:") })
        #expect(lines.map(\.text) == helpLines(for: step))
    }
}

@Suite("Quiz answers as people write them (section 3)")
struct QuizAnswerTextTests {
    @Test("by the question's kind, not its unit's spelling", arguments: [
        (QuizQuestion.vialCount(strength: 400), Tenths(whole: 1), "1 vial"),
        (QuizQuestion.vialCount(strength: 200), Tenths(whole: 11), "11 vials"),
        (QuizQuestion.unitsDrawn, Tenths(whole: 4200), "4,200 units"),
        (QuizQuestion.pumpRate, Tenths(tenths: 755), "75.5 mL/h"),
        (QuizQuestion.volumeToWithdraw, Tenths(tenths: 102), "10.2 mL"),
        (QuizQuestion.waterPerVial(strength: 400), Tenths(whole: 10), "10 mL"),
        (QuizQuestion.sodiumChloride, Tenths(tenths: 1045), "104.5 mL"),
    ] as [(QuizQuestion, Tenths, String)])
    func answerText(question: QuizQuestion, value: Tenths, expected: String) {
        #expect(question.answerText(value) == expected)
    }

    @Test("a wrong answer of one vial says \"1 vial\" in the feedback")
    func oneVial() throws {
        let states = RuleTextScreens.walk(policy: .standard)
        let plan = try #require(states.last?.derived.plan)
        let answer = try QuizQuestion.vialCount(strength: 400).mark("1", plan: plan).get()
        var content = StepContent()
        states[0].feedbackLines(&content, answer, plan: plan)
        #expect(content.lines.map(\.text).first?.hasPrefix("WRONG: you said 1 vial; the answer is 10 vials.") == true)
    }
}
