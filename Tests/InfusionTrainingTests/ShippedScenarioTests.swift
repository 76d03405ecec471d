import Foundation
import InfusionCalc
import InfusionTraining
import InfusionWizard
import Testing

@Suite("Shipped scenarios")
struct ShippedScenarioTests {
    @Test("every shipped scenario file loads without an error, and there are at least 12")
    func allLoad() throws {
        let (scenarios, errors) = ScenarioLibrary.load(from: shippedScenariosDirectory.path)
        #expect(errors.isEmpty, "scenario files that do not load: \(errors.map(\.description))")
        #expect(scenarios.count >= 12)
        #expect(scenarios.map(\.name) == shippedScenarioNames())
        #expect(Set(scenarios.map(\.name)).count == scenarios.count)
        for scenario in scenarios {
            #expect(!scenario.title.isEmpty && !scenario.teaches.isEmpty, "\(scenario.name)")
            #expect(!scenario.learningPoints.isEmpty, "\(scenario.name)")
        }
    }

    @Test("the expected quiz answers are what the calculation module gives for the scenario's inputs",
          arguments: shippedScenarioNames())
    func expectedAnswersComeFromTheCalculation(name: String) throws {
        let scenario = try shippedScenario(name)
        let plan = try independentPlan(scenario)
        let reference = try scenario.referencePlan().get()
        let product = ProductProfile.imiglucerase
        let onHand = product.strengths.filter { scenario.vialsOnHand.contains($0.units) }

        // The values worked out here from the rules, not from the plan the quiz uses.
        let vials = try #require(Rules.selectVials(dose: plan.prescribedDose, strengths: onHand))
        let drugVolume = Rules.drugVolume(units: plan.prescribedDose, unitsPerML: product.unitsPerML)
        let bag = Rules.defaultFinalVolume(drugVolume: drugVolume, policy: plan.policy)
        let sodiumChloride = bag.flatMap { $0 > drugVolume ? $0 - drugVolume : nil }
        let pumpRate = sodiumChloride == nil ? nil : bag.map { Rules.pumpRate(finalVolume: $0, minutes: plan.policy.durationDefaultMinutes) }
        #expect(vials == plan.vials)
        #expect(drugVolume == plan.drugVolumeML)
        #expect(sodiumChloride == plan.sodiumChlorideML)
        #expect(pumpRate == plan.pumpRateMLPerHour)

        var expectedQuestions = onHand.map { QuizQuestion.vialCount(strength: $0.units) }
        expectedQuestions += vials.map { .waterPerVial(strength: $0.strength.units) }
        expectedQuestions.append(.volumeToWithdraw)
        // R6 v2: the partial draw (one vial of the smallest strength used, when there is
        // waste) holds what its volume holds at 40 units/mL, worked out here by hand.
        let totalVialUnits = vials.reduce(0) { $0 + $1.count * $1.strength.units }
        var partialUnits: Int?
        if totalVialUnits > plan.prescribedDose, let smallest = vials.map(\.strength).min() {
            let wholeTenths = vials.reduce(0) { $0 + $1.count * $1.strength.withdrawableML.count } - smallest.withdrawableML.count
            partialUnits = (drugVolume.count - wholeTenths) * product.unitsPerML / 10
            expectedQuestions.append(.unitsDrawn)
        }
        if sodiumChloride != nil { expectedQuestions.append(.sodiumChloride) }
        if pumpRate != nil { expectedQuestions.append(.pumpRate) }

        // The plan the trainee is marked against: the wizard's, from the scenario's state
        // (a weight in lb confirmed, the exact dose, defaults for the rest).
        var state = scenario.wizardState(mode: .quiz, now: fixedNow(9, 30))
        state.confirmedPoundsText = state.weight.text
        let wizardPlan = try #require(Derived(state).plan)

        for quizPlan in [reference, wizardPlan] {
            let questions = QuizQuestion.questions(for: quizPlan)
            #expect(questions == expectedQuestions)
            for question in questions {
                let independent: Tenths? = switch question {
                case .vialCount(let strength): Tenths(whole: vials.first { $0.strength.units == strength }?.count ?? 0)
                case .waterPerVial(let strength): product.strength(units: strength)?.waterML
                case .volumeToWithdraw: drugVolume
                case .unitsDrawn: partialUnits.map { Tenths(whole: $0) }
                case .sodiumChloride: sodiumChloride
                case .pumpRate: pumpRate
                }
                #expect(question.expected(for: quizPlan) == independent, "\(name): \(question.identifier)")
                // Marking the right answer, typed as a person would, scores it right.
                if let independent {
                    let typed = question.identifier.hasPrefix("vial-count") || question == .unitsDrawn ? String(independent.count / 10)
                        : Display.number(independent).replacingOccurrences(of: ",", with: "")
                    let answer = try question.mark(typed, plan: quizPlan).get()
                    #expect(answer.isRight, "\(name): \(question.identifier) typed \(typed)")
                    // The question does not give its own answer away.
                    #expect(!mentions(question.text(for: quizPlan), question.expectedText(for: quizPlan)),
                            "\(name): \(question.text(for: quizPlan))")
                }
            }
        }
    }

    /// Figures from docs/training.md and the rule book, written out by hand.
    @Test("the documented figures of the shipped scenarios")
    func documentedFigures() throws {
        func plan(_ name: String) throws -> PreparationPlan { try independentPlan(try shippedScenario(name)) }
        func vials(_ plan: PreparationPlan) -> [String] { plan.vials.map { "\($0.count)x\($0.strength.units)" } }

        let adult = try plan("standard-adult")
        #expect(adult.prescribedDose == 4200)
        #expect(vials(adult) == ["10x400", "1x200"])
        #expect(adult.drugVolumeML == t("105"))
        #expect(adult.finalVolumeML == t("150"))
        #expect(adult.sodiumChlorideML == t("45"))
        #expect(adult.pumpRateMLPerHour == t("75"))

        let child = try plan("child-near-limits")
        #expect(child.prescribedDose == 570)
        #expect(child.drugVolumeML == t("14.3"))
        #expect(child.finalVolumeML == t("100"))
        #expect(child.sodiumChlorideML == t("85.7"))

        let pounds = try plan("weight-in-pounds")
        #expect(pounds.weightKg == t("69.9"))
        #expect(pounds.request.weight.enteredPounds == t("154"))
        #expect(pounds.prescribedDose == 4194)

        let partial = try plan("partial-vial")
        #expect(partial.prescribedDose == 3150)
        #expect(vials(partial) == ["8x400"])
        #expect(partial.withdrawals.last?.volumeML == t("8.8"))
        #expect(partial.withdrawals.last?.isWholeVial == false)

        let only400 = try plan("only-400-unit-vials")
        #expect(vials(only400) == ["11x400"])
        #expect(only400.wasteUnits == 200)
        #expect(only400.withdrawals.last?.volumeML == t("5"))

        let within = try plan("rounding-within-tolerance")
        #expect(within.prescribedDose == 4188)
        let withinOptions = PreparationPlan.doseOptions(prescribed: 4188, frequency: within.request.frequency, policy: within.policy)
        #expect(withinOptions.contains { $0.preparedDose == 4000 && $0.changePercent == Tenths(tenths: -45) })

        let outside = try plan("rounding-outside-tolerance")
        #expect(outside.prescribedDose == 50)
        #expect(outside.drugVolumeML == t("1.3"))

        let over = try plan("volume-over-200-ml")
        #expect(over.drugVolumeML == t("210"))
        #expect(over.hasHardStop)
        #expect(over.sodiumChlorideML == nil)

        let lowDose = try plan("low-dose-three-per-week")
        #expect(lowDose.regimen.twoWeekEquivalent == Ratio(whole: 15))
        #expect(lowDose.drugVolumeML == t("1.3"))
        #expect(lowDose.sodiumChlorideML == t("98.7"))

        let trap = try plan("water-volume-trap")
        #expect(vials(trap) == ["1x400"])
        #expect(trap.drugVolumeML == t("10"))
        #expect(trap.sodiumChlorideML == t("90"))
        #expect(trap.pumpRateMLPerHour == t("50"))

        let firstInfusion = try plan("first-infusion-rate-cap")
        #expect(firstInfusion.shortestAllowedDurationMinutes == 120)
    }

    /// Each item of the issue's list, as a property of the plan some shipped scenario makes.
    @Test("the shipped scenarios cover the issue's list", arguments: [
        "standard adult",
        "child near the age and weight limits (weight under 10 kg warning)",
        "weight given in pounds",
        "a partial vial",
        "only 400-unit vials",
        "whole-vial rounding within tolerance",
        "whole-vial rounding outside tolerance",
        "volume over 200 mL (hard stop)",
        "first infusion where the rate cap sets the duration",
        "previous hypersensitivity",
        "previous alglucerase",
        "low dose 3 times a week",
        "the 10.2 mL trap (one 400-unit vial, withdraw 10 mL)",
    ])
    func coverage(item: String) throws {
        let (scenarios, _) = ScenarioLibrary.load(from: shippedScenariosDirectory.path)
        let matches = try scenarios.filter { scenario in
            let plan = try independentPlan(scenario)
            let codes = Set(plan.findings.map(\.code))
            let options = PreparationPlan.doseOptions(prescribed: plan.prescribedDose, frequency: plan.request.frequency,
                                                      policy: plan.policy)
            switch item {
            case "standard adult":
                return plan.weightKg == t("70") && plan.request.dose == .perKg(t("60"))
                    && plan.request.frequency == .everyTwoWeeks && scenario.vialsOnHand == [400, 200]
                    && !scenario.firstInfusion && !plan.hasHardStop
            case "child near the age and weight limits (weight under 10 kg warning)":
                return codes.contains(.weightBelowSoftMinimum) && scenario.atLeastTwoYears
            case "weight given in pounds":
                return plan.request.weight.enteredPounds != nil && codes.contains(.weightConvertedFromPounds)
            case "a partial vial":
                return plan.withdrawals.last?.isWholeVial == false
            case "only 400-unit vials":
                return scenario.vialsOnHand == [400] && plan.vials.allSatisfy { $0.strength.units == 400 }
            case "whole-vial rounding within tolerance":
                return options.contains { !$0.isExactDose && $0.wasteUnits == 0 } && plan.wasteUnits > 0
            case "whole-vial rounding outside tolerance":
                return options.count == 1 && options[0].isExactDose && plan.wasteUnits > 0
            case "volume over 200 mL (hard stop)":
                return codes.contains(.drugVolumeAboveMaximum) && plan.hasHardStop
            case "first infusion where the rate cap sets the duration":
                return scenario.firstInfusion && plan.shortestAllowedDurationMinutes == plan.durationMinutes
                    && plan.durationMinutes > plan.policy.durationHardMinimumMinutes
            case "previous hypersensitivity":
                return scenario.previousHypersensitivity && codes.contains(.previousHypersensitivity)
            case "previous alglucerase":
                return scenario.previousAlglucerase && codes.contains(.previousAlglucerase)
            case "low dose 3 times a week":
                return plan.request.frequency == .threePerWeek && plan.request.dose == .perKg(t("2.5"))
            case "the 10.2 mL trap (one 400-unit vial, withdraw 10 mL)":
                guard plan.vials.map(\.count) == [1], plan.vials.first?.strength.units == 400,
                      plan.drugVolumeML == t("10") else { return false }
                let trap = try QuizQuestion.volumeToWithdraw.mark("10.2", plan: plan).get()
                return !trap.isRight && trap.note != nil
            default:
                Issue.record("no check for \(item)")
                return false
            }
        }
        #expect(!matches.isEmpty, "no shipped scenario covers: \(item)")
    }

    @Test("--scenarios DIR, else INFUSION_PREP_SCENARIOS, names the extra scenario folder")
    func scenarioFolderFromTheEnvironment() {
        let environment = ["INFUSION_PREP_SCENARIOS": "/some/folder"]
        #expect(ScenarioLibrary.extraDirectory(option: nil, environment: environment) == "/some/folder")
        #expect(ScenarioLibrary.extraDirectory(option: "/other", environment: environment) == "/other")
        #expect(ScenarioLibrary.extraDirectory(option: nil, environment: [:]) == nil)
        #expect(ScenarioLibrary.extraDirectory(option: nil, environment: ["INFUSION_PREP_SCENARIOS": ""]) == nil)
    }

    @Test("the scenarios compiled into the binary are exactly the files in Sources/InfusionTraining/Scenarios")
    func builtInMatchesTheFolder() throws {
        #expect(ScenarioLibrary.shippedTexts.map(\.name) == shippedScenarioNames(),
                "a file in Scenarios/ is missing from Package.swift's embedInCode list or from ScenarioLibrary.shippedTexts")
        for (name, text) in ScenarioLibrary.shippedTexts {
            let file = shippedScenariosDirectory.appendingPathComponent(name + ".scenario")
            #expect(try String(contentsOf: file, encoding: .utf8) == text, "\(name)")
        }
        let (scenarios, errors) = ScenarioLibrary.shipped()
        #expect(errors.isEmpty, "\(errors)")
        #expect(scenarios.map(\.name) == shippedScenarioNames())
        #expect(ScenarioLibrary.library(adding: nil).scenarios.map(\.name) == shippedScenarioNames())
    }

    @Test("a scenario fills in the order but leaves the trainee's decisions open")
    func wizardStateLeavesDecisionsOpen() throws {
        let pounds = try shippedScenario("weight-in-pounds")
        let state = pounds.wizardState(mode: .guided, now: fixedNow(8, 0))
        #expect(state.weight.text == "154 lb")
        #expect(state.confirmedPoundsText == nil)
        #expect(Derived(state).confirmedWeight == nil)
        #expect(state.doseChoice == nil)
        #expect(state.confirmed.isEmpty)
        #expect(state.confirmationFields.isEmpty)
        #expect(state.training?.mode == .guided)
        #expect(state.training?.scenarioName == "weight-in-pounds")
        #expect(state.training?.learningPoints == pounds.learningPoints)
    }

    @Test("a training summary marks every printed line TRAINING", arguments: shippedScenarioNames())
    func printedSummaryIsMarked(name: String) throws {
        let scenario = try shippedScenario(name)
        for mode in TrainingMode.allCases {
            var state = scenario.wizardState(mode: mode, now: fixedNow(9, 30))
            state.confirmedPoundsText = state.weight.text
            let lines = state.summaryLines()
            #expect(lines.count > 5)
            #expect(lines.allSatisfy { $0.hasPrefix("TRAINING | ") }, "\(name) \(mode): \(lines)")
        }
    }
}
