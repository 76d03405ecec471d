import Foundation
import InfusionCalc
import InfusionWizard

/// The result of a finished training run, as text and as JSON, and where it is saved.
public struct TrainingResult: Sendable {
    public let date: Date
    public let state: WizardState

    public init(date: Date, state: WizardState) {
        self.date = date
        self.state = state
    }

    var session: TrainingSession? { state.training }

    var timestamp: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZZZZZ"
        return formatter.string(from: date)
    }
    var fileStem: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "training-\(formatter.string(from: date))-\(session?.scenarioName ?? "unknown")"
    }

    /// Plain text: every line marked TRAINING.
    public var text: String {
        (["TRAINING | Training result", "TRAINING | Date: \(timestamp)"] + state.summaryLines())
            .joined(separator: "\n") + "\n"
    }

    /// JSON with the date, the scenario, every answer given and the score.
    public var json: String {
        guard let session else { return "{}" }
        let plan = Derived(state).plan
        let total = plan.map { QuizQuestion.questions(for: $0).count } ?? 0
        let answers = (plan.map { session.answers(for: $0) } ?? []).map { answer -> [String: Any] in
            [
                "question": answer.question.identifier,
                "typed": answer.typed,
                "answer": Double(answer.given.description) ?? 0,
                "expected": Double(answer.expected.description) ?? 0,
                "right": answer.isRight,
            ]
        }
        let object: [String: Any] = [
            "training": true,
            "date": timestamp,
            "scenario": session.scenarioName,
            "scenario_title": session.scenarioTitle,
            "mode": session.mode.rawValue,
            "answers": answers,
            "score": ["right": plan.map { session.rightCount(for: $0) } ?? 0, "questions": session.mode == .quiz ? total : 0],
            "summary": state.summaryLines(),
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]),
              let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text + "\n"
    }

    /// Writes `<stem>.txt` and `<stem>.json` into `directory` (created if needed).
    public func save(in directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let textFile = directory.appendingPathComponent(fileStem + ".txt")
        let jsonFile = directory.appendingPathComponent(fileStem + ".json")
        try Data(text.utf8).write(to: textFile)
        try Data(json.utf8).write(to: jsonFile)
        return [textFile, jsonFile]
    }
}
