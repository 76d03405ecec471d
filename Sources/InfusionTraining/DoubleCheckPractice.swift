import InfusionCalc

/// Double-check practice (rule book section 7, issue 11): the trainee is the checker of a
/// scenario's preparation. They read the source (the patient, the order, the vials on
/// hand; never the plan's results), type the blind values, and are marked per field
/// against the plan the calculation module makes for the scenario, with a score. Pure:
/// the front end shows `sourceLines`, asks `fields` in order, and prints `lines`.
public struct DoubleCheckPractice: Equatable, Sendable {
    public let scenario: Scenario
    /// The preparation being checked: the scenario's reference plan (the exact dose, the
    /// default final volume and duration).
    public let plan: PreparationPlan

    /// The preparer whose work is checked; the trainee's name must differ (section 7).
    public static let preparer = "Training Preparer"

    /// A practice for `scenario`; fails when the scenario has no plan or no bag to check
    /// (a hard stop: nothing is prepared, so nothing is checked).
    public static func start(_ scenario: Scenario) -> Result<DoubleCheckPractice, InputError> {
        switch scenario.referencePlan() {
        case .failure(let error): return .failure(error)
        case .success(let plan):
            guard !plan.hasHardStop, plan.pumpRateMLPerHour != nil, plan.sodiumChlorideML != nil else {
                return .failure(InputError(.answer, "\(scenario.title): this order stops with a hard stop, so there is no preparation to check. Choose another scenario."))
            }
            return .success(DoubleCheckPractice(scenario: scenario, plan: plan))
        }
    }

    /// What the checker reads from the source, as people write it: the weight as the source
    /// gives it (in lb when it was entered in lb), the order, the vials on hand, the bag
    /// sizes and duration ordered, the cautions. None of the values to be typed is here.
    public var sourceLines: [String] {
        let weight = plan.request.weight.enteredPounds.map(Display.pounds) ?? Display.kilograms(plan.weightKg)
        let order = switch plan.request.dose {
        case .perKg(let perKg): Display.unitsPerKg(perKg)
        case .flat(let units): Display.units(units)
        }
        let strengths = plan.product.strengths.map(\.units).filter { plan.policy.vialsOnHand.contains($0) }.sorted(by: >)
        var out = [
            "Double-check practice: \(scenario.title)",
            "You are the checker of \(Self.preparer)'s preparation. Work from the source, not from their numbers.",
            "Weight on the source: \(weight)",
            "Order: \(order) \(plan.request.frequency.phrase), the prescribed dose (no rounding)",
            "Vials on hand: " + strengths.map { Display.strength($0) }.joined(separator: " and "),
            "Bag: the smallest of " + plan.policy.finalVolumeChoicesML.map(Display.number).joined(separator: ", ")
                + " mL that holds the drug volume (R7)",
            "Infuse over \(Display.minutes(plan.durationMinutes))",
        ]
        out.append(plan.cautions.isEmpty ? "Cautions: none" : "Cautions: " + plan.cautions.map(\.name).joined(separator: "; "))
        return out
    }

    /// The values to type, in order (`DoubleCheck.fields`).
    public var fields: [DoubleCheckField] { DoubleCheck.fields(for: plan) }

    /// Marks the trainee's values. Refused, like a real check, when the name is the
    /// preparer's or empty, a field is missing, or a value is not a number (with what is
    /// accepted); the trainee types it again.
    public func mark(checker: String, typed: [DoubleCheckField: String]) -> Result<DoubleCheckPracticeResult, DoubleCheckError> {
        DoubleCheck.compare(plan: plan, preparer: Self.preparer, checker: checker, typed: typed)
            .map { DoubleCheckPracticeResult(scenario: scenario, outcome: $0) }
    }
}

/// A marked double-check practice: every field right or wrong, and the score.
public struct DoubleCheckPracticeResult: Equatable, Sendable {
    public let scenario: Scenario
    public let outcome: DoubleCheckOutcome

    public var right: Int { outcome.rows.filter(\.matches).count }
    public var total: Int { outcome.rows.count }
    /// "Score: 6 of 7".
    public var scoreText: String { "Score: \(right) of \(total)" }

    /// Where the value comes from, for a wrong answer.
    static func rule(_ field: DoubleCheckField) -> String {
        switch field {
        case .weight: "R1: the weight in kg to 0.1 kg, converted when the source gives lb"
        case .dosePerInfusion: "R3: weight x units/kg, rounded half-up to a whole unit"
        case .vialCount: "R5: the least waste, then the fewest vials"
        case .drugVolume: "R6: the dose over the units per mL after reconstitution, to 0.1 mL"
        case .finalVolume: "R7: the smallest bag that holds the drug volume"
        case .pumpRate: "R8: final volume x 60 / minutes, to 0.1 mL/h"
        }
    }

    /// Per field: "right" or "WRONG" with both values and the rule; then the score.
    public var lines: [String] {
        var out = ["Double-check practice: \(scenario.title)"]
        for row in outcome.rows {
            if row.matches {
                out.append("right  \(row.field.name): \(row.checker.text)")
            } else {
                out.append("WRONG  \(row.field.name): you typed \(row.checker.text); the plan has \(row.plan.text) (\(Self.rule(row.field)))")
            }
        }
        out.append(scoreText + (right == total ? ": the check would pass." : ": the check would block; in practice both of you look again."))
        return out
    }
}
