import InfusionCalc
import InfusionTraining
import InfusionWizard
import TestSupport
import Testing

/// The training result file, byte for byte (golden files in `__json__`; UPDATE_GOLDEN=1
/// rewrites them).
@Suite("Training result golden files")
struct TrainingResultGoldenTests {
    static let golden = GoldenFiles("__json__", nextTo: #filePath, what: "JSON")

    @Test("a quiz with right, wrong and comma answers; a guided run without a quiz")
    func files() throws {
        let date = LocalDateTime(secondsSince1970: 1_790_000_000)
        let quiz = TrainingResult(date: date, state: try finishedQuiz(["1", "10.2", "10,2", "90", "40"]))
        var guided = try shippedScenario("water-volume-trap").wizardState(mode: .guided, now: fixedNow(9, 45))
        guided.step = .summary
        guided.outcome = .finished
        for (result, name) in [(quiz, "training-quiz.json"), (TrainingResult(date: date, state: guided), "training-guided.json")] {
            if let problem = Self.golden.problem(try result.json, name: name) { Issue.record(Comment(rawValue: problem)) }
        }
    }
}
