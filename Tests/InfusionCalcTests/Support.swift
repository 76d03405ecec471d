import InfusionCalc
import TestSupport
import Testing

/// Shared helpers for the calculation tests. Expected values in the tests come from the
/// rule book (shared/spec/imiglucerase-rules.md), never from the code's own output.

/// A value in tenths from its decimal text, so tables read like the rule book: `t("98.7")`.
func t(_ text: String) -> Tenths {
    let negative = text.hasPrefix("-")
    let digits = negative ? String(text.dropFirst()) : text
    let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
    let whole = Int(parts[0])!
    let tenth = parts.count > 1 ? Int(parts[1])! : 0
    precondition(parts.count == 1 || parts[1].count == 1, "one decimal at most: \(text)")
    let count = whole * 10 + tenth
    return Tenths(tenths: negative ? -count : count)
}

/// The standard policy with a few settings changed.
func policy(vials: Set<Int> = [400, 200], rounding: RoundingPolicy = .none, tolerance: String = "10",
            _ change: (inout SitePolicy) -> Void = { _ in }) -> SitePolicy {
    var policy = SitePolicy.standard
    policy.vialsOnHand = vials
    policy.rounding = rounding
    policy.roundingTolerancePercent = t(tolerance)
    change(&policy)
    return policy
}

enum OrderedDose: Sendable {
    case perKg(String)
    case flat(String)
}

/// A plan made the way a person enters it: the weight and dose as typed, through the
/// module's own parsers (which are tested separately).
func makePlan(weight: String, dose: OrderedDose, frequency: Frequency, firstInfusion: Bool = false,
              finalVolume: Tenths? = nil, duration: Int? = nil, decision: DoseDecision = .byPolicy,
              history: PatientHistory = PatientHistory(),
              policy: SitePolicy = .standard) -> Result<PreparationPlan, InputError> {
    let weightEntry: WeightEntry
    switch WeightEntry.parse(weight, policy: policy) {
    case .success(let entry): weightEntry = entry
    case .failure(let error): return .failure(error)
    }
    let order: Result<DoseOrder, InputError> = switch dose {
    case .perKg(let text): DoseOrder.parsePerKg(text)
    case .flat(let text): DoseOrder.parseFlat(text)
    }
    switch order {
    case .failure(let error): return .failure(error)
    case .success(let order):
        let request = PlanRequest(weight: weightEntry, dose: order, frequency: frequency, firstInfusion: firstInfusion,
                                  decision: decision, finalVolumeML: finalVolume, durationMinutes: duration,
                                  history: history)
        return PreparationPlan.make(request, policy: policy)
    }
}

/// The same, for inputs that the rule book says are valid: a refusal is a test failure.
func validPlan(weight: String, dose: OrderedDose, frequency: Frequency = .everyTwoWeeks, firstInfusion: Bool = false,
               finalVolume: Tenths? = nil, duration: Int? = nil, decision: DoseDecision = .byPolicy,
               history: PatientHistory = PatientHistory(), policy: SitePolicy = .standard,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> PreparationPlan {
    let result = makePlan(weight: weight, dose: dose, frequency: frequency, firstInfusion: firstInfusion,
                          finalVolume: finalVolume, duration: duration, decision: decision, history: history,
                          policy: policy)
    switch result {
    case .success(let plan): return plan
    case .failure(let error):
        Issue.record("valid input refused: \(error.message)", sourceLocation: sourceLocation)
        throw error
    }
}

extension PreparationPlan {
    var codes: [FindingCode] { findings.map(\.code) }
    func findings(_ severity: Severity) -> [FindingCode] { findings.filter { $0.severity == severity }.map(\.code) }
    /// Vials as (strength, count), largest strength first.
    var vialCounts: [VialTally] { vials.map { VialTally($0.strength.units, $0.count) } }
    var text: String { lines.joined(separator: "\n") }
}

struct VialTally: Equatable, Sendable, CustomStringConvertible {
    let strength: Int
    let count: Int
    init(_ strength: Int, _ count: Int) { self.strength = strength; self.count = count }
    var description: String { "\(count) x \(strength)" }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
    var success: Success? { if case .success(let value) = self { value } else { nil } }
}


/// Plan lines with each wrapped sentence joined again: a continuation row starts with the
/// label column and two more spaces (PreparationPlan wraps time, storage, caution and
/// units-drawn rows at 78 columns).
func unwrapped(_ lines: [String]) -> [String] {
    let continuation = String(repeating: " ", count: 14)
    var out: [String] = []
    for line in lines {
        if line.hasPrefix(continuation), let last = out.popLast() {
            out.append(last + " " + line.dropFirst(14))
        } else {
            out.append(line)
        }
    }
    return out
}
