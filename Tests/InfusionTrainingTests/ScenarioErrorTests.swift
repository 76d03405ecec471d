import Foundation
import InfusionCalc
import InfusionTraining
import Testing

/// A malformed scenario file: what to change in a valid one, and the field and line the
/// error must name.
struct Malformed: Sendable, CustomTestStringConvertible {
    let label: String
    let changes: [String: String?]
    let extraLines: [String]
    let field: String?
    let line: Int?
    /// Words the message must contain, so that it says what is wrong.
    let says: String

    init(_ label: String, _ changes: [String: String?] = [:], extra: [String] = [], field: String?, line: Int? = nil, says: String) {
        self.label = label
        self.changes = changes
        self.extraLines = extra
        self.field = field
        self.line = line
        self.says = says
    }
    var testDescription: String { label }
    var text: String { scenarioText(changes, extraLines: extraLines) }
}

// The valid base text has 11 lines: title ... previous-alglucerase on 1 to 10, learning-point on 11.
let malformedCases: [Malformed] = [
    Malformed("unknown field", extra: ["colour: blue"], field: "colour", line: 12, says: "unknown field"),
    Malformed("missing field", ["frequency": nil], field: "frequency", says: "missing"),
    Malformed("duplicate field", extra: ["weight: 71"], field: "weight", line: 12, says: "twice"),
    Malformed("weight that is not a number", ["weight": "seventy"], field: "weight", line: 3, says: "not a number"),
    Malformed("weight outside 2 to 300 kg", ["weight": "350"], field: "weight", line: 3, says: "outside"),
    Malformed("weight with an unknown unit", ["weight": "70 stone"], field: "weight", line: 3, says: "stone"),
    Malformed("dose without a unit", ["dose": "60"], field: "dose", line: 4, says: "write the unit"),
    Malformed("dose that is not a number", ["dose": "sixty units/kg"], field: "dose", line: 4, says: "not a number"),
    Malformed("bad frequency", ["frequency": "fortnightly"], field: "frequency", line: 5, says: "fortnightly"),
    Malformed("bad yes/no", ["first-infusion": "maybe"], field: "first-infusion", line: 7, says: "yes or no"),
    Malformed("bad yes/no in another field", ["previous-alglucerase": "true"], field: "previous-alglucerase", line: 10, says: "yes or no"),
    Malformed("vial strength that does not exist", ["vials": "400,300"], field: "vials", line: 6, says: "300"),
    Malformed("vial strength listed twice", ["vials": "400,400"], field: "vials", line: 6, says: "twice"),
    // 0 to 100% is accepted (a wider tolerance than 10% warns in the plan).
    Malformed("tolerance above 100", ["tolerance": "101"], field: "tolerance", line: 12, says: "Tolerance 101% is above 100%."),
    Malformed("negative tolerance", ["tolerance": "-1"], field: "tolerance", line: 12, says: "negative"),
    Malformed("tolerance that is not a number", ["tolerance": "ten"], field: "tolerance", line: 12, says: "not a number"),
    Malformed("no learning-point", ["learning-point": nil], field: "learning-point", says: "missing"),
    Malformed("line without a colon", extra: ["this line has no colon"], field: nil, line: 12, says: "field: value"),
    Malformed("field with no value", ["title": ""], field: "title", line: 1, says: "no value"),
    Malformed("two-week equivalent above 240 units/kg", ["dose": "250 units/kg"], field: "dose",
              says: "above the largest dose reported"),
    Malformed("flat dose whose two-week equivalent is above 240 units/kg", ["dose": "20000 units"], field: "total dose",
              says: "above the largest dose reported"),
]

@Suite("Malformed scenario files")
struct ScenarioErrorTests {
    @Test("the base text of these tests is a valid scenario")
    func baseIsValid() throws {
        let scenario = try Scenario.parse(scenarioText(), name: "base", file: "base.scenario").get()
        #expect(scenario.weightText == "70")
        #expect(scenario.learningPoints == ["A point."])
    }

    @Test("a malformed scenario is refused with the file, the line and the field named", arguments: malformedCases)
    func refused(_ malformed: Malformed) throws {
        let file = "/some/folder/broken-case.scenario"
        let result = Scenario.parse(malformed.text, name: "broken-case", file: file)
        guard case .failure(let error) = result else {
            Issue.record("\(malformed.label): accepted:\n\(malformed.text)")
            return
        }
        #expect(error.file == file)
        #expect(error.field == malformed.field)
        if let line = malformed.line { #expect(error.line == line) }
        let description = error.description
        #expect(description.contains("broken-case.scenario"), "\(description)")
        if let field = malformed.field {
            #expect(description.contains("field \"\(field)\""), "\(description)")
        }
        if let line = malformed.line {
            #expect(description.contains("broken-case.scenario:\(line):"), "\(description)")
        }
        #expect(description.contains(malformed.says), "\(description)")
    }

    @Test("a tolerance from 0 to 100% is accepted", arguments: ["0", "10", "12", "100"])
    func toleranceAccepted(_ tolerance: String) throws {
        let scenario = try Scenario.parse(scenarioText(["tolerance": tolerance]), name: "wide", file: "wide.scenario").get()
        #expect(scenario.tolerancePercent == t(tolerance))
    }

    @Test("a file name that is not letters, digits and dashes is refused")
    func badFileName() {
        let result = Scenario.parse(scenarioText(), name: "my scenario", file: "my scenario.scenario")
        guard case .failure(let error) = result else {
            Issue.record("a file name with a space was accepted")
            return
        }
        #expect(error.description.contains("my scenario.scenario"))
        #expect(error.description.contains("file name"))
    }

    @Test("comments, blank lines, spaces and upper-case field names are allowed")
    func lenientLayout() throws {
        let text = "# a comment\n\n  Title :  Spaced  \t\n" + scenarioText(["title": nil])
        let scenario = try Scenario.parse(text, name: "spaced", file: "spaced.scenario").get()
        #expect(scenario.title == "Spaced")
    }

    @Test("a scenario file with Windows line endings (CRLF) loads")
    func windowsLineEndings() throws {
        let text = scenarioText().replacingOccurrences(of: "\n", with: "\r\n")
        let scenario = try Scenario.parse(text, name: "crlf", file: "crlf.scenario").get()
        #expect(scenario.title == "Test scenario")
        #expect(scenario.weightText == "70")
    }

    @Test("a hard stop in a scenario is allowed (seeing the stop is the lesson)")
    func hardStopAllowed() throws {
        let scenario = try Scenario.parse(scenarioText(["weight": "140"]), name: "big", file: "big.scenario").get()
        #expect(try scenario.referencePlan().get().hasHardStop)
    }

    @Test("a folder with a bad file: the good ones load and the error names the file's path and the field")
    func libraryReportsTheFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try scenarioText().write(to: directory.appendingPathComponent("good-one.scenario"), atomically: true, encoding: .utf8)
        try scenarioText(["dose": "60"]).write(to: directory.appendingPathComponent("bad-dose.scenario"), atomically: true, encoding: .utf8)
        try "not a scenario".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let (scenarios, errors) = ScenarioLibrary.load(from: directory.path)
        #expect(scenarios.map(\.name) == ["good-one"])
        try #require(errors.count == 1)
        let description = errors[0].description
        #expect(description.contains(directory.appendingPathComponent("bad-dose.scenario").path), "\(description)")
        #expect(description.contains(":4: field \"dose\""), "\(description)")
    }

    @Test("a file that is not UTF-8 is refused with its name")
    func notUTF8() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("latin1.scenario")
        try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xE9, 0xFF, 0x0A]).write(to: url)
        guard case .failure(let error) = ScenarioLibrary.loadFile(url.path) else {
            Issue.record("a file with invalid UTF-8 loaded")
            return
        }
        #expect(error.description.contains("latin1.scenario"))
    }
}
