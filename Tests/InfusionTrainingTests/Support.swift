import Foundation
import InfusionCalc
import InfusionTraining
import InfusionWizard
import Testing

/// The scenario files shipped in the source tree (Sources/InfusionTraining/Scenarios),
/// found from this file's own path so the tests read exactly what is shipped.
let shippedScenariosDirectory: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()          // InfusionTrainingTests
    .deletingLastPathComponent()          // Tests
    .deletingLastPathComponent()          // package root
    .appendingPathComponent("Sources/InfusionTraining/Scenarios")

/// The names of the .scenario files in the shipped folder, sorted.
func shippedScenarioNames() -> [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: shippedScenariosDirectory.path)) ?? []
    return files.filter { $0.hasSuffix(".scenario") }.map { String($0.dropLast(".scenario".count)) }.sorted()
}

/// One shipped scenario, loaded through the library; a failure stops the test.
func shippedScenario(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Scenario {
    let url = shippedScenariosDirectory.appendingPathComponent(name + ".scenario")
    switch ScenarioLibrary.loadFile(url.path) {
    case .success(let scenario): return scenario
    case .failure(let error):
        Issue.record("\(name) does not load: \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// A value in tenths from its decimal text: `t("10.2")`.
func t(_ text: String) -> Tenths {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    precondition(parts.count <= 2 && (parts.count == 1 || parts[1].count == 1), "one decimal at most: \(text)")
    return Tenths(tenths: Int(parts[0])! * 10 + (parts.count == 2 ? Int(parts[1])! : 0))
}

/// The plan for a scenario's inputs, made in the test straight from the calculation
/// module (not through `Scenario.referencePlan`): the weight, dose, frequency and vials
/// as the file gives them, the exact dose, default bag and duration.
func independentPlan(_ scenario: Scenario, sourceLocation: SourceLocation = #_sourceLocation) throws -> PreparationPlan {
    var policy = SitePolicy.standard
    policy.vialsOnHand = scenario.vialsOnHand
    if let tolerance = scenario.tolerancePercent { policy.roundingTolerancePercent = tolerance }
    let weight = try WeightEntry.parse(scenario.weightText, policy: policy).get()
    let dose = try (scenario.doseMode == .perKg ? DoseOrder.parsePerKg(scenario.doseText)
                                                : DoseOrder.parseFlat(scenario.doseText)).get()
    let history = PatientHistory(atLeastTwoYearsOld: scenario.atLeastTwoYears,
                                 previousHypersensitivity: scenario.previousHypersensitivity,
                                 previousAlglucerase: scenario.previousAlglucerase)
    let request = PlanRequest(weight: weight, dose: dose, frequency: scenario.frequency,
                              firstInfusion: scenario.firstInfusion, decision: .exactDose, history: history)
    return try PreparationPlan.make(request, policy: policy).get()
}

/// A scenario file's text with the standard adult's fields, changed by `edit`
/// (nil removes a field; a new key is added at the end).
func scenarioText(_ changes: [String: String?] = [:], extraLines: [String] = []) -> String {
    var fields: [(String, String)] = [
        ("title", "Test scenario"),
        ("teaches", "Something."),
        ("weight", "70"),
        ("dose", "60 units/kg"),
        ("frequency", "every-2-weeks"),
        ("vials", "400,200"),
        ("first-infusion", "no"),
        ("at-least-2-years", "yes"),
        ("previous-hypersensitivity", "no"),
        ("previous-alglucerase", "no"),
        ("learning-point", "A point."),
    ]
    for (key, value) in changes {
        if let index = fields.firstIndex(where: { $0.0 == key }) {
            if let value { fields[index].1 = value } else { fields.remove(at: index) }
        } else if let value {
            fields.append((key, value))
        }
    }
    return (fields.map { "\($0.0): \($0.1)" } + extraLines).joined(separator: "\n") + "\n"
}

/// A fresh temporary directory, deleted by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("training-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// True when `figure` ("45 mL", "1 vial") appears in `text` as a whole figure, not as the
/// tail of a longer number ("145 mL", "0.5 mL").
func mentions(_ text: String, _ figure: String) -> Bool {
    var searchStart = text.startIndex
    while let range = text.range(of: figure, range: searchStart..<text.endIndex) {
        let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
        if !(before.isNumber || before == "." || before == ",") { return true }
        searchStart = text.index(after: range.lowerBound)
    }
    return false
}

/// A fixed clock (R9): 2026-11-29 at this time of day, UTC.
func fixedNow(_ hour: Int, _ minute: Int) -> Instant {
    Instant(secondsSinceEpoch: Instant.seconds(asIfUTC: LocalDateTime(year: 2026, month: 11, day: 29, hour: hour, minute: minute)!))
}
