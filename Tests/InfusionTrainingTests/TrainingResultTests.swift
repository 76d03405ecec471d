import Foundation
import InfusionCalc
import InfusionTraining
import InfusionWizard
import Testing

/// A finished quiz run of the 10.2 mL trap with the given answers (in question order).
func finishedQuiz(_ typed: [String]) throws -> WizardState {
    let scenario = try shippedScenario("water-volume-trap")
    var state = scenario.wizardState(mode: .quiz, now: fixedNow(9, 45))
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
    let date = LocalDateTime(secondsSince1970: 1_790_000_000)

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
        // Each answer in its unit, written as the expected value is ("1 vial": section 3 uses
        // the singular for exactly one).
        let scoreStart = try #require(lines.firstIndex(of: "TRAINING | Score: 3 of 5 right (60%)"))
        #expect(Array(lines[(scoreStart + 1)..<min(scoreStart + 6, lines.count)]) == [
            "TRAINING |   right: vial-count-400: answered 1 vial, expected 1 vial",
            "TRAINING |   right: water-per-vial-400: answered 10.2 mL, expected 10.2 mL",
            "TRAINING |   WRONG: volume-to-withdraw: answered 10.2 mL, expected 10 mL",
            "TRAINING |   right: sodium-chloride: answered 90 mL, expected 90 mL",
            "TRAINING |   WRONG: pump-rate: answered 40 mL/h, expected 50 mL/h",
        ])
        // R9 and section 5: dated times, the earliest deadline with its source.
        #expect(lines.contains("TRAINING | Times       first reconstitution 2026-11-29 09:30"))
        #expect(lines.contains("TRAINING |             diluted 2026-11-29 09:45 (15 min after reconstitution)"))
        #expect(lines.contains("TRAINING |             Start the infusion by 2026-11-29 13:30: immediate use at the"))
        #expect(lines.contains("TRAINING |               bench: start within 4 hours of the first reconstitution"))
        #expect(!lines.contains { $0.contains("the next day") })
    }

    @Test("the JSON result has the training flag, date, scenario, mode, every answer and the score")
    func json() throws {
        let result = TrainingResult(date: date, state: try finishedQuiz(["1", "10.2", "10,2", "90", "40"]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try result.json.utf8)) as? [String: Any])
        for key in ["training", "date", "scenario", "mode", "answers", "score"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["training"] as? Bool == true)
        #expect(object["scenario"] as? String == "water-volume-trap")
        #expect(object["mode"] as? String == "quiz")
        let dateText = try #require(object["date"] as? String)
        #expect(ISO8601DateFormatter().date(from: dateText) == Date(timeIntervalSince1970: 1_790_000_000), "\(dateText)")
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

    /// An answer counts only while the plan still asks that question with the same expected
    /// value: an entry changed after answering makes the question be asked again.
    @Test("answers to a calculation changed since are left out of the score, the text and the JSON")
    func onlyStandingAnswers() throws {
        var state = try finishedQuiz(["1", "10.2", "10.2", "90", "40"])
        // A 150 mL bag instead of 100 mL: sodium chloride 140 mL and 75 mL/h now.
        state.chosenFinalVolume = t("150")
        let plan = try #require(Derived(state).plan)
        #expect(plan.sodiumChlorideML == t("140") && plan.pumpRateMLPerHour == t("75"))
        let result = TrainingResult(date: date, state: state)

        let lines = result.text.split(separator: "\n").map(String.init)
        let scoreStart = try #require(lines.firstIndex(of: "TRAINING | Score: 2 of 5 right (40%)"), "\(lines)")
        // (The wording of the vial-count line is checked in textLines.)
        let answerLines = Array(lines[(scoreStart + 1)..<min(scoreStart + 4, lines.count)])
        #expect(answerLines.count == 3)
        #expect(answerLines.first?.hasPrefix("TRAINING |   right: vial-count-400: answered 1 ") == true)
        #expect(answerLines.first?.hasSuffix(", expected 1 vial") == true)
        #expect(Array(answerLines.dropFirst()) == [
            "TRAINING |   right: water-per-vial-400: answered 10.2 mL, expected 10.2 mL",
            "TRAINING |   WRONG: volume-to-withdraw: answered 10.2 mL, expected 10 mL",
        ])
        #expect(!result.text.contains("sodium-chloride:"))
        #expect(!result.text.contains("pump-rate:"))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(try result.json.utf8)) as? [String: Any])
        let answers = try #require(object["answers"] as? [[String: Any]])
        #expect(answers.map { $0["question"] as? String } == ["vial-count-400", "water-per-vial-400", "volume-to-withdraw"])
        #expect(answers.map { $0["right"] as? Bool } == [true, true, false])
        let score = try #require(object["score"] as? [String: Any])
        #expect((score["right"] as? NSNumber)?.intValue == 2)
        #expect((score["questions"] as? NSNumber)?.intValue == 5)
    }

    @Test("a guided run: no answers, no questions scored")
    func guided() throws {
        var state = try shippedScenario("standard-adult").wizardState(mode: .guided, now: fixedNow(9, 30))
        state.outcome = .finished
        let result = TrainingResult(date: date, state: state)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try result.json.utf8)) as? [String: Any])
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
        let files = try result.save(in: folder.path).map { URL(fileURLWithPath: $0) }
        #expect(files.map(\.pathExtension) == ["txt", "json"])
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count == 2)
        for name in names {
            #expect(name.hasPrefix("training-"))
            #expect(name.contains("-water-volume-trap."))
        }
        #expect(try String(contentsOf: files[0], encoding: .utf8) == result.text)
        #expect(try String(contentsOf: files[1], encoding: .utf8) == (try result.json))
        #expect(result.text.contains("Score: 5 of 5 right (100%)"))
    }
}
