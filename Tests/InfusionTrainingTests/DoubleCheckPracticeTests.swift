import InfusionCalc
import InfusionTraining
import Testing

/// Double-check practice (issue 11): the trainee checks a scenario's preparation, blind,
/// and is marked per field. Expected values come from the calculation module's plan;
/// the typed answers below are written the way a checker types them.
@Suite("Double-check practice")
struct DoubleCheckPracticeTests {
    static func scenario(_ name: String) throws -> Scenario {
        try #require(ScenarioLibrary.shipped().scenarios.first { $0.name == name })
    }

    /// The plan's value typed as plain digits: "105", "69.9", "4200".
    static func typed(_ value: DoubleCheckValue) -> String {
        switch value.field {
        case .weight, .drugVolume, .finalVolume, .pumpRate: DecimalText.plain(scaled: value.scaled, decimals: 1)
        case .dosePerInfusion, .vialCount: String(value.scaled)
        }
    }

    static func answers(_ practice: DoubleCheckPractice) -> [DoubleCheckField: String] {
        var out: [DoubleCheckField: String] = [:]
        for field in practice.fields { out[field] = DoubleCheck.expected(field, plan: practice.plan).map(typed) }
        return out
    }

    @Test("The standard adult, checked right: 7 of 7, from the rule book's figures")
    func standardAdult() throws {
        let practice = try DoubleCheckPractice.start(Self.scenario("standard-adult")).get()
        let typed: [DoubleCheckField: String] = [.weight: "70", .dosePerInfusion: "4200", .vialCount(strength: 400): "10",
                                                 .vialCount(strength: 200): "1", .drugVolume: "105", .finalVolume: "150", .pumpRate: "75"]
        let result = try practice.mark(checker: "Trainee Nurse", typed: typed).get()
        #expect(result.right == 7 && result.total == 7)
        #expect(result.scoreText == "Score: 7 of 7")
        #expect(result.lines.last == "Score: 7 of 7: the check would pass.")
        #expect(result.lines.contains("right  drug volume: 105 mL"))
    }

    @Test("One wrong value: marked WRONG with both values and its rule, the score one less", arguments: [
        (DoubleCheckField.drugVolume, "10.6", "WRONG  drug volume: you typed 10.6 mL; the plan has 105 mL (R6"),
        (.vialCount(strength: 200), "0", "WRONG  200-unit vials: you typed 0 x 200-unit vials; the plan has 1 x 200-unit vial (R5"),
        (.pumpRate, "150", "WRONG  pump rate: you typed 150 mL/h; the plan has 75 mL/h (R8"),
    ])
    func oneWrong(_ field: DoubleCheckField, _ text: String, _ line: String) throws {
        let practice = try DoubleCheckPractice.start(Self.scenario("standard-adult")).get()
        var typed = Self.answers(practice)
        typed[field] = text
        let result = try practice.mark(checker: "Trainee Nurse", typed: typed).get()
        #expect(result.right == result.total - 1)
        #expect(result.lines.contains { $0.hasPrefix(line) }, "\(result.lines)")
        #expect(result.lines.last?.hasSuffix("the check would block; in practice both of you look again.") == true)
    }

    @Test("Every shipped scenario with a bag: the plan's own values score full marks, all wrong scores 0")
    func everyScenario() throws {
        var practised = 0
        for scenario in ScenarioLibrary.shipped().scenarios {
            guard case .success(let practice) = DoubleCheckPractice.start(scenario) else {
                #expect(scenario.referencePlan().map(\.hasHardStop) != .success(false), "\(scenario.name) refused without a hard stop")
                continue
            }
            practised += 1
            let result = try practice.mark(checker: "Trainee", typed: Self.answers(practice)).get()
            #expect(result.right == result.total && result.total == practice.fields.count, "\(scenario.name)")
            var wrong: [DoubleCheckField: String] = [:]
            for field in practice.fields {
                let value = try #require(DoubleCheck.expected(field, plan: practice.plan))
                wrong[field] = Self.typed(DoubleCheckValue(field: field, scaled: value.scaled + 1))
            }
            #expect(try practice.mark(checker: "Trainee", typed: wrong).get().right == 0, "\(scenario.name)")
            // Blind: the source never gives the drug volume or the pump rate away.
            let source = practice.sourceLines.joined(separator: "\n")
            #expect(!source.contains(Display.millilitres(practice.plan.drugVolumeML)), "\(scenario.name)")
            #expect(!source.contains(Display.millilitresPerHour(practice.plan.pumpRateMLPerHour!)), "\(scenario.name)")
            #expect(!source.contains(Display.units(practice.plan.preparedDose)) || practice.plan.request.dose == .flat(units: practice.plan.preparedDose),
                    "\(scenario.name)")
        }
        #expect(practised >= 10)
    }

    @Test("The weight in pounds: the source says lb, the checker types kg")
    func pounds() throws {
        let practice = try DoubleCheckPractice.start(Self.scenario("weight-in-pounds")).get()
        let weightLine = try #require(practice.sourceLines.first { $0.hasPrefix("Weight on the source:") })
        #expect(weightLine.hasSuffix(" lb"))
        let kg = try #require(DoubleCheck.expected(.weight, plan: practice.plan))
        var typed = Self.answers(practice)
        typed[.weight] = weightLine.dropFirst("Weight on the source: ".count).dropLast(3).description
        let result = try practice.mark(checker: "Trainee", typed: typed).get()
        #expect(result.outcome.mismatches.map(\.field) == [.weight])
        #expect(result.lines.contains { $0.contains("the plan has \(kg.text)") })
    }

    @Test("The trainee cannot use the preparer's name; a malformed value is refused with what is accepted")
    func refusals() throws {
        let practice = try DoubleCheckPractice.start(Self.scenario("standard-adult")).get()
        #expect(practice.mark(checker: " training PREPARER ", typed: Self.answers(practice)) == .failure(.checkerIsPreparer))
        var typed = Self.answers(practice)
        typed[.dosePerInfusion] = "4,200"
        guard case .failure(.malformed(.dosePerInfusion, let message)) = practice.mark(checker: "T", typed: typed) else {
            Issue.record("4,200 was accepted")
            return
        }
        #expect(message.contains("no thousands separator"))
    }
}
