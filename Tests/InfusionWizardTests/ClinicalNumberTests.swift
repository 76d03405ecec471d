import Foundation
import Testing

/// Issue 9: the wizard and training sources hold no clinical number; every sentence that
/// states a rule or a figure is built by `RuleText` (the calculation module) from the
/// product and the site policy.
///
/// What counts: inside a string literal of a `.swift` file of Sources/InfusionWizard or
/// Sources/InfusionTraining (comments and the code inside an interpolation `\(...)` are not
/// literal text; a string literal inside an interpolation is), a number written with
/// digits, not part of a word or of a longer number ("R4", "S10" are not numbers), directly
/// followed (after at most one space or hyphen) by a unit of the field: mL, mL/h, unit(s),
/// units/kg, units/mL, units/kg/min, kg, lb, %, hour(s), minute(s), min, degrees, micron,
/// year(s). "10.2 mL", "400-unit", "0.9%", "4 hours", "0.2 micron" count; "x 60 /" (an
/// hour's minutes in a formula) and "Step 3" do not.
enum ClinicalNumbers {
    /// A string literal: the line it starts on and its text, each interpolation replaced by U+0000.
    struct Literal: Equatable, CustomStringConvertible {
        let line: Int
        let text: String
        var description: String { "line \(line): \(text)" }
    }

    /// The string literals of a Swift source, in order (a literal inside an interpolation
    /// comes before the literal that holds it). Handles `//` and `/* */` comments, escapes,
    /// nested interpolations, multi-line `"""` strings and raw `#"..."#` strings.
    static func literals(in source: String) -> [Literal] {
        var scanner = Scanner(characters: Array(source))
        scanner.code(untilClosingParenthesis: false)
        return scanner.found
    }

    struct Scanner {
        let characters: [Character]
        var index = 0
        var line = 1
        var found: [Literal] = []

        func starts(_ text: String, at position: Int) -> Bool {
            var position = position
            for character in text {
                guard position < characters.count, characters[position] == character else { return false }
                position += 1
            }
            return true
        }

        mutating func advance() {
            if characters[index] == "\n" { line += 1 }
            index += 1
        }

        /// Code, up to the parenthesis that closes an interpolation (when asked) or the end.
        mutating func code(untilClosingParenthesis: Bool) {
            var depth = 0
            while index < characters.count {
                if starts("//", at: index) {
                    while index < characters.count && characters[index] != "\n" { advance() }
                } else if starts("/*", at: index) {
                    while index < characters.count && !starts("*/", at: index) { advance() }
                    index = min(index + 2, characters.count)
                } else if starts("#\"", at: index) {
                    rawString()
                } else if characters[index] == "\"" {
                    string()
                } else if untilClosingParenthesis && characters[index] == "(" {
                    depth += 1
                    advance()
                } else if untilClosingParenthesis && characters[index] == ")" {
                    advance()
                    if depth == 0 { return }
                    depth -= 1
                } else {
                    advance()
                }
            }
        }

        mutating func string() {
            let start = line
            let multiLine = starts("\"\"\"", at: index)
            index += multiLine ? 3 : 1
            var text = ""
            while index < characters.count {
                if characters[index] == "\\" && index + 1 < characters.count {
                    if characters[index + 1] == "(" {
                        index += 2
                        code(untilClosingParenthesis: true)
                        text.append("\u{0}")
                    } else {
                        text.append(characters[index])
                        text.append(characters[index + 1])
                        advance(); advance()
                    }
                    continue
                }
                if multiLine && starts("\"\"\"", at: index) { index += 3; break }
                if !multiLine && characters[index] == "\"" { index += 1; break }
                text.append(characters[index])
                advance()
            }
            found.append(Literal(line: start, text: text))
        }

        mutating func rawString() {
            let start = line
            index += 2
            var text = ""
            while index < characters.count && !starts("\"#", at: index) {
                text.append(characters[index])
                advance()
            }
            index = min(index + 2, characters.count)
            found.append(Literal(line: start, text: text))
        }
    }

    /// The clinical numbers in a literal's text, as written ("10.2 mL", "400-unit").
    static func numbers(in text: String) -> [String] {
        let pattern = /(?:^|[^\w.])(\d[\d,]*(?:\.\d+)?[ \-]?(?:mL\/h|mL|units?\/kg\/min|units?\/kg|units?\/mL|units?|kg|lb|%|hours?|minutes?|min|degrees|micron|years?))(?![A-Za-z])/
        return text.matches(of: pattern).map { String($0.output.1) }
    }

    /// Numbers that may stay, by file and as written, each with its reason.
    static let allowed: [(file: String, number: String, reason: String)] = [
        ("StepContents.swift", "154 lb", "an example of how to type a weight in pounds, not a figure of a rule"),
        ("StepContents.swift", "24-hour", "the 24-hour clock a time is typed on"),
        ("TextField.swift", "24-hour", "the 24-hour clock a time is typed on"),
        ("Scenario.swift", "2-years", "the scenario file's field name at-least-2-years (a key of the shipped files)"),
        ("Scenario.swift", "60 units/kg", "an example of the scenario file's dose syntax"),
        ("Scenario.swift", "4200 units", "an example of the scenario file's dose syntax"),
        ("ScenarioLibrary.swift", "400-unit", "the name of the shipped scenario only-400-unit-vials"),
        ("DoubleCheckPractice.swift", "0.1 kg", "section 3's fixed precision of a weight (the lead's file: RuleText could give it)"),
        ("DoubleCheckPractice.swift", "0.1 mL", "section 3's fixed precision of a volume (the lead's file: RuleText.volumePrecision)"),
        ("DoubleCheckPractice.swift", "0.1 mL/h", "section 3's fixed precision of a rate (the lead's file: RuleText.ratePrecision)"),
    ]

    /// Sources/InfusionWizard and Sources/InfusionTraining, found from this file.
    static var sourceFiles: [URL] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return ["InfusionWizard", "InfusionTraining"].flatMap { folder -> [URL] in
            let directory = root.appendingPathComponent("Sources").appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(".swift") }.sorted().map { directory.appendingPathComponent($0) }
        }
    }
}

@Suite("No clinical number in the wizard and training sources (issue 9)")
struct ClinicalNumberTests {
    @Test("the scanner finds string literals, skips comments and interpolated code, and reads literals inside interpolations",
          arguments: [
            ("let a = \"10.2 mL\" // 5.1 mL", ["10.2 mL"]),
            ("/* \"4 hours\" */ let b = \"\\(x) mL\"", ["\u{0} mL"]),
            ("let c = \"a \\(f(\"0.9%\", (1))) b\"", ["0.9%", "a \u{0} b"]),
            ("let d = \"say \\\"40 units/mL\\\"\"", ["say \\\"40 units/mL\\\""]),
            ("let e = \"\"\"\n  2 to 8 degrees\n  \"\"\"", ["\n  2 to 8 degrees\n  "]),
            ("let f = #\"raw \"0.2 micron\"\"#", ["raw \"0.2 micron\""]),
          ])
    func scanner(source: String, expected: [String]) {
        #expect(ClinicalNumbers.literals(in: source).map(\.text) == expected)
    }

    @Test("what counts as a clinical number", arguments: [
        ("10.2 mL per 400-unit vial", ["10.2 mL", "400-unit"]),
        ("0.9% Sodium Chloride Injection", ["0.9%"]),
        ("within 4 hours, 2 to 8 degrees C, 0.2 micron filter", ["4 hours", "8 degrees", "0.2 micron"]),
        ("40 units/mL; 0.5 units/kg/min; 75 mL/h; 120 min; 60 minutes; 1 unit", ["40 units/mL", "0.5 units/kg/min", "75 mL/h", "120 min", "60 minutes", "1 unit"]),
        ("4,200 units at 2 years, 10 kg or 154 lb", ["4,200 units", "2 years", "10 kg", "154 lb"]),
        ("R4, [S10], Step 3 of 8, x 60 / minutes, 3 times a week, \u{0} mL", []),
    ] as [(String, [String])])
    func pattern(text: String, expected: [String]) {
        #expect(ClinicalNumbers.numbers(in: text) == expected)
    }

    @Test("the wizard and training sources state no clinical number outside the allow-list, and every allowed one is still there")
    func sources() throws {
        let files = ClinicalNumbers.sourceFiles
        #expect(files.contains { $0.lastPathComponent == "Help.swift" })
        #expect(files.contains { $0.lastPathComponent == "Scenario.swift" })
        var used: Set<String> = []
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            for literal in ClinicalNumbers.literals(in: source) {
                for number in ClinicalNumbers.numbers(in: literal.text) {
                    let name = file.lastPathComponent
                    if ClinicalNumbers.allowed.contains(where: { $0.file == name && $0.number == number }) {
                        used.insert(name + "|" + number)
                    } else {
                        Issue.record("\(name):\(literal.line): clinical number \"\(number)\" in a string literal: build the sentence in RuleText (InfusionCalc)")
                    }
                }
            }
        }
        for entry in ClinicalNumbers.allowed where !used.contains(entry.file + "|" + entry.number) {
            Issue.record("allow-list entry no longer needed: \(entry.file) \"\(entry.number)\" (\(entry.reason))")
        }
    }
}
