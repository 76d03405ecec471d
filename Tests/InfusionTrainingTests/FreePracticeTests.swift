import InfusionCalc
import InfusionTraining
import InfusionWizard
import Testing

@Suite("Free practice")
struct FreePracticeTests {
    @Test("the same seed gives the same patient")
    func reproducible() {
        for seed: UInt64 in [0, 1, 2, 42, 999_999, UInt64.max] {
            #expect(FreePractice.scenario(seed: seed) == FreePractice.scenario(seed: seed), "seed \(seed)")
        }
    }

    @Test("200 seeds: every patient plans without a hard stop, within the label's range")
    func noHardStop() throws {
        var patients = Set<String>()
        for seed in UInt64(1)...200 {
            let scenario = FreePractice.scenario(seed: seed)
            #expect(scenario.name == "free-practice-\(seed)")
            #expect(!scenario.learningPoints.isEmpty)
            let plan = try scenario.referencePlan().get()
            #expect(!plan.hasHardStop, "seed \(seed): \(plan.findings.map(\.message))")
            // The wizard's own plan (what the quiz marks against) has no hard stop either.
            var state = scenario.wizardState(mode: .quiz, now: fixedNow(10, 0))
            state.confirmedPoundsText = state.weight.text
            let wizardPlan = try #require(Derived(state).plan, "seed \(seed)")
            #expect(!wizardPlan.hasHardStop, "seed \(seed)")
            #expect(QuizQuestion.questions(for: wizardPlan).allSatisfy { $0.expected(for: wizardPlan) != nil }, "seed \(seed)")
            #expect(plan.weightKg >= t("10") && plan.weightKg <= t("120"), "seed \(seed): \(plan.weightKg)")
            patients.insert("\(scenario.weightText) \(scenario.doseText) \(scenario.frequency) \(scenario.vialsOnHand.sorted())")
        }
        // Random, not one fixed patient.
        #expect(patients.count > 100)
    }
}
