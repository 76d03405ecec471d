import InfusionCalc

/// The result of a finished training run, as text and as JSON, and where it is saved.
public struct TrainingResult: Sendable {
    public let date: LocalDateTime
    /// The run's session (answers, mode, scenario); nil for a run that was not training.
    public let session: TrainingSession?
    /// The preparation's plan when the run ended (nil: none was made).
    public let plan: PreparationPlan?
    /// The summary as the run printed it (every line marked TRAINING).
    public let summaryLines: [String]

    /// - Parameters:
    ///   - date: when the run finished (local time).
    ///   - session: the training session of the run.
    ///   - plan: the run's plan, for the score.
    ///   - summaryLines: the printed summary (the wizard's `summaryLines()`).
    public init(date: LocalDateTime, session: TrainingSession?, plan: PreparationPlan?, summaryLines: [String]) {
        self.date = date
        self.session = session
        self.plan = plan
        self.summaryLines = summaryLines
    }

    var timestamp: String { date.iso8601 }
    var fileStem: String { "training-\(date.compact)-\(session?.scenarioName ?? "unknown")" }

    /// Plain text: every line marked TRAINING.
    public var text: String {
        (["TRAINING | Training result", "TRAINING | Date: \(timestamp)"] + summaryLines)
            .joined(separator: "\n") + "\n"
    }

    /// JSON with the date, the scenario, every answer given and the score (`Document`,
    /// keys sorted, two-space indent, `ExactJSONEncoder`), then a line break; "{}" for a
    /// run that was not training.
    /// - Throws: `JSONEncodingError` if the encoder refuses (strings, integers and exact
    ///   numbers only: it never does).
    public var json: String {
        get throws(JSONEncodingError) {
            guard let session else { return "{}\n" }
            let total = plan.map { QuizQuestion.questions(for: $0).count } ?? 0
            let document = Document(
                date: timestamp, scenario: session.scenarioName, scenarioTitle: session.scenarioTitle, mode: session.mode.rawValue,
                answers: (plan.map { session.answers(for: $0) } ?? []).map {
                    Document.Answer(question: $0.question.identifier, typed: $0.typed, answer: JSONNumber($0.given),
                                    expected: JSONNumber($0.expected), right: $0.isRight)
                },
                score: Document.Score(right: plan.map { session.rightCount(for: $0) } ?? 0, questions: session.mode == .quiz ? total : 0),
                summary: summaryLines)
            return try ExactJSONEncoder(layout: .indented, sortedKeys: true).encode(document) + "\n"
        }
    }

    /// The result file's JSON.
    struct Document: Encodable {
        struct Answer: Encodable {
            let question: String, typed: String, answer: JSONNumber, expected: JSONNumber, right: Bool
        }
        struct Score: Encodable {
            let right: Int, questions: Int
        }
        let training = true
        let date: String, scenario: String, scenarioTitle: String, mode: String
        let answers: [Answer]
        let score: Score
        let summary: [String]
        enum CodingKeys: String, CodingKey {
            case training, date, scenario, scenarioTitle = "scenario_title", mode, answers, score, summary
        }
    }

    /// Writes `<stem>.txt` and `<stem>.json` into `directory` (created if needed); returns
    /// their paths.
    /// - Throws: the file system's error, or `JSONEncodingError` (before any file is written).
    public func save(in directory: String) throws -> [String] {
        let json = try json
        try SystemFiles.makeDirectories(directory)
        let textFile = SystemFiles.join(directory, fileStem + ".txt")
        let jsonFile = SystemFiles.join(directory, fileStem + ".json")
        try SystemFiles.write(text, to: textFile)
        try SystemFiles.write(json, to: jsonFile)
        return [textFile, jsonFile]
    }
}
