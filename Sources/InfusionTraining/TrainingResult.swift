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

    /// JSON with the date, the scenario, every answer given and the score.
    public var json: String {
        guard let session else { return "{}" }
        let total = plan.map { QuizQuestion.questions(for: $0).count } ?? 0
        let answers = (plan.map { session.answers(for: $0) } ?? []).map { answer -> JSONValue in
            .object([
                "question": .string(answer.question.identifier),
                "typed": .string(answer.typed),
                "answer": .number(answer.given.description),
                "expected": .number(answer.expected.description),
                "right": .bool(answer.isRight),
            ])
        }
        let object = JSONValue.object([
            "training": .bool(true),
            "date": .string(timestamp),
            "scenario": .string(session.scenarioName),
            "scenario_title": .string(session.scenarioTitle),
            "mode": .string(session.mode.rawValue),
            "answers": .array(answers),
            "score": .object(["right": .number(String(plan.map { session.rightCount(for: $0) } ?? 0)),
                              "questions": .number(String(session.mode == .quiz ? total : 0))]),
            "summary": .array(summaryLines.map(JSONValue.string)),
        ])
        return object.text(indent: "") + "\n"
    }

    /// Writes `<stem>.txt` and `<stem>.json` into `directory` (created if needed); returns
    /// their paths.
    public func save(in directory: String) throws -> [String] {
        try SystemFiles.makeDirectories(directory)
        let textFile = SystemFiles.join(directory, fileStem + ".txt")
        let jsonFile = SystemFiles.join(directory, fileStem + ".json")
        try SystemFiles.write(text, to: textFile)
        try SystemFiles.write(json, to: jsonFile)
        return [textFile, jsonFile]
    }
}

/// Just enough JSON for the result file: objects print with sorted keys, two-space indent.
enum JSONValue {
    case bool(Bool)
    /// A number as written: digits, "-" and "." only, else it is written as 0.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    func text(indent: String) -> String {
        let inner = indent + "  "
        switch self {
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            let isNumber = !value.isEmpty && value.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == ".") }
                && value.first != "." && value.last != "."
            return isNumber ? value : "0"
        case .string(let value): return Self.quoted(value)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.text(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.keys.sorted().map { inner + Self.quoted($0) + " : " + fields[$0]!.text(indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    /// RFC 8259 string escaping: the calculation module's, so there is one.
    static func quoted(_ text: String) -> String { JSONText.string(text) }
}
