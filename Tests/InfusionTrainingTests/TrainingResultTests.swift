import Foundation
import InfusionCalc
import InfusionTraining
import InfusionWizard
import Testing

/// A finished quiz run of the 10.2 mL trap with the given answers (in question order).
func finishedQuiz(_ typed: [String]) throws -> WizardState {
    let scenario = try shippedScenario("water-volume-trap")
    var state = scenario.wizardState(mode: .quiz, now: ClockTime(hour: 9, minute: 30)!)
    let plan = try #require(Derived(state).plan)
    for (question, text) in zip(QuizQuestion.questions(for: plan), typed) {
        state.training!.answers.append(try question.mark(text, plan: plan).get())
    }
    state.reconstitutionTime = TextField(kind: .time, text: "09:30")
    state.dilutionTime = TextField(kind: .time, text: "09:45")
    state.step = .summary
    state.outcome = .finished
    return state
}

@Suite("Training results")
struct TrainingResultTests {
    let date = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("every line of the text result starts with \"TRAINING | \"")
    func textLines() throws {
        let result = TrainingResult(date: date, state: try finishedQuiz(["1", "10.2", "10.2", "90", "40"]))
        let lines = result.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(result.text.hasSuffix("\n"))
        #expect(lines.count > 10)
        for line in lines { #expect(line.hasPrefix("TRAINING | "), "\(line)") }
        #expect(lines.contains("TRAINING | Score: 3 of 5 right (60%)"))
        #expect(lines.contains("TRAINING | Training scenario: water-volume-trap (quiz)"))
        #expect(lines.contains { $0.hasPrefix("TRAINING | Date: ") })
        #expect(lines.contains { $0.contains("WRONG: volume-to-withdraw: answered 10.2, expected 10 mL") })
        #expect(lines.contains { $0.hasPrefix("TRAINING | Times       reconstituted 09:30") })
    }

    @Test("the JSON result has the training flag, date, scenario, mode, every answer and the score")
    func json() throws {
        let result = TrainingResult(date: date, state: try finishedQuiz(["1", "10.2", "10,2", "90", "40"]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.json.utf8)) as? [String: Any])
        for key in ["training", "date", "scenario", "mode", "answers", "score"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["training"] as? Bool == true)
        #expect(object["scenario"] as? String == "water-volume-trap")
        #expect(object["mode"] as? String == "quiz")
        let dateText = try #require(object["date"] as? String)
        #expect(ISO8601DateFormatter().date(from: dateText) == date, "\(dateText)")
        let answers = try #require(object["answers"] as? [[String: Any]])
        #expect(answers.map { $0["question"] as? String } ==
                ["vial-count-400", "water-per-vial-400", "volume-to-withdraw", "sodium-chloride", "pump-rate"])
        #expect(answers.map { $0["typed"] as? String } == ["1", "10.2", "10,2", "90", "40"])
        #expect(answers.map { $0["right"] as? Bool } == [true, true, false, true, false])
        #expect(answers.map { ($0["answer"] as? NSNumber)?.doubleValue } == [1, 10.2, 10.2, 90, 40])
        #expect(answers.map { ($0["expected"] as? NSNumber)?.doubleValue } == [1, 10.2, 10, 90, 50])
        let score = try #require(object["score"] as? [String: Any])
        #expect((score["right"] as? NSNumber)?.intValue == 3)
        #expect((score["questions"] as? NSNumber)?.intValue == 5)
        let summary = try #require(object["summary"] as? [String])
        #expect(summary.allSatisfy { $0.hasPrefix("TRAINING | ") })
    }

    @Test("a guided run: no answers, no questions scored")
    func guided() throws {
        var state = try shippedScenario("standard-adult").wizardState(mode: .guided, now: ClockTime(hour: 9, minute: 30)!)
        state.outcome = .finished
        let result = TrainingResult(date: date, state: state)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.json.utf8)) as? [String: Any])
        #expect(object["mode"] as? String == "guided")
        #expect((object["answers"] as? [Any])?.isEmpty == true)
        let score = try #require(object["score"] as? [String: Any])
        #expect((score["questions"] as? NSNumber)?.intValue == 0)
        #expect(result.text.split(separator: "\n").allSatisfy { $0.hasPrefix("TRAINING | ") })
        #expect(result.text.contains("Score: guided walkthrough of Standard adult dose completed"))
    }

    @Test("save writes the .txt and .json files, named after the date and the scenario")
    func save() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("results/nested")
        let result = TrainingResult(date: date, state: try finishedQuiz(["1", "10.2", "10", "90", "50"]))
        let files = try result.save(in: folder)
        #expect(files.map(\.pathExtension) == ["txt", "json"])
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count == 2)
        for name in names {
            #expect(name.hasPrefix("training-"))
            #expect(name.contains("-water-volume-trap."))
        }
        #expect(try String(contentsOf: files[0], encoding: .utf8) == result.text)
        #expect(try String(contentsOf: files[1], encoding: .utf8) == result.json)
        #expect(result.text.contains("Score: 5 of 5 right (100%)"))
    }
}
